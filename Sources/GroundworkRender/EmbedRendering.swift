import GroundworkModel
import GroundworkResolve
import Markdown

/// Block attributes (`{: #id .class }`, `^block-id`) and Obsidian embeds (`![[…]]`) as HTML.
extension PageBodyRenderer {
    /// ` id="…" class="…" title="…"` for a block's attributes (escaped; only the allowed
    /// ones exist in `BlockAttributes`), after any `classes` the renderer adds itself.
    static func attributes(_ attributes: BlockAttributes?, withID: Bool = true, classes: [String] = []) -> String {
        var out = ""
        if withID, let id = attributes?.id { out += " id=\"\(HTML.escape(id))\"" }
        let allClasses = classes + (attributes?.classes ?? [])
        if !allClasses.isEmpty { out += " class=\"\(HTML.escape(allClasses.joined(separator: " ")))\"" }
        for pair in attributes?.pairs ?? [] { out += " \(pair.name)=\"\(HTML.escape(pair.value))\"" }
        return out
    }

    /// Appends `attributes(attributes, withID:)` (no added classes) to `out`, without the
    /// temporary string: most blocks have no attributes, and those that do are written in place.
    static func appendAttributes(_ attributes: BlockAttributes, withID: Bool = true, into out: inout HTMLBuffer) {
        if attributes.id == nil || !withID, attributes.classes.isEmpty, attributes.pairs.isEmpty { return }
        out += Self.attributes(attributes, withID: withID)
    }

    /// The opening tag that `"\(tag)\(attributes(attributes))>"` wrote, in place: `plain`
    /// (`"<p>"`) for a block without attributes (most), else `tag` (`"<p"`), the attributes
    /// and `>`. One append instead of an interpolated string and its append.
    static func openTag(_ tag: StaticString, plain: StaticString, attributes: BlockAttributes?, into out: inout HTMLBuffer) {
        guard let attributes, attributes.id != nil || !attributes.classes.isEmpty || !attributes.pairs.isEmpty else {
            out += plain
            return
        }
        out += tag
        out += Self.attributes(attributes)
        out += ">"
    }

    /// `<h1` … `<h6` and `</h1>\n` … `</h6>\n`, by level (index 0 unused): no interpolated
    /// string per heading.
    static let headingOpen: [StaticString] = ["", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6"]
    static let headingClose: [StaticString] = ["", "</h1>\n", "</h2>\n", "</h3>\n", "</h4>\n", "</h5>\n", "</h6>\n"]

    /// An embed: an image, video or audio file in place; a PDF or other file as a link; a
    /// note as a link titled with the page's title (and the heading, for `![[Note#Heading]]`),
    /// not a transclusion. A target that does not resolve (the check reports it) keeps its
    /// alt text or name as plain text: never a stray `!`.
    mutating func renderEmbed(_ wiki: WikiLink, target: LinkTarget, into out: inout HTMLBuffer) {
        let options = wiki.embedOptions
        let fileName = wiki.target.split(separator: "/").last.map(String.init) ?? wiki.target
        guard let url = href(for: target) else {
            out += HTML.escape(options.alt ?? wiki.label ?? wiki.target)
            return
        }
        let src = HTML.escape(url)
        var size = ""
        if let width = options.width { size += " width=\"\(width)\"" }
        if let height = options.height { size += " height=\"\(height)\"" }
        switch (wiki.embedKind, target) {
        case (.image, .asset):
            out += "<img src=\"\(src)\" alt=\"\(HTML.escape(options.alt ?? fileName))\"\(size) loading=\"lazy\">"
        case (.video, .asset):
            let title = options.alt.map { " title=\"\(HTML.escape($0))\"" } ?? ""
            out += "<video class=\"embed\" controls preload=\"metadata\" src=\"\(src)\"\(size)\(title)><a href=\"\(src)\">\(HTML.escape(options.alt ?? fileName))</a></video>"
        case (.audio, .asset):
            let title = options.alt.map { " title=\"\(HTML.escape($0))\"" } ?? ""
            out += "<audio class=\"embed\" controls preload=\"metadata\" src=\"\(src)\"\(title)><a href=\"\(src)\">\(HTML.escape(options.alt ?? fileName))</a></audio>"
        case (_, .page(let index, let fragment)):
            var title = wiki.label ?? site.pages[index].title
            if wiki.label == nil, let fragment, let heading = site.pages[index].headings.first(where: { $0.id == fragment }) {
                title += " › " + heading.text
            }
            out += "<a class=\"wiki-link embed\" href=\"\(src)\">\(HTML.escape(title))</a>"
        case (_, .section(let path, _)):
            out += "<a class=\"wiki-link embed\" href=\"\(src)\">\(HTML.escape(wiki.label ?? site.sections[path]?.title ?? path))</a>"
        default:
            // A PDF or any other file: a link to it.
            out += "<a class=\"wiki-link embed\" href=\"\(src)\">\(HTML.escape(options.alt ?? fileName))</a>"
        }
    }
}
