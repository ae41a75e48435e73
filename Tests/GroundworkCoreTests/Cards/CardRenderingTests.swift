import Foundation
import XCTest
@testable import GroundworkCore

/// The card page, the cards index and the print sheet as HTML (issue 7). The PDF itself is
/// tested in GroundworkCLITests/CardsCommandTests.
final class CardRenderingTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var output: URL!

    override func setUpWithError() throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("gw-cards-\(UUID().uuidString.prefix(8))")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: output)
        output = nil  // XCTest never frees a test object: let go of what it holds (see Tests/lsan-suppressions.txt).
    }

    /// Builds a content folder into `output/site`.
    func build(_ content: URL, display: String = "content", today: Day = Day(year: 2026, month: 11, day: 29)) throws -> URL {
        let site = output.appendingPathComponent("site")
        let options = Options(content: content, contentDisplay: display, templates: Self.repository.appendingPathComponent("templates"),
                              output: site, today: today)
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote, report.summaryLines.joined(separator: "\n"))
        return site
    }

    /// Builds a generated site into `output/<name>` with the repository's templates.
    func build(_ site: TempSite, into name: String = "site") throws -> URL {
        var options = site.options()
        options.output = output.appendingPathComponent(name)
        XCTAssertTrue(try Groundwork.build(options).wrote)
        return options.output
    }

    func read(_ site: URL, _ path: String) throws -> String {
        try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
    }

    func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: $0.numberOfRanges > 1 ? 1 : 0), in: text)!])
        }
    }

    func testShippedPrintSheetHasEveryCardOnItsOwnSheetWithUniqueIDs() throws {
        let site = try build(Self.repository.appendingPathComponent("content"))
        let sheet = try read(site, "cards/print/index.html")
        XCTAssertEqual(matches("class=\"card-sheet\"", in: sheet).count, 8)
        XCTAssertTrue(sheet.contains("<meta name=\"groundwork-cards\" content=\"8\">"))
        XCTAssertTrue(sheet.contains("href=\"../../assets/cards.css\""))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("assets/cards.css").path))
        // In reading order (`order:` 1-8).
        XCTAssertEqual(matches("<h1 class=\"bc-title\" id=\"[^\"]*\"><a href=\"[^\"]*\">([^<]*)</a>", in: sheet), [
            "When the buyer says &quot;customize&quot;", "The three methods at a glance", "The IDAM analogy and where it cracks",
            "When fine-tuning is on the table", "Claims that move", "Discovery questions", "Objection handling", "Identity in AI systems",
        ])
        let ids = matches(" id=\"([^\"]*)\"", in: sheet)
        XCTAssertEqual(ids.count, Set(ids).count, "duplicate ids on the print sheet")
        for fragment in Set(matches("href=\"#([^\"]*)\"", in: sheet)) {
            XCTAssertTrue(ids.contains(fragment), "#\(fragment) names no id on the print sheet")
        }
        XCTAssertEqual(matches("<strong>Check before citing</strong>", in: sheet).count, 8)
    }

    func testEachClaimCarriesTheStatusOfItsSources() throws {
        let site = try build(Self.repository.appendingPathComponent("content"))
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("content/cards").path)
            .filter { $0.hasSuffix(".md") && $0 != "_index.md" }
        XCTAssertEqual(files.count, 8)
        for file in files {
            let markdown = try String(contentsOf: Self.repository.appendingPathComponent("content/cards/" + file), encoding: .utf8)
            // Every list item that cites a source is a claim (in these cards: the answers under
            // "If they say"); none of the others is.
            let items = markdown.components(separatedBy: "\n- ").dropFirst().map { $0.components(separatedBy: "\n\n")[0] }
            let claims = items.filter { $0.contains("[@") }.count
            let html = try read(site, "cards/\(file.dropLast(3))/index.html")
            XCTAssertEqual(matches("<li class=\"bc-item bc-claim\">", in: html).count, claims, file)
            XCTAssertEqual(matches("<span class=\"bc-badges\"><a class=\"bc-badge bc-(confirmed|partial)\"", in: html).count, claims, file)
            XCTAssertFalse(html.contains("bc-unverified"), "\(file) shows an unverified source")
            XCTAssertTrue(html.contains("assets/cards.css"), file)
            XCTAssertTrue(html.contains("Check before citing"), file)
            // Every shipped card is written around the call, and ends with a next step.
            XCTAssertTrue(html.contains(" bc-call bc-next\""), file)
            if claims > 0 { XCTAssertTrue(html.contains(" bc-call bc-objections\""), file) }
        }
        let card = try read(site, "cards/claims-that-move/index.html")
        // OpenAI's RFT guide is `partial`; GAO-25-107653 is `confirmed`.
        XCTAssertTrue(card.contains("""
            <a class="bc-badge bc-partial" href="#ref-openai-rft-guide" title="Source 1: Partial"><span class="bc-badge-num">1</span><span class="bc-badge-label">Partial</span></a>
            """))
        XCTAssertTrue(card.contains("<span class=\"bc-badge-label\">Confirmed</span>"))
        XCTAssertTrue(card.contains("Review by <time datetime=\"2027-01-31\">2027-01-31</time>"))
    }

    func testCardsIndexListsTheCardsAndLinksThePrintSheet() throws {
        let site = try build(Self.repository.appendingPathComponent("content"))
        let index = try read(site, "cards/index.html")
        XCTAssertTrue(index.contains("href=\"print/\""))
        XCTAssertTrue(index.contains("href=\"print/?paper=letter\""))
        XCTAssertTrue(index.contains("href=\"print/?paper=a4\""))
        XCTAssertEqual(matches("<li><a href=\"([^\"]*)\">", in: index.components(separatedBy: "battle-card-list")[1].components(separatedBy: "</ol>")[0]), [
            "when-the-buyer-says-customize/", "three-methods-at-a-glance/", "idam-analogy-and-where-it-cracks/",
            "when-fine-tuning-is-on-the-table/", "claims-that-move/", "discovery-questions/", "objection-handling/",
            "identity-in-ai-systems/",
        ])
        XCTAssertEqual(matches("(\\d+) of 250 words", in: index).count, 8)
    }

    func testCheckBeforeCitingListsTheCardAndEverySourceWithAReviewDate() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/cards/fit")
        let site = try build(fixture, display: "fit")
        let card = try read(site, "cards/at-the-budget/index.html")
        XCTAssertTrue(card.contains("this card: review by <time datetime=\"2027-01-31\">2027-01-31</time>"))
        // Eight sources, each with its own date (source-n: 2027-0n-15), in citation order.
        XCTAssertEqual(matches("<span class=\"bc-check\"><span class=\"bc-check-box\" aria-hidden=\"true\"></span>by <time datetime=\"([^\"]*)\">", in: card),
                       ["2027-01-15", "2027-02-15", "2027-03-15", "2027-07-15", "2027-04-15", "2027-05-15", "2027-06-15", "2027-08-15"])
        // The claim citing two sources shows both badges.
        XCTAssertTrue(card.contains("<span class=\"bc-badge-num\">3</span><span class=\"bc-badge-label\">Confirmed</span></a><a class=\"bc-badge bc-confirmed\" href=\"#ref-source-7\""))
    }

    func testOverdueCardAndSourcesAreMarked() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[cards](cards/_index.md)\n",
            "cards/_index.md": "---\ntitle: Cards\n---\n[c](c.md)\n",
            "cards/c.md": "---\ntitle: C\nreview_by: 2026-01-01\n---\n\n## Claims\n\n- A claim [@s].\n",
            "sources.yaml": "- id: s\n  title: S\n  URL: https://example.org/s\n  accessed: 2026-01-01\n  review_by: 2026-06-01\n  status: partial\n",
        ])
        defer { site.remove() }
        let built = try build(site)
        let card = try read(built, "cards/c/index.html")
        XCTAssertTrue(card.contains("<p class=\"bc-card-check is-overdue\">"))
        XCTAssertTrue(card.contains("this card was due for review on <time datetime=\"2026-01-01\">2026-01-01</time>"))
        XCTAssertTrue(card.contains("<span class=\"bc-check is-overdue\"><span class=\"bc-check-box\" aria-hidden=\"true\"></span>overdue since <time datetime=\"2026-06-01\">"))
        XCTAssertTrue(card.contains("<span class=\"bc-review is-overdue\">Overdue · Review by"))
    }

    /// A card is printed: a folded callout on it is written open (its body would not print),
    /// while the same callout on an ordinary page stays folded.
    func testFoldedCalloutsOnCardsAreOpen() throws {
        let folded = "> [!tip]- Objection handling\n> Say what the source says.\n"
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[cards](cards/_index.md) [page](page.md)\n\n" + folded,
            "cards/_index.md": "---\ntitle: Cards\n---\n[c](c.md)\n",
            "cards/c.md": "---\ntitle: C\n---\n\n## Talk track\n\n" + folded,
            "page.md": "---\ntitle: Page\n---\n\n" + folded,
        ])
        defer { site.remove() }
        let built = try build(site, into: "folded")
        let open = "<details class=\"callout callout-tip\" open>\n<summary class=\"callout-title\">Objection handling</summary>"
        let closed = "<details class=\"callout callout-tip\">\n<summary class=\"callout-title\">Objection handling</summary>"
        XCTAssertTrue(try read(built, "cards/c/index.html").contains(open))
        XCTAssertTrue(try read(built, "cards/print/index.html").contains(open))
        XCTAssertTrue(try read(built, "page/index.html").contains(closed))
    }

    func testASourceWithoutReviewDateDoesNotBorrowTheCards() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[cards](cards/_index.md)\n",
            "cards/_index.md": "---\ntitle: Cards\n---\n[c](c.md)\n",
            "cards/c.md": "---\ntitle: C\nreview_by: 2027-03-01\n---\n\n## Claims\n\n- A claim [@s].\n",
            "sources.yaml": "- id: s\n  title: S\n  URL: https://example.org/s\n  accessed: 2026-11-01\n  status: confirmed\n",
        ])
        defer { site.remove() }
        let built = try build(site)
        let card = try read(built, "cards/c/index.html")
        XCTAssertTrue(card.contains("<span class=\"bc-check\">no review date</span>"), card)
        let article = try XCTUnwrap(card.components(separatedBy: "<article class=\"battle-card\"").last?.components(separatedBy: "</article>").first)
        XCTAssertEqual(matches("2027-03-01</time>", in: article).count, 2, "the card's date, in the header and its own check line only")
    }

    func testPrintSheetMovesAsideForACardNamedPrint() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[cards](cards/_index.md)\n",
            "cards/_index.md": "---\ntitle: Cards\n---\n[p](print.md)\n",
            "cards/print.md": "---\ntitle: Print\n---\n\nA card called print.\n",
        ])
        defer { site.remove() }
        let built = try build(site)
        XCTAssertTrue(try read(built, "cards/print/index.html").contains("class=\"battle-card\""))
        XCTAssertEqual(CardsPDF.printSheet(in: built)?.url.lastPathComponent, "index.html")
        XCTAssertEqual(CardsPDF.printSheet(in: built)?.url.deletingLastPathComponent().lastPathComponent, "print-sheet")
        XCTAssertTrue(try read(built, "cards/index.html").contains("href=\"print-sheet/\""))
    }

    /// Cards named `print.md` and `print-sheet.md`: the sheet takes the next free URL
    /// (a writer's page at a generated page's URL wins, so the sheet would otherwise be lost).
    func testPrintSheetFindsAFreeURLPastCardsNamedPrintAndPrintSheet() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[cards](cards/_index.md)\n",
            "cards/_index.md": "---\ntitle: Cards\n---\n[p](print.md) [s](print-sheet.md)\n",
            "cards/print.md": "---\ntitle: Print\n---\n\nA card called print.\n",
            "cards/print-sheet.md": "---\ntitle: Print sheet\n---\n\nA card called print sheet.\n",
        ])
        defer { site.remove() }
        let built = try build(site)
        XCTAssertTrue(try read(built, "cards/print-sheet/index.html").contains("A card called print sheet."))
        XCTAssertEqual(CardsPDF.printSheet(in: built)?.url.deletingLastPathComponent().lastPathComponent, "print-sheet-2")
        XCTAssertEqual(CardsPDF.printSheet(in: built)?.cards, 2)
        XCTAssertTrue(try read(built, "cards/index.html").contains("href=\"print-sheet-2/\""))
    }

    func testNoCardsNoPrintSheet() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\nNo cards.\n"])
        defer { site.remove() }
        let built = try build(site)
        XCTAssertNil(CardsPDF.printSheet(in: built))
    }

    /// The four parts of a call are recognised by their `##` names (issue 19) and carry their
    /// class; other headings stay ordinary sections, and a `###` inside a section is a
    /// sub-label, not a bulleted row.
    func testCallSectionsAreRecognisedAndStyled() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[cards](cards/_index.md)\n",
            "cards/_index.md": "---\ntitle: Cards\n---\n[c](c.md)\n",
            "cards/c.md": """
                ---
                title: C
                ---

                ## What to say

                A talk track.

                ## What to ask

                ### Data

                - **Where is it?** Tells you the method.

                ## If they say …

                - **Just train it.** An answer [@s].

                ## Next steps:

                Offer a pilot.

                ## Notes for later

                - Plain.

                """,
            "sources.yaml": "- id: s\n  title: S\n  URL: https://example.org/s\n  accessed: 2026-11-01\n  status: confirmed\n",
        ])
        defer { site.remove() }
        let built = try build(site)
        let card = try read(built, "cards/c/index.html")
        XCTAssertEqual(matches("<section class=\"bc-section([^\"]*)\">", in: card),
                       [" bc-call bc-say", " bc-call bc-ask", " bc-claims bc-call bc-objections", " bc-call bc-next", ""])
        // The `###` group label is emitted as a heading, not wrapped in a bulleted row.
        XCTAssertTrue(card.contains("<h3"), card)
        XCTAssertFalse(card.contains("<div class=\"bc-text\"><h3"), card)
        XCTAssertTrue(card.contains("<strong>Where is it?</strong> Tells you the method."))
    }

    func testSectionKindNames() {
        XCTAssertEqual(CardSectionKind.kind(forHeading: "What to say"), .say)
        XCTAssertEqual(CardSectionKind.kind(forHeading: " what to ASK "), .ask)
        XCTAssertEqual(CardSectionKind.kind(forHeading: "If they say …"), .objections)
        XCTAssertEqual(CardSectionKind.kind(forHeading: "If they say..."), .objections)
        XCTAssertEqual(CardSectionKind.kind(forHeading: "Next steps:"), .next)
        XCTAssertNil(CardSectionKind.kind(forHeading: "Key lines"))
        XCTAssertNil(CardSectionKind.kind(forHeading: "What to say next"))
        XCTAssertEqual(CardSectionKind.objections.cssClass, "bc-objections")
    }

    /// `card.answer-unsourced`: an answer under "If they say" must cite a source; items in other
    /// sections, and ordinary pages, are not affected.
    func testAnswerWithoutSourceIsReported() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[c](cards/c.md)\n\n## If they say\n\n- **Not a card.** No source.\n",
            "cards/c.md": "---\ntitle: C\n---\n\n## What to ask\n\n- **A question?** No source needed.\n\n## If they say\n\n- **Sourced.** Yes [@s].\n- **Unsourced.** Trust me.\n",
            "sources.yaml": "- id: s\n  title: S\n  URL: https://example.org/s\n  accessed: 2026-11-01\n  status: confirmed\n",
        ])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, ["content/cards/c.md:12:1 card.answer-unsourced"])
        XCTAssertEqual(report.diagnostics.first?.severity, .warning)
        XCTAssertEqual(report.diagnostics.first?.message, "the answer to this objection cites no source")
    }

    func testPageCountReadsPageObjectsNotThePageTree() {
        let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 >>\n2 0 obj << /Type /Page >>\n3 0 obj <</Type /Page/Parent 1 0 R>>\n".utf8)
        XCTAssertEqual(CardsPDF.pageCount(pdf: pdf), 2)
        XCTAssertNil(CardsPDF.pageCount(pdf: Data("%PDF-1.5 compressed".utf8)))
    }
}
