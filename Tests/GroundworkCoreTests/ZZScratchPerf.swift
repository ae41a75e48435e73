import Foundation
import XCTest
import Markdown
@testable import GroundworkCore

final class ZZScratchPerf: XCTestCase {
    func testPerf() throws {
        var text = "---\ntitle: Huge\n---\n"
        let paragraph = "A line of ordinary prose with a [link](#huge) and some *emphasis* in it.\n\n"
        text += String(repeating: paragraph, count: 50_000_000 / paragraph.utf8.count)
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\nHello.\n", "huge.md": text])
        defer { site.remove() }
        var t = Date()
        let a = try Groundwork.analyze(site.options())
        print("analyze total", Date().timeIntervalSince(t))
        let context = CheckContext(site: a.site, links: a.links, sources: a.sources, today: Day(year: 2026, month: 11, day: 29))
        for (i, c) in Checker.all.enumerated() { t = Date(); _ = c(context); print("check", i, Date().timeIntervalSince(t)) }
        let quotes = String(repeating: ">", count: 10_000) + " deep\n"
        let lists = (0..<10_000).map { String(repeating: " ", count: $0 * 2) + "- item" }.joined(separator: "\n")
        for doc in [quotes, lists] {
            let site2 = try TempSite(["_index.md": "---\ntitle: Home\n---\nHello.\n", "q.md": "---\ntitle: Q\n---\n" + doc])
            defer { site2.remove() }
            t = Date()
            let b = try Groundwork.analyze(site2.options())
            print("analyze deep", Date().timeIntervalSince(t))
            let context2 = CheckContext(site: b.site, links: b.links, sources: b.sources, today: Day(year: 2026, month: 11, day: 29))
            for (i, c) in Checker.all.enumerated() { t = Date(); _ = c(context2); print("deep check", i, Date().timeIntervalSince(t)) }
        }
    }
}
