import GroundworkDiagnostics

/// A page's YAML front matter, typed. Field positions are kept for diagnostics.
public struct FrontMatter: Sendable {
    public var title: String?
    public var summary: String?
    public var tags: [String] = []
    public var order: Int?
    public var reviewBy: Day?
    public var owner: String?
    public var aliases: [String] = []
    public var term: String?
    public var alsoKnownAs: [String] = []
    public var audience: [String]?
    public var draft = false
    /// Where each field's value is, by field name.
    public var locations: [String: Location] = [:]
    /// True when the YAML did not parse: its one diagnostic says so, and checks that read
    /// fields (a missing title) stay quiet rather than report a knock-on of the same mistake.
    public var unreadable = false
    /// Fields Groundwork does not know, with a scalar value (`id`, `slug`, `sidebar_label`,
    /// `description` ...): kept as written so the conventions of the tool that wrote the page
    /// (Docusaurus) can read them. Reported as `page.unknown-field` only in a knowledge base.
    public var otherFields: [String: String] = [:]

    public init() {}

    /// The fields a page may set (SPEC.md).
    public static let knownFields = ["title", "summary", "tags", "order", "review_by", "owner", "aliases",
                                     "term", "also_known_as", "audience", "draft"]
}
