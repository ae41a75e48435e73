import GroundworkDiagnostics

/// `content/site.yaml`: the site's settings. Every field is optional, so a folder of plain
/// Markdown builds without one.
public struct SiteConfig: Sendable {
    /// One `nav:` entry: a path relative to the content folder (`spectrum/` or `spectrum/rag.md`).
    public struct NavEntry: Sendable, Hashable {
        public var path: String
        public var title: String?
        public var location: Location

        package init(path: String, title: String?, location: Location) {
            self.path = path
            self.title = title
            self.location = location
        }
    }

    /// The per-code setting in `checks:`.
    public enum CheckSetting: String, Sendable { case error, warning, off }

    public var title: String
    public var description: String = ""
    public var baseURL: String = ""
    public var language: String = "en"
    public var nav: [NavEntry] = []
    /// `nav_max_entries`: the most entries a folder-made nav list shows (the sections at the
    /// top, or an open section's pages); past it, the first ones and a link to all of them.
    public var navMaxEntries: Int = 100
    public var cardsMaxWords: Int = 250
    public var maxSourceAgeDays: Int = 365
    /// `checks:` severity overrides; only codes the table marks `overridable`.
    public var severityOverrides: [DiagnosticCode: CheckSetting] = [:]
    public var audiences: [String] = []
    public var defaultAudience: [String] = []
    public var unsafeHTML = false
    /// `edit_url`: where a page's source can be edited; the page's path below the content
    /// folder is appended (`https://github.com/org/kb/edit/main/content/`). Empty: no link.
    public var editURL: String = ""
    /// True when the folder has Groundwork's `site.yaml`: a knowledge base, with every rule.
    /// False for a folder of someone else's docs, where the knowledge-base rules (`claim.*`,
    /// `quote.*`, `fresh.*`, `page.unknown-field`, `page.title-missing`) are off unless
    /// turned on, and links out of the folder are warnings. Set by the pipeline.
    public var isKnowledgeBase = true
    /// True when the folder is an Obsidian vault (it has `.obsidian/`). Set by the pipeline.
    public var isObsidianVault = false
    /// The other tools' configuration read, for the mode line (`mkdocs.yml`).
    public var conventions: [String] = []
    /// Titles another tool's nav gives pages (lower-cased content path → title): they win
    /// over the page's own, as in that tool.
    public var navTitles: [String: String] = [:]
    /// Reading order another tool's nav gives pages (lower-cased content path → position),
    /// for pages without front matter `order`.
    public var navOrder: [String: Int] = [:]
    /// The page another tool's nav nests a page under (lower-cased content path → the
    /// lower-cased path of its top-level chapter), for the nav (`Site.navChildren`).
    public var navParents: [String: String] = [:]
    /// True when another tool's nav is the whole table of contents (SUMMARY.md): pages it does
    /// not list are still built, and links to them resolve, but the nav does not show them.
    public var navListsOnlyOrdered = false
    /// The nav another tool defines entry by entry (SUMMARY.md, mkdocs.yml `nav:`): when set,
    /// the rendered nav and previous/next follow it instead of the folders (`ExplicitNav.swift`).
    public var explicitNav: [ExplicitNavItem]?
    /// Titles and reading order another tool gives folders (MkDocs nav sections, Docusaurus
    /// `_category_.json`): lower-cased folder path → title / position. They win over the
    /// folder's name and its index page, as in that tool.
    public var folderTitles: [String: String] = [:]
    public var folderOrder: [String: Int] = [:]
    /// How heading ids are made: GitHub's way unless `mkdocs.yml`'s `toc` extension says
    /// otherwise (`DocsConventions.swift`).
    public var headingIDs = HeadingIDStyle.github
    /// Whether definition terms (`<dt>`) get ids made as heading ids are, so that `#term`
    /// links to them: Hugo's `markup.goldmark.parser.autoDefinitionTermID`. Off by default,
    /// as in Hugo; reading a Hugo site's config may turn it on.
    public var definitionTermIDs = false
    /// A Docusaurus project's docs `routeBasePath` (`docs`, or empty when the docs are served
    /// at the site root); nil when the folder is not a Docusaurus project's docs.
    public var docusaurusRouteBase: String?
    /// True when the folder is a Hugo site's content (its `hugo.toml` read): Hugo's front
    /// matter fields (`weight`, `linkTitle`) apply.
    public var isHugo = false
    /// A MkDocs site's `hooks:` (Python files run on every page, which may make headings and
    /// ids): a `#fragment` Groundwork cannot find is then `link.anchor-unrendered`, a warning.
    public var mkdocsHooks: [String] = []
    /// A Hugo site's link render hook (`layouts/_markup/render-link.html`, as the user would
    /// name it): it decides what each link destination means, so a link Groundwork cannot
    /// resolve is `link.render-hook`, a warning. Nil without one.
    public var hugoLinkRenderHook: String?
    /// The same for images (`render-image.html`).
    public var hugoImageRenderHook: String?
    /// A Hugo site whose configuration sets `disableAliases`: front matter `aliases` make no
    /// redirect pages (and cannot collide), as in Hugo.
    public var aliasesDisabled = false
    /// Where the Docusaurus site is served: its config's `url` and `baseUrl`
    /// (`https://redux.js.org`), without a trailing slash; nil when the config does not write
    /// it as a string. A sidebar link entry to a path of that site that is not a doc (a page of
    /// its `src/pages`) links there.
    public var docusaurusSiteURL: String?
    /// Its `static/` folder seen from the folder above the docs (`static`, `website/static`),
    /// whose files are served at the site's root.
    public var docusaurusStatic: String?
    /// Docusaurus `_category_` files whose `link` is a doc: lower-cased folder path → doc id.
    /// That doc is the folder's index page.
    public var folderIndexDocs: [String: String] = [:]
    /// The file it was read from, as the user names it (for diagnostics).
    public var file: String

    public init(title: String, file: String) {
        self.title = title
        self.file = file
    }
}
