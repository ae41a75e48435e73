import Foundation
import GroundworkCore
import TestSupport
import XCTest

/// Attribute lists, Obsidian block ids, nested heading paths and embeds, built (issue 16
/// items 6 and 7). `Fixtures/anchors-embeds-html` is the clean page whose body is a reviewed
/// golden file; `Fixtures/links/anchors-embeds` holds one problem of each kind.
final class AnchorsAndEmbedsSiteTests: XCTestCase {
    func testConstructsRenderAsTheGoldenFile() throws {
        let folder = GFMSpecTests.fixtures.appendingPathComponent("anchors-embeds-html")
        let output = try LinkFixture.temporaryFolder().appendingPathComponent("_site")
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        var options = LinkFixture.options(content: folder.appendingPathComponent("content"), output: output)
        options.strict = true
        let report = try Groundwork.build(options)
        XCTAssertEqual(report.summaryLines, [])
        XCTAssertTrue(report.wrote)
        let home = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        let other = try String(contentsOf: output.appendingPathComponent("notes/other-note/index.html"), encoding: .utf8)
        let bodies = "<!-- index.html -->\n" + (GFMSpecTests.body(of: home) ?? "<no body>")
            + "\n<!-- notes/other-note/index.html -->\n" + (GFMSpecTests.body(of: other) ?? "<no body>")
        assertGolden(bodies, folder.appendingPathComponent("expected-body.html").path)
        // Every embedded file is copied, found by name from wherever it is.
        for asset in ["assets/diagram.png", "notes/diagram.png", "media/clip.mp4", "media/talk.mp3", "assets/report.pdf", "assets/data.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent(asset).path), asset)
        }
        // Nothing printed as a stray `!`, and no unsafe attribute survives.
        XCTAssertFalse(bodies.contains("![["), bodies)
        XCTAssertFalse(bodies.contains("onclick"))
        XCTAssertFalse(bodies.contains("color:red"))
    }

    /// A missing embed is the missing-asset (or unresolved wiki link) diagnostic at its `!`;
    /// a wrong heading path or block id is the missing-anchor one, with a did-you-mean.
    func testProblemsReportAtTheirPositions() throws { try LinkFixture.assertCheck("anchors-embeds") }

    /// A heading's explicit id replaces its slug (as in MkDocs): the slug is not an anchor,
    /// and a link to it is told the id it should use.
    func testExplicitIDReplacesTheSlug() throws {
        let site = try TempSite(["_index.md": "# Home\n\n## Set up {: #install }\n\n[a](#install) [b](#set-up)\n"])
        defer { site.remove() }
        let report = try Groundwork.check(site.options())
        XCTAssertEqual(report.diagnostics.map { "\($0.line):\($0.column) \($0.code) \($0.notes)" },
                       ["5:15 link.anchor-missing [\"did you mean \\'#install\\'?\"]"])
    }
}
