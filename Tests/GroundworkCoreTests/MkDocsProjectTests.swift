import Foundation
import XCTest
@testable import GroundworkCore

/// Issue 17 item 2 (first part): a MkDocs project's mkdocs.yml gives the site its name, the
/// docs folder, and the nav's titles and order; --content may name the project or the docs.
final class MkDocsProjectTests: XCTestCase {
    static let files = [
        "mkdocs.yml": """
            site_name: Widget Manual
            docs_dir: manual
            theme:
              name: material
            markdown_extensions:
              - pymdownx.emoji:
                  emoji_index: !!python/name:material.extensions.emoji.twemoji
            nav:
              - Home: index.md
              - Guide:
                - Zebra first: guide/zebra.md
                - guide/apple.md
                - Deeper:
                  - Last of all: guide/middle.md
              - Elsewhere: https://example.com/
            """,
        "manual/index.md": "# Welcome\n\nSee the [guide](guide/apple.md).\n",
        "manual/guide/index.md": "# Guide\n\n[z](zebra.md) [m](middle.md)\n",
        "manual/guide/apple.md": "# Apple\n\nText.\n",
        "manual/guide/middle.md": "# Middle\n\nText.\n",
        "manual/guide/zebra.md": "# Zebra\n\nText.\n",
        "README.md": "# The repository's README, not part of the docs\n",
    ]

    func check(_ site: Site) {
        XCTAssertEqual(site.config.title, "Widget Manual")
        XCTAssertEqual(site.pages.count, 5, "\(site.pages.map(\.relativePath))")  // the README beside mkdocs.yml is not a page
        func title(_ path: String) -> String? { site.pages.first { $0.relativePath == path }?.title }
        XCTAssertEqual(title("guide/zebra.md"), "Zebra first")  // the nav's title wins
        XCTAssertEqual(title("guide/apple.md"), "Apple")        // no title in the nav: the page's own
        XCTAssertEqual(title("guide/middle.md"), "Last of all")
        // The nav's order, not the alphabet.
        let guide = site.sections["guide"]!.pages.map { site.pages[$0].relativePath }
        XCTAssertEqual(guide, ["guide/zebra.md", "guide/apple.md", "guide/middle.md"])
    }

    func testProjectRootOrDocsFolder() throws {
        let project = try TempSite(Self.files, knowledgeBase: false)
        defer { project.remove() }
        let fromRoot = try Groundwork.analyze(project.options())
        check(fromRoot.site)
        XCTAssertEqual(fromRoot.diagnostics.map(\.code.id), [])
        XCTAssertTrue(fromRoot.site.pages.allSatisfy { $0.file.hasPrefix("content/manual/") }, "\(fromRoot.site.pages.map(\.file))")
        let report = try project.check()
        XCTAssertEqual(report.modeDescription,
                       "docs (no site.yaml; mkdocs.yml, nav with sections, toc ids slugify, extensions 1 other pymdownx)")
        XCTAssertEqual(fromRoot.site.sections["guide"]?.title, "Guide")  // the nav section's title

        var docsOptions = project.options()
        docsOptions.content = project.content.appendingPathComponent("manual")
        docsOptions.contentDisplay = "content/manual"
        check(try Groundwork.analyze(docsOptions).site)
    }

    func testSiteYAMLWinsOverMkDocs() throws {
        var files = Self.files
        files["site.yaml"] = "title: Knowledge base\n"
        let kb = try TempSite(files)
        defer { kb.remove() }
        let site = try Groundwork.analyze(kb.options()).site
        XCTAssertEqual(site.config.title, "Knowledge base")
        XCTAssertTrue(site.pages.contains { $0.relativePath == "README.md" })  // the folder itself is the content
    }

    func testBrokenMkDocsYAMLIsReportedAtIt() throws {
        let project = try TempSite(["mkdocs.yml": "site_name: [unclosed\n", "docs/index.md": "# Home\n"], knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(report.diagnostics.map { "\($0.file) \($0.code)" }, ["content/mkdocs.yml config.invalid"])
    }
}
