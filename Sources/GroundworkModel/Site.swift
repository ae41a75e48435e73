import GroundworkDiagnostics
import Markdown

/// A heading with its final, de-duplicated id.
public struct HeadingInfo: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var id: String
    public var location: Location

    package init(level: Int, text: String, id: String, location: Location) {
        self.level = level
        self.text = text
        self.id = id
        self.location = location
    }
}

/// A page as the resolved site knows it.
public struct Page: Sendable {
    /// Index in `Site.pages`.
    public var index: Int
    public var relativePath: String
    public var file: String
    /// Site-relative URL path with a trailing slash (`spectrum/rag/`); the home page is `""`.
    public var url: String
    public var frontMatter: FrontMatter
    public var title: String
    public var document: Document
    /// `_index.md` (or `index.md`, `README.md`) of its folder.
    public var isSectionIndex: Bool
    /// The folder the page belongs to (for a section index: its own folder). Root is `""`.
    public var sectionPath: String
    public var headings: [HeadingInfo]
    public var anchors: Set<String>
    /// The id of the heading that became the page's title (taken out of the body, so the
    /// page header's `<h1>` carries it); nil when the title came from elsewhere.
    public var titleID: String?
    /// A battle card: a page in `cards/` other than its index.
    public var isCard: Bool
    /// The ids of the page's definition terms (`<dt>`), in document order, when the site
    /// gives terms ids (`SiteConfig.definitionTermIDs`); empty otherwise.
    public var definitionTermIDs: [String] = []
    /// A Hugo page with shortcodes Groundwork does not run (`ParsedPage.hasUnrenderedShortcodes`):
    /// a missing anchor on it is `link.anchor-unrendered`, a warning, not an error.
    public var hasUnrenderedShortcodes = false
    /// The link destinations a Hugo page's `ref`/`relref` shortcodes made: Hugo checks those
    /// itself, so a site's render hook does not make them warnings.
    public var hugoRefPaths: Set<String> = []

    /// Where the page is written: `spectrum/rag/index.html`.
    public var outputPath: String { url + "index.html" }
    public var summary: String { frontMatter.summary ?? "" }

    package init(index: Int, relativePath: String, file: String, url: String, frontMatter: FrontMatter, title: String, document: Document, isSectionIndex: Bool, sectionPath: String, headings: [HeadingInfo], anchors: Set<String>, titleID: String? = nil, isCard: Bool) {
        self.index = index
        self.relativePath = relativePath
        self.file = file
        self.url = url
        self.frontMatter = frontMatter
        self.title = title
        self.document = document
        self.isSectionIndex = isSectionIndex
        self.sectionPath = sectionPath
        self.headings = headings
        self.anchors = anchors
        self.titleID = titleID
        self.isCard = isCard
    }
}

/// A folder of pages.
public struct Section: Sendable {
    public var path: String
    public var title: String
    /// The section's own index page, if it has one.
    public var indexPage: Int?
    /// The section's pages in reading order (`order`, then title), without the index.
    public var pages: [Int]
    /// Sub-folders, in reading order.
    public var subsections: [String]
    public var parent: String?
    /// The section's URL (`spectrum/`).
    public var url: String
    public var order: Int?

    package init(path: String, title: String, indexPage: Int?, pages: [Int], subsections: [String], parent: String?, url: String, order: Int?) {
        self.path = path
        self.title = title
        self.indexPage = indexPage
        self.pages = pages
        self.subsections = subsections
        self.parent = parent
        self.url = url
        self.order = order
    }
}

/// The whole site after resolution: every page with its URL, sections, and lookup tables.
/// Immutable once built; checks and renderers only read it.
public struct Site: Sendable {
    public var config: SiteConfig
    public var pages: [Page]
    public var sections: [String: Section]
    public var displayRoot: String
    /// Content-relative path (lower-cased) → page index.
    public var pageByPath: [String: Int]
    /// URL → page index.
    public var pageByURL: [String: Int]
    /// Wiki-link key (lower-cased title, term, alias, slug, file name) → page indexes.
    public var pageByWikiKey: [String: [Int]]
    /// Content-relative paths of assets (lower-cased → real path).
    public var assets: [String: String]
    /// Relative paths of every folder in the content tree.
    public var folders: Set<String>
    /// Every `audience:` list written in a page's front matter — drafts included, which are
    /// not in `pages` — and where it is written (the audience-name check reads them).
    public var declaredAudiences: [AudienceDeclaration] = []
    /// Pages another tool's nav nests under a page of the same folder (SUMMARY.md's
    /// sub-chapters when a book keeps every chapter in one folder): parent page → its
    /// children, in reading order. The nav lists them under their parent, not beside it.
    public var navChildren: [Int: [Int]] = [:]

    /// The sections in nav order from the root, depth first.
    public var rootSection: Section? { sections[""] }

    package init(config: SiteConfig, pages: [Page], sections: [String: Section], displayRoot: String, pageByPath: [String: Int], pageByURL: [String: Int], pageByWikiKey: [String: [Int]], assets: [String: String], folders: Set<String>, declaredAudiences: [AudienceDeclaration] = []) {
        self.declaredAudiences = declaredAudiences
        self.config = config
        self.pages = pages
        self.sections = sections
        self.displayRoot = displayRoot
        self.pageByPath = pageByPath
        self.pageByURL = pageByURL
        self.pageByWikiKey = pageByWikiKey
        self.assets = assets
        self.folders = folders
    }
}

/// An `audience:` list in a page's front matter, and where it is written.
public struct AudienceDeclaration: Sendable {
    public var names: [String]
    public var location: Location

    package init(names: [String], location: Location) {
        self.names = names
        self.location = location
    }
}
