import Foundation
import XCTest
@testable import GroundworkCore

/// Raw HTML through the whole pipeline (issue 16 item 5): kept HTML renders, every removal is
/// an `html.removed` warning at its page position, and links and ids in raw HTML take part in
/// the link checks.
final class RawHTMLTests: XCTestCase {
    func build(_ files: [String: String]) throws -> (Report, [String: String], TempSite) {
        let site = try TempSite(files)
        let (report, outputs) = try Groundwork.renderInMemory(site.options())
        var pages: [String: String] = [:]
        for file in outputs where file.path.hasSuffix(".html") {
            pages[file.path] = GFMSpecTests.body(of: String(decoding: file.contents, as: UTF8.self))
        }
        return (report, pages, site)
    }

    /// The issue's examples: `<details>`, `<div class="grid">` around Markdown, `<a id>`,
    /// `<kbd>`, `<br>`, exactly as written (cmark splits them; the pieces stay balanced).
    func testTheIssuesExamplesRender() throws {
        let (report, pages, site) = try build([
            "_index.md": """
                # Home

                <details open>
                <summary>More</summary>

                Hidden **text**, see [below](#x).

                </details>

                <div class="grid">

                - one
                - two

                </div>

                Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.<br>Then <a id="x"></a>go on.

                <figure><img src="assets/d.png" alt="Diagram" width="300"><figcaption>A diagram</figcaption></figure>

                """,
            "assets/d.png": "png",
        ])
        defer { site.remove() }
        XCTAssertEqual(report.summaryLines, [])
        XCTAssertEqual(pages["index.html"], """
            <details open="">
            <summary>More</summary>
            <p>Hidden <strong>text</strong>, see <a href="#x">below</a>.</p>
            </details>
            <div class="grid">
            <ul>
            <li>one</li>
            <li>two</li>
            </ul>
            </div>
            <p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.<br>Then <a id="x"></a>go on.</p>
            <figure><img src="assets/d.png" alt="Diagram" width="300"><figcaption>A diagram</figcaption></figure>

            """)
    }

    /// Raw HTML opens and closes elements within its block (the page, a list item, a quote, a
    /// paragraph): what it leaves open is closed at the block's end, an end tag that closes
    /// nothing opened before it there is removed, so it never breaks the theme's own markup.
    func testRawHTMLStaysBalancedWithinItsBlock() throws {
        let (report, pages, site) = try build([
            "_index.md": """
                # Home

                </div>

                - <div class="in-list">

                  item

                </div>

                Some <kbd>unclosed and </span> text.

                <section-like>

                <div class="last">

                End.

                """,
        ])
        defer { site.remove() }
        XCTAssertEqual(report.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.message)" }, [
            "content/_index.md:3:1 removed </div>: it closes no element opened before it in this block",
            "content/_index.md:9:1 removed </div>: it closes no element opened before it in this block",
            "content/_index.md:11:24 removed </span>: it closes no element opened before it in this block",
            "content/_index.md:13:1 removed <section-like>: it is not in the allowed HTML; its content is kept",
        ])
        XCTAssertEqual(pages["index.html"], """

            <ul>
            <li><div class="in-list">
            <p>item</p>
            </div></li>
            </ul>

            <p>Some <kbd>unclosed and  text.</kbd></p>

            <div class="last">
            <p>End.</p>
            </div>
            """)
    }

    /// Each removal at the element or attribute: in a block (on its first and a later line),
    /// inline, in a list, a quote, a pipe-table cell and a footnote, and in a CRLF file.
    /// A GitHub README table with Markdown in a cell: cmark splits it at the blank lines, and
    /// each later piece is read inside the row or cell left open, so the table keeps its rows
    /// and cells; a removal in a later piece is reported at its own line and column.
    func testATableWithMarkdownInItsCellsKeepsItsStructure() throws {
        let (report, pages, site) = try build([
            "_index.md": """
                # Home

                <table markdown="1">
                <tr>
                <td>

                **Markdown** here

                </td>
                <td>x</td>
                </tr>
                <tr>

                <td>y</td> <td style="c">z</td>

                </tr>
                </table>

                after

                """,
        ])
        defer { site.remove() }
        XCTAssertEqual(report.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.code == .htmlRemoved ? "html.removed" : "other") \($0.message)" }, [
            "content/_index.md:14:16 html.removed removed attribute 'style' of <td>: inline styles are not allowed; use a class",
        ])
        XCTAssertEqual(pages["index.html"], """
            <table>
            <tr>
            <td>
            <p><strong>Markdown</strong> here</p>
            </td>
            <td>x</td>
            </tr>
            <tr>
            <td>y</td> <td>z</td>
            </tr>
            </table>
            <p>after</p>

            """)
    }

    func testEveryRemovalIsAWarningAtItsPosition() throws {
        let (report, pages, site) = try build([
            "_index.md": """
                # Home

                <div class="a" style="color: red"
                  onclick="go()">text<script>alert(1)</script></div>

                A <b onmouseover="x()">bold</b> and <font color="red">red</font> word.

                - item <a href="javascript:alert(1)">js</a>

                > <iframe src="https://example.org/"></iframe>

                | a | b |
                |---|---|
                | <span onclick="y()">c</span> | d |

                Note[^n].

                [^n]: <img src="data:text/html,x" alt="x"> end

                """,
            "crlf.md": "# CRLF\r\n\r\n<p\r\n  onclick=\"z()\">p</p>\r\n\r\nA <i style=\"q\">i</i>\r\n",
        ])
        defer { site.remove() }
        XCTAssertEqual(report.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.message)" }, [
            "content/_index.md:3:16 removed attribute 'style' of <div>: inline styles are not allowed; use a class",
            "content/_index.md:4:3 removed attribute 'onclick' of <div>: event handlers run script",
            "content/_index.md:4:22 removed <script>: scripts never run in a built page; its content is removed too",
            "content/_index.md:6:6 removed attribute 'onmouseover' of <b>: event handlers run script",
            "content/_index.md:6:37 removed <font>: it is not in the allowed HTML; its content is kept",
            "content/_index.md:8:11 removed attribute 'href' of <a>: URL scheme 'javascript:' is not allowed",
            "content/_index.md:10:3 removed <iframe>: embedded documents and plugins are not allowed; its content is removed too",
            "content/_index.md:14:9 removed attribute 'onclick' of <span>: event handlers run script",
            "content/_index.md:18:12 removed attribute 'src' of <img>: only PNG, GIF, JPEG and WebP images may be data URLs",
            "content/crlf.md:4:3 removed attribute 'onclick' of <p>: event handlers run script",
            "content/crlf.md:6:6 removed attribute 'style' of <i>: inline styles are not allowed; use a class",
        ])
        XCTAssertTrue(report.diagnostics.allSatisfy { $0.code == .htmlRemoved && $0.severity == .warning })
        let home = try XCTUnwrap(pages["index.html"])
        for kept in ["<div class=\"a\">text</div>", "A <b>bold</b> and red word.", "item <a>js</a>", "<td><span>c</span></td>", "<img alt=\"x\"> end"] {
            XCTAssertTrue(home.contains(kept), "no \(kept) in\n\(home)")
        }
        XCTAssertEqual(pages["crlf/index.html"]?.contains("<p>p</p>"), true, pages["crlf/index.html"] ?? "")
        XCTAssertEqual(pages["crlf/index.html"]?.contains("A <i>i</i>"), true)
    }

    /// `href` and `src` in raw HTML are checked like Markdown links (and written as the URL of
    /// the page they name); `id` and `<a name>` are anchors other links can target.
    func testLinksAndIdsInRawHTMLAreChecked() throws {
        let (report, _, site) = try build([
            "_index.md": """
                # Home

                <a href="other.md#deep">deep</a> <a href="other.md#named">named</a> <a href="other.md#none">none</a>
                <a href="nowhere.md">gone</a> <img src="assets/missing.png" alt="m">

                <p>See <a href="https://example.org/page">the web</a>.</p>

                [markdown link to a div id](other.md#box)

                """,
            "other.md": "# Other\n\n<div id=\"box\">\n\n<a id=\"deep\"></a><a name=\"named\"></a>\n\n</div>\n",
        ])
        defer { site.remove() }
        XCTAssertEqual(report.summaryLines, [
            "content/_index.md:3:72 link.anchor-missing",
            "content/_index.md:4:4 link.page-missing",
            "content/_index.md:4:36 link.asset-missing",
        ])
        XCTAssertEqual(report.diagnostics.first?.message, "no heading '#none' on other.md")
        let analysis = try Groundwork.analyze(site.options())
        XCTAssertEqual(analysis.links.externalLinks().map(\.url), ["https://example.org/page"])
        XCTAssertEqual(analysis.links.externalLinks().first?.locations.map { "\($0.line):\($0.column)" }, ["6:11"])
        XCTAssertTrue(analysis.links.incoming[analysis.site.pageByPath["other.md"]!].contains(analysis.site.pageByPath["_index.md"]!))
        // Without the broken ones the site builds, and the kept links lead to output URLs.
        // A broken one, its check switched off, keeps its href as written, as a Markdown link
        // does (the output check does not report it a second time).
        try site.write("site.yaml", "checks:\n  link.page-missing: off\n")
        try site.write("_index.md", "# Home\n\n<a href=\"other.md#deep\">deep</a> and <a href=\"other.md\">other</a>, <a href=\"gone.md\">gone</a>\n")
        let (fixed, outputs) = try Groundwork.renderInMemory(site.options())
        XCTAssertEqual(fixed.summaryLines, [])
        let home = outputs.first { $0.path == "index.html" }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
        XCTAssertTrue(home.contains("<a href=\"other/#deep\">deep</a> and <a href=\"other/\">other</a>, <a href=\"gone.md\">gone</a>"), home)
    }

    /// `unsafe_html: true` keeps its meaning: raw HTML is written as is, nothing is reported.
    func testUnsafeHTMLWritesRawHTMLAsIs() throws {
        let (report, pages, site) = try build([
            "site.yaml": "unsafe_html: true\n",
            "_index.md": "# Home\n\n<div style=\"color: red\" onclick=\"go()\">x</div>\n\nA <font>f</font>. <button id=\"b\">b</button> [to b](#b)\n",
        ])
        defer { site.remove() }
        XCTAssertEqual(report.summaryLines, [])
        XCTAssertEqual(pages["index.html"]?.contains("<div style=\"color: red\" onclick=\"go()\">x</div>\n"), true)
        XCTAssertEqual(pages["index.html"]?.contains("A <font>f</font>. <button id=\"b\">b</button>"), true)
        // Written as is, the button's id is an anchor; sanitized, the button and its id are gone.
        try site.write("site.yaml", "")
        XCTAssertEqual(try site.check().summaryLines, [
            "content/_index.md:3:6 html.removed", "content/_index.md:3:25 html.removed",
            "content/_index.md:5:3 html.removed", "content/_index.md:5:19 html.removed",
            "content/_index.md:5:45 link.anchor-missing",
        ])
    }
}
