import Foundation
import GroundworkCore
import TestSupport
import XCTest

/// Fenced code blocks with an attribute list as their info string (`{ .sh .no-copy #example }`,
/// MkDocs Material and Pandoc), checked and built.
final class FenceAttributesSiteTests: XCTestCase {
    /// A link to a block's id resolves (on the page and from another); a misspelt one is
    /// told the id; a second block with the same id and a refused attribute are reported
    /// at the block's `{`.
    func testProblemsReportAtTheirPositions() throws { try LinkFixture.assertCheck("fence-attributes") }

    /// The id, further classes and allowed pairs go on the `<pre>`; the first class is the
    /// language; refused pairs and superfences' options are not in the page.
    func testRendersOnThePre() throws {
        let site = try TempSite(["_index.md": """
            # Home

            [run](#example)

            ``` { .sh .no-copy #example }
            ls
            ```

            ```{.python title="Set <up>" hl_lines="1" onclick="go()"}
            x = 1
            ```

            ``` yaml hl_lines="2"
            a: 1
            ```

            """])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertEqual(report.diagnostics.map { "\($0.line):\($0.column) \($0.code)" }, ["9:4 attribute.removed"])
        let html = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<pre id=\"example\" class=\"no-copy\"><code class=\"language-sh\">"), html)
        XCTAssertTrue(html.contains("<pre title=\"Set &lt;up&gt;\"><code class=\"language-python\">"), html)
        XCTAssertTrue(html.contains("<pre><code class=\"language-yaml\">"), html)
        XCTAssertTrue(html.contains("href=\"#example\""), html)
        XCTAssertFalse(html.contains("onclick"), html)
        XCTAssertFalse(html.contains("hl_lines"), html)
        XCTAssertFalse(html.contains("language-{"), html)
    }
}
