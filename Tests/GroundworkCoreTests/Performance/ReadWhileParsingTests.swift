import Foundation
import XCTest
import TestSupport
@testable import GroundworkCore
import Markdown

/// Issue 21, seventh pass: `check` and `build` read each page on the worker that parses it
/// (`ContentLoader.load(readingPages: false)` + `PageFiles`) instead of reading every page in
/// the load stage first. The analysis must be the one the old order gives, and builds must
/// stay byte-identical from run to run.
final class ReadWhileParsingTests: XCTestCase {
    /// What an analysis says, as text: every diagnostic, and every page with its URL, title,
    /// headings and whole Markdown tree.
    private func text(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.file):\(diagnostic.line):\(diagnostic.column): \(diagnostic.severity): \(diagnostic.message) [\(diagnostic.code.id)] "
            + diagnostic.notes.joined(separator: "; ")
    }

    private func summary(_ analysis: Analysis) -> [String] {
        analysis.diagnostics.map(text) + analysis.site.pages.map { page in
            [page.relativePath, page.url, page.title, page.headings.map(\.id).joined(separator: ","), page.document.dump()]
                .joined(separator: "\n")
        }
    }

    func testReadingWhileParsingGivesTheAnalysisOfReadingFirst() throws {
        for seed: UInt64 in 1...6 {
            let site = try RecordedLinkTargetsTests.generatedSite(seed: seed)
            defer { site.remove() }
            // Pages that fail (front matter, a missing include) and a draft, beside the generated ones.
            try site.write("bad.md", "---\ntitle: [unclosed\n---\n\nBody.\n")
            try site.write("draft.md", "---\ntitle: Draft\ndraft: true\n---\n\nDraft.\n")
            let whileParsing = try Groundwork.analyze(site.options(), readingPagesWhileParsing: true)
            let first = try Groundwork.analyze(site.options(), readingPagesWhileParsing: false)
            XCTAssertEqual(summary(whileParsing), summary(first), "seed \(seed)")
            XCTAssertGreaterThan(whileParsing.site.pages.count, 16, "seed \(seed)")
            XCTAssertFalse(whileParsing.diagnostics.isEmpty, "seed \(seed): the generated site has broken links")
        }
    }

    /// Two builds of the same seeded site write the same bytes and report the same diagnostics.
    func testBuildsAreByteIdenticalAcrossRuns() throws {
        for seed: UInt64 in [3, 11] {
            let site = try RecordedLinkTargetsTests.generatedSite(seed: seed)
            defer { site.remove() }
            // Warnings and errors alike must not block: build anyway, with every code off.
            var reports: [[Diagnostic]] = []
            var outputs: [[String: Data]] = []
            for run in 0..<2 {
                var options = site.options()
                options.output = site.root.appendingPathComponent("out\(run)")
                let report = try Groundwork.build(options)
                reports.append(report.all)
                outputs.append(snapshot(options.output))
            }
            XCTAssertEqual(reports[0], reports[1], "seed \(seed)")
            XCTAssertEqual(outputs[0], outputs[1], "seed \(seed)")
        }
    }

    /// A page that disappears between the folder's listing and its reading is reported as
    /// unreadable and left out, as the loader does when it cannot read a page.
    func testAPageGoneBeforeItsReadIsReportedAndLeftOut() throws {
        let site = try TempSite(["a.md": "---\ntitle: A\n---\n\nA.\n", "b.md": "---\ntitle: B\n---\n\nB.\n",
                                 "c.md": "---\ntitle: C\n---\n\nC.\n"])
        defer { site.remove() }
        let options = site.options()
        let loaded = try ContentLoader.load(root: options.content, displayRoot: options.contentDisplay, readingPages: false)
        XCTAssertEqual(loaded.pages.map(\.relativePath), ["a.md", "b.md", "c.md"])
        XCTAssertTrue(loaded.pages.allSatisfy { $0.bytes.isEmpty })
        try FileManager.default.removeItem(at: options.content.appendingPathComponent("b.md"))
        let analysis = try Groundwork.analyze(loaded, options: options) { files in
            let (pages, diagnostics) = unzip(files.parse { PageParser.parse($0) })
            return (pages, diagnostics.flatMap { $0 })
        }
        XCTAssertEqual(analysis.site.pages.map(\.relativePath).sorted(), ["a.md", "c.md"])
        XCTAssertEqual(analysis.diagnostics.filter { $0.code == .fileUnreadable }.map(text),
                       ["content/b.md:1:1: error: cannot read file [file.unreadable] "])
    }
}
