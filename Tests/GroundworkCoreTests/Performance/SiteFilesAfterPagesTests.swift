import Foundation
import XCTest
@testable import GroundworkCore

/// `build` writes the site files (tag pages, glossary, bibliography, sitemap, ...) after the
/// pages. A writer's page at a generated page's URL wins: the generated file is dropped
/// (`SiteRenderer.withoutFilesAtPageURLs`), so whatever the order or overlap of the two
/// stages, the written site is the in-memory rendering. A guard for any change to that order
/// (issue 21, wall clock: rendering the site files while the pages were rendered was tried;
/// see BENCHMARKS.md, perfwall), and for the writer's page, which the tag page used to
/// replace without a word.
final class SiteFilesAfterPagesTests: XCTestCase {
    /// A writer's page at `tags/foo/` and pages tagged `foo`: the writer's page is what the
    /// site holds, on every run, and every file is what the in-memory rendering makes.
    func testAWritersPageAtATagPageURLWinsOnEveryRun() throws {
        var files = ["index.md": "---\ntitle: Home\n---\nHome.\n",
                     "tags/foo.md": "---\ntitle: Tag foo by hand\n---\nWritten by hand.\n"]
        // Enough pages that the page writers are still busy while the site files are rendered.
        for section in 0..<6 {
            files["s\(section)/_index.md"] = "---\ntitle: Section \(section)\n---\n"
            for n in 0..<60 {
                files["s\(section)/p\(n).md"] = "---\ntitle: Page \(section)-\(n)\ntags: [foo, t\(n % 7)]\n---\nText of page \(n).\n"
            }
        }
        let site = try TempSite(files)
        defer { site.remove() }
        let (report, expected) = try Groundwork.renderInMemory(site.options())
        XCTAssertFalse(report.failed, "\(report.diagnostics)")
        let collided = "tags/foo/index.html"
        XCTAssertEqual(expected.filter { $0.path == collided }.count, 1, "one file at \(collided): the writer's page")
        XCTAssertEqual(Set(expected.map(\.path)).count, expected.count, "no two files at one path")
        // The other tags still get their generated pages.
        XCTAssertTrue(expected.contains { $0.path == "tags/t3/index.html" })

        for _ in 0..<3 {
            let built = try Groundwork.build(site.options())
            XCTAssertTrue(built.wrote)
            let page = try String(contentsOf: site.output.appendingPathComponent(collided), encoding: .utf8)
            XCTAssertTrue(page.contains("Written by hand."), "the writer's page must stay at \(collided)")
            XCTAssertFalse(page.contains("Tagged"))
            for file in expected {
                XCTAssertEqual(FileManager.default.contents(atPath: site.output.appendingPathComponent(file.path).path), file.contents, file.path)
            }
        }
    }
}
