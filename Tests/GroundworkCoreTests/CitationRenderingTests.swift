import Foundation
import XCTest
@testable import GroundworkCore

/// What citations render to: numbered markers, each page's reference list, the bibliography
/// page and `sources.json`.
final class CitationRenderingTests: XCTestCase {
    static let sources = """
        references:
          - id: alpha
            type: article-journal
            title: Alpha Title
            author:
              - {family: Author, given: Ann}
              - {literal: Brown Lab}
            issued: {date-parts: [[2021, 8]]}
            container-title: Journal of Things
            volume: 6
            issue: 1
            page: 10-20
            DOI: 10.1000/xyz
            URL: https://example.com/alpha
            accessed: 2026-11-29
            review_by: 2027-11-29
            status: confirmed
            note: Seen as worded.
            excerpts:
              - "Everything is fine."
          - id: beta
            type: report
            title: Beta & Co
            publisher: Beta Office
            number: BO-1234
            URL: https://example.com/beta
            accessed: 2026-11-29
            review_by: 2026-11-01
            status: partial
          - id: gamma
            type: webpage
            title: Gamma Page
            publisher: Gamma Inc.
            issued: 2024-07-26
            URL: https://example.com/gamma
            accessed: 2026-11-29
            status: unverified
          - id: delta
            title: Delta Nobody Cites
            URL: https://example.com/delta
            accessed: 2026-11-29
            status: confirmed

        """

    func build() throws -> (TempSite, Report) {
        let site = try TempSite([
            "site.yaml": "title: Cite Test\nbase_url: https://example.com/kb/\n",
            "sources.yaml": Self.sources,
            "_index.md": "---\ntitle: Home\n---\n\nRead [page A](guide/a.md); a pointer [@gamma].\n",
            "guide/_index.md": "---\ntitle: Guide\n---\n\nThe guide.\n",
            "guide/a.md": """
                ---
                title: Page A
                ---

                First "Everything is fine." [@alpha, p. 4] then [@beta] and
                again [@alpha].

                """,
        ])
        return (site, try Groundwork.build(site.options()))
    }

    func read(_ site: TempSite, _ path: String) throws -> String {
        try String(contentsOf: site.output.appendingPathComponent(path), encoding: .utf8)
    }

    func testMarkersAndReferenceList() throws {
        let (site, report) = try build()
        defer { site.remove() }
        XCTAssertTrue(report.wrote, "\(report.summaryLines)")
        let page = try read(site, "guide/a/index.html")
        XCTAssertTrue(page.contains("<sup class=\"citation\">[<a href=\"#ref-alpha\" title=\"Alpha Title\">1</a>, p. 4]</sup>"), page)
        XCTAssertTrue(page.contains("<sup class=\"citation\">[<a href=\"#ref-beta\" title=\"Beta &amp; Co\">2</a>]</sup>"), page)
        XCTAssertTrue(page.contains("again <sup class=\"citation\">[<a href=\"#ref-alpha\" title=\"Alpha Title\">1</a>]</sup>"), page)

        let alpha = try XCTUnwrap(page.range(of: "<li id=\"ref-alpha\">"))
        let beta = try XCTUnwrap(page.range(of: "<li id=\"ref-beta\">"))
        XCTAssertLessThan(alpha.lowerBound, beta.lowerBound, "references are numbered in order of first citation")
        XCTAssertFalse(page.contains("ref-gamma"), "a page lists only what it cites")
        XCTAssertTrue(page.contains("Author, Ann; Brown Lab. (2021). <cite>Alpha Title</cite>. Journal of Things 6(1), 10-20. "
                                    + "<a href=\"https://doi.org/10.1000/xyz\">doi:10.1000/xyz</a>. Accessed 2026-11-29."), page)
        XCTAssertTrue(page.contains("<span class=\"badge badge-confirmed\" title=\"The wording was seen in the source.\">Confirmed</span>"))
        XCTAssertTrue(page.contains("<cite>Beta &amp; Co</cite>. Beta Office. BO-1234. <a href=\"https://example.com/beta\">https://example.com/beta</a>. Accessed 2026-11-29."), page)
        XCTAssertTrue(page.contains("badge badge-partial"))
    }

    func testBibliographyPage() throws {
        let (site, _) = try build()
        defer { site.remove() }
        let html = try read(site, "bibliography/index.html")
        // Every source, in author/publisher order, with its status.
        let order = ["ref-alpha", "ref-beta", "ref-delta", "ref-gamma"].map { html.range(of: "id=\"\($0)\"")?.lowerBound }
        XCTAssertFalse(order.contains(nil), html)
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted())
        for status in ["confirmed", "partial", "unverified"] { XCTAssertTrue(html.contains("badge badge-\(status)"), status) }
        // The pages that cite each source, as relative links.
        XCTAssertTrue(html.contains("Cited by: <a href=\"../guide/a/\">Page A</a></p>"), html)
        XCTAssertTrue(html.contains("Cited by: <a href=\"../\">Home</a></p>"), html)
        XCTAssertTrue(html.contains("Not cited by any page yet."))
        XCTAssertTrue(html.contains("<strong class=\"overdue\">(overdue)</strong>"), "beta's review date has passed")
        XCTAssertTrue(html.contains("<p class=\"source-note\">Seen as worded.</p>"))
        XCTAssertTrue(html.contains("href=\"../sources.json\""))
        // Reachable from the home page, listed in the sitemap.
        XCTAssertTrue(try read(site, "index.html").contains("href=\"bibliography/\""))
        XCTAssertTrue(try read(site, "sitemap.xml").contains("<loc>https://example.com/kb/bibliography/</loc>"))
    }

    func testSourcesJSONIsCSLJSON() throws {
        let (site, _) = try build()
        defer { site.remove() }
        let data = try Data(contentsOf: site.output.appendingPathComponent("sources.json"))
        let records = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        XCTAssertEqual(records.map { $0["id"] as? String }, ["alpha", "beta", "gamma", "delta"], "sources.yaml order")
        for record in records {
            for field in ["excerpts", "status", "review_by", "audience"] { XCTAssertNil(record[field], field) }
            XCTAssertEqual((record["accessed"] as? [String: Any])?["date-parts"] as? [[Int]], [[2026, 11, 29]])
        }
        XCTAssertEqual((records[0]["issued"] as? [String: Any])?["date-parts"] as? [[Int]], [[2021, 8]])
        XCTAssertEqual((records[2]["issued"] as? [String: Any])?["date-parts"] as? [[Int]], [[2024, 7, 26]], "string dates become date parts")
        XCTAssertEqual((records[0]["author"] as? [[String: String]])?.first, ["family": "Author", "given": "Ann"])
        XCTAssertEqual(records[0]["note"] as? String, "Seen as worded.")
        XCTAssertEqual(records[1]["title"] as? String, "Beta & Co")
        // Deterministic: the same bytes as a fresh export.
        let analysis = try Groundwork.analyze(site.options())
        XCTAssertEqual(String(decoding: data, as: UTF8.self), CSLExport.json(analysis.sources))
    }

    func testNoSourcesNoSourcesJSON() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n\nNothing cited.\n"])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("sources.json").path))
        // Nor a bibliography, a link to one, or the footer's promise that claims are sourced (issue 17).
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("bibliography/index.html").path))
        let home = try read(site, "index.html")
        XCTAssertFalse(home.contains("Bibliography"), home)
        XCTAssertFalse(home.contains("Every claim is sourced"), home)
    }

    func testUnsafeSourceURLIsNotALink() {
        var source = Source(id: "x", location: Location(file: "s", line: 1, column: 1))
        source.url = "javascript:alert(1)"
        let context = ReferenceFormatter.context(for: source, number: 1)
        XCTAssertNil(context["link"])
        XCTAssertEqual(context["link_text"] as? String, "javascript:alert(1)")
    }
}
