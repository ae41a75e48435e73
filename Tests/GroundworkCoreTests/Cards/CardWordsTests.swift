import Foundation
import Markdown
import XCTest
@testable import GroundworkCore

/// Battle-card word counting and `card.too-long` (issue 7).
final class CardWordsTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cards")
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func words(_ markdown: String) -> [CardWords.Word] { CardWords.words(in: MarkdownParser.parse(markdown)) }

    func testCountsTheTextAReaderSees() {
        let found = words("""
            ## Key lines

            - **Bold**text and [a link](x.md) and `code span` — 10,000, nine-fold, >99% [@key].
            - A [[wiki target|wiki label]] counts its label; ![alt text](i.png) images do not.

            > [!NOTE]
            > Callout words count, not the title.

            ```table
            | Head cell | two |
            |---|---|
            | row | cell |
            ```
            """)
        XCTAssertEqual(found.map(\.text), [
            "Key", "lines",
            "Boldtext", "and", "a", "link", "and", "code", "span", "10,000,", "nine-fold,", ">99%",
            "A", "wiki", "label", "counts", "its", "label;", "images", "do", "not.",
            "Callout", "words", "count,", "not", "the", "title.",
            "Head", "cell", "two", "row", "cell",
        ])
        XCTAssertEqual(Set(found.map(\.section)), ["Key lines"])
    }

    /// Admonitions of every dialect count like `> [!NOTE]`: the body, and a title the writer wrote.
    func testAdmonitionBodiesAndWrittenTitlesCount() {
        let found = words("!!! warning \"Two words\"\n    Body here.\n\n:::tip\nDocusaurus body.\n:::\n\n> [!faq]- Asked often\n> Answer.\n")
        XCTAssertEqual(found.map { "\($0.text)@\($0.position)" },
                       ["Two@1:14", "words@1:18", "Body@2:5", "here.@2:10", "Docusaurus@5:1", "body.@5:12", "Asked@8:11", "often@8:17", "Answer.@9:3"])
    }

    func testWordsKnowWhereTheyStart() {
        let found = words("Intro words.\n\n## Claims\n\n- First *second*\n  third [linked four](x.md)\n")
        XCTAssertEqual(found.map { "\($0.text)@\($0.position)" },
                       ["Intro@1:1", "words.@1:7", "Claims@3:4", "First@5:3", "second@5:10", "third@6:3", "linked@6:10", "four@6:17"])
        XCTAssertEqual(found.map(\.section), ["", "", "Claims", "Claims", "Claims", "Claims", "Claims", "Claims"])
    }

    func testFrontMatterIsNotCounted() throws {
        let site = try TempSite(["cards/c.md": "---\ntitle: Many title words here\nsummary: And a summary too\n---\n\nTwo words.\n"])
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        let card = try XCTUnwrap(analysis.site.pages.first { $0.isCard })
        XCTAssertEqual(CardWords.count(in: card.document), 2)
    }

    /// The fixture's budget is 40; the long card's 41st word is `forty-one`, inside emphasis,
    /// at 20:24. The short card has exactly 40 words, and a long ordinary page has no budget.
    func testOverlongCardIsReportedAtItsFirstWordOverBudget() throws {
        var options = Options(content: Self.fixtures.appendingPathComponent("too-long"), contentDisplay: "too-long",
                              templates: Self.repository.appendingPathComponent("templates"),
                              output: FileManager.default.temporaryDirectory.appendingPathComponent("unused"),
                              today: Day(year: 2026, month: 11, day: 29))
        options.strict = true
        let report = try Groundwork.check(options)
        XCTAssertEqual(report.summaryLines, ["too-long/cards/long.md:20:24 card.too-long"])
        let diagnostic = try XCTUnwrap(report.diagnostics.first)
        XCTAssertEqual(diagnostic.severity, .error)
        XCTAssertEqual(diagnostic.message, "battle card has 49 words, 9 over cards.max_words (40); word 41, the first over, is here")
        XCTAssertEqual(diagnostic.notes, ["words by section: 'Key lines' 37, 'Claims' 12"])
    }

    func testBudgetDefaultsTo250AndSeverityCanBeOverridden() throws {
        let body = (1...251).map { "w\($0)" }.joined(separator: " ")
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[c](cards/c.md)\n",
            "cards/c.md": "---\ntitle: C\n---\n\n" + body + "\n",
        ])
        defer { site.remove() }
        XCTAssertEqual(try site.check().summaryLines, ["content/cards/c.md:5:1143 card.too-long"])
        try site.write("site.yaml", "checks:\n  card.too-long: warning\n")
        let report = try site.check()
        XCTAssertEqual(report.diagnostics.map(\.severity), [.warning])
        try site.write("site.yaml", "cards:\n  max_words: 251\n")
        XCTAssertEqual(try site.check().summaryLines, [])
    }

    func testShippedCardsAreWithinTheirBudget() throws {
        let options = Options(content: Self.repository.appendingPathComponent("content"), contentDisplay: "content",
                              templates: Self.repository.appendingPathComponent("templates"),
                              output: FileManager.default.temporaryDirectory.appendingPathComponent("unused"),
                              today: Day(year: 2026, month: 11, day: 29))
        let analysis = try Groundwork.analyze(options)
        let cards = analysis.site.pages.filter(\.isCard)
        XCTAssertEqual(cards.count, 8)
        for card in cards {
            XCTAssertLessThanOrEqual(CardWords.count(in: card.document), analysis.site.config.cardsMaxWords, card.file)
        }
        XCTAssertFalse(analysis.diagnostics.contains { $0.code == .cardTooLong })
    }
}
