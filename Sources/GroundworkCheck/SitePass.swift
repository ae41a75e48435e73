import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

extension Checks {
    /// The link graph and the site-phase checks, with each page's tree walked while it is in
    /// the cache: ONE parallel pass over the pages walks a page's links (`LinkGraph`) and, right
    /// after, runs on that page every page check that does not read the link graph (tables,
    /// footnotes, quotations and statistics, raw HTML, callouts, ...: `reads` without
    /// `.links`). The checks that need the whole graph (broken links, citations' keys, leaks,
    /// orphans, ...) run after it, as `run(.site, _:)` runs them.
    ///
    /// Why (issue 21): the link graph and the page checks were two passes over all pages, and
    /// by the time the second reached a page its tree had left the cache; their time was
    /// mostly those cache misses.
    ///
    /// Returns the same findings, in the same order, as `LinkGraph(site:)` followed by
    /// `run(.site, _:)` (`SitePassTests`); `context.links` is set to the graph. The preview
    /// keeps its own two steps (`runIncrementally`), which redo only what an edit touches.
    public static func runSite(buildingLinks context: inout CheckContext, profiler: Profiler? = nil) -> [Diagnostic] {
        let checks = all.filter { $0.phase == .site }
        let pageChecks = checks.compactMap { $0 as? any PageCheck }
        // Page checks by when they can run: with the page's link walk, or after the graph.
        let withWalk = pageChecks.filter { !$0.reads.contains(.links) }
        let afterGraph = pageChecks.filter { $0.reads.contains(.links) }

        let resolver = LinkResolver(site: context.site)
        let base = context
        let timed = profiler != nil
        struct Walked: Sendable {
            var links: [LinkOccurrence]
            var citations: [CitationOccurrence]
            var sawRawHTML: Bool
            var findings: PagePass.PageFindings
        }
        let perPage = parallelMap(count: context.site.pages.count) { index -> Walked in
            let page = base.site.pages[index]
            let walk = LinkGraph.linksAndCitations(in: page, resolver: resolver)
            // The checks run without the graph; what they read of the page's own walk (does
            // it hold raw HTML) they read here.
            var pageContext = base
            pageContext.walkedPage = (index, walk.sawRawHTML)
            let findings = PagePass.findings(of: withWalk, on: page, index: index, context: pageContext, timed: timed)
            return Walked(links: walk.links, citations: walk.citations, sawRawHTML: walk.sawRawHTML, findings: findings)
        }
        context.links = LinkGraph(occurrences: perPage.map(\.links), citations: perPage.map(\.citations),
                                  rawHTML: perPage.map(\.sawRawHTML))
        profiler?.lap("link graph + page checks without links (one pass)")
        let pageCount = context.site.pages.count
        let early = PagePass.gather(perPage.map(\.findings), visited: Array(0..<pageCount), checks: withWalk,
                                    pageCount: pageCount, profiler: profiler)
        let late = PagePass.run(afterGraph, pages: afterGraph.map { _ in nil }, context: context, profiler: profiler)

        // Findings in `all` order, each check's page by page: as `run(.site, _:)` gives them.
        var found: [Diagnostic] = []
        var nextEarly = 0, nextLate = 0
        for check in checks {
            if let pageCheck = check as? any PageCheck {
                if pageCheck.reads.contains(.links) {
                    for page in late[nextLate] { found += page }
                    nextLate += 1
                } else {
                    for page in early[nextEarly] { found += page }
                    nextEarly += 1
                }
            } else {
                found += check.run(context)
                profiler?.lap("check: " + check.name)
            }
        }
        return found
    }
}
