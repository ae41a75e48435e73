import Foundation
import XCTest
@testable import GroundworkCore

/// One fixture site per link code, each with its exact diagnostics (path, line, column, code
/// and notes) in `Fixtures/links/<name>/expected.txt`.
final class LinkFixtureTests: XCTestCase {
    func testPageMissing() throws { try LinkFixture.assertCheck("page-missing") }
    func testAnchorMissing() throws { try LinkFixture.assertCheck("anchor-missing") }
    func testAssetMissing() throws { try LinkFixture.assertCheck("asset-missing") }
    func testEscapesRoot() throws { try LinkFixture.assertCheck("escapes-root") }
    /// The same links in a folder without site.yaml: warnings (`link.outside`), and the site builds.
    func testOutsideInDocs() throws {
        try LinkFixture.assertCheck("outside")
        let out = try LinkFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        var options = LinkFixture.options(content: LinkFixture.content("outside"))
        options.output = out.appendingPathComponent("_site")
        options.search = .off
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        XCTAssertEqual(report.errorCount, 0)
    }
    func testWikiUnresolved() throws { try LinkFixture.assertCheck("wiki-unresolved") }
    func testWikiAmbiguous() throws { try LinkFixture.assertCheck("wiki-ambiguous") }
    func testExternalInvalid() throws { try LinkFixture.assertCheck("external-invalid") }
    func testPageOrphan() throws { try LinkFixture.assertCheck("page-orphan") }
    /// A Hugo site with its own link render hook: links it cannot resolve are `link.render-hook`
    /// warnings (a `ref` stays an error); a missing anchor on a page with an unrun shortcode is
    /// `link.anchor-unrendered`, on one without it `link.anchor-missing`.
    func testHugoRenderHook() throws { try LinkFixture.assertCheck("hugo-render-hook") }

    /// Non-ASCII text (accents, Greek, CJK, an emoji family that is one character) before
    /// links: columns count characters.
    func testColumnsCountCharactersAfterNonASCIIText() throws { try LinkFixture.assertCheck("unicode") }

    /// Links on paragraph continuation lines (indented, after a tab, in list items, in block
    /// quotes with and without `>`, after a hard break, after a link reference definition, in
    /// a setext heading): cmark does not count the stripped white space; Groundwork does.
    func testContinuationLinesReportTheirRealColumns() throws { try LinkFixture.assertCheck("positions") }

    /// GFM pipe tables, footnotes, task lists, autolinks and strikethrough: every link, citation
    /// and footnote in a table cell or a footnote (first line and continuation) at its own
    /// line and column, `footnote.missing` and `footnote.unused`.
    func testGFMExtensionsReportAtTheirPositions() throws { try LinkFixture.assertCheck("gfm") }

    /// The same fixtures with CRLF line endings report the same positions.
    func testCRLFFilesReportTheSamePositions() throws {
        for name in ["unicode", "positions", "gfm"] {
            let scratch = try LinkFixture.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: scratch) }
            let content = scratch.appendingPathComponent("content")
            try LinkFixture.copy(LinkFixture.content(name), to: content, crlf: true)
            let page = try Data(contentsOf: content.appendingPathComponent("_index.md"))
            XCTAssertTrue(page.contains(Data("\r\n".utf8)), "the copy really has CRLF line endings")
            let report = try Groundwork.check(LinkFixture.options(content: content))
            XCTAssertEqual(LinkFixture.render(report.diagnostics), try LinkFixture.expected(name), name)
        }
    }

    /// A clean site with every kind of link reports nothing, builds, copies its assets, and
    /// every href and src in the output resolves.
    func testCleanSiteBuildsWithItsAssets() throws {
        let scratch = try LinkFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("_site")
        let report = try Groundwork.build(LinkFixture.options(content: LinkFixture.content("clean"), output: output))
        XCTAssertEqual(LinkFixture.render(report.diagnostics), "")
        XCTAssertTrue(report.wrote)
        for asset in ["assets/diagram.gif", "assets/guide.pdf"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent(asset).path), asset)
        }
        let install = try String(contentsOf: output.appendingPathComponent("guide/install/index.html"), encoding: .utf8)
        XCTAssertTrue(install.contains("src=\"../../assets/diagram.gif\""), "the image points at the copied file")
        let home = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(home.contains("href=\"guide/install/#before-you-start\""), home)
        XCTAssertTrue(home.contains("href=\"reference/\""), "a folder without an index links to its generated page")
    }

    /// A symbolic link that leaves the content folder is reported where it is, and skipped.
    func testSymbolicLinkOutOfTheContentFolderEscapesRoot() throws {
        let scratch = try LinkFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let content = scratch.appendingPathComponent("content")
        try LinkFixture.copy(LinkFixture.content("clean"), to: content)
        try Data("secret\n".utf8).write(to: scratch.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: content.appendingPathComponent("assets/secret.txt").path,
                                                   withDestinationPath: scratch.appendingPathComponent("secret.txt").path)
        let report = try Groundwork.check(LinkFixture.options(content: content))
        XCTAssertEqual(report.summaryLinesForLinks, ["content/assets/secret.txt:1:1 link.escapes-root"])
    }

    /// `--only` narrows what is reported, but links into the named file are still resolved
    /// against the whole site.
    func testOnlyReportsTheNamedFilesWithWholeSiteResolution() throws {
        var options = LinkFixture.options(content: LinkFixture.content("page-missing"))
        options.only = ["content/guide/setup.md"]
        let report = try Groundwork.check(options)
        XCTAssertEqual(report.summaryLinesForLinks, ["content/guide/setup.md:4:6 link.page-missing"])
    }

    /// Every link code (and the orphan and output codes) has a fixture whose expected
    /// diagnostics contain it.
    func testEveryLinkCodeHasAFixture() throws {
        let codes = DiagnosticCode.ids.filter { $0.hasPrefix("link.") } + ["page.orphan", "output.broken-link"]
        let names = try FileManager.default.contentsOfDirectory(atPath: LinkFixture.folder.path)
        var expected = ""
        for name in names where FileManager.default.fileExists(atPath: LinkFixture.folder.appendingPathComponent(name + "/expected.txt").path) {
            expected += try LinkFixture.expected(name)
        }
        for code in codes.sorted() {
            XCTAssertTrue(expected.contains(" " + code + "\n"), "no fixture expects \(code)")
        }
    }
}

extension Report {
    /// `file:line:col code` of the link-related diagnostics.
    var summaryLinesForLinks: [String] {
        diagnostics.filter { $0.code.id.hasPrefix("link.") || $0.code == .pageOrphan || $0.code.id.hasPrefix("output.") }
            .map { "\($0.file):\($0.line):\($0.column) \($0.code)" }
    }
}
