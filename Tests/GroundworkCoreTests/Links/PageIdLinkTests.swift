import Foundation
import XCTest
@testable import GroundworkCore

/// Issue 16 item 6 / issue 17: links to ids the rendered page has are not false alarms.
/// A footnote's ids (`fn-1`, `fnref-1`, `fnref-1-2`) and the id of the `#` heading a page's
/// title came from are the page's ids: the Markdown link check accepts them, and the built
/// page carries them (so `output.broken-link` agrees).
final class PageIdLinkTests: XCTestCase {
    /// `a.md` takes its title from its first heading; its footnote `[^b]` is referenced only
    /// from footnote `[^a]`, so it is numbered 2 when `[^a]` is shown.
    static let files = [
        "a.md": """
            # The Heading Title

            A note[^a] and the same note again[^a]. See [the note](#fn-1), [back](#fnref-1-2)
            and [the nested note](#fn-2).

            ## Details

            [^a]: The note, with its own note[^b].
            [^b]: The nested note.

            """,
        "b.md": """
            ---
            title: Other page
            ---

            [A](a.md#the-heading-title), [note](a.md#fn-1), [ref](a.md#fnref-1),
            [ref 2](a.md#fnref-1-2), [nested](a.md#fn-2), [nested ref](a.md#fnref-2),
            [details](a.md#details).

            """,
    ]

    /// The ids a built page's HTML declares, in order, repeats included.
    private func ids(in html: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: " id=\"([^\"]*)\"")
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).map { String(html[Range($0.range(at: 1), in: html)!]) }
    }

    private func build(_ site: TempSite) throws -> Report {
        var options = site.options()
        options.search = .off
        return try Groundwork.build(options)
    }

    func testLinksToFootnoteAndTitleHeadingIdsResolveInBothModes() throws {
        for knowledgeBase in [true, false] {
            let site = try TempSite(Self.files, knowledgeBase: knowledgeBase)
            defer { site.remove() }
            XCTAssertEqual(try site.check().summaryLines, [], "knowledge base: \(knowledgeBase)")
            let report = try build(site)
            XCTAssertTrue(report.wrote, "\(report.diagnostics)")
            XCTAssertEqual(report.summaryLines, [])
            let html = try String(contentsOf: site.output.appendingPathComponent("a/index.html"), encoding: .utf8)
            XCTAssertTrue(html.contains("<h1 id=\"the-heading-title\">The Heading Title</h1>"), html)
            let declared = ids(in: html)
            for id in ["the-heading-title", "details", "fn-1", "fn-2", "fnref-1", "fnref-1-2", "fnref-2"] {
                XCTAssertEqual(declared.filter { $0 == id }.count, 1, "id \(id) in \(declared)")
            }
        }
    }

    func testAFootnoteIdThatDoesNotExistIsStillReported() throws {
        var files = Self.files
        files["c.md"] = "---\ntitle: C\n---\n\n[no third note](a.md#fn-3), [no second ref](a.md#fnref-2-2).\n"
        let site = try TempSite(files)
        defer { site.remove() }
        XCTAssertEqual(try site.check().summaryLines,
                       ["content/c.md:5:1 link.anchor-missing", "content/c.md:5:29 link.anchor-missing"])
    }

    /// The ids the resolver records for footnotes are exactly the ones the page renders.
    func testRecordedFootnoteIdsAreTheRenderedOnes() throws {
        let site = try TempSite(Self.files)
        defer { site.remove() }
        let page = try XCTUnwrap(Groundwork.analyze(site.options()).site.pages.first { $0.relativePath == "a.md" })
        XCTAssertTrue(try build(site).wrote)
        let html = try String(contentsOf: site.output.appendingPathComponent("a/index.html"), encoding: .utf8)
        let renderedFootnoteIds = Set(ids(in: html).filter { $0.hasPrefix("fn") })
        XCTAssertEqual(Set(page.anchors.filter { $0.hasPrefix("fn") }), renderedFootnoteIds)
        XCTAssertEqual(renderedFootnoteIds, ["fn-1", "fn-2", "fnref-1", "fnref-1-2", "fnref-2"])
    }

    /// Footnote ids win: a heading whose slug would be `fn-1` is de-duplicated as a repeated
    /// heading is (`fn-1-1`), and so is a later heading repeating the title's heading.
    func testHeadingIdsNeverRepeatAFootnoteOrTitleId() throws {
        let site = try TempSite([
            "a.md": "# Notes\n\nText[^x].\n\n## Fn 1\n\n## Notes\n\n[jump](#fn-1-1) and [again](#notes-1).\n\n[^x]: The note.\n",
        ])
        defer { site.remove() }
        XCTAssertEqual(try site.check().summaryLines, [])
        let page = try XCTUnwrap(Groundwork.analyze(site.options()).site.pages.first)
        XCTAssertEqual(page.headings.map(\.id), ["fn-1-1", "notes-1"])
        let report = try build(site)
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        let html = try String(contentsOf: site.output.appendingPathComponent("a/index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<h1 id=\"notes\">Notes</h1>"), html)
        let declared = ids(in: html)
        XCTAssertEqual(declared.count, Set(declared).count, "repeated ids: \(declared)")
        for id in ["notes", "fn-1", "fnref-1", "fn-1-1", "notes-1"] { XCTAssertTrue(declared.contains(id), "\(id) in \(declared)") }
    }

    /// A battle card's header is its own template: its title keeps the heading's id too.
    func testACardTitleKeepsItsHeadingId() throws {
        let site = try TempSite([
            "cards/one.md": "# Card Heading\n\n## Why\n\nText.\n",
            "index.md": "---\ntitle: Home\n---\n\n[card](cards/one.md#card-heading)\n",
        ])
        defer { site.remove() }
        XCTAssertEqual(try site.check().summaryLines, [])
        let report = try build(site)
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        let html = try String(contentsOf: site.output.appendingPathComponent("cards/one/index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<span id=\"card-heading\">Card Heading</span>"), html)
        let declared = ids(in: html)
        XCTAssertEqual(declared.count, Set(declared).count, "repeated ids: \(declared)")
    }
}
