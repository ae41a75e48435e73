import Foundation
import XCTest
@testable import GroundworkCore

final class PageDiagnosticsTests: XCTestCase {
    func testBrokenFrontMatterIsReportedAtTheFilesRealLineAndColumn() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\nSee [a](a.md).\n",
            // The bad line is file line 4; in the YAML block it is line 3.
            "a.md": "---\ntitle: A\nsummary: ok\ntags: [one, two\n---\nBody.\n",
        ])
        defer { site.remove() }
        let report = try site.check()
        let diagnostic = try XCTUnwrap(report.diagnostics.first { $0.code == .pageFrontMatter })
        XCTAssertEqual(diagnostic.file, "content/a.md")
        XCTAssertEqual(diagnostic.line, 5, "\(diagnostic)")  // the parser notices at the closing line
        XCTAssertGreaterThanOrEqual(diagnostic.line, 4)
        XCTAssertEqual(diagnostic.severity, .error)
    }

    func testWrongFieldTypeIsReportedAtTheValue() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\norder: first\n---\n"])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, ["content/_index.md:3:8 page.front-matter"])
    }

    func testUnknownFieldSuggestsTheClosestKnownField() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\nsumary: typo\n---\n"])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, ["content/_index.md:3:1 page.unknown-field"])
        XCTAssertEqual(report.diagnostics[0].notes, ["did you mean 'summary'?"])
        XCTAssertEqual(report.diagnostics[0].severity, .warning)
        XCTAssertFalse(report.failed)
    }

    func testTitleMissingOnlyWhenFrontMatterHasNoTitleAndNoHeading() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[a](a.md) [b](b.md) [c](c.md)\n",
            "a.md": "---\nsummary: no title\n---\nText.\n",
            "b.md": "---\nsummary: heading title\n---\n# From the heading\n",
            "c.md": "No front matter at all: the file name is the title.\n",
        ])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, ["content/a.md:1:1 page.title-missing"])
        let analysis = try Groundwork.analyze(site.options())
        let titles = analysis.site.pages.map(\.title).sorted()
        XCTAssertEqual(titles, ["A", "C", "From the heading", "Home"])
    }

    func testInvalidUTF8IsReportedAtTheFirstBadByte() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n"])
        defer { site.remove() }
        var bytes = Array("---\ntitle: Bad\n---\nÉé ok\nxy".utf8)
        bytes.append(0xFF)
        try site.write("bad.md", Data(bytes))
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, ["content/bad.md:5:3 page.encoding"])
    }

    func testDuplicateURLsIncludingCaseOnly() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n",
            "Guide.md": "---\ntitle: Upper\n---\n",
            "guide.md": "---\ntitle: Lower\n---\n",
            "topic.md": "---\ntitle: Topic file\n---\n",
            "topic/_index.md": "---\ntitle: Topic folder\n---\n",
        ])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.diagnostics.filter { $0.code == .pageDuplicateURL }.map(\.file).sorted(),
                       ["content/guide.md", "content/topic.md"])
    }

    func testDraftsAreLeftOut() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n",
            "draft.md": "---\ntitle: Draft\ndraft: true\n---\n",
        ])
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        XCTAssertEqual(analysis.site.pages.map(\.title), ["Home"])
    }

    func testHeadingIDsAreGitHubStyleAndDeduplicated() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n## Fine-tuning\n## Fine-tuning\n## Custom {#fine-tuning-2}\n## Fine-tuning\n"])
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        XCTAssertEqual(analysis.site.pages[0].headings.map(\.id), ["fine-tuning", "fine-tuning-1", "fine-tuning-2", "fine-tuning-3"])
    }

    func testOrderingByOrderThenTitle() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n",
            "s/_index.md": "---\ntitle: S\n---\n",
            "s/b.md": "---\ntitle: Bravo\n---\n",
            "s/a.md": "---\ntitle: Alpha\n---\n",
            "s/z.md": "---\ntitle: Zulu\norder: 1\n---\n",
        ])
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        let section = try XCTUnwrap(analysis.site.sections["s"])
        XCTAssertEqual(section.pages.map { analysis.site.pages[$0].title }, ["Zulu", "Alpha", "Bravo"])
        XCTAssertEqual(analysis.site.pages.first { $0.title == "Alpha" }?.url, "s/a/")
    }

    func testSeverityOverridesAndOff() throws {
        let site = try TempSite([
            "site.yaml": "title: T\nchecks:\n  page.unknown-field: error\n",
            "_index.md": "---\ntitle: Home\nsumary: x\n---\n",
        ])
        defer { site.remove() }
        XCTAssertEqual(try site.check().diagnostics.first?.severity, .error)
        try site.write("site.yaml", "title: T\nchecks:\n  page.unknown-field: off\n")
        XCTAssertEqual(try site.check().diagnostics, [])
    }

    func testUnknownSiteSettingIsAConfigurationError() throws {
        let site = try TempSite(["site.yaml": "title: T\nnva: []\n", "_index.md": "---\ntitle: Home\n---\n"])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, ["content/site.yaml:2:1 config.invalid"])
        XCTAssertTrue(report.configurationFailed)
        XCTAssertEqual(report.diagnostics[0].notes, ["did you mean 'nav'?"])
    }

    func testOnlyNarrowsReportsButNotCrossPageChecks() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[a](a.md) [b](b.md)\n",
            "a.md": "---\ntitle: A\n---\n[broken](nope.md)\n",
            "b.md": "---\ntitle: B\n---\n[broken](nope.md)\n",
        ])
        defer { site.remove() }
        var options = site.options()
        options.only = ["content/b.md"]
        let report = try Groundwork.check(options)
        XCTAssertEqual(report.summaryLines, ["content/b.md:4:1 link.page-missing"])
    }
}
