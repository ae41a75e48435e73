import XCTest
import TestSupport
@testable import Markdown

/// Issue 21 (perftext): the citation and wiki link matchers write their strings straight from
/// units, and a citation's items are read from slices of the run's units (no copies).
final class TreeBuildingTests: XCTestCase {
    /// `InlineExtensions.string` is the text of its units (a soft break reads as a space), as
    /// the scalar view would make it, for any scalars and any slice of the units.
    func testUnitStringsAgreeWithScalars() {
        let scalars: [Unicode.Scalar] = ["a", "Z", "0", " ", "\t", "@", "[", "]", ";", "é", "\u{301}", "日", "😀", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}"]
        let extensions = InlineExtensions(lines: LineTable(bytes: []))
        var generator = SplitMix64(seed: 21_2025)
        var nonASCII = 0
        for _ in 0..<5_000 {
            var units: [InlineExtensions.Unit] = []
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                let isBreak = Int.random(in: 0..<8, using: &generator) == 0
                let scalar = scalars.randomElement(using: &generator)!
                units.append(InlineExtensions.Unit(scalar: isBreak ? " " : scalar, offset: nil, escaped: false, isBreak: isBreak))
            }
            let lower = units.isEmpty ? 0 : Int.random(in: 0...units.count, using: &generator)
            let upper = Int.random(in: lower...units.count, using: &generator)
            let slice = units[lower..<upper]
            var expected = String.UnicodeScalarView()
            for unit in slice { expected.append(unit.isBreak ? " " : unit.scalar) }
            let made = extensions.string(slice)
            XCTAssertEqual(made, String(expected))
            XCTAssertEqual(Array(made.utf8), Array(String(expected).utf8))
            if made.utf8.contains(where: { $0 >= 0x80 }) { nonASCII += 1 }
        }
        // Multi-byte scalars were written often enough for the comparison to mean something.
        XCTAssertGreaterThan(nonASCII, 1_000)
    }

    /// A citation's items are read from slices of the run's units: keys, locators and the
    /// `@` positions of every item, after a `;` too, and within non-ASCII text.
    func testCitationItemsAcrossSemicolons() throws {
        let source = "é [@a; see @b, p. 4; @c:] and [@日本, ch. 2]\n"
        let document = MarkdownParser.parse(source)
        guard case .paragraph(let paragraph)? = document.blocks.first else { return XCTFail("no paragraph") }
        let citations = paragraph.inlines.compactMap { inline -> Citation? in
            if case .citation(let c) = inline { return c }
            return nil
        }
        XCTAssertEqual(citations.map(\.raw), ["[@a; see @b, p. 4; @c:]", "[@日本, ch. 2]"])
        XCTAssertEqual(citations.first?.items.map(\.key), ["a", "b", "c"])
        XCTAssertEqual(citations.first?.items.map(\.locator), ["", "p. 4", ":"])
        XCTAssertEqual(citations.first?.items.map(\.position), [SourcePosition(line: 1, column: 4), SourcePosition(line: 1, column: 12),
                                                                SourcePosition(line: 1, column: 22)])
        XCTAssertEqual(citations.last?.items.map(\.key), ["日本"])
        XCTAssertEqual(citations.last?.items.map(\.locator), ["ch. 2"])
        XCTAssertEqual(citations.last?.items.first?.position, SourcePosition(line: 1, column: 32))
    }
}
