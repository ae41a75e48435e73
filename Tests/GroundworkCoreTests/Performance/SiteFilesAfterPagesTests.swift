import Foundation
import XCTest
@testable import GroundworkCore

/// `build` writes the site files (tag pages, glossary, bibliography, sitemap, ...) after the
/// pages: a site file at a page's path replaces the page. A guard for any change to the
/// order or overlap of the two stages (issue 21, wall clock: rendering the site files while
/// the pages were rendered was tried; see BENCHMARKS.md, perfwall).
final class SiteFilesAfterPagesTests: XCTestCase {
    /// A writer's page at `tags/foo/` and the generated page of the tag `foo`: the tag page is
    /// what the site holds, on every run; every other file is what the in-memory rendering
    /// (pages, then site files, one after the other) makes.
    func testSiteFilesAreWrittenAfterThePages() throws {
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
        // The in-memory files in the order they are written: pages, then site files (a later
        // file at the same path wins).
        var last: [String: Data] = [:]
        for file in expected { last[file.path] = file.contents }
        let collided = "tags/foo/index.html"
        XCTAssertEqual(expected.filter { $0.path == collided }.count, 2, "the test needs a page and a site file at one path")

        for _ in 0..<3 {
            let built = try Groundwork.build(site.options())
            XCTAssertTrue(built.wrote)
            let tagPage = try String(contentsOf: site.output.appendingPathComponent(collided), encoding: .utf8)
            XCTAssertTrue(tagPage.contains("Tagged"), "the tag page must replace the writer's page at \(collided)")
            XCTAssertFalse(tagPage.contains("Written by hand."))
            for (path, contents) in last where path != collided {
                XCTAssertEqual(FileManager.default.contents(atPath: site.output.appendingPathComponent(path).path), contents, path)
            }
        }
    }
}
