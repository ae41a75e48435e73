import Foundation
import TestSupport
import XCTest
@testable import GroundworkCore

final class BuildTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let golden = fixtures.appendingPathComponent("golden-site")

    func goldenOptions(output: URL) -> Options {
        Options(content: Self.golden.appendingPathComponent("content"), contentDisplay: "content",
                templates: Self.golden.appendingPathComponent("templates"), output: output,
                today: Day(year: 2026, month: 11, day: 29))
    }

    func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gw-build-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The rendered HTML of the small fixture site, file by file, against reviewed golden files
    /// (re-record with GROUNDWORK_UPDATE_GOLDEN=1; the recording run fails).
    func testGoldenHTML() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("_site")
        let report = try Groundwork.build(goldenOptions(output: out))
        XCTAssertEqual(report.diagnostics, [])
        XCTAssertTrue(report.wrote)
        let files = snapshot(out)
        XCTAssertEqual(files.keys.sorted(), [
            "assets/style.css", "diagram.png", "guide/first/index.html", "guide/index.html",
            "guide/second/index.html", "index.html", "sitemap.xml",
        ])
        for path in files.keys.sorted() where path.hasSuffix(".html") || path.hasSuffix(".xml") {
            let text = String(decoding: files[path]!, as: UTF8.self)
            assertGolden(text, Self.golden.appendingPathComponent("expected/" + path).path)
        }
    }

    func testTwoBuildsAreByteIdentical() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("one"), second = folder.appendingPathComponent("two")
        _ = try Groundwork.build(goldenOptions(output: first))
        _ = try Groundwork.build(goldenOptions(output: second))
        let a = snapshot(first), b = snapshot(second)
        XCTAssertFalse(a.isEmpty)
        XCTAssertEqual(a, b)
        // The shipped content too, with the shipped templates.
        let repo = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var options = Options(content: repo.appendingPathComponent("content"), contentDisplay: "content",
                              templates: repo.appendingPathComponent("templates"), output: folder.appendingPathComponent("c1"),
                              today: Day(year: 2026, month: 11, day: 29))
        _ = try Groundwork.build(options)
        options.output = folder.appendingPathComponent("c2")
        _ = try Groundwork.build(options)
        XCTAssertEqual(snapshot(folder.appendingPathComponent("c1")), snapshot(folder.appendingPathComponent("c2")))
    }

    func testFailedBuildLeavesThePreviousSiteByteIdentical() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\nSee [a](a.md).\n",
            "a.md": "---\ntitle: A\n---\nText.\n",
        ])
        defer { site.remove() }
        let first = try Groundwork.build(site.options())
        XCTAssertTrue(first.wrote)
        let before = snapshot(site.output)
        XCTAssertTrue(before.keys.contains("a/index.html"))

        try site.write("a.md", "---\ntitle: A\n---\nNow [broken](missing.md) and changed.\n")
        let second = try Groundwork.build(site.options())
        XCTAssertFalse(second.wrote)
        XCTAssertTrue(second.failed)
        XCTAssertEqual(snapshot(site.output), before)
        // Nothing is left beside the output either.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix("._site") }
        XCTAssertEqual(leftovers, [])
    }

    func testStrictBuildWithWarningsWritesNothing() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\nsumary: typo\n---\n"])
        defer { site.remove() }
        var options = site.options()
        options.strict = true
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.failed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.path))
    }

    func testSuccessfulRebuildReplacesTheSiteAndCleansLeftovers() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\nOne.\n"])
        defer { site.remove() }
        _ = try Groundwork.build(site.options())
        // A killed earlier build left a staging folder behind.
        let stale = site.root.appendingPathComponent("._site.groundwork-tmp-123-456")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try site.write("_index.md", "---\ntitle: Home\n---\nTwo.\n")
        _ = try Groundwork.build(site.options())
        let html = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("Two."))
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
    }

    func testDangerousOutputFoldersAreRefused() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n"])
        defer { site.remove() }
        for output in [URL(fileURLWithPath: "/"), site.content, site.root, site.content.appendingPathComponent("out"),
                       TempSite.repositoryTemplates] {
            var options = site.options()
            options.output = output
            XCTAssertThrowsError(try Groundwork.build(options), "\(output.path) must be refused") { error in
                XCTAssertTrue(error is EnvironmentError)
            }
        }
        XCTAssertNotNil(FileManager.default.contents(atPath: site.content.appendingPathComponent("_index.md").path))
    }

    func testMissingTemplateIsAnEnvironmentError() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n"])
        defer { site.remove() }
        let templates = site.root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "{{<base}}{{/base}}".write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Groundwork.build(site.options(templates: templates))) { error in
            XCTAssertTrue("\(error)".contains("missing template"), "\(error)")
        }
        try "{{#open}}x{{/close}}".write(to: templates.appendingPathComponent("base.mustache"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Groundwork.build(site.options(templates: templates))) { error in
            XCTAssertTrue("\(error)".contains("base.mustache:1:"), "\(error)")
        }
    }

    func testHomeLinksToEverySectionOfTheShippedContent() throws {
        let repo = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = Options(content: repo.appendingPathComponent("content"), contentDisplay: "content",
                              templates: repo.appendingPathComponent("templates"), output: folder.appendingPathComponent("_site"),
                              today: Day(year: 2026, month: 11, day: 29))
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        let home = try String(contentsOf: options.output.appendingPathComponent("index.html"), encoding: .utf8)
        let sections = try FileManager.default.contentsOfDirectory(atPath: options.content.path).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: options.content.appendingPathComponent($0).path, isDirectory: &isDirectory)
                && isDirectory.boolValue && !$0.hasPrefix(".") && $0 != "assets"
        }
        XCTAssertFalse(sections.isEmpty)
        for section in sections {
            XCTAssertTrue(home.contains("href=\"\(section)/\""), "home page does not link to \(section)/")
        }
    }
}
