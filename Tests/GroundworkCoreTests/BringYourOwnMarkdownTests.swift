import Foundation
import XCTest
@testable import GroundworkCore

/// Existing docs folders, read as they are: a MkDocs `docs/`, a GitHub-style tree of
/// README.md files, an Obsidian vault. Each has a few deliberate broken links and anchors;
/// exactly those are reported as errors.
final class BringYourOwnMarkdownTests: XCTestCase {
    static let byo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/byo")

    func options(_ folder: String) -> Options {
        Options(content: Self.byo.appendingPathComponent(folder), contentDisplay: folder,
                templates: TempSite.repositoryTemplates,
                output: FileManager.default.temporaryDirectory.appendingPathComponent("gw-byo-\(UUID().uuidString.prefix(8))"),
                today: Day(year: 2026, month: 11, day: 29))
    }

    func errors(_ report: Report) -> [String] {
        report.diagnostics.filter { $0.severity == .error }.map { "\($0.file):\($0.line):\($0.column) \($0.code)" }
    }

    func testMkDocsFolder() throws {
        let report = try Groundwork.check(options("mkdocs/docs"))
        XCTAssertEqual(errors(report), [
            "mkdocs/docs/user-guide/configuring.md:5:19 link.anchor-missing",
            "mkdocs/docs/user-guide/index.md:8:3 link.page-missing",
            "mkdocs/docs/user-guide/installing.md:9:58 link.page-missing",
        ])
        // `description` is MkDocs metadata: in a folder of docs (no site.yaml) fields Groundwork
        // does not know are not its business (issue 17).
        XCTAssertEqual(report.diagnostics.filter { $0.severity == .warning }.map(\.code.id), [])
        XCTAssertEqual(report.diagnostics.first { $0.code == .linkAnchorMissing }?.notes, ["did you mean '#requirements'?"])
    }

    func testGitHubStyleReadmeTree() throws {
        let report = try Groundwork.check(options("github-wiki/docs"))
        XCTAssertEqual(errors(report), [
            "github-wiki/docs/README.md:5:3 link.page-missing",
            "github-wiki/docs/api/README.md:5:56 link.anchor-missing",
            "github-wiki/docs/api/endpoints.md:5:49 link.page-missing",
        ])
        XCTAssertEqual(report.diagnostics.count, 3)
    }

    func testObsidianVault() throws {
        let report = try Groundwork.check(options("obsidian/vault"))
        XCTAssertEqual(errors(report), [
            "obsidian/vault/Home.md:4:46 link.anchor-missing",
            "obsidian/vault/Home.md:5:10 link.wiki-unresolved",
        ])
        XCTAssertEqual(report.diagnostics.count, 2)
    }

    func testTitlesAndIndexesAreInferred() throws {
        let mkdocs = try Groundwork.analyze(options("mkdocs/docs")).site
        XCTAssertEqual(mkdocs.config.title, "Widget Docs")  // mkdocs.yml's site_name (issue 17)
        let home = try XCTUnwrap(mkdocs.pages.first { $0.url.isEmpty })
        XCTAssertEqual(home.title, "Home")      // mkdocs.yml's nav names it, as in MkDocs; the first H1 ...
        XCTAssertFalse(home.document.blocks.contains { if case .heading(let h) = $0 { return h.level == 1 }; return false })  // ... not repeated
        let installing = try XCTUnwrap(mkdocs.pages.first { $0.relativePath == "user-guide/installing.md" })
        XCTAssertEqual(installing.title, "Installing")  // not in the nav: its own first H1

        let wiki = try Groundwork.analyze(options("github-wiki/docs")).site
        XCTAssertEqual(wiki.pages.filter(\.isSectionIndex).map(\.url).sorted(), ["", "api/", "setup/"])

        let vault = try Groundwork.analyze(options("obsidian/vault")).site
        XCTAssertEqual(vault.pages.map(\.title).sorted(), ["Home", "Project Alpha", "Project Beta", "Weekly sync"])
        XCTAssertEqual(vault.pages.first { $0.title == "Project Beta" }?.url, "projects/project-beta/")
    }

    func testEachFixtureBuildsANavigableSite() throws {
        for folder in ["mkdocs/docs", "github-wiki/docs", "obsidian/vault"] {
            // The deliberate faults block a normal build; with them switched off the site builds.
            let site = try TempSite([:], name: "byo" + folder.filter(\.isLetter))
            defer { site.remove() }
            try FileManager.default.copyItem(at: Self.byo.appendingPathComponent(folder), to: site.content)
            try site.write("site.yaml", "checks:\n  link.page-missing: off\n  link.anchor-missing: off\n  link.wiki-unresolved: off\n")
            let report = try Groundwork.build(site.options())
            XCTAssertTrue(report.wrote, "\(folder): \(report.diagnostics)")
            let home = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
            XCTAssertTrue(home.contains("aria-label=\"Site\""), folder)  // the site navigation landmark
            let pages = snapshot(site.output).keys.filter { $0.hasSuffix("index.html") }
            XCTAssertGreaterThanOrEqual(pages.count, 4, "\(folder): \(pages.sorted())")
        }
    }

    func testTwoIndexFilesInOneFolderAreReported() throws {
        let site = try TempSite(["_index.md": "# Home\n", "README.md": "# Readme\n"])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, ["content/README.md:1:1 page.duplicate-index"])
    }

    func testLinksToAnyIndexNameResolve() throws {
        let site = try TempSite([
            "index.md": "# Home\n[a](guide/README.md) [b](guide/) [c](guide) [d](/guide/README.md#intro)\n",
            "guide/README.md": "# Guide\n## Intro\n",
        ])
        defer { site.remove() }
        XCTAssertEqual(try site.check().diagnostics, [])
    }
}
