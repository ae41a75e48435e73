import XCTest
import TestSupport
@testable import GroundworkCheck
@testable import GroundworkCore
@testable import GroundworkRender
import Markdown
import Templating

/// Issue 21, memory: what `build` lets go of early must not change what it writes.
final class BuildMemoryTests: XCTestCase {
    /// Several folders of pages with navs, cross-folder links, embeds, headings, citations of
    /// nothing (plain text), footnotes and cards.
    private func makeSite() throws -> TempSite {
        var files: [String: String] = ["site.yaml": "title: T\n"]
        files["_index.md"] = "---\ntitle: Home\n---\n\nSee [[f0/p0]] and ![[f1/p1]].\n"
        for f in 0..<6 {
            files["f\(f)/_index.md"] = "---\ntitle: Folder \(f)\nsummary: About \(f)\n---\n\nThe folder.\n"
            for p in 0..<4 {
                files["f\(f)/p\(p).md"] = """
                    ---
                    title: Page \(f).\(p)
                    summary: Summary \(f).\(p)
                    tags: [t\(p)]
                    ---

                    ## Part one

                    Text with a footnote.[^n] Link to [[f\((f + 1) % 6)/p\(p)#Part two]] and [the top](#part-one).

                    ![[f\((f + 2) % 6)/p\((p + 1) % 4)]]

                    ## Part two

                    - a list
                    - [own heading](#part-two)

                    [^n]: The note.

                    """
            }
        }
        files["cards/one.md"] = "---\ntitle: Card one\n---\n\n## Why\n\n- A claim.\n"
        return try TempSite(files)
    }

    /// Moving the trees out of the site and rendering with them (`PageBodies`) renders every
    /// page as rendering from the site does; each tree is given out once, cards keep theirs.
    func testPagesRenderedFromPageBodiesEqualPagesRenderedFromTheSite() throws {
        let temp = try makeSite()
        defer { temp.remove() }
        let options = temp.options()
        var analysis = try Groundwork.analyze(options)
        XCTAssertEqual(analysis.diagnostics.filter { $0.severity == .error }, [])
        let templates = try Groundwork.loadTemplates(options)
        func renderer(_ site: Site) -> SiteRenderer {
            SiteRenderer(site: site, links: analysis.links, sources: analysis.sources, templates: templates, today: options.today,
                         searchEnabled: false)
        }
        let expected = try renderer(analysis.site).renderPages { path, html, _ in "\(path)\n\(html)" }

        let cards = analysis.site.pages.filter(\.isCard).map(\.index)
        XCTAssertEqual(cards.count, 1)
        let bodies = PageBodies(takingFrom: &analysis.site)
        for page in analysis.site.pages where !page.isCard { XCTAssertEqual(page.document.blocks.count, 0, page.relativePath) }
        for index in cards { XCTAssertFalse(analysis.site.pages[index].document.blocks.isEmpty, "a card keeps its tree") }

        let rendered = try renderer(analysis.site).renderPages(bodies: bodies) { path, html, _ in "\(path)\n\(html)" }
        XCTAssertEqual(rendered.count, expected.count)
        for (a, b) in zip(rendered, expected) { XCTAssertEqual(a, b) }
        XCTAssertTrue(expected.contains { $0.contains("<h2 id=\"part-one\"") }, "the bodies are rendered")
        for page in analysis.site.pages { XCTAssertNil(bodies.take(page.index), "given out once: \(page.relativePath)") }
    }

    /// The site's navs and rendered nav entries are kept for a few folders only; with room for
    /// one, every file renders as with room for all (what is dropped is made again).
    func testNavKeptForFewFoldersRendersTheSame() throws {
        let temp = try makeSite()
        defer { temp.remove() }
        let options = temp.options()
        let analysis = try Groundwork.analyze(options)
        let templates = try Groundwork.loadTemplates(options)
        let all = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources, templates: templates,
                               today: options.today, searchEnabled: false)
        let one = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources, templates: templates,
                               today: options.today, searchEnabled: false)
        one.memo.keptFolders = 1
        let expected = try all.render(), rendered = try one.render()
        XCTAssertEqual(rendered.map(\.path), expected.map(\.path))
        for (a, b) in zip(rendered, expected) { XCTAssertEqual(String(decoding: a.contents, as: UTF8.self), String(decoding: b.contents, as: UTF8.self), a.path) }
        XCTAssertGreaterThan(expected.count, 20)
    }

    /// `#id` references to an id of the same file are left out of what the output check keeps;
    /// any other reference stays, in order.
    func testScanDropsOnlyFineFragmentsOfTheFileItself() {
        let html = """
            <h2 id="a">A</h2><a name="n"></a>
            <a href="#a">1</a><a href="#missing">2</a><a href="#n">3</a><a href="other/#a">4</a>
            <a href="#a%20b">5</a><a href="#">6</a><img src="x.png">
            """
        var scan = OutputLinkCheck.scan(Array(html.utf8))
        XCTAssertEqual(scan.references.count, 7)
        scan.dropFineOwnFragments()
        XCTAssertEqual(scan.references.map(\.value), ["#missing", "other/#a", "#a%20b", "#", "x.png"])
        XCTAssertEqual(scan.ids, ["a", "n"])
    }

    /// A broken `#id` of the page itself (from a template) is still reported by the build
    /// (its reference is kept), and a fine one is not.
    func testBrokenOwnFragmentIsStillReported() throws {
        let temp = try TempSite(["site.yaml": "title: T\n", "a.md": "---\ntitle: A\n---\n\n## Here\n\nText.\n"])
        defer { temp.remove() }
        let templates = temp.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: TempSite.repositoryTemplates, to: templates)
        let page = templates.appendingPathComponent("page.mustache")
        let text = try String(contentsOf: page, encoding: .utf8)
            .replacingOccurrences(of: "</article>", with: "<a href=\"#nowhere\">x</a> <a href=\"#here\">y</a></article>")
        try text.write(to: page, atomically: true, encoding: .utf8)
        let report = try Groundwork.build(temp.options(templates: templates))
        let output = report.diagnostics.filter { $0.code == .outputBrokenLink }
        XCTAssertEqual(output.map(\.message), ["href '#nowhere' names no element id 'nowhere' in a/index.html"])
        XCTAssertFalse(report.wrote)
    }
}
