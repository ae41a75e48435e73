/// Everything a check may read. Checks are pure functions of this context.
public struct CheckContext: Sendable {
    public var site: Site
    public var links: LinkGraph
    public var sources: SourceLibrary
    public var today: Day

    public init(site: Site, links: LinkGraph, sources: SourceLibrary, today: Day) {
        self.site = site
        self.links = links
        self.sources = sources
        self.today = today
    }
}

/// A check: reads the context, returns diagnostics.
public typealias Check = @Sendable (CheckContext) -> [Diagnostic]

/// Stage 4: runs every check.
public enum Checker {
    /// The checks, in no particular order (diagnostics are sorted afterwards).
    public static let all: [Check] = [
        LinkChecks.brokenLinks,
        LinkChecks.navEntries,
        LinkChecks.orphans,
        LinkChecks.imageAltText,
        ContentChecks.tables,
    ] + CitationChecks.all + CardChecks.all

    public static func run(_ context: CheckContext) -> [Diagnostic] {
        parallelMap(all) { $0(context) }.flatMap { $0 }
    }
}
