import Foundation
import Markdown

/// Everything a check may read. Checks are pure functions of this context.
public struct CheckContext: Sendable {
    public var site: Site { didSet { memo = CheckMemo() } }
    public var links: LinkGraph
    public var sources: SourceLibrary
    public var today: Day
    /// Per-page facts several checks read, computed once (on every core) for all of them;
    /// a new site starts a new one.
    private(set) var memo = CheckMemo()

    public init(site: Site, links: LinkGraph, sources: SourceLibrary, today: Day) {
        self.site = site
        self.links = links
        self.sources = sources
        self.today = today
    }

    /// Every citation item of every page with its location, by page index
    /// (`CitationChecks.citationItems` of each page).
    var citationItemsByPage: [[(item: Citation.Item, location: Location)]] {
        memo.citationItems { parallelMap(site.pages) { CitationChecks.citationItems($0) } }
    }
}

/// Lazily computed, shared by the checks of one run (they may run on several threads).
final class CheckMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [[(item: Citation.Item, location: Location)]]?

    func citationItems(_ make: () -> [[(item: Citation.Item, location: Location)]]) -> [[(item: Citation.Item, location: Location)]] {
        lock.lock()
        defer { lock.unlock() }
        if let items { return items }
        let made = make()
        items = made
        return made
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
        Redirects.check,
    ] + CitationChecks.all + CardChecks.all

    public static func run(_ context: CheckContext) -> [Diagnostic] {
        if Profile.enabled {
            // One at a time, each timed (GROUNDWORK_PROFILE=1).
            return all.enumerated().flatMap { index, check -> [Diagnostic] in
                let found = check(context)
                Profile.mark("  check \(index)")
                return found
            }
        }
        // One check at a time: each check that reads every page does so on every core
        // (checks run side by side would each get one core and wait for the slowest).
        return all.flatMap { $0(context) }
    }
}
