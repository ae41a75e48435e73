import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Everything a check may read: the resolved site and what the resolver recorded about it.
/// Checks are pure functions of this context.
public struct CheckContext: Sendable {
    public var site: Site
    /// Every link, resolved, and every citation, by page (recorded by Resolve).
    public var links: LinkGraph
    public var sources: SourceLibrary
    public var today: Day

    public init(site: Site, links: LinkGraph, sources: SourceLibrary, today: Day) {
        self.site = site
        self.links = links
        self.sources = sources
        self.today = today
    }

    /// Every citation item of every page with its location, by page index.
    package var citationItemsByPage: [[CitationOccurrence]] { links.citations }
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
