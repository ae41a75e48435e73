import Foundation
import XCTest
@testable import GroundworkCore

/// Issue 17 item 1: a folder with site.yaml is a knowledge base; one without is docs, held
/// to link rules only.
final class DocsModeTests: XCTestCase {
    static let files = [
        "index.md": "# Handbook\n\nDates are ISO 8601; the server listens on port 7878, about 40% faster.\n\n> Note: this is an aside.\n\nSee [ch](chapter-two.md).\n",
        "chapter-two.md": "---\ndescription: MkDocs metadata\n---\n\n## Getting started\n\nText.\n",
        "notes/plain_file-name.md": "Just text, no heading. Back [home](../index.md).\n",
        "empty-fm.md": "---\npermalink: /x/\n---\nNo heading. [home](index.md)\n",
    ]

    func testKnowledgeBaseRulesAreOffInDocsAndOnWithSiteYAML() throws {
        let docs = try TempSite(Self.files, knowledgeBase: false)
        defer { docs.remove() }
        let report = try docs.check()
        XCTAssertEqual(report.summaryLines, [])
        XCTAssertFalse(report.isKnowledgeBase)
        XCTAssertEqual(report.modeDescription, "docs (no site.yaml)")

        let kb = try TempSite(Self.files)  // with site.yaml
        defer { kb.remove() }
        let kbReport = try kb.check()
        XCTAssertEqual(Set(kbReport.diagnostics.map(\.code.id)),
                       ["claim.unsourced", "quote.unattributed", "page.unknown-field", "page.title-missing"])
        XCTAssertEqual(kbReport.modeDescription, "knowledge base (site.yaml)")
    }

    func testTitlesFallBackToAnyHeadingThenTheFileName() throws {
        let docs = try TempSite(Self.files, knowledgeBase: false)
        defer { docs.remove() }
        let site = try Groundwork.analyze(docs.options()).site
        func title(_ path: String) -> String? { site.pages.first { $0.relativePath == path }?.title }
        XCTAssertEqual(title("index.md"), "Handbook")
        XCTAssertEqual(title("chapter-two.md"), "Getting started")  // an `##` heading
        XCTAssertEqual(title("notes/plain_file-name.md"), "Plain file name")
        // The heading stays in the body, so links to its anchor still work.
        XCTAssertTrue(site.pages.first { $0.relativePath == "chapter-two.md" }!.anchors.contains("getting-started"))

        // A knowledge base keeps today's rule: a level-2 heading is not the title.
        let kb = try TempSite(Self.files)
        defer { kb.remove() }
        let kbSite = try Groundwork.analyze(kb.options()).site
        XCTAssertEqual(kbSite.pages.first { $0.relativePath == "chapter-two.md" }?.title, "Chapter two")
    }

    func testVaultIsNamedInTheMode() throws {
        var files = Self.files
        files[".obsidian/app.json"] = "{}"
        let vault = try TempSite(files, knowledgeBase: false)
        defer { vault.remove() }
        XCTAssertEqual(try vault.check().modeDescription, "docs (no site.yaml; Obsidian vault)")
    }

    func testDocsBuildHasNoBibliography() throws {
        let docs = try TempSite(Self.files, knowledgeBase: false)
        defer { docs.remove() }
        var options = docs.options()
        options.search = .off
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        let home = try String(contentsOf: docs.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertFalse(home.contains("Bibliography"))
        XCTAssertFalse(home.contains("Every claim is sourced"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: docs.output.appendingPathComponent("bibliography/index.html").path))
    }
}
