import Foundation
import GroundworkCore
import TestSupport
import XCTest

/// Through the whole pipeline: a broken `[label]: target` used only inside an admonition body,
/// an admonition title, a footnote or a table cell is reported at the `[` of the link (LF and
/// CRLF), a correct one renders as a link; a marker inside an HTML comment stays in it (and
/// its link is not checked).
final class PageReferencesCheckTests: XCTestCase {
    private let page = """
        ---
        title: Refs
        ---

        !!! warning "See [the guide][guide]"
            Read [the setup][setup] first.

        :::tip
        Then [deploy].
        :::

        | Step | Where |
        |------|-------|
        | one  | [ok][] |

        Done[^n].

        [^n]: As [deploy][] says.

        <!--

        !!! note
            [hidden](hidden.md)

        -->

        [guide]: missing-guide.md
        [setup]: missing-setup.md
        [deploy]: missing-deploy.md
        [ok]: other.md

        """

    private func build(_ text: String) throws -> (diagnostics: [String], html: String) {
        let site = try TempSite(["_index.md": text, "other.md": "---\ntitle: Other\n---\n\nText.\n"], knowledgeBase: false)
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        let html = (try? String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)) ?? ""
        return (report.diagnostics.map { "\($0.line):\($0.column) \($0.code.id)" }, html)
    }

    func testBrokenTargetsUsedOnlyInsideBodiesAreReportedAtTheirPositions() throws {
        let expected = ["5:18 link.page-missing", "6:10 link.page-missing", "9:6 link.page-missing",
                        "18:10 link.page-missing"]
        for text in [page, page.replacingOccurrences(of: "\n", with: "\r\n")] {
            XCTAssertEqual(try build(text).diagnostics, expected)
        }
    }

    /// With the targets fixed the page builds, each reference is a link (none left as
    /// brackets), and the marker inside the comment makes no callout.
    func testReferencesInsideBodiesRenderAsLinks() throws {
        let fixed = page.replacingOccurrences(of: #"missing-[a-z]+\.md"#, with: "other.md", options: .regularExpression)
        let result = try build(fixed)
        XCTAssertEqual(result.diagnostics, [])
        for text in [">the guide</a>", ">the setup</a>", ">deploy</a>", ">ok</a>"] {
            XCTAssertTrue(result.html.contains(text), text + "\n" + result.html)
        }
        XCTAssertEqual(result.html.components(separatedBy: ">deploy</a>").count, 3, result.html)
        XCTAssertFalse(result.html.contains("]["), result.html)
        // The comment is left out of the page as comments are; no callout comes out of it.
        XCTAssertEqual(result.html.components(separatedBy: "class=\"callout ").count, 3, result.html)
        XCTAssertFalse(result.html.contains("hidden.md"), result.html)
    }
}
