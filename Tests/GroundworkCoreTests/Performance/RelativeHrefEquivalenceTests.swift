import XCTest
import TestSupport
@testable import GroundworkRender

/// `URLPaths.relative` and `appendRelative` take a one-pass byte path for simple URLs
/// (`writeSimple`, issue 21); on URLs shaped like a real site's (shared prefixes, sibling
/// pages, assets, the root) they must agree with the `String`-based reference.
final class RelativeHrefEquivalenceTests: XCTestCase {
    /// Segments that share prefixes (`p1`, `p12`, `p1.x`), so common folders end mid-name.
    static let segments = ["s001", "s0010", "s01", "p1", "p12", "p1.x", "tags", "glossary", "a", "ab", "assets", ".", "..",
                           "x y", "é", "e\u{301}", "%41", "_-~"]

    func testRelativeAgreesWithReferenceOnSiteShapedURLs() {
        var generator = SplitMix64(seed: 2021)
        func next(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        func url() -> String {
            var text = ""
            for _ in 0..<next(4) { text += Self.segments[next(Self.segments.count)] + "/" }
            switch next(8) {
            case 0: text += Self.segments[next(Self.segments.count)] + ".css"  // a file
            case 1: text = "/" + text  // a leading slash
            case 2: text += "/"  // an empty segment at the end
            default: break
            }
            return text
        }
        for _ in 0..<40_000 {
            let from = url(), to = next(4) == 0 ? from + url() : url()
            let expected = FastPathEquivalenceTests.relativeByCharacters(from: from, to: to)
            XCTAssertEqual(URLPaths.relative(from: from, to: to), expected, "from \(from.debugDescription) to \(to.debugDescription)")
            var buffer = HTMLBuffer()
            URLPaths.appendRelative(from: from, to: to, into: &buffer)
            XCTAssertEqual(buffer.string, HTML.escape(expected), "from \(from.debugDescription) to \(to.debugDescription)")
        }
    }

    func testSiblingAndRootHrefs() {
        XCTAssertEqual(URLPaths.relative(from: "s010/p00978/", to: "s010/p00905/"), "../p00905/")
        XCTAssertEqual(URLPaths.relative(from: "s010/p00978/", to: ""), "../../")
        XCTAssertEqual(URLPaths.relative(from: "", to: ""), "./")
        XCTAssertEqual(URLPaths.relative(from: "a/b/", to: "a/b"), "../b")
        XCTAssertEqual(URLPaths.relative(from: "a/b/", to: "a/bc/"), "../bc/")
        XCTAssertEqual(URLPaths.relative(from: "s1/", to: "assets/style.css"), "../assets/style.css")
    }
}
