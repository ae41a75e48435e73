import TestSupport
import XCTest
@testable import GroundworkRender

/// Backlinks are ordered by their pages' title ranks (`SiteRenderer.asciiRanks(of:)`,
/// `orderedByTitle`, perftmpl3) instead of by comparing the titles on every page: the order
/// must be exactly the one sorting by title gave, ties in the same order. Titles with
/// combining marks are in the mix: the stdlib's sort orders some of those in a way ranks
/// cannot reproduce (this test found it), so they must take the string sort.
final class TitleRankTests: XCTestCase {
    func testOrderingByRankIsOrderingByTitle() {
        var ranked = 0
        // Few distinct pieces, so that equal titles and common prefixes are frequent;
        // "é" precomposed and decomposed are equal strings.
        let pieces = ["a", "B", "b", "é", "e\u{301}", "z", " ", "10", "9", "Ω", "", "a", "B", "b", "z", " ", "10", "9", "~"]
        var random = SplitMix64(seed: 2026)
        for run in 0..<400 {
            let titles = (0..<Int(random.next() % 40)).map { _ in
                (0..<Int(random.next() % 4)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            }
            let ranks = SiteRenderer.asciiRanks(of: titles)
            // Backlinks: some of the pages, in any order (the link graph's), maybe repeated.
            let incoming = (0..<Int(random.next() % 30)).compactMap { _ in titles.isEmpty ? nil : Int(random.next() % UInt64(titles.count)) }
            let byTitle = incoming.map { ($0, titles[$0]) }.sorted { $0.1 < $1.1 }.map(\.0)
            let byRank = SiteRenderer.orderedByTitle(incoming, ranks: ranks) { titles[$0] }
            XCTAssertEqual(byRank, byTitle, "run \(run): \(titles)")
            if incoming.allSatisfy({ ranks[$0] != nil }), incoming.count > 2 { ranked += 1 }
        }
        // The rank path itself was compared, many times.
        XCTAssertGreaterThan(ranked, 50)
    }
}
