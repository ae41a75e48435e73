/// One entry of a nav another tool defines entry by entry (mdBook's SUMMARY.md, MkDocs'
/// `nav:`), as that tool shows it: a tree of any depth, with part titles, separators, chapter
/// numbers and draft chapters. When a site has one (`SiteConfig.explicitNav`), the rendered
/// nav and the previous/next links follow it instead of the folders; pages it does not list
/// are still built and checked, but not shown.
public struct ExplicitNavItem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A page or folder of the content (`target` is its path below the content folder).
        case page
        /// A chapter with nothing written yet (mdBook `- [Title]()`): shown, not linked.
        case draft
        /// A titled group of entries with no page of its own (a MkDocs nav section).
        case group
        /// A heading over the entries after it (mdBook `# Part title`).
        case part
        /// A rule between entries (mdBook `---`).
        case separator
        /// A link out of the site (`target` is the URL as written).
        case link
    }

    public var kind: Kind
    /// The title the nav gives; nil: the page's own.
    public var title: String?
    /// The page's path (`.page`) or the URL (`.link`); nil for the others.
    public var target: String?
    /// The chapter number mdBook shows before a numbered chapter (`1.2.`); nil when unnumbered.
    public var number: String?
    public var children: [ExplicitNavItem]

    public init(kind: Kind, title: String? = nil, target: String? = nil, number: String? = nil, children: [ExplicitNavItem] = []) {
        self.kind = kind
        self.title = title
        self.target = target
        self.number = number
        self.children = children
    }
}
