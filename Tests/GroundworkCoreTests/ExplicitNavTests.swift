import Foundation
import Templating
import XCTest
@testable import Markdown
@testable import GroundworkCore
@testable import GroundworkRender

/// Issue 17: when another tool defines the nav entry by entry (mdBook's SUMMARY.md, MkDocs'
/// `nav:`), the site's nav is that tree, as the tool shows it, and previous/next follow it.
final class ExplicitNavTests: XCTestCase {
    /// A book whose SUMMARY.md has every kind of entry, nesting three levels deep, and chapters
    /// whose reading order crosses folders (so folder order and SUMMARY order differ).
    static let book = [
        "book.toml": "[book]\ntitle = \"Nav Book\"\n",
        "src/SUMMARY.md": """
            # Summary

            [Foreword](foreword.md)

            # First part

            - [Zeta](z/zeta.md)
                - [Alpha](a/alpha.md)
                    - [Deep](a/deep.md)
                        - [Deeper](a/deeper.md)
                - [Planned]()
            - [Beta](b/beta.md)

            ---

            # Second part

            - [Gamma](gamma.md)

            [Afterword](afterword.md)
            """,
        "src/foreword.md": "# Foreword\n",
        "src/z/zeta.md": "# Zeta\n",
        "src/a/alpha.md": "# Alpha\n",
        "src/a/deep.md": "# Deep\n",
        "src/a/deeper.md": "# Deeper\n",
        "src/b/beta.md": "# Beta\n",
        "src/gamma.md": "# Gamma\n",
        "src/afterword.md": "# Afterword\n",
        "src/unlisted.md": "# Unlisted\n\nBack to [Gamma](gamma.md).\n",
    ]

    /// One line per entry: indentation for depth, kind, number, title, target.
    func describe(_ items: [ExplicitNavItem], depth: Int = 0) -> [String] {
        items.flatMap { item -> [String] in
            let line = String(repeating: "  ", count: depth)
                + "\(item.kind) \(item.number ?? "-") \(item.title ?? "-") \(item.target ?? "-")"
            return [line] + describe(item.children, depth: depth + 1)
        }
    }

    func testSummaryTreeHasPartsSeparatorsNumbersDraftsAndDepth() {
        let tree = MdBook.navTree(MdBook.parseSummary(Self.book["src/SUMMARY.md"]!))
        XCTAssertEqual(describe(tree), [
            "page - Foreword foreword.md",                 // prefix chapter: unnumbered
            "part - First part -",
            "page 1. Zeta z/zeta.md",
            "  page 1.1. Alpha a/alpha.md",
            "    page 1.1.1. Deep a/deep.md",
            "      page 1.1.1.1. Deeper a/deeper.md",     // four levels, not flattened
            "  draft 1.2. Planned -",                      // numbered like a chapter, no page
            "page 2. Beta b/beta.md",
            "separator - - -",
            "part - Second part -",                        // beside the chapters, not over them
            "page 3. Gamma gamma.md",                      // numbering goes on across parts
            "page - Afterword afterword.md",               // suffix chapter: unnumbered
        ])
    }

    func testMkDocsNavTreeKeepsSectionsOfAnyDepth() {
        var bag = DiagnosticBag()
        let config = MkDocsConfig.parse("""
            site_name: Nested
            nav:
              - index.md
              - Guide:
                - Start: guide/start.md
                - Advanced:
                  - Tuning:
                    - Knobs: guide/adv/tune/knobs.md
                - Reference: ref/
              - Source: https://example.com/src
            """, file: "mkdocs.yml", bag: &bag)
        XCTAssertEqual(bag.items, [])
        XCTAssertEqual(describe(config.navTree), [
            "page - - index.md",
            "group - Guide -",
            "  page - Start guide/start.md",
            "  group - Advanced -",
            "    group - Tuning -",
            "      page - Knobs guide/adv/tune/knobs.md",
            "  page - Reference ref/",
            "link - Source https://example.com/src",
        ])
    }

    /// The nav of the built pages: parts, separators, numbers, the draft unlinked, four levels,
    /// the current page marked; the page SUMMARY.md does not list is built but not shown.
    func testRenderedBookNav() throws {
        let project = try TempSite(Self.book, knowledgeBase: false)
        defer { project.remove() }
        let report = try Groundwork.build(project.options())
        XCTAssertTrue(report.wrote, "\(report.diagnostics.map(\.message))")
        let html = try String(contentsOf: project.output.appendingPathComponent("a/deep/index.html"), encoding: .utf8)
        let nav = try XCTUnwrap(html.range(of: #"<nav id="site-nav""#).flatMap { start in
            html.range(of: "</nav>", range: start.upperBound..<html.endIndex).map { String(html[start.lowerBound..<$0.upperBound]) }
        })
        XCTAssertEqual(nav, """
            <nav id="site-nav" class="site-nav" aria-label="Site">
            <ul class="nav-sections">
            <li class="nav-entry"><a href="../../foreword/">Foreword</a>
            </li>
            <li class="nav-part">First part</li>
            <li class="nav-entry open"><a href="../../z/zeta/"><span class="nav-number">1.</span> Zeta</a>
            <ul>
            <li class="nav-entry open"><a href="../alpha/"><span class="nav-number">1.1.</span> Alpha</a>
            <ul>
            <li class="nav-entry open"><a href="./" aria-current="page"><span class="nav-number">1.1.1.</span> Deep</a>
            <ul>
            <li class="nav-entry"><a href="../deeper/"><span class="nav-number">1.1.1.1.</span> Deeper</a>
            </li>
            </ul>
            </li>
            </ul>
            </li>
            <li class="nav-entry nav-draft"><span class="nav-label"><span class="nav-number">1.2.</span> Planned</span>
            </li>
            </ul>
            </li>
            <li class="nav-entry"><a href="../../b/beta/"><span class="nav-number">2.</span> Beta</a>
            </li>
            <li class="nav-separator" aria-hidden="true"></li>
            <li class="nav-part">Second part</li>
            <li class="nav-entry"><a href="../../gamma/"><span class="nav-number">3.</span> Gamma</a>
            </li>
            <li class="nav-entry"><a href="../../afterword/">Afterword</a>
            </li>
            </ul>
            </nav>
            """)
        XCTAssertFalse(html.contains("Unlisted"))
        let unlisted = try String(contentsOf: project.output.appendingPathComponent("unlisted/index.html"), encoding: .utf8)
        XCTAssertTrue(unlisted.contains("<h1"), "an unlisted page is still built")
        XCTAssertFalse(unlisted.contains(#"class="pager""#), "an unlisted page is outside the reading order")
    }

    /// Previous and next follow SUMMARY.md across folders, skipping drafts, parts and separators.
    func testPagerFollowsTheSummary() throws {
        let project = try TempSite(Self.book, knowledgeBase: false)
        defer { project.remove() }
        XCTAssertTrue(try Groundwork.build(project.options()).wrote)
        func pager(_ url: String) throws -> [String] {
            let html = try String(contentsOf: project.output.appendingPathComponent(url + "index.html"), encoding: .utf8)
            return ["prev", "next"].map { rel in
                guard let tag = html.range(of: "rel=\"\(rel)\""),
                      let title = html.range(of: #"<span class="pager-title">"#, range: tag.upperBound..<html.endIndex),
                      let end = html.range(of: "</span>", range: title.upperBound..<html.endIndex) else { return "-" }
                return String(html[title.upperBound..<end.lowerBound])
            }
        }
        XCTAssertEqual(try pager(""), ["-", "-"])  // no index page: the folder listing page
        XCTAssertEqual(try pager("foreword/"), ["-", "Zeta"])
        XCTAssertEqual(try pager("z/zeta/"), ["Foreword", "Alpha"])
        XCTAssertEqual(try pager("a/deeper/"), ["Deep", "Beta"])  // past the draft
        XCTAssertEqual(try pager("b/beta/"), ["Deeper", "Gamma"])  // past the separator and part
        XCTAssertEqual(try pager("afterword/"), ["Gamma", "-"])
    }

    /// MkDocs: sections three deep stay three deep; a folder entry lists its folder; a link out
    /// is a link.
    func testRenderedMkDocsNav() throws {
        let project = try TempSite([
            "mkdocs.yml": """
                site_name: Nested
                nav:
                  - Home: index.md
                  - Guide:
                    - Start: guide/start.md
                    - Advanced:
                      - Tuning:
                        - Knobs: guide/adv/tune/knobs.md
                  - Reference: ref/
                  - Source: https://example.com/src
                """,
            "docs/index.md": "# Home\n",
            "docs/guide/start.md": "# Start\n",
            "docs/guide/adv/tune/knobs.md": "# Knobs\n",
            "docs/ref/one.md": "# One\n",
            "docs/ref/two.md": "# Two\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        XCTAssertTrue(try Groundwork.build(project.options()).wrote)
        let html = try String(contentsOf: project.output.appendingPathComponent("guide/adv/tune/knobs/index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("""
            <li class="nav-entry open nav-group"><span class="nav-label">Advanced</span>
            <ul>
            <li class="nav-entry open nav-group"><span class="nav-label">Tuning</span>
            <ul>
            <li class="nav-entry"><a href="./" aria-current="page">Knobs</a>
            """), html)
        XCTAssertTrue(html.contains("""
            <li class="nav-entry"><a href="../../../../ref/">Reference</a>
            <ul>
            <li class="nav-entry"><a href="../../../../ref/one/">One</a>
            </li>
            <li class="nav-entry"><a href="../../../../ref/two/">Two</a>
            """), html)
        XCTAssertTrue(html.contains(#"<li class="nav-entry"><a href="https://example.com/src">Source</a>"#), html)
        XCTAssertTrue(html.contains(#"rel="prev" href="../../../start/""#), html)
        XCTAssertTrue(html.contains(#"rel="next" href="../../../../ref/one/""#), html)
    }

    /// A knowledge base (no other tool's nav) keeps the folder nav and its Home entry.
    func testKnowledgeBaseKeepsTheFolderNav() throws {
        let project = try TempSite(["_index.md": "# Home\n", "a/x.md": "# X\n"])
        defer { project.remove() }
        XCTAssertTrue(try Groundwork.build(project.options()).wrote)
        let html = try String(contentsOf: project.output.appendingPathComponent("a/x/index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains(#"<li class="nav-home">"#))
        XCTAssertTrue(html.contains(#"<li class="nav-section open">"#))
        XCTAssertFalse(html.contains("nav-entry"))
    }

    // MARK: - Images keep their size from an attribute list

    func testImageAttributeListKeepsSizeAndLoading() throws {
        let project = try TempSite([
            "mkdocs.yml": "site_name: Images\nmarkdown_extensions:\n  - attr_list\n",
            "docs/index.md": """
                # Images

                ![Plan](plan.png){ width=300 height="50%" loading=lazy align=right }

                ![Wide](plan.png){ width=300px }

                ![Bad](plan.png){ width=wide loading=soon onclick=x style="a" }

                **Bold**{ width=300 }
                """,
            "docs/plan.png": "",
        ], knowledgeBase: false)
        defer { project.remove() }
        let report = try Groundwork.build(project.options())
        XCTAssertEqual(report.diagnostics.map { "\($0.line):\($0.column) \($0.code.id) \($0.message.prefix(24))" }, [
            "7:17 attribute.removed attribute 'loading' is n",
            "7:17 attribute.removed attribute 'onclick' is n",
            "7:17 attribute.removed attribute 'style' is not",
            "7:17 attribute.removed attribute 'width' is not",
            "9:9 attribute.removed attribute 'width' is not",  // only an image takes a size
        ])
        let html = try String(contentsOf: project.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains(#"<img width="300" loading="lazy" style="height: 50%; float: right" src="plan.png" alt="Plan">"#), html)
        XCTAssertTrue(html.contains(#"<img width="300" src="plan.png" alt="Wide" loading="lazy">"#), html)
        XCTAssertTrue(html.contains(#"<img src="plan.png" alt="Bad" loading="lazy">"#), html)
    }

    func testImageValues() {
        for (name, value, kept) in [("width", "300", "width=300"), ("width", "300px", "width=300"), ("height", "100%", "style=height: 100%"),
                                    ("width", "101%", nil), ("width", "3e2", nil), ("width", "", nil), ("width", "123456", nil),
                                    ("loading", "LAZY", "loading=lazy"), ("loading", "auto", nil), ("align", "center", nil),
                                    ("align", "Left", "style=float: left"), ("align", "top", "style=vertical-align: top"),
                                    ("style", "x", nil)] as [(String, String, String?)] {
            XCTAssertEqual(BlockAttributes.imageAttribute(name: name, value: Substring(value)).map { "\($0.name)=\($0.value)" }, kept,
                           "\(name)=\(value)")
        }
    }
}

extension ExplicitNavTests {
    /// Above `ExplicitNavMemo.expandedLimit` entries, only the branch holding the page is open,
    /// so a page's nav does not list every page of a large book.
    func testALongNavOpensOnlyTheCurrentBranch() throws {
        let many = (1...ExplicitNavMemo.expandedLimit).map { "    - [Part \($0)](a/p\($0).md)" }.joined(separator: "\n")
        var files = [
            "book.toml": "[book]\ntitle = \"Long\"\n",
            "src/SUMMARY.md": "# Summary\n\n- [A](a/README.md)\n\(many)\n- [B](b/README.md)\n    - [B one](b/one.md)\n",
            "src/a/README.md": "# A\n", "src/b/README.md": "# B\n", "src/b/one.md": "# B one\n",
        ]
        for n in 1...ExplicitNavMemo.expandedLimit { files["src/a/p\(n).md"] = "# P\n" }
        let project = try TempSite(files, knowledgeBase: false)
        defer { project.remove() }
        // Two pages rendered, not the whole book: 300 pages each listing 300 would be slow.
        let analysis = try Groundwork.analyze(project.options())
        let renderer = try SiteRenderer.forTests(analysis)
        func html(_ path: String) throws -> String {
            String(decoding: try renderer.renderPage(analysis.site.pages[analysis.site.pageByPath[path]!]).contents, as: UTF8.self)
        }
        let inB = try html("b/one.md")
        XCTAssertFalse(inB.contains("Part 1<"), "a closed chapter does not list its sub-chapters")
        XCTAssertTrue(inB.contains("""
            <li class="nav-entry"><a href="../../a/"><span class="nav-number">1.</span> A</a>
            </li>
            <li class="nav-entry open"><a href="../"><span class="nav-number">2.</span> B</a>
            <ul>
            <li class="nav-entry"><a href="./" aria-current="page"><span class="nav-number">2.1.</span> B one</a>
            </li>
            </ul>
            </li>
            </ul>
            """), inB)
        let inA = try html("a/p7.md")
        XCTAssertTrue(inA.contains(#"<span class="nav-number">1.300.</span> Part 300</a>"#))
        XCTAssertTrue(inA.contains(#"aria-current="page"><span class="nav-number">1.7.</span> Part 7</a>"#))
    }
}
