import Foundation
import XCTest
@testable import GroundworkCore
import Markdown
import Templating

/// False alarms found on the real trees of Tests/RealWorld/README.md after the other issue 17
/// branches were merged, each reproduced by a small tree written here. Each asserts the exact
/// diagnostics (one real broken link stays, to show checking still happens).
final class RealWorldFalseAlarmTests: XCTestCase {
    func lines(_ report: Report) -> [String] {
        report.diagnostics.map { "\($0.file):\($0.line): \($0.code.id) \($0.message)" }
    }

    /// mkdocs/mkdocs, docs/user-guide/choosing-your-theme.md: `**`locale`**{ #mkdocs-locale }`
    /// (attr_list on an inline element) is the target of `#mkdocs-locale` links.
    func testInlineAttributeListIDsAreLinkTargets() throws {
        let project = try TempSite([
            "mkdocs.yml": "site_name: Inline\nmarkdown_extensions:\n  - attr_list\n",
            "docs/index.md": """
                # Theme

                *   **`locale`**{ #mkdocs-locale }: The locale used.
                *   *italic*{ #em-id } and `code`{#code-id} and [Go](other.md){ .md-button onclick="x" }

                | a | b |
                |---|---|
                | ![logo](logo.png){ #cell-image } | b |
                """,
            "docs/logo.png": "",
            "docs/other.md": """
                # Other

                [a](index.md#mkdocs-locale) [b](index.md#em-id) [c](index.md#code-id) [d](index.md#cell-image)
                [broken](index.md#readthedocs-locale) **spaced** { #not-inline }
                """,
        ], knowledgeBase: false)
        defer { project.remove() }
        XCTAssertEqual(lines(try project.check()), [
            "content/docs/index.md:4: attribute.removed attribute 'onclick' is not rendered (allowed: id, class, title, lang, dir, translate, data-*; on an image also width, height, loading, align with a valid value)",
            "content/docs/other.md:4: link.anchor-missing no heading '#readthedocs-locale' on index.md",
        ])
    }

    /// The attributes land on the element itself, and nothing of the `{…}` is shown.
    func testInlineAttributeListRendersOnTheElement() throws {
        let project = try TempSite([
            "mkdocs.yml": "site_name: Inline\nmarkdown_extensions:\n  - attr_list\n",
            "docs/index.md": """
                # Theme

                **`locale`**{ #mkdocs-locale }: x, [Go](other.md){ .md-button title="Start" }, `c`{.k} {not a list}
                """,
            "docs/other.md": "# Other\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        let report = try Groundwork.build(project.options())
        XCTAssertTrue(report.wrote, "\(report.diagnostics.map(\.message))")
        let html = try String(contentsOf: project.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains(#"<strong id="mkdocs-locale"><code>locale</code></strong>: x, <a class="md-button" title="Start" href="other/">Go</a>, <code class="k">c</code> {not a list}"#), html)
    }

    /// rust-lang/mdBook, guide/src/format/markdown.md: the footnote example's definition is
    /// inside a block quote (`> [^note]: …`); GFM finds it there, so the reference is not missing.
    func testFootnoteDefinitionInsideBlockQuote() throws {
        let project = try TempSite([
            "book.toml": "[book]\ntitle = \"Notes\"\n",
            "src/SUMMARY.md": "# Summary\n\n- [Markdown](markdown.md)\n",
            "src/markdown.md": """
                # Markdown

                > This is an example of a footnote[^note].
                >
                > [^note]: This text is the contents of the footnote, which will be rendered
                >     towards the bottom.
                >
                > Still quoted.[^gone]

                > ```
                > [^fenced]: not a definition
                > ```
                [^fenced] outside.
                """,
        ], knowledgeBase: false)
        defer { project.remove() }
        XCTAssertEqual(lines(try project.check()), [
            "content/src/markdown.md:8: footnote.missing no definition for footnote '[^gone]'",
            "content/src/markdown.md:13: footnote.missing no definition for footnote '[^fenced]'",
        ])
        // The quote stays one block quote, and the definition's body has both of its lines.
        let document = MarkdownParser.parse("> a[^n].\n>\n> [^n]: first\n>     second\n>\n> b\n")
        guard case .blockQuote(let quote)? = document.blocks.first else { return XCTFail("\(document.blocks)") }
        XCTAssertEqual(quote.blocks.count, 2)
        guard case .footnoteDefinition(let definition)? = document.blocks.last else { return XCTFail("\(document.blocks)") }
        XCTAssertEqual(definition.label, "n")
        guard case .paragraph(let body)? = definition.blocks.first else { return XCTFail("\(definition.blocks)") }
        XCTAssertEqual(body.inlines.plainText, "first second")
    }

    /// rust-lang/mdBook's guide: SUMMARY.md lists a folder's pages and sub-folders interleaved
    /// (a page, a sub-folder's chapter, a page); the nav keeps that order, not pages first,
    /// both as built for one page and as built once per folder and patched (NavCache).
    func testSummaryOrderInterleavesPagesAndSubFolders() throws {
        let project = try TempSite([
            "book.toml": "[book]\ntitle = \"Order\"\n",
            "src/SUMMARY.md": """
                # Summary

                - [Guide](guide/README.md)
                  - [Zeta first](guide/zeta.md)
                  - [Sub](guide/sub/README.md)
                    - [Deep](guide/sub/deep.md)
                  - [Alpha last](guide/alpha.md)
                """,
            "src/guide/README.md": "# Guide\n",
            "src/guide/zeta.md": "# Zeta\n",
            "src/guide/alpha.md": "# Alpha\n",
            "src/guide/sub/README.md": "# Sub\n",
            "src/guide/sub/deep.md": "# Deep\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        let analysis = try Groundwork.analyze(project.options())
        let site = analysis.site
        let renderer = SiteRenderer(site: site, links: analysis.links, sources: analysis.sources,
                                    templates: try TemplateSet(directory: TempSite.repositoryTemplates),
                                    today: Day(year: 2026, month: 12, day: 5), searchEnabled: false)
        func describe(_ nav: [TemplateObject]) -> [String] {
            nav.map(\.plain).map { entry in
                let children = (entry["pages"] as? [[String: Any]] ?? []).map { "\($0["title"]!)\($0["current"] as? Bool == true ? "*" : "")" }
                return "\(entry["title"]!) [\(children.joined(separator: ", "))]"
            }
        }
        for page in site.pages {
            let cached = renderer.navContext(from: page.url, currentPage: page.index, currentSection: page.sectionPath)
            let direct = renderer.navTargets.map { renderer.navEntry($0, from: page.url, currentPage: page.index, currentSection: page.sectionPath) }
            XCTAssertEqual(describe(cached), describe(direct), page.relativePath)
        }
        let zeta = site.pages[try XCTUnwrap(site.pageByPath["guide/zeta.md"])]
        XCTAssertEqual(describe(renderer.navContext(from: zeta.url, currentPage: zeta.index, currentSection: zeta.sectionPath)),
                       ["Guide [Zeta first*, Sub, Alpha last]"])
        let sub = site.pages[try XCTUnwrap(site.pageByPath["guide/sub/readme.md"] ?? site.pageByPath["guide/sub/README.md"])]
        XCTAssertEqual(describe(renderer.navContext(from: sub.url, currentPage: sub.index, currentSection: sub.sectionPath)),
                       ["Guide [Zeta first, Sub*, Alpha last]"])
    }
}
