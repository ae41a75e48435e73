import Foundation
import XCTest
@testable import GroundworkCore

/// Issue 17 item 6: what went wrong building other people's docs.
final class BuildBugsTests: XCTestCase {
    func testCSSScannerReadsQuotedURLsWithParenthesesAndDataURIs() {
        let css = """
        a { background: url("data:image/svg+xml,<svg xmlns='x'><path d='M0 0 (1 2)'/></svg>") no-repeat; }
        /* url(commented.png) */
        b { background: url( 'fonts/a (1).woff2' ) , url(img/b.png); }
        """
        XCTAssertEqual(HTMLScanner.cssURLs(in: Array(css.utf8)).map(\.value), [
            "data:image/svg+xml,<svg xmlns='x'><path d='M0 0 (1 2)'/></svg>",
            "fonts/a (1).woff2",
            "img/b.png",
        ])
    }

    func testStylesheetWithDataURIBuilds() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\nHello.\n",
            "style/extra.css": "a { background: url(\"data:image/svg+xml;charset=utf-8,<svg viewBox='0 0 24 24'><path d='M1(2)'/></svg>\"); }\n"
                + "b { background: url(\"missing (1).png\"); }\n",
        ])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        // Only the real broken reference, named whole; the data: URI is not checked.
        XCTAssertEqual(report.diagnostics.map(\.code.id), ["output.broken-link"], "\(report.diagnostics)")
        XCTAssertTrue(report.diagnostics[0].message.contains("url(missing (1).png)"), report.diagnostics[0].message)
    }

    func testMessagesAreOneShortLine() {
        let long = String(repeating: "x", count: 5000)
        let d = Diagnostic(code: .linkPageMissing, severity: .error, file: "a.md", line: 1, column: 1,
                           message: "no page for link '\(long)'\nsecond line", notes: ["note\nwith '\(long)'"])
        XCTAssertFalse(d.message.contains("\n"))
        XCTAssertLessThanOrEqual(d.message.count, Diagnostic.messageLimit)
        XCTAssertTrue(d.message.hasPrefix("no page for link 'xxx"), d.message)
        XCTAssertTrue(d.message.contains("…' second line"), d.message)
        XCTAssertFalse(d.notes[0].contains("\n"))
        XCTAssertLessThanOrEqual(d.notes[0].count, Diagnostic.noteLimit)
        // Short messages, apostrophes included, are left as they are.
        let short = Diagnostic(code: .linkPageMissing, severity: .error, file: "a.md", line: 1, column: 1, message: "the page's link 'b.md'")
        XCTAssertEqual(short.message, "the page's link 'b.md'")
    }

    func testBrokenFrontMatterIsReportedOnceAndThePageStaysALinkTarget() throws {
        let site = try TempSite([
            "broken.md": "---\ntitle: \"Broken\ntags: [a\n---\n# Broken page\n\nSee [missing](nope.md).\n",
            "list.md": "---\n- just\n- a list\n---\nNo fields.\n",
            "a.md": "---\ntitle: A\n---\nLinks to [broken](broken.md), [[broken]] and [list](list.md).\n",
        ])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, [
            "content/broken.md:2:8 page.front-matter",
            "content/broken.md:7:5 link.page-missing",   // its body is still checked
            "content/list.md:2:1 page.front-matter",     // once, with no page.title-missing after it
        ])
    }

    func testContentGivenAFileSaysSo() throws {
        let site = try TempSite(["a.md": "# A\n"])
        defer { site.remove() }
        var options = site.options()
        options.content = site.content.appendingPathComponent("a.md")
        XCTAssertThrowsError(try Groundwork.check(options)) { error in
            XCTAssertTrue("\(error)".contains("is a file, not a folder"), "\(error)")
        }
    }
}
