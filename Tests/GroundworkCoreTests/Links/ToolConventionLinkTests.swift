import Foundation
import XCTest
@testable import GroundworkCore

/// Issue 17 item 4: links resolve as the tool that wrote them resolves them.
final class ToolConventionLinkTests: XCTestCase {
    func testHTMLLinksNameTheirMarkdownSource() throws {
        let site = try TempSite([
            "README.md": "# Book\n\nSee [chapter](guide/chapter.html#setup), [the guide](guide/index.html), [cli](cli/index.html) and [gone](gone.html).\n",
            "guide/README.md": "# Guide\n\nText.\n",
            "guide/chapter.md": "# Chapter\n\n## Setup\n\nText.\n",
            "cli/index.md": "# CLI\n\nText.\n",
            "page.html": "<p>a real HTML file</p>\n",
            "other.md": "# Other\n\n[html file](page.html) and [missing heading](guide/chapter.html#nope).\n",
        ])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines.filter { $0.contains("link.") }, [
            "content/README.md:3:99 link.asset-missing",          // no gone.md either: still reported
            "content/other.md:3:28 link.anchor-missing",          // resolved to chapter.md, whose headings are checked
        ])
    }

    func testAppTelAndMailtoLinksAreAccepted() throws {
        let site = try TempSite([
            "a.md": "# A\n\n[o](obsidian://open?vault=Notes&file=A), [v](vscode://file/home/me/a.md), [z](zotero://select/items/ABC),\n"
                + "[d](x-devonthink-item://1234-5678), [t](tel:+15551234567), [m](mailto:me@example.com).\n\n"
                + "Still wrong: [js](javascript:alert(1)), [typo](htps://example.com/x).\n",
        ])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, ["content/a.md:6:14 link.external-invalid", "content/a.md:6:41 link.external-invalid"])
        // Nothing but web addresses is fetched by --external.
        let links = try Groundwork.analyze(site.options()).links
        XCTAssertEqual(links.externalLinks().map(\.url), [])
    }

    func testAmbiguousWikiLinksResolveNearestFirst() throws {
        let site = try TempSite([
            "Meeting.md": "# Root meeting\n\nText.\n",
            "work/Meeting.md": "# Work meeting\n\nText.\n",
            "work/projects/plan.md": "# Plan\n\n[[Meeting]] is the parent folder's.\n",
            "work/today.md": "# Today\n\n[[Meeting]] is this folder's.\n",
            "home/list.md": "# List\n\n[[Meeting]] is the root's: the shortest path.\n",
            "a/Setup.md": "# A setup\n\nText.\n",
            "b/Setup.md": "# B setup\n\nText.\n",
            "c/index.md": "# C\n\n[[Setup]] is equally near both: ambiguous.\n",
        ])
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        XCTAssertEqual(analysis.diagnostics.filter { $0.code.id.hasPrefix("link.") }.map { "\($0.file):\($0.line) \($0.code)" },
                       ["content/c/index.md:3 link.wiki-ambiguous"])
        func target(from path: String) -> String? {
            let page = analysis.site.pages.first { $0.relativePath == path }!
            let wiki = analysis.links.occurrences[page.index].first { $0.kind == .wiki }
            guard case .page(let index, _)? = wiki?.target else { return nil }
            return analysis.site.pages[index].relativePath
        }
        XCTAssertEqual(target(from: "work/projects/plan.md"), "work/Meeting.md")
        XCTAssertEqual(target(from: "work/today.md"), "work/Meeting.md")
        XCTAssertEqual(target(from: "home/list.md"), "Meeting.md")
    }

    func testMarkdownLinksByFileNameInsideAVault() throws {
        let files = [
            ".obsidian/app.json": "{}",
            "Home.md": "# Home\n\nSee [the plan](Plan.md), [encoded](Project%20Notes.md#goals) and [none](Nowhere.md).\n",
            "projects/Plan.md": "# Plan\n\nText.\n",
            "projects/deep/Project Notes.md": "# Project Notes\n\n## Goals\n\nText.\n",
        ]
        let vault = try TempSite(files)
        defer { vault.remove() }
        XCTAssertEqual(try vault.check().summaryLines, ["content/Home.md:3:66 link.page-missing"])
        // The same folder without `.obsidian/` is not a vault: bare names are relative paths.
        var plain = files
        plain[".obsidian/app.json"] = nil
        let folder = try TempSite(plain)
        defer { folder.remove() }
        XCTAssertEqual(try folder.check().summaryLines.filter { $0.contains("link.") }.count, 3)
    }

    func testWikiHeadingFragmentsIgnoreWhiteSpaceDifferences() throws {
        let site = try TempSite([
            "a.md": "# A\n\n[[#Rules for naming]], [[#lwr and lwl]] and [[#No such heading]].\n\n### Rules  for naming\n\n### lwr\u{00A0}and\u{00A0}lwl\n",
        ])
        defer { site.remove() }
        XCTAssertEqual(try site.check().summaryLines, ["content/a.md:3:45 link.anchor-missing"])
    }
}
