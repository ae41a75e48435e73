import XCTest
import TestSupport
@testable import GroundworkCheck
@testable import GroundworkCore
import Markdown

/// The link graph and the site checks in one pass over the pages (`Checks.runSite(buildingLinks:)`,
/// issue 21) must give what the two separate stages gave: `LinkGraph(site:)`, then
/// `Checks.run(.site, _:)` — the same graph and the same findings in the same order.
final class SitePassTests: XCTestCase {
    /// Generated sites (links, citations and raw HTML in every container, seeded) and the
    /// fixture sites with findings of most codes.
    func contexts() throws -> [(String, CheckContext)] {
        var contexts: [(String, CheckContext)] = []
        for seed: UInt64 in [1, 2, 3, 4, 5, 6, 7, 8] {
            let temp = try ResolveFastPathTests.generatedSite(seed: seed)
            defer { temp.remove() }
            // Raw HTML the sanitizer removes (`html.removed`, found with the walk from what
            // the walk saw), inline and as a block, beside pages without raw HTML.
            try temp.write("removed\(seed).md", "---\ntitle: Removed\n---\n\nA <span onclick=\"x()\">span</span> [a](p1.md).\n\n"
                + "<div onclick=\"y()\">\n\nblock\n\n</div>\n\n> [!note] <b onmouseover=\"z()\">b</b> [@alpha]\n")
            let analysis = try Groundwork.analyze(temp.options())
            contexts.append(("generated \(seed)", CheckContext(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                                               today: Day(year: 2026, month: 11, day: 29))))
        }
        return contexts + (try PagePassTests.fixtureContexts())
    }

    func testOnePassAgreesWithLinkGraphThenChecks() throws {
        var findings = 0, removedHTML = 0, brokenLinks = 0, quotations = 0
        for (name, analyzed) in try contexts() {
            // Before: the graph, then the checks on it.
            var separate = analyzed
            separate.links = LinkGraph(site: analyzed.site)
            let expected = Checks.run(.site, separate)
            // Now: one pass, from a context without a graph.
            var fused = analyzed
            fused.links = LinkGraph(occurrences: [], citations: [])
            let found = Checks.runSite(buildingLinks: &fused)
            XCTAssertEqual(found, expected, name)
            XCTAssertEqual(fused.links.occurrences.map(ResolveFastPathTests.describe), separate.links.occurrences.map(ResolveFastPathTests.describe), name)
            XCTAssertEqual(fused.links.citations.map(ResolveFastPathTests.describe), separate.links.citations.map(ResolveFastPathTests.describe), name)
            XCTAssertEqual(fused.links.rawHTML, separate.links.rawHTML, name)
            XCTAssertEqual(fused.links.incoming, separate.links.incoming, name)
            findings += found.count
            removedHTML += found.filter { $0.code == .htmlRemoved }.count
            brokenLinks += found.filter { $0.code == .linkPageMissing }.count
            quotations += found.filter { $0.code.id.hasPrefix("claim.") || $0.code.id.hasPrefix("quote.") }.count
        }
        // The input exercised both kinds of page check: with the walk and after the graph.
        XCTAssertGreaterThan(findings, 100)
        XCTAssertGreaterThan(removedHTML, 5)
        XCTAssertGreaterThan(brokenLinks, 5)
        XCTAssertGreaterThan(quotations, 0)
    }
}
