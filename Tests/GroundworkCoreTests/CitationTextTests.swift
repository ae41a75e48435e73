import Markdown
import XCTest
@testable import GroundworkCheck
@testable import GroundworkCore

/// The text rules behind the citation checks: which words are a quotation, which figures are
/// statistics, and when a quotation matches an excerpt.
final class CitationTextTests: XCTestCase {
    func units(_ markdown: String) -> [ProseUnit] {
        ProseExtractor.units(of: MarkdownParser.parse(markdown))
    }

    func statistics(_ markdown: String) -> [String] {
        units(markdown).flatMap { Statistics.find(in: $0.characters).map(\.text) }
    }

    func testStatistics() {
        XCTAssertEqual(statistics("Up 45% and >99% and 10–20% and 5 percent."), ["45%", "99%", "10–20%", "5 percent"])
        XCTAssertEqual(statistics("It rose ninefold, nine-fold, 9-fold, twenty-fold and 10x; 2.5× faster."),
                       ["ninefold", "nine-fold", "9-fold", "twenty-fold", "10x", "2.5×"])
        XCTAssertEqual(statistics("We saw 1,000 and 10000 and 10k and 1.5M and 3 million and a 10,000-example set."),
                       ["1,000", "10000", "10k", "1.5M", "3 million", "10,000-example"])
        XCTAssertEqual(statistics("It cost $40, US$5, €1.2M, 300 dollars and USD 70."), ["$40", "US$5", "€1.2M", "300 dollars", "USD 70"])
        XCTAssertEqual(statistics("In 2026, from 2023 to 2024 (2023–2024), on 10 September 2026."), [])
        XCTAssertEqual(statistics("GAO-25-107653, arXiv:2108.07258, NIST AI 100-2e2025, 10.54364/AAIML.2026.61268."), [])
        XCTAssertEqual(statistics("Small: 32 to 282, 11 agencies, 999 items, manifold, 5m walk."), [])
        XCTAssertEqual(statistics("Code is ignored: `10000` and `45%`."), [])
        XCTAssertEqual(statistics("Link text counts: [the 12,000 documents](https://x.example/)."), ["12,000"])
        XCTAssertEqual(statistics("An autolink does not: <https://x.example/10000>."), [])
        XCTAssertEqual(statistics("A citation's digits do not: [@gao-25-107653]."), [])
    }

    func testStatisticPositionsAreInCharacters() {
        let found = units("Ünïcödé first — then 45%.").flatMap { Statistics.find(in: $0.characters) }
        XCTAssertEqual(found.map(\.position), [SourcePosition(line: 1, column: 22)])
    }

    func testInlineQuotations() {
        let quotes = units("He said \"one two\" and “three four” then `\"code\"` and \"unclosed").flatMap {
            Quotations.inline(in: $0.characters)
        }
        XCTAssertEqual(quotes.map(\.text), ["one two", "three four"])
        XCTAssertEqual(quotes.map(\.position), [SourcePosition(line: 1, column: 9), SourcePosition(line: 1, column: 23)])
        XCTAssertEqual(Quotation(text: "a — b, c d", position: nil).wordCount, 4)
    }

    func testMatching() {
        let excerpt = "Across the 11 selected agencies... generative AI use cases increased about nine-fold, from 32 to 282."
        XCTAssertNil(Quotations.mismatch("increased about nine-fold", excerpts: [excerpt]))
        XCTAssertNil(Quotations.mismatch("INCREASED  about\nNine-Fold", excerpts: [excerpt]))
        XCTAssertNil(Quotations.mismatch("Across the 11 selected agencies … increased about nine-fold,", excerpts: [excerpt]))
        XCTAssertNil(Quotations.mismatch("… use cases [...] from 32 to 282.", excerpts: [excerpt]))
        XCTAssertNotNil(Quotations.mismatch("from 32 to 282 ... use cases", excerpts: [excerpt]))
        XCTAssertNotNil(Quotations.mismatch("increased about ninefold", excerpts: [excerpt]))
        // Curly and straight quotes inside the words are the same.
        XCTAssertNil(Quotations.mismatch("the model’s “weights”", excerpts: ["Only the model's \"weights\" change."]))
        // Every piece must come from one excerpt.
        XCTAssertNotNil(Quotations.mismatch("alpha ... delta", excerpts: ["alpha beta", "gamma delta"]))
        XCTAssertNil(Quotations.mismatch("alpha ... delta", excerpts: ["alpha beta", "alpha gamma delta"]))
    }

    func testBlockQuotationText() {
        let unit = units("> “A quoted sentence.”\n>\n> — [@src]\n").first { $0.kind == .blockQuote }!
        XCTAssertEqual(Quotations.block(unit.characters, start: unit.start)?.text, "A quoted sentence.")
        XCTAssertEqual(unit.citations.map(\.raw), ["[@src]"])
    }

    func testCitationSyntaxEdgeCases() {
        func keys(_ markdown: String) -> [String] {
            var found: [String] = []
            InlineWalker.forEach(in: MarkdownParser.parse(markdown)) { inline, _ in
                if case .citation(let c) = inline { found += c.items.map(\.key) }
            }
            return found
        }
        XCTAssertEqual(keys("Escaped \\[@a] is text."), [])
        XCTAssertEqual(keys("[@a](https://x.example/) is a link."), [])
        XCTAssertEqual(keys("Code `[@a]` is code."), [])
        XCTAssertEqual(keys("A break [@a;\n@b, p. 4] still cites."), ["a", "b"])
        XCTAssertEqual(keys("[see @a, p. 4; @b]"), ["a", "b"])
    }
}
