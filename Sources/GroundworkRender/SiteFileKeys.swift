import Templating

/// The names the site files' contexts use beyond the page contexts' (`ContextKeys.swift`):
/// the bibliography and the tag pages build typed contexts (`TemplateObject`) with these,
/// so rendering them hashes no name and converts no `[String: Any]` (issue 21, perfsite6).
/// docs/templates.md documents each.
extension TemplateKey {
    static let citedBy = TemplateKey("cited_by")
    static let count = TemplateKey("count")
    static let countText = TemplateKey("count_text")
    static let counts = TemplateKey("counts")
    static let hasCitedBy = TemplateKey("has_cited_by")
    static let isIndex = TemplateKey("is_index")
    static let label = TemplateKey("label")
    static let note = TemplateKey("note")
    static let sources = TemplateKey("sources")
    static let sourcesJSONHref = TemplateKey("sources_json_href")
    static let status = TemplateKey("status")
    static let tag = TemplateKey("tag")
}
