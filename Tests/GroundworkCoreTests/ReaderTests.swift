import Foundation
import XCTest
@testable import GroundworkCore

/// The reader's side of the built site (issue 6): glossary linking, callouts and tables, the
/// generated site pages (glossary, tags, 404, sitemap), the furniture on every page, and search.
final class ReaderTests: XCTestCase {
    // MARK: Helpers

    /// A small site with three glossary terms.
    static let glossarySite: [String: String] = [
        "_index.md": "---\ntitle: Home\n---\nSee [definitions](defs/_index.md).\n",
        "defs/_index.md": "---\ntitle: Definitions\n---\nThe terms.\n",
        "defs/foundation-model.md": """
            ---
            title: Foundation model
            term: foundation model
            also_known_as: [base model]
            summary: A large "general" model <meant> to be adapted.
            ---
            A foundation model is general. Fine-tuning adapts it.
            """,
        "defs/fine-tuning.md": """
            ---
            title: Fine-tuning
            term: fine-tuning
            summary: Further training that changes the weights.
            ---
            Text.
            """,
        "defs/rft.md": """
            ---
            title: Reinforcement fine-tuning
            term: reinforcement fine-tuning
            also_known_as: [RFT]
            summary: Fine-tuning with a grader.
            ---
            Text.
            """,
        "defs/rag.md": """
            ---
            title: Retrieval-augmented generation
            term: retrieval-augmented generation
            also_known_as: [RAG]
            summary: Retrieval at question time.
            ---
            Text.
            """,
        "defs/policy.md": """
            ---
            title: Policy
            term: policy
            summary: A rule.
            ---
            Text.
            """,
    ]

    /// Builds `files` (plus `extra`) and returns the site folder; fails on build errors.
    func build(_ files: [String: String], extra: [String: String] = [:], name: String = #function,
               configure: (inout Options) -> Void = { _ in }) throws -> (TempSite, URL) {
        let site = try TempSite(files.merging(extra) { _, new in new }, name: name)
        var options = site.options()
        options.environment = ["PATH": ""]
        configure(&options)
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        return (site, site.output)
    }

    func html(_ output: URL, _ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    /// The rendered body of one page of `glossarySite` plus a page `t.md` with `body`.
    func renderedBody(_ body: String, name: String = #function) throws -> String {
        let (site, out) = try build(Self.glossarySite, extra: ["defs/t.md": "---\ntitle: T\n---\n" + body], name: name)
        defer { site.remove() }
        let page = try html(out, "defs/t/index.html")
        // The content div closes at the last </div> of the article (nothing after it has divs).
        let start = page.range(of: "<div class=\"content\">")!.upperBound
        let articleEnd = page.range(of: "</article>")!.lowerBound
        let end = page.range(of: "</div>", options: .backwards, range: start..<articleEnd)!.lowerBound
        return String(page[start..<end]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func termLinks(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "<a class=\"term\" href=\"([^\"]*)\"[^>]*>([^<]*)</a>")
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            String(html[Range($0.range(at: 2), in: html)!]) + " → " + String(html[Range($0.range(at: 1), in: html)!])
        }
    }

    // MARK: Glossary links

    func testFirstMentionIsLinkedWithSummaryAsTooltip() throws {
        let body = try renderedBody("A foundation model here, and a foundation model again.\n")
        XCTAssertEqual(termLinks(body), ["foundation model → ../foundation-model/"])
        // The summary, escaped, is the tooltip.
        XCTAssertTrue(body.contains("title=\"A large &quot;general&quot; model &lt;meant&gt; to be adapted.\""), body)
        XCTAssertTrue(body.hasSuffix("and a foundation model again.</p>"), body)
    }

    func testCaseInsensitivePluralsAndAlsoKnownAs() throws {
        XCTAssertEqual(termLinks(try renderedBody("Foundation Models are big.\n")), ["Foundation Models → ../foundation-model/"])
        XCTAssertEqual(termLinks(try renderedBody("Two base models.\n")), ["base models → ../foundation-model/"])
        XCTAssertEqual(termLinks(try renderedBody("Many policies apply.\n")), ["policies → ../policy/"])
        XCTAssertEqual(termLinks(try renderedBody("Two RAGs.\n")), ["RAGs → ../rag/"])
    }

    func testWholeWordsOnly() throws {
        XCTAssertEqual(termLinks(try renderedBody("Foundation modelling, prefoundation model, policyholder, fine-tunings-x.\n")), [])
    }

    func testAcronymsMatchOnlyInCapitals() throws {
        XCTAssertEqual(termLinks(try renderedBody("A rag, a Rag, a drag; then RAG.\n")), ["RAG → ../rag/"])
    }

    func testTermWrappedAcrossSourceLinesIsFound() throws {
        let body = try renderedBody("We use a foundation\nmodel daily.\n")
        XCTAssertEqual(termLinks(body), ["foundation\nmodel → ../foundation-model/"])
    }

    func testLongestPhraseWinsAndIsConsumedWhole() throws {
        // "reinforcement fine-tuning" links to its own page, and its "fine-tuning" part is not
        // a mention of fine-tuning; the later plain "fine-tuning" is.
        let body = try renderedBody("Reinforcement fine-tuning differs from fine-tuning.\n")
        XCTAssertEqual(termLinks(body), ["Reinforcement fine-tuning → ../rft/", "fine-tuning → ../fine-tuning/"])
    }

    func testNeverInHeadingsLinksOrCode() throws {
        let body = try renderedBody("""
            ## Foundation model basics

            [a foundation model](https://example.org/fm) and `foundation model` and [[fine-tuning|some fine-tuning]].

                foundation model in a code block

            ```
            fine-tuning in a fence
            ```

            Only here: foundation model, fine-tuning.
            """)
        // fine-tuning was linked by the writer ([[fine-tuning]]), so it is not linked again.
        XCTAssertEqual(termLinks(body), ["foundation model → ../foundation-model/"])
        XCTAssertTrue(body.contains("<h2 id=\"foundation-model-basics\">Foundation model basics"), body)
        XCTAssertTrue(body.contains("<code>foundation model</code>"), body)
        XCTAssertTrue(body.contains("<pre><code>foundation model in a code block"), body)
        XCTAssertTrue(body.range(of: "Only here: <a class=\"term\"") != nil, body)
    }

    func testLinksInsideEmphasisTablesAndCallouts() throws {
        let body = try renderedBody("""
            > [!TIP]
            > Try a *base model* first.

            ```table
            | Method | Note |
            | RAG | changes nothing |
            ```
            """)
        XCTAssertEqual(termLinks(body), ["base model → ../foundation-model/", "RAG → ../rag/"])
        XCTAssertTrue(body.contains("<em><a class=\"term\""), body)
    }

    func testATermPageNeverLinksToItself() throws {
        let (site, out) = try build(Self.glossarySite)
        defer { site.remove() }
        let page = try html(out, "defs/foundation-model/index.html")
        XCTAssertEqual(termLinks(page), ["Fine-tuning → ../fine-tuning/"])
    }

    func testATermTheWriterLinkedIsNotLinkedAgain() throws {
        let body = try renderedBody("See [the weights page](foundation-model.md). Base models are big.\n\nThen RAG.\n")
        XCTAssertEqual(termLinks(body), ["RAG → ../rag/"])
    }

    func testEachTermIsLinkedOncePerPageAcrossParagraphs() throws {
        let body = try renderedBody("RAG one.\n\nRAG two.\n\n- RAG three\n")
        XCTAssertEqual(termLinks(body), ["RAG → ../rag/"])
    }

    // MARK: Callouts and tables

    func testCalloutsRenderEveryKind() throws {
        let body = try renderedBody("""
            > [!NOTE]
            > A note.

            > [!TIP]
            > A tip.

            > [!IMPORTANT]
            > Important.

            > [!WARNING]
            > Careful.

            > [!CAUTION]
            > Danger.

            > A plain quotation.
            """)
        for (kind, title) in [("note", "Note"), ("tip", "Tip"), ("important", "Important"), ("warning", "Warning"), ("caution", "Caution")] {
            XCTAssertTrue(body.contains("<div class=\"callout callout-\(kind)\" role=\"note\">\n<p class=\"callout-title\">\(title)</p>\n<p>"),
                          "\(kind): \(body)")
        }
        XCTAssertTrue(body.contains("<blockquote>\n<p>A plain quotation.</p>\n</blockquote>"), body)
        XCTAssertFalse(body.contains("[!"), body)
    }

    func testTableBlockRendersHeaderBodyAndInlineMarkdown() throws {
        let body = try renderedBody("""
            ```table
            | Method | Changes *weights*? | See |
            | Prompting | No | [the base](foundation-model.md) |
            | Fine-tuning | **Yes** | `code` |
            ```
            """)
        XCTAssertEqual(body, """
            <div class="table-wrap"><table>
            <thead>
            <tr><th scope="col">Method</th><th scope="col">Changes <em>weights</em>?</th><th scope="col">See</th></tr>
            </thead>
            <tbody>
            <tr><td>Prompting</td><td>No</td><td><a href="../foundation-model/">the base</a></td></tr>
            <tr><td><a class="term" href="../fine-tuning/" title="Further training that changes the weights.">Fine-tuning</a></td><td><strong>Yes</strong></td><td><code>code</code></td></tr>
            </tbody>
            </table></div>
            """)
    }

    func testMalformedTableIsReportedAtTheRow() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n\n```table\n| a | b |\n| 1 | 2 |\n| 3 |\n```\n"])
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, ["content/_index.md:8:1 table.malformed"])
        XCTAssertEqual(report.diagnostics.first?.message, "row has 1 cells; the header has 2")
    }

    func testImageWithoutAltTextIsAWarningAndRendersAnEmptyAlt() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n![](assets/chart.png)\n\n![A bar chart](assets/chart.png)\n",
            "assets/chart.png": "not really a PNG",
        ])
        defer { site.remove() }
        var options = site.options()
        options.environment = ["PATH": ""]
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote)
        XCTAssertEqual(report.summaryLines, ["content/_index.md:4:1 image.alt-missing"])
        XCTAssertEqual(report.diagnostics.first?.severity, .warning)
        let home = try html(site.output, "index.html")
        XCTAssertTrue(home.contains("<img src=\"assets/chart.png\" alt=\"\" loading=\"lazy\">"), home)
        XCTAssertTrue(home.contains("<img src=\"assets/chart.png\" alt=\"A bar chart\" loading=\"lazy\">"), home)
    }

    // MARK: Site pages

    func testGlossaryPageListsEveryTermWithSummaryAndLinks() throws {
        let (site, out) = try build(Self.glossarySite)
        defer { site.remove() }
        let page = try html(out, "glossary/index.html")
        let terms = try NSRegularExpression(pattern: "<dt><a href=\"([^\"]+)\">([^<]+)</a></dt>")
            .matches(in: page, range: NSRange(page.startIndex..., in: page))
            .map { String(page[Range($0.range(at: 2), in: page)!]) + " " + String(page[Range($0.range(at: 1), in: page)!]) }
        XCTAssertEqual(terms, ["Fine-tuning ../defs/fine-tuning/", "Foundation model ../defs/foundation-model/",
                               "Policy ../defs/policy/", "Reinforcement fine-tuning ../defs/rft/",
                               "Retrieval-augmented generation ../defs/rag/"])
        XCTAssertTrue(page.contains("id=\"term-foundation-model\""), page)
        XCTAssertTrue(page.contains("<dd>A large &quot;general&quot; model &lt;meant&gt; to be adapted.<span class=\"aka\">Also known as base model</span></dd>"), page)
        // Linked from the nav, the footer and the home page, and marked current on itself.
        XCTAssertTrue(page.contains("<a href=\"./\" aria-current=\"page\">Glossary</a>"), page)
        let home = try html(out, "index.html")
        XCTAssertTrue(home.contains("<a href=\"glossary/\">Glossary</a>"), home)
    }

    func testNoGlossaryPageWithoutTerms() throws {
        let (site, out) = try build(["_index.md": "---\ntitle: Home\n---\nHello.\n"])
        defer { site.remove() }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("glossary").path))
        XCTAssertFalse(try html(out, "index.html").contains("Glossary"))
    }

    func testAContentPageAtGlossaryWins() throws {
        var files = Self.glossarySite
        files["glossary.md"] = "---\ntitle: Our own glossary\n---\nHand-written.\n"
        files["_index.md"] = "---\ntitle: Home\n---\nSee [definitions](defs/_index.md) and [glossary](glossary.md).\n"
        let (site, out) = try build(files)
        defer { site.remove() }
        XCTAssertTrue(try html(out, "glossary/index.html").contains("Hand-written."))
    }

    func testTagPagesAndIndex() throws {
        let (site, out) = try build([
            "_index.md": "---\ntitle: Home\ntags: [Overview]\n---\nSee [b](guide/b.md) and [a](guide/a.md).\n",
            "guide/a.md": "---\ntitle: Alpha\ntags: [RAG, Public sector]\nsummary: About alpha.\n---\nA.\n",
            "guide/b.md": "---\ntitle: Beta\ntags: [rag]\n---\nB.\n",
        ])
        defer { site.remove() }
        // "RAG" and "rag" are one tag.
        let tags = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("tags").path).sorted()
        XCTAssertEqual(tags, ["index.html", "overview", "public-sector", "rag"])
        let rag = try html(out, "tags/rag/index.html")
        XCTAssertTrue(rag.contains("<h1>Tagged “RAG”</h1>"), rag)
        XCTAssertTrue(rag.contains("<li><a href=\"../../guide/a/\">Alpha</a><p>About alpha.</p></li>\n<li><a href=\"../../guide/b/\">Beta</a></li>"), rag)
        // Breadcrumbs: home › Tags › this tag.
        XCTAssertTrue(rag.contains("<li><a href=\"../../\">Home</a></li>\n<li><a href=\"../\">Tags</a></li>\n<li><span aria-current=\"page\">Tagged “RAG”</span></li>"), rag)
        let index = try html(out, "tags/index.html")
        XCTAssertTrue(index.contains("<li><a href=\"rag/\">RAG</a> <span class=\"count\">2 pages</span></li>"), index)
        // A page links its tags to their pages, relatively.
        let a = try html(out, "guide/a/index.html")
        XCTAssertTrue(a.contains("<li><a href=\"../../tags/rag/\">RAG</a></li>\n<li><a href=\"../../tags/public-sector/\">Public sector</a></li>"), a)
    }

    /// A writer's page at a tag's URL is that tag's page: it is kept (the generated one was
    /// written over it, silently), and the tag index and the tagged pages link to it.
    func testAContentPageAtATagPageWins() throws {
        let (site, out) = try build([
            "_index.md": "---\ntitle: Home\n---\nSee [a](guide/a.md) and [rag](tags/rag.md).\n",
            "guide/a.md": "---\ntitle: Alpha\ntags: [RAG, Public sector]\n---\nA.\n",
            "tags/rag.md": "---\ntitle: All about RAG\n---\nOur own words on RAG.\n",
        ])
        defer { site.remove() }
        let rag = try html(out, "tags/rag/index.html")
        XCTAssertTrue(rag.contains("Our own words on RAG."), rag)
        XCTAssertFalse(rag.contains("Tagged “RAG”"), rag)
        // The other tag keeps its generated page; the index lists both.
        XCTAssertTrue(try html(out, "tags/public-sector/index.html").contains("Tagged “Public sector”"))
        XCTAssertTrue(try html(out, "tags/index.html").contains("<a href=\"rag/\">RAG</a>"))
        XCTAssertTrue(try html(out, "guide/a/index.html").contains("<a href=\"../../tags/rag/\">RAG</a>"))
    }

    /// A writer's `tags.md` is the tag index: no tag pages are generated, and tags are shown
    /// as plain names.
    func testAContentPageAtTagsReplacesTheTagPages() throws {
        let (site, out) = try build([
            "_index.md": "---\ntitle: Home\n---\nSee [a](guide/a.md) and [tags](tags.md).\n",
            "guide/a.md": "---\ntitle: Alpha\ntags: [RAG]\n---\nA.\n",
            "tags.md": "---\ntitle: Topics\n---\nOur own topic list.\n",
        ])
        defer { site.remove() }
        XCTAssertTrue(try html(out, "tags/index.html").contains("Our own topic list."))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("tags/rag").path))
        XCTAssertFalse(try html(out, "guide/a/index.html").contains("tags/rag/"))
    }

    func testNotFoundPageLinksFromTheBaseURLPath() throws {
        let (site, out) = try build(Self.glossarySite, extra: ["site.yaml": "title: T\nbase_url: https://example.org/kb\n"])
        defer { site.remove() }
        let page = try html(out, "404.html")
        XCTAssertTrue(page.contains("<link rel=\"stylesheet\" href=\"/kb/assets/style.css\">"), page)
        XCTAssertTrue(page.contains("<a href=\"/kb/defs/\">Definitions</a>"), page)
        XCTAssertTrue(page.contains("<a href=\"/kb/glossary/\">Glossary</a>"), page)
        XCTAssertTrue(page.contains("<a class=\"skip-link\" href=\"#main\">"), page)
        XCTAssertFalse(page.contains("aria-current"), page)
        let sitemap = try html(out, "sitemap.xml")
        XCTAssertTrue(sitemap.contains("<loc>https://example.org/kb/glossary/</loc>"), sitemap)
        XCTAssertTrue(sitemap.contains("<loc>https://example.org/kb/defs/rag/</loc>"), sitemap)
    }

    func testNotFoundPageWithoutBaseURLIsRelativeToTheRoot() throws {
        let (site, out) = try build(Self.glossarySite)
        defer { site.remove() }
        let page = try html(out, "404.html")
        XCTAssertTrue(page.contains("<link rel=\"stylesheet\" href=\"assets/style.css\">"), page)
        XCTAssertTrue(page.contains("<a href=\"defs/\">Definitions</a>"), page)
    }

    // MARK: Every page

    func testPageFurniture() throws {
        let (site, out) = try build([
            "_index.md": "---\ntitle: Home\n---\nStart at [the guide](guide/_index.md).\n",
            "guide/_index.md": "---\ntitle: Guide\n---\nRead [one](one.md), [two](two.md) and [three](three.md).\n",
            "guide/one.md": "---\ntitle: One\norder: 1\n---\nSee [two](two.md#second-part).\n",
            "guide/two.md": """
                ---
                title: Two
                order: 2
                review_by: 2027-01-31
                owner: Pat
                tags: [basics]
                ---
                ## First part

                Text.

                ### Detail

                ## Second part

                More.
                """,
            "guide/three.md": "---\ntitle: Three\norder: 3\nreview_by: 2026-01-01\n---\nLast.\n",
        ])
        defer { site.remove() }
        let two = try html(out, "guide/two/index.html")
        // Nav: sections and pages, the current one marked.
        XCTAssertTrue(two.contains("<li class=\"nav-section open\"><a href=\"../\">Guide</a>"), two)
        XCTAssertTrue(two.contains("<li><a href=\"./\" aria-current=\"page\">Two</a></li>"), two)
        XCTAssertEqual(two.components(separatedBy: "aria-current=\"page\"").count - 1, 2, "nav and breadcrumb")
        // Breadcrumbs.
        XCTAssertTrue(two.contains("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\"><ol>\n<li><a href=\"../../\">Home</a></li>\n<li><a href=\"../\">Guide</a></li>\n<li><span aria-current=\"page\">Two</span></li>"), two)
        // TOC with the sub-heading indented.
        XCTAssertTrue(two.contains("<li><a href=\"#first-part\">First part</a></li>\n<li class=\"sub\"><a href=\"#detail\">Detail</a></li>\n<li><a href=\"#second-part\">Second part</a></li>"), two)
        // Review date, owner, tags.
        XCTAssertTrue(two.contains("Review by <time datetime=\"2027-01-31\">2027-01-31</time> · Owner: Pat"), two)
        XCTAssertTrue(two.contains("<a href=\"../../tags/basics/\">basics</a>"), two)
        // Backlinks.
        XCTAssertTrue(two.contains("<h2 id=\"gw-backlinks-heading\">Linked from</h2>\n<ul>\n<li><a href=\"../\">Guide</a></li>\n<li><a href=\"../one/\">One</a></li>"), two)
        // Previous and next, in reading order.
        XCTAssertTrue(two.contains("<a class=\"prev\" rel=\"prev\" href=\"../one/\">"), two)
        XCTAssertTrue(two.contains("<a class=\"next\" rel=\"next\" href=\"../three/\">"), two)
        // The section index leads into its first page; its first page leads back to it.
        XCTAssertTrue(try html(out, "guide/index.html").contains("<a class=\"next\" rel=\"next\" href=\"one/\">"))
        XCTAssertTrue(try html(out, "guide/one/index.html").contains("<a class=\"prev\" rel=\"prev\" href=\"../\">"))
        let three = try html(out, "guide/three/index.html")
        XCTAssertFalse(three.contains("class=\"next\""))
        XCTAssertTrue(three.contains("<strong class=\"overdue\">(overdue)</strong>"), three)
        // A one-heading page has no TOC.
        XCTAssertFalse(three.contains("class=\"toc\""))
        // Landmarks and the skip link.
        for landmark in ["<html lang=\"en\">", "<a class=\"skip-link\" href=\"#main\">", "<main id=\"main\" tabindex=\"-1\">",
                         "<header class=\"site-header\">", "<footer class=\"site-footer\">", "<nav id=\"site-nav\" class=\"site-nav\" aria-label=\"Site\">"] {
            XCTAssertTrue(two.contains(landmark), landmark)
        }
    }

    func testSectionIndexListsItsPagesUnlessItsTextAlreadyDoes() throws {
        let (site, out) = try build([
            "_index.md": "---\ntitle: Home\n---\n[a](a/_index.md), [b](b/_index.md)\n",
            "a/_index.md": "---\ntitle: A\n---\nNo list.\n",
            "a/x.md": "---\ntitle: X\n---\nX.\n",
            "b/_index.md": "---\ntitle: B\n---\n## In this section\n\n- [Y](y.md)\n",
            "b/y.md": "---\ntitle: Y\n---\nY.\n",
        ])
        defer { site.remove() }
        XCTAssertTrue(try html(out, "a/index.html").contains("<h2 id=\"gw-section-pages\">In this section</h2>"))
        let b = try html(out, "b/index.html")
        XCTAssertFalse(b.contains("gw-section-pages"), b)
        XCTAssertEqual(b.components(separatedBy: "id=\"in-this-section\"").count, 2, "one heading id, no duplicate")
    }

    // MARK: Search

    func testSearchOffHasNoSearchBox() throws {
        let (site, out) = try build(Self.glossarySite) { $0.search = .off }
        defer { site.remove() }
        XCTAssertFalse(try html(out, "index.html").contains("id=\"search\""))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("pagefind").path))
    }

    func testSearchAutoWithoutPagefindBuildsWithoutSearch() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("gw-nopagefind-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        XCTAssertNil(try SearchIndexer.resolve(.auto, environment: ["PATH": empty.path], currentDirectory: empty))
        XCTAssertNil(try SearchIndexer.resolve(.off, environment: ["PATH": empty.path], currentDirectory: empty))
    }

    func testSearchOnWithoutPagefindFailsNamingTheFix() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("gw-nopagefind-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        XCTAssertThrowsError(try SearchIndexer.resolve(.on, environment: ["PATH": empty.path], currentDirectory: empty)) { error in
            let message = "\(error)"
            XCTAssertTrue(error is EnvironmentError)
            XCTAssertTrue(message.contains("Pagefind was not found"), message)
            XCTAssertTrue(message.contains("pip install pagefind-bin=="), message)
            XCTAssertTrue(message.contains("pagefind-bin==1.5.2"), message)
        }
    }

    func testSearchOnWithoutPagefindLeavesThePreviousSite() throws {
        let (site, out) = try build(Self.glossarySite)
        defer { site.remove() }
        let before = snapshot(out)
        var options = site.options()
        options.search = .on
        options.environment = ["PATH": "", "GROUNDWORK_PAGEFIND": site.root.appendingPathComponent("missing").path]
        XCTAssertThrowsError(try Groundwork.build(options)) { error in
            XCTAssertTrue("\(error)".contains("GROUNDWORK_PAGEFIND"), "\(error)")
        }
        XCTAssertEqual(snapshot(out), before)
    }

    /// A stand-in `pagefind` on PATH: records its arguments and writes the UI files, so the
    /// wiring is tested without the real binary.
    func fakePagefind(in folder: URL, failing: Bool = false) throws -> URL {
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = bin.appendingPathComponent("pagefind")
        let log = folder.appendingPathComponent("pagefind.log")
        try """
            #!/bin/sh
            echo "$@" > '\(log.path)'
            \(failing ? "echo 'Error: the index exploded' >&2; exit 3" : "")
            site="$2"
            mkdir -p "$site/pagefind" && echo '// ui' > "$site/pagefind/pagefind-ui.js"
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return bin
    }

    func testSearchOnIndexesTheStagedSiteBeforeTheSwap() throws {
        let site = try TempSite(Self.glossarySite)
        defer { site.remove() }
        let bin = try fakePagefind(in: site.root)
        var options = site.options()
        options.search = .on
        options.environment = ["PATH": bin.path]
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote)
        let arguments = try String(contentsOf: site.root.appendingPathComponent("pagefind.log"), encoding: .utf8)
        // Pagefind ran on the staging folder beside _site, not on _site itself.
        XCTAssertTrue(arguments.hasPrefix("--site " + site.root.path + "/._site.groundwork-tmp-"), arguments)
        XCTAssertTrue(arguments.contains("--output-subdir pagefind"), arguments)
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("pagefind/pagefind-ui.js").path))
        let home = try html(site.output, "index.html")
        // No role here: Pagefind's form is the one search landmark (axe: landmark-unique).
        XCTAssertTrue(home.contains("<div id=\"search\" class=\"search\" data-root=\"\"></div>"), home)
        XCTAssertTrue(home.contains("<script src=\"pagefind/pagefind-ui.js\" defer></script>"), home)
        let deep = try html(site.output, "defs/rag/index.html")
        XCTAssertTrue(deep.contains("data-root=\"../../\""), deep)
        XCTAssertTrue(deep.contains("<link rel=\"stylesheet\" href=\"../../pagefind/pagefind-ui.css\">"), deep)
    }

    func testPagefindFailureLeavesThePreviousSite() throws {
        let (site, out) = try build(Self.glossarySite)
        defer { site.remove() }
        let before = snapshot(out)
        let bin = try fakePagefind(in: site.root, failing: true)
        var options = site.options()
        options.search = .on
        options.environment = ["PATH": bin.path]
        XCTAssertThrowsError(try Groundwork.build(options)) { error in
            XCTAssertTrue("\(error)".contains("Pagefind failed (status 3)"), "\(error)")
            XCTAssertTrue("\(error)".contains("the index exploded"), "\(error)")
        }
        XCTAssertEqual(snapshot(out), before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix("._site") }
        XCTAssertEqual(leftovers, [])
    }

    func testLocatesThePagefindBinaryInsideAVirtualEnvironment() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gw-venv-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let package = root.appendingPathComponent("venv/lib/python3.11/site-packages/pagefind_bin")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("venv/bin"), withIntermediateDirectories: true)
        let binary = package.appendingPathComponent("pagefind")
        try "#!/bin/sh\n".write(to: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        // Through PATH (…/venv/bin), and as ./.venv of the working folder.
        XCTAssertEqual(SearchIndexer.locate(environment: ["PATH": root.appendingPathComponent("venv/bin").path], currentDirectory: root)?.path,
                       binary.path)
        try FileManager.default.moveItem(at: root.appendingPathComponent("venv"), to: root.appendingPathComponent(".venv"))
        XCTAssertEqual(SearchIndexer.locate(environment: ["PATH": ""], currentDirectory: root)?.lastPathComponent, "pagefind")
    }

    /// With the project's pinned Pagefind (`make pagefind`), a real index is built.
    func testRealPagefindWhenInstalled() throws {
        let repository = TempSite.repositoryTemplates.deletingLastPathComponent()
        guard let binary = SearchIndexer.locate(environment: ["PATH": ""], currentDirectory: repository) else {
            throw XCTSkip("Pagefind is not installed in .venv (make pagefind)")
        }
        let site = try TempSite(Self.glossarySite)
        defer { site.remove() }
        var options = site.options()
        options.search = .on
        options.environment = ["GROUNDWORK_PAGEFIND": binary.path]
        XCTAssertTrue(try Groundwork.build(options).wrote)
        for file in ["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/pagefind-entry.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: site.output.appendingPathComponent(file).path), file)
        }
    }
}
