import Foundation
import GroundworkCore
import TestSupport
import XCTest

/// Admonitions through the whole pipeline (issue 16 item 4): each dialect renders as the same
/// callouts as `> [!NOTE]` (reviewed golden bodies), diagnostics inside their bodies and
/// titles sit at the file's own line and column (LF and CRLF), and a near-miss of a known
/// type is a `callout.unknown-type` warning.
final class AdmonitionRenderingTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("admonitions")

    private func assertDialectRendersAsGolden(_ dialect: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let folder = Self.fixtures.appendingPathComponent(dialect)
        let output = try LinkFixture.temporaryFolder(dialect).appendingPathComponent("_site")
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        var options = LinkFixture.options(content: folder.appendingPathComponent("content"), output: output)
        options.strict = true
        let report = try Groundwork.build(options)
        XCTAssertEqual(report.summaryLines, [], file: file, line: line)
        let page = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        assertGolden(GFMSpecTests.body(of: page) ?? "<no body>", folder.appendingPathComponent("expected-body.html").path)
    }

    func testMkDocsRendersAsTheGoldenFile() throws { try assertDialectRendersAsGolden("mkdocs") }
    func testDocusaurusRendersAsTheGoldenFile() throws { try assertDialectRendersAsGolden("docusaurus") }
    func testObsidianRendersAsTheGoldenFile() throws { try assertDialectRendersAsGolden("obsidian") }

    private let page = """
        # Home

        !!! warning "See [title link](gone-title.md)"
            Body text with a [broken link](gone.md) and [@nokey].

            - item with [another](gone2.md)

        :::tip
        Docusaurus [broken](gone3.md).
        :::

        > [!NOTES]
        > near miss

        !!! warnng
            typo

        :::tipp
        typo
        :::

        > [!recipe]
        > a type of the writer's own: no warning
        """

    private func diagnostics(_ text: String) throws -> [String] {
        let site = try TempSite(["_index.md": text])
        defer { site.remove() }
        let report = try Groundwork.check(site.options())
        return report.diagnostics.map { "\($0.line):\($0.column) \($0.code.id)" }
    }

    func testDiagnosticsInsideBodiesAndTitlesAreAtTheirPositions() throws {
        let expected = [
            "3:18 link.page-missing", "4:22 link.page-missing", "4:50 cite.unknown-key", "6:17 link.page-missing",
            "9:12 link.page-missing", "12:5 callout.unknown-type", "15:5 callout.unknown-type", "18:4 callout.unknown-type",
        ]
        XCTAssertEqual(try diagnostics(page + "\n"), expected)
        XCTAssertEqual(try diagnostics(page.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"), expected)
    }

    /// A figure inside a callout body needs a source like any other (claim.unsourced), at
    /// its own position; a battle card counts a callout's body and written title.
    func testProseChecksSeeCalloutBodies() throws {
        let site = try TempSite(["_index.md": "# Home\n\n!!! note\n    Costs fell by 40%.\n"])
        defer { site.remove() }
        let report = try Groundwork.check(site.options())
        XCTAssertEqual(report.diagnostics.map { "\($0.line):\($0.column) \($0.code.id)" }, ["4:19 claim.unsourced"])
    }
}
