import Templating

/// The names of the page contexts' values, interned once per process (`TemplateKey`): the
/// context builders use these constants, so building a page's context hashes no name
/// (issue 21). docs/templates.md documents each.
extension TemplateKey {
    static let alsoKnownAs = TemplateKey("also_known_as")
    static let backlinks = TemplateKey("backlinks")
    static let bibliographyHref = TemplateKey("bibliography_href")
    static let breadcrumbs = TemplateKey("breadcrumbs")
    static let card = TemplateKey("card")
    static let children = TemplateKey("children")
    static let content = TemplateKey("content")
    static let current = TemplateKey("current")
    static let description = TemplateKey("description")
    static let editHref = TemplateKey("edit_href")
    static let generator = TemplateKey("generator")
    static let glossaryHref = TemplateKey("glossary_href")
    static let hasBacklinks = TemplateKey("has_backlinks")
    static let hasHistory = TemplateKey("has_history")
    static let hasPager = TemplateKey("has_pager")
    static let hasReferences = TemplateKey("has_references")
    static let hasSiteLinks = TemplateKey("has_site_links")
    static let hasSources = TemplateKey("has_sources")
    static let hasTags = TemplateKey("has_tags")
    static let hasTOC = TemplateKey("has_toc")
    static let href = TemplateKey("href")
    static let id = TemplateKey("id")
    static let isCard = TemplateKey("is_card")
    static let isHome = TemplateKey("is_home")
    static let language = TemplateKey("language")
    static let lastUpdated = TemplateKey("last_updated")
    static let listChildren = TemplateKey("list_children")
    static let nav = TemplateKey("nav")
    static let navOverflowPages = TemplateKey("nav_overflow_pages")
    static let hasNavOverflowPages = TemplateKey("has_nav_overflow_pages")
    static let next = TemplateKey("next")
    static let number = TemplateKey("number")
    static let open = TemplateKey("open")
    static let overdue = TemplateKey("overdue")
    static let owner = TemplateKey("owner")
    static let page = TemplateKey("page")
    static let pages = TemplateKey("pages")
    static let prev = TemplateKey("prev")
    static let references = TemplateKey("references")
    static let reviewBy = TemplateKey("review_by")
    static let root = TemplateKey("root")
    static let search = TemplateKey("search")
    static let sections = TemplateKey("sections")
    static let site = TemplateKey("site")
    static let siteLinks = TemplateKey("site_links")
    static let sourceFile = TemplateKey("source_file")
    static let sub = TemplateKey("sub")
    static let summary = TemplateKey("summary")
    static let tagName = TemplateKey("name")
    static let tags = TemplateKey("tags")
    static let tagsHref = TemplateKey("tags_href")
    static let term = TemplateKey("term")
    static let text = TemplateKey("text")
    static let title = TemplateKey("title")
    static let titleID = TemplateKey("title_id")
    static let toc = TemplateKey("toc")
    static let url = TemplateKey("url")
}

extension TemplateObject {
    /// The object as a `[String: Any]` for the site pages that still build theirs as
    /// dictionaries (tag pages, glossary, bibliography, cards): like `plain`, but a
    /// `ReusableList` stays one, so those pages still reuse the nav's kept renderings.
    var dictionary: [String: Any] {
        var out: [String: Any] = [:]
        out.reserveCapacity(count + 8)
        for (key, value) in keysAndValues { out[key.name] = value.keepingReusable }
        return out
    }
}

extension TemplateValue {
    /// `plain`, with a `ReusableList` kept (see `TemplateObject.dictionary`).
    var keepingReusable: Any {
        switch self {
        case .reusable(let list): return list
        case .object(let object): return object.dictionary
        case .list(let items):
            guard !items.isEmpty else { return [[String: Any]]() }
            var objects: [[String: Any]] = []
            for item in items {
                guard case .object(let object) = item else { return items.map(\.keepingReusable) }
                objects.append(object.dictionary)
            }
            return objects
        default: return plain
        }
    }
}
