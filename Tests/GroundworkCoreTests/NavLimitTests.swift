import Foundation
import TestSupport
import XCTest
@testable import GroundworkCore

/// `nav_max_entries` (issue 21): a folder-made nav list longer than the limit shows its first
/// entries, the one the reader is in, and a link to a page that lists them all; nothing a
/// writer wrote becomes unreachable.
final class NavLimitTests: XCTestCase {
    func testShownEntries() {
        XCTAssertNil(NavResolver.shownEntries(count: 5, limit: 5, open: 4))
        XCTAssertNil(NavResolver.shownEntries(count: 0, limit: 1, open: nil))
        XCTAssertEqual(NavResolver.shownEntries(count: 6, limit: 5, open: nil), [0, 1, 2, 3, 4])
        XCTAssertEqual(NavResolver.shownEntries(count: 6, limit: 5, open: 2), [0, 1, 2, 3, 4])
        XCTAssertEqual(NavResolver.shownEntries(count: 9, limit: 5, open: 7), [0, 1, 2, 3, 4, 7])
        XCTAssertEqual(NavResolver.shownEntries(count: 9, limit: 5, open: 9), [0, 1, 2, 3, 4], "an index past the list is ignored")
    }

    func testSettingMustBeAPositiveWholeNumber() throws {
        for value in ["0", "-3", "many", "[1]"] {
            let site = try TempSite(["site.yaml": "nav_max_entries: \(value)\n", "_index.md": "# Home\n"])
            defer { site.remove() }
            XCTAssertEqual(try site.check().summaryLines, ["content/site.yaml:1:18 config.invalid"], value)
        }
    }

    /// A site with eight sections, one of seven pages, and three root pages, at a limit of 5.
    func testLimitedNavShowsTheFirstEntriesTheOpenOneAndALinkToAll() throws {
        var files = ["site.yaml": "nav_max_entries: 5\n", "_index.md": "---\ntitle: Home\n---\nWelcome.\n"]
        for s in 1...8 {
            files["s\(s)/_index.md"] = "---\ntitle: Section \(s)\n---\nAbout \(s).\n"
            for p in 1...(s == 8 ? 7 : 1) { files["s\(s)/p\(p).md"] = "---\ntitle: Page \(s).\(p)\n---\nText.\n" }
        }
        for r in 1...3 { files["r\(r).md"] = "---\ntitle: Root \(r)\n---\nText.\n" }
        let site = try TempSite(files)
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote)
        XCTAssertEqual(report.summaryLines, [], "every link the limited nav writes resolves")

        // Top: Section 1-5, then "All …" to the home page.
        let first = try navEntries(site.output, "s1/p1/index.html")
        XCTAssertEqual(first.top, ["Section 1", "Section 2", "Section 3", "Section 4", "Section 5", "All 11 sections and pages"])
        XCTAssertEqual(first.hrefs.last, "../../")
        // In section 8 (past the limit): it is shown after the first five, open, with its
        // first five pages, the current one (past them) and "All 7 pages" to its index.
        let deep = try navEntries(site.output, "s8/p7/index.html")
        XCTAssertEqual(deep.top, ["Section 1", "Section 2", "Section 3", "Section 4", "Section 5", "Section 8", "All 11 sections and pages"])
        XCTAssertEqual(deep.children, ["Page 8.1", "Page 8.2", "Page 8.3", "Page 8.4", "Page 8.5", "Page 8.7", "All 7 pages"])
        XCTAssertEqual(deep.childHrefs.last, "../")
        XCTAssertEqual(try navEntries(site.output, "s8/p2/index.html").children,
                       ["Page 8.1", "Page 8.2", "Page 8.3", "Page 8.4", "Page 8.5", "All 7 pages"])
        // A root page past the limit shows itself.
        XCTAssertEqual(try navEntries(site.output, "r2/index.html").top,
                       ["Section 1", "Section 2", "Section 3", "Section 4", "Section 5", "Root 2", "All 11 sections and pages"])
        // The home page lists the sections and the root pages the nav does not show.
        let home = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        for s in 1...8 { XCTAssertTrue(home.contains("<li><a href=\"s\(s)/\">Section \(s)</a>"), "section \(s)") }
        for r in 1...3 { XCTAssertTrue(home.contains("<li><a href=\"r\(r)/\">Root \(r)</a></li>"), "root \(r)") }
    }

    /// A `nav:` list past the limit is limited the same way (no warning: a strict `build` would
    /// stop); the home page lists what the nav leaves out and its sections do not hold.
    func testNavListInSiteYAMLIsLimitedToo() throws {
        let site = try TempSite([
            "site.yaml": "nav_max_entries: 2\nnav:\n  - a/\n  - b/\n  - c/deep/\n  - d.md\n",
            "_index.md": "---\ntitle: Home\n---\nWelcome.\n",
            "a/p.md": "---\ntitle: A page\n---\nText.\n", "b/p.md": "---\ntitle: B page\n---\nText.\n",
            "c/deep/_index.md": "---\ntitle: Deep\n---\nText.\n", "c/deep/p.md": "---\ntitle: Deep page\n---\nText.\n",
            "d.md": "---\ntitle: D\n---\nText.\n",
        ])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote)
        XCTAssertEqual(report.summaryLines, [])
        XCTAssertEqual(try navEntries(site.output, "a/p/index.html").top, ["A", "B", "All 4 sections and pages"])
        XCTAssertEqual(try navEntries(site.output, "c/deep/p/index.html").top, ["A", "B", "Deep", "All 4 sections and pages"])
        let home = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(home.contains("<li><a href=\"c/deep/\">Deep</a></li>"), "the deep section the nav leaves out")
        XCTAssertTrue(home.contains("<li><a href=\"d/\">D</a></li>"), "the page the nav leaves out")
        XCTAssertEqual(try unreachablePages(site.output), [])
    }

    /// Under the limit nothing changes: no "All" entry, no list of root pages on the home page.
    func testNavUnderTheLimitIsWhole() throws {
        var files = ["_index.md": "# Home\n\nWelcome.\n", "r1.md": "# Root 1\n\nText.\n"]
        for s in 1...4 { files["s\(s)/p.md"] = "# Page \(s)\n\nText.\n" }
        let site = try TempSite(files)
        defer { site.remove() }
        XCTAssertTrue(try Groundwork.build(site.options()).wrote)
        let nav = try navEntries(site.output, "s1/p/index.html")
        XCTAssertFalse(nav.top.contains { $0.hasPrefix("All ") }, "\(nav.top)")
        XCTAssertEqual(nav.top.count, 5)
        let home = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertFalse(home.contains("gw-pages-heading"))
    }

    /// Random sites and limits: every page's nav is what the rule says, computed here from the
    /// site's shape (so the folder's kept renderings, shared between pages, are never wrong
    /// for a page), and every page is reachable from the home page through the links of the
    /// nav, the home page and the section indexes.
    func testRandomSitesFollowTheRuleAndKeepEveryPageReachable() throws {
        var random = SplitMix64(seed: 21)
        for round in 0..<6 {
            let limit = Int(random.next() % 4) + 1
            let sectionCount = Int(random.next() % 7) + 1
            let rootCount = Int(random.next() % 4)
            var pagesPer: [Int] = []
            var files = ["site.yaml": "nav_max_entries: \(limit)\n", "_index.md": "---\ntitle: Home\n---\nWelcome.\n"]
            for s in 1...sectionCount {
                let n = Int(random.next() % 7) + 1
                pagesPer.append(n)
                files["s\(s)/_index.md"] = "---\ntitle: Section \(s)\n---\nAbout.\n"
                for p in 1...n { files["s\(s)/p\(p).md"] = "---\ntitle: Page \(s).\(p)\n---\nText.\n" }
            }
            for r in 0..<rootCount { files["r\(r + 1).md"] = "---\ntitle: Root \(r + 1)\n---\nText.\n" }
            let site = try TempSite(files, name: "random\(round)")
            defer { site.remove() }
            let report = try Groundwork.build(site.options())
            XCTAssertTrue(report.wrote)
            XCTAssertEqual(report.summaryLines, [], "round \(round)")

            let topTitles = (1...sectionCount).map { "Section \($0)" } + (0..<rootCount).map { "Root \($0 + 1)" }
            func expectedTop(open: Int?) -> [String] {
                guard let shown = NavResolver.shownEntries(count: topTitles.count, limit: limit, open: open) else { return topTitles }
                return shown.map { topTitles[$0] } + ["All \(topTitles.count) " + (rootCount == 0 ? "sections" : "sections and pages")]
            }
            for s in 1...sectionCount {
                let titles = (1...pagesPer[s - 1]).map { "Page \(s).\($0)" }
                for p in 1...pagesPer[s - 1] {
                    let nav = try navEntries(site.output, "s\(s)/p\(p)/index.html")
                    XCTAssertEqual(nav.top, expectedTop(open: s - 1), "round \(round), s\(s)/p\(p)")
                    let children = NavResolver.shownEntries(count: titles.count, limit: limit, open: p - 1)
                        .map { $0.map { titles[$0] } + ["All \(titles.count) pages"] } ?? titles
                    XCTAssertEqual(nav.children, children, "round \(round), s\(s)/p\(p)")
                }
            }
            for r in 0..<rootCount {
                XCTAssertEqual(try navEntries(site.output, "r\(r + 1)/index.html").top, expectedTop(open: sectionCount + r))
            }
            XCTAssertEqual(try unreachablePages(site.output), [], "round \(round)")
        }
    }

    // MARK: - Reading the output

    /// The top-level nav entries' titles and hrefs, and those of the open entry's list.
    func navEntries(_ output: URL, _ path: String) throws -> (top: [String], hrefs: [String], children: [String], childHrefs: [String]) {
        let html = try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
        guard let start = html.range(of: "<ul class=\"nav-sections\">"),
              let end = html.range(of: "<ul class=\"nav-site-links\">", range: start.upperBound..<html.endIndex)
                ?? html.range(of: "</nav>", range: start.upperBound..<html.endIndex) else {
            XCTFail("no nav in \(path)")
            return ([], [], [], [])
        }
        var top: [String] = [], hrefs: [String] = [], children: [String] = [], childHrefs: [String] = []
        for line in html[start.upperBound..<end.lowerBound].split(separator: "\n") {
            guard let link = firstLink(in: line) else { continue }
            if line.hasPrefix("<li class=\"nav-section") || line.hasPrefix("<li class=\"nav-home") {
                if line.hasPrefix("<li class=\"nav-home") { continue }
                top.append(link.title)
                hrefs.append(link.href)
            } else if line.hasPrefix("<li><a") {
                children.append(link.title)
                childHrefs.append(link.href)
            }
        }
        return (top, hrefs, children, childHrefs)
    }

    func firstLink(in line: Substring) -> (href: String, title: String)? {
        guard let a = line.range(of: "<a href=\""), let quote = line[a.upperBound...].firstIndex(of: "\""),
              let close = line[quote...].firstIndex(of: ">"), let endTag = line[close...].range(of: "</a>") else { return nil }
        return (String(line[a.upperBound..<quote]), String(line[line.index(after: close)..<endTag.lowerBound]))
    }

    /// Pages (folders with an index.html) not reached from the home page by following
    /// relative links.
    func unreachablePages(_ output: URL) throws -> [String] {
        let files = FileManager.default.subpaths(atPath: output.path)!.filter { $0.hasSuffix("index.html") }
        var seen: Set<String> = ["index.html"]
        var queue = ["index.html"]
        while let path = queue.popLast() {
            var html = try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
            // Not the previous/next links: they chain every page, whatever the nav shows.
            if let pager = html.range(of: "<nav class=\"pager\""), let end = html.range(of: "</nav>", range: pager.upperBound..<html.endIndex) {
                html.removeSubrange(pager.lowerBound..<end.upperBound)
            }
            let folder = URL(fileURLWithPath: "/" + path).deletingLastPathComponent()
            for piece in html.components(separatedBy: "href=\"").dropFirst() {
                let href = String(piece.prefix { $0 != "\"" })
                guard !href.contains(":"), !href.hasPrefix("#"), href.hasSuffix("/") || href.isEmpty || href.hasPrefix("./") || href.hasPrefix("../") else { continue }
                var target = folder.appendingPathComponent(href).standardizedFileURL.path
                if target.hasPrefix("/") { target.removeFirst() }
                let file = (target.isEmpty ? "" : target + "/") + "index.html"
                guard files.contains(file), seen.insert(file).inserted else { continue }
                queue.append(file)
            }
        }
        return files.filter { !seen.contains($0) && !$0.hasPrefix("assets/") }.sorted()
    }
}
