import Foundation
import Markdown
import Templating
import XCTest
@testable import GroundworkCore

/// Issue 17 items 2 and 3: an mdBook book's book.toml and SUMMARY.md, and includes (mdBook
/// `{{#include}}`, MkDocs snippets) expanded before parsing with diagnostics mapped back.
final class MdBookAndIncludesTests: XCTestCase {
    static let book = [
        "book.toml": """
            [book]
            title = "The Widget Book"
            authors = ["Someone"]
            src = "src"

            [output.html]
            git-repository-url = "https://example.com/widget"
            """,
        "src/SUMMARY.md": """
            # Summary

            [Preface](preface.md)

            # Getting started

            - [Installing](install.md)
                - [On Linux](install-linux.md)
            - [Using it](usage/README.md)
                - [Options](usage/options.md)
                - [Not written yet]()

            ---

            # Reference

            1. [Appendix A](appendix.md)

            [Thanks](thanks.md)
            """,
        "src/preface.md": "# Before we begin\n\nSee [the shared part](install.md#shared-part).\n",
        "src/install.md": """
            # Install

            {{#include ../listings/shared.md}}

            ```rust
            {{#include ../listings/main.rs:body}}
            ```

            ```rust
            {{#rustdoc_include ../listings/main.rs:1:2}}
            ```

            ```rust
            {{ #include ../listings/main.rs::1 }}
            ```

            ```rust
            {{#playground ../listings/main.rs:body editable}}
            ```

            Literal: \\{{#include not-expanded.md}}

            Prose about `{{#include}}` and `{{ #playground }}` stays as written.
            """,
        "src/install-linux.md": "## Linux\n\nNo level-1 heading: the summary names it.\n",
        "src/usage/README.md": "# Usage\n",
        "src/usage/options.md": "# Options\n",
        "src/appendix.md": "# Appendix\n",
        "src/thanks.md": "# Thanks\n",
        "src/zz-not-in-summary.md": "# Extra\n",
        "src/fragments/note.md": "A fragment other pages include.\n",
        "listings/shared.md": "## Shared part\r\n\r\nSee [setup](install.md) and [nowhere](nowhere.md).\r\n",
        "listings/main.rs": "fn main() {\n    // ANCHOR: body\n    println!(\"hi\");\n    // ANCHOR_END: body\n}\n",
    ]

    func testBookTitleSummaryOrderAndTitles() throws {
        let project = try TempSite(Self.book, knowledgeBase: false)
        defer { project.remove() }
        for (content, display) in [(project.content, "content"), (project.content.appendingPathComponent("src"), "content/src")] {
            var options = project.options()
            options.content = content
            options.contentDisplay = display
            let analysis = try Groundwork.analyze(options)
            let site = analysis.site
            XCTAssertEqual(site.config.title, "The Widget Book")
            XCTAssertFalse(site.pages.contains { $0.relativePath == "SUMMARY.md" }, "SUMMARY.md is the nav, not a page")
            func title(_ path: String) -> String? { site.pages.first { $0.relativePath == path }?.title }
            XCTAssertEqual(title("preface.md"), "Preface")               // the summary's title wins over the H1
            XCTAssertEqual(title("install-linux.md"), "On Linux")
            XCTAssertEqual(title("usage/README.md"), "Using it")
            XCTAssertEqual(title("zz-not-in-summary.md"), "Extra")       // still built (links to it resolve)...
            let nav = NavResolver.entries(site).map { target -> String in
                switch target {
                case .page(let index): return site.pages[index].relativePath
                case .section(let path): return path + "/"
                }
            }
            // Sub-chapters in their parent's folder nest under it; in a sub-folder, under its section.
            // ...but not listed, as in mdBook's sidebar; nor is a folder SUMMARY.md lists nothing of.
            XCTAssertEqual(nav, ["preface.md", "install.md", "usage/", "appendix.md", "thanks.md"])
            let install = try XCTUnwrap(site.pageByPath["install.md"])
            XCTAssertEqual(site.navChildren.mapValues { $0.map { site.pages[$0].relativePath } },
                           [install: ["install-linux.md"]])
            XCTAssertEqual(site.sections["usage"]!.pages.map { site.pages[$0].relativePath }, ["usage/options.md"])
            XCTAssertTrue(NavResolver.reachablePages(site).contains(site.pageByPath["install-linux.md"]!))
            XCTAssertEqual(analysis.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.code)" },
                           ["content/listings/shared.md:3:29 link.page-missing"])
            let report = try Groundwork.check(options)
            XCTAssertEqual(report.modeDescription, "docs (no site.yaml; mdBook (book.toml, SUMMARY.md))")
        }
    }

    func testAChapterWithoutItsFileIsReportedAtTheSummary() throws {
        var files = Self.book
        files["src/SUMMARY.md"]! += "\n- [Missing](missing.md)\n"
        let project = try TempSite(files, knowledgeBase: false)
        defer { project.remove() }
        XCTAssertEqual(try project.check().summaryLines, [
            "content/listings/shared.md:3:29 link.page-missing",
            "content/src/SUMMARY.md:20:3 link.page-missing",
        ])
    }

    /// The nav of every page, built per folder and patched (NavCache), equals the nav built for
    /// the page alone, also where a page lists its sub-chapters.
    func testNestedChaptersInTheRenderedNav() throws {
        let project = try TempSite(Self.book, knowledgeBase: false)
        defer { project.remove() }
        let analysis = try Groundwork.analyze(project.options())
        let site = analysis.site
        let renderer = SiteRenderer(site: site, links: analysis.links, sources: analysis.sources,
                                    templates: try TemplateSet(directory: TempSite.repositoryTemplates),
                                    today: Day(year: 2026, month: 11, day: 29), searchEnabled: false)
        func describe(_ nav: [TemplateObject]) -> [String] {
            nav.map(\.plain).map { entry in
                let children = (entry["pages"] as? [[String: Any]] ?? []).map { "\($0["title"]!)\($0["current"] as? Bool == true ? "*" : "")" }
                return "\(entry["title"]!)\(entry["current"] as? Bool == true ? "*" : "") [\(children.joined(separator: ", "))]"
            }
        }
        for page in site.pages {
            let cached = renderer.navContext(from: page.url, currentPage: page.index, currentSection: page.sectionPath)
            let direct = renderer.navTargets.map { renderer.navEntry($0, from: page.url, currentPage: page.index, currentSection: page.sectionPath) }
            XCTAssertEqual(describe(cached), describe(direct), page.relativePath)
        }
        let linux = site.pages[site.pageByPath["install-linux.md"]!]
        XCTAssertEqual(describe(renderer.navContext(from: linux.url, currentPage: linux.index, currentSection: linux.sectionPath))[1],
                       "Installing [On Linux*]")
        let appendix = site.pages[site.pageByPath["appendix.md"]!]
        XCTAssertEqual(describe(renderer.navContext(from: appendix.url, currentPage: appendix.index, currentSection: ""))[1],
                       "Installing []")  // closed elsewhere, like a section
    }

    func testSummaryEntries() {
        let chapters = MdBook.parseSummary(Self.book["src/SUMMARY.md"]!)
        XCTAssertEqual(chapters.map { "\($0.kind) \($0.depth) \($0.number ?? "-") \($0.title) \($0.path ?? "-")" }, [
            "prefix 0 - Preface preface.md",
            "part 0 - Getting started -",
            "numbered 0 1. Installing install.md",
            "numbered 1 1.1. On Linux install-linux.md",
            "numbered 0 2. Using it usage/README.md",
            "numbered 1 2.1. Options usage/options.md",
            "numbered 1 2.2. Not written yet -",  // a draft chapter: no page
            "separator 0 -  -",
            "part 0 - Reference -",
            "numbered 0 3. Appendix A appendix.md",
            "suffix 0 - Thanks thanks.md",
        ])
    }

    func testBookIncludesExpandAnchorsRangesAndEscape() throws {
        let project = try TempSite(Self.book, knowledgeBase: false)
        defer { project.remove() }
        let site = try Groundwork.analyze(project.options()).site
        let page = try XCTUnwrap(site.pages.first { $0.relativePath == "install.md" })
        let code = page.document.blocks.compactMap { block -> String? in
            if case .codeBlock(let code) = block { return code.literal } else { return nil }
        }
        // The anchor's lines without the marker lines; lines 1-2 without the marker line 2.
        XCTAssertEqual(code, ["    println!(\"hi\");\n", "fn main() {\n", "fn main() {\n", "    println!(\"hi\");\n"])
        // The included heading is the page's anchor (the preface links to it without error).
        XCTAssertTrue(page.anchors.contains("shared-part"), "\(page.anchors)")
        let text = page.document.blocks.compactMap { block -> String? in
            if case .paragraph(let paragraph) = block { return paragraph.inlines.plainText } else { return nil }
        }
        XCTAssertTrue(text.contains("Literal: {{#include not-expanded.md}}"), "\(text)")
        XCTAssertTrue(text.contains("Prose about {{#include}} and {{ #playground }} stays as written."), "\(text)")
    }

    func testMissingIncludesAnchorsAndCyclesAreErrorsAtTheDirective() throws {
        let project = try TempSite([
            "index.md": "# Home\n\n{{#include nothing.md}}\n\nText {{#include parts/a.md:nope}} after.\n\n{{#include parts/a.md}}\n",
            "parts/a.md": "Start\n\n{{#include b.md}}\n",
            "parts/b.md": "B\n{{#include a.md}}\n",
            "deep.md": "# Deep\n\n{{#include deep.md}}\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(report.summaryLines, [
            "content/deep.md:3:1 include.cycle",
            "content/index.md:3:1 include.missing",
            "content/index.md:5:6 include.missing",
            "content/parts/a.md:3:1 include.cycle",
            "content/parts/b.md:2:1 include.cycle",
        ])
        XCTAssertTrue(report.diagnostics[2].message.contains("anchor 'nope' not found"), report.diagnostics[2].message)
    }

    /// Positions around includes: text after a directive on its line, lines after a
    /// multi-line include, a page with CRLF line endings, a nested include.
    func testPositionsAroundIncludesAreTheSourceFilesOwn() throws {
        let project = try TempSite([
            "index.md": "# Home\r\n\r\nSee: {{#include part.md}} and [after](gone-1.md).\r\n\r\n{{#include long.md}}\r\n\r\n[later](gone-2.md)\r\n",
            "part.md": "[inline](gone-3.md)\n",
            "long.md": "one\n\ntwo {{#include deeper.md}}\n\nthree\n",
            "deeper.md": "x [deep](gone-4.md)\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(report.summaryLines, [
            "content/deeper.md:1:3 link.page-missing",
            "content/index.md:3:31 link.page-missing",
            "content/index.md:7:1 link.page-missing",
            "content/part.md:1:1 link.page-missing",
        ])
    }

    /// Ten files each including the next ten times: no cycle, but 10^10 copies. Reported, not hung.
    func testIncludeFanOutIsBounded() throws {
        var files = ["index.md": "# Home\n\n{{#include f0.txt}}\n"]
        for level in 0..<10 {
            files["f\(level).txt"] = level == 9 ? "leaf\n" : String(repeating: "{{#include f\(level + 1).txt}}\n", count: 10)
        }
        let project = try TempSite(files, knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(report.diagnostics.map(\.code.id), ["include.cycle"])
        XCTAssertTrue(report.diagnostics[0].message.contains("more than 2000 includes"), report.diagnostics[0].message)
    }

    static let mkdocs = [
        "mkdocs.yml": """
            site_name: Snippet Docs
            markdown_extensions:
              - admonition
              - pymdownx.snippets:
                  base_path: [snippets, docs]
            """,
        "docs/index.md": """
            # Home

            --8<-- "intro.md"

            - item

                ```python
                --8<-- "code.py:2:3"
                ```

            ```python
            --8<-- "code.py:setup"
            ```

            --8<--
            intro.md
            ; commented.md
            --8<--

            ;--8<-- "escaped.md"

            See [the intro heading](#intro-heading).
            """,
        "docs/other.md": "# Other\n\n--8<-- \"code.py:missing\"\n\n--8<-- \"nowhere.md\"\n",
        "snippets/intro.md": "## Intro heading\r\n\r\nA [broken link](gone.md) here.\r\n",
        "snippets/code.py": "import os\nx = 1\ny = 2\n# --8<-- [start:setup]\nsetup()\n# --8<-- [end:setup]\n",
    ]

    func testSnippetsExpandWithBasePathSectionsRangesBlockAndEscape() throws {
        let project = try TempSite(Self.mkdocs, knowledgeBase: false)
        defer { project.remove() }
        let analysis = try Groundwork.analyze(project.options())
        // The broken link in the snippet is reported once, at the snippet's own line and
        // column, though two places include it; the anchor it brings resolves.
        XCTAssertEqual(analysis.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.code)" }, [
            "content/docs/other.md:3:8 include.missing",
            "content/docs/other.md:5:8 include.missing",
            "content/snippets/intro.md:3:3 link.page-missing",
        ])
        let page = try XCTUnwrap(analysis.site.pages.first { $0.relativePath == "index.md" })
        var literals: [String] = []
        var paragraphs: [String] = []
        func visit(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .codeBlock(let code): literals.append(code.literal)
                case .paragraph(let paragraph): paragraphs.append(paragraph.inlines.plainText)
                case .list(let list): for item in list.items { visit(item.blocks) }
                default: continue
                }
            }
        }
        visit(page.document.blocks)
        XCTAssertEqual(literals, ["x = 1\ny = 2\n", "setup()\n"])
        XCTAssertTrue(paragraphs.contains("--8<-- \"escaped.md\""), "\(paragraphs)")
        XCTAssertEqual(paragraphs.filter { $0 == "A broken link here." }.count, 2, "\(paragraphs)")  // the block form too
    }

    func testIncludeMapPositions() {
        var expander = IncludeExpander(settings: IncludeSettings(root: URL(fileURLWithPath: "/nonexistent"), displayRoot: "c"))
        _ = expander.expandPage("no includes\n", relativePath: "a.md", file: "c/a.md")
        XCTAssertTrue(expander.bag.items.isEmpty)
        let map = IncludeMap(lines: [[.init(column: 1, file: "p.md", line: 1, shift: 0), .init(column: 6, file: "s.md", line: 4, shift: 5),
                                      .init(column: 10, file: "p.md", line: 1, shift: -12)]])
        XCTAssertEqual(map.origin(line: 1, column: 3).map { "\($0.file):\($0.line):\($0.column)" }, "p.md:1:3")
        XCTAssertEqual(map.origin(line: 1, column: 7).map { "\($0.file):\($0.line):\($0.column)" }, "s.md:4:2")
        XCTAssertEqual(map.origin(line: 1, column: 11).map { "\($0.file):\($0.line):\($0.column)" }, "p.md:1:23")
        XCTAssertNil(map.origin(line: 2, column: 1))
        XCTAssertEqual(Snippets.split("a.md:2:5").start, 2)
        XCTAssertEqual(Snippets.split("a.md::5").end, 5)
        XCTAssertEqual(Snippets.split("a.md:name").section, "name")
        XCTAssertEqual(Snippets.split("a.md").path, "a.md")
    }

    /// `serve`: editing a file a page includes parses that page again.
    func testEditingAnIncludedFileRebuildsThePagesThatIncludeIt() throws {
        let project = try TempSite([
            "index.md": "# Home\n\n```rust\n{{#include code/main.rs}}\n```\n",
            "other.md": "# Other\n",
            "code/main.rs": "fn main() {}\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        let builder = IncrementalBuilder(options: project.options())
        let first = try builder.rebuild(changedPaths: nil, templatesChanged: true)
        XCTAssertFalse(first.failed, "\(first.report.diagnostics)")
        try project.write("code/main.rs", "fn main() { changed() }\n")
        let second = try builder.rebuild(changedPaths: ["code/main.rs"], templatesChanged: false)
        XCTAssertEqual(second.reparsed, 1)
        let site = try XCTUnwrap(second.site)
        guard case .data(let html)? = try site.file(at: "index.html") else { return XCTFail("no page") }
        XCTAssertTrue(String(decoding: html, as: UTF8.self).contains("changed()"))
    }
}
