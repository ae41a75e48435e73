import Foundation
@testable import GroundworkCore
@testable import GroundworkServe
import XCTest

final class RequestPathTests: XCTestCase {
    func testNormalises() {
        XCTAssertEqual(RequestPath.normalize("/"), .path(""))
        XCTAssertEqual(RequestPath.normalize("/guide/"), .path("guide/"))
        XCTAssertEqual(RequestPath.normalize("/guide"), .path("guide"))
        XCTAssertEqual(RequestPath.normalize("//guide//editing/"), .path("guide/editing/"))
        XCTAssertEqual(RequestPath.normalize("/assets/a%20b.png?x=1#y"), .path("assets/a b.png"))
        XCTAssertEqual(RequestPath.normalize("/%C3%A9t%C3%A9/"), .path("été/"))
    }

    func testRejects() {
        for raw in ["", "guide", "*", "http://x/", "/..", "/../x", "/a/../b", "/.", "/./a", "/%2e%2e/x", "/%2E%2e/x", "/.%2E/x",
                    "/a%2fb", "/a%2Fb", "/a\\b", "/a%5cb", "/a%5Cb", "/a%00b", "/a%0ab", "/a%0d%0aSet-Cookie:x", "/%",
                    "/%4", "/%zz", "/%ff", "/%c0%af"] {
            guard case .invalid = RequestPath.normalize(raw) else {
                XCTFail("accepted '\(raw)': \(RequestPath.normalize(raw))")
                continue
            }
        }
    }

    func testContentTypes() {
        XCTAssertEqual(ContentType.forPath("a/index.html"), "text/html; charset=utf-8")
        XCTAssertEqual(ContentType.forPath("assets/style.CSS"), "text/css; charset=utf-8")
        XCTAssertEqual(ContentType.forPath("sitemap.xml"), "application/xml")
        XCTAssertEqual(ContentType.forPath("a/b.svg"), "image/svg+xml")
        XCTAssertEqual(ContentType.forPath("a/noextension"), "application/octet-stream")
    }

    func testScriptInjection() {
        let html = Data("<html><body><p>x</p></BODY></html>".utf8)
        XCTAssertEqual(String(decoding: LiveScript.inject(into: html, generation: 3), as: UTF8.self),
                       "<html><body><p>x</p><script src=\"/__groundwork/live.js\" data-generation=\"3\" defer></script></BODY></html>")
        XCTAssertEqual(String(decoding: LiveScript.inject(into: Data("<p>x</p>".utf8), generation: 1), as: UTF8.self),
                       "<p>x</p><script src=\"/__groundwork/live.js\" data-generation=\"1\" defer></script>")
    }

    func testJSONQuoting() {
        XCTAssertEqual(PreviewServer.quote("a\"b\\c\n</script>\u{1}\u{2028}"), "\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0001\\u2028\"")
    }
}

/// The incremental builder reparses only what changed and keeps the rest.
final class IncrementalBuilderTests: XCTestCase {
    var root: URL!
    var builder: IncrementalBuilder!

    override func setUpWithError() throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("groundwork-incremental-\(UUID().uuidString)")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let fixtures = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        try fm.copyItem(at: fixtures.appendingPathComponent("site"), to: root.appendingPathComponent("content"))
        try fm.copyItem(at: PreviewServerTests.repository.appendingPathComponent("templates"), to: root.appendingPathComponent("templates"))
        let options = Options(content: root.appendingPathComponent("content"), contentDisplay: "content",
                              templates: root.appendingPathComponent("templates"),
                              output: root.appendingPathComponent("_site"), today: Day("2026-11-29")!)
        builder = IncrementalBuilder(options: options)
    }

    override func tearDownWithError() throws {
        // XCTest keeps every test object until the process exits (swift-corelibs-xctest never
        // frees them), so a builder left here kept its parsed pages, sources and templates
        // until then, and LeakSanitizer reported them (issue 10). Let go of it, and check that
        // nothing else holds it (a closure or task keeping it would keep every parse).
        weak let released = builder
        builder = nil
        XCTAssertNil(released, "the incremental builder is still alive")
        try? FileManager.default.removeItem(at: root)
        root = nil
    }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent("content/" + path))
    }

    func testReparsesOnlyTheChangedPage() throws {
        let first = try builder.rebuild(changedPaths: nil, templatesChanged: true)
        XCTAssertFalse(first.failed, "\(first.report.diagnostics)")
        XCTAssertEqual(first.reparsed, 4)
        XCTAssertEqual(first.site?.generation, 1)

        try write("guide/reloading.md", "---\ntitle: Reloading\n---\n\n## Events\n\nChanged text; [editing](editing.md#saving).\n")
        let second = try builder.rebuild(changedPaths: ["guide/reloading.md"], templatesChanged: false)
        XCTAssertTrue(second.changed)
        XCTAssertFalse(second.fullReload)
        XCTAssertEqual(second.reparsed, 1)
        let site = try XCTUnwrap(second.site)
        XCTAssertEqual(site.generation, 2)
        guard case .data(let html)? = try site.file(at: "guide/reloading/index.html") else { return XCTFail("no page") }
        XCTAssertTrue(String(decoding: html, as: UTF8.self).contains("Changed text"))

        // The same bytes again (an editor's save without changes): nothing to do.
        let third = try builder.rebuild(changedPaths: ["guide/reloading.md"], templatesChanged: false)
        XCTAssertFalse(third.changed)
        XCTAssertNil(third.site)
        // Swap files and files that came and went are ignored.
        XCTAssertFalse(try builder.rebuild(changedPaths: [".reloading.md.swp", "guide/4913"], templatesChanged: false).changed)
    }

    func testStructuralChangesReadTheFolderAgain() throws {
        _ = try builder.rebuild(changedPaths: nil, templatesChanged: true)
        try write("guide/new.md", "---\ntitle: New\n---\n\nSee [editing](editing.md).\n")
        let added = try builder.rebuild(changedPaths: ["guide/new.md"], templatesChanged: false)
        XCTAssertTrue(added.fullReload)
        XCTAssertEqual(added.reparsed, 1, "the other pages come from the cache")
        XCTAssertEqual(try added.site?.contains("guide/new/index.html"), true)
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/guide/new.md"))
        let removed = try builder.rebuild(changedPaths: ["guide/new.md"], templatesChanged: false)
        XCTAssertTrue(removed.fullReload)
        XCTAssertEqual(removed.reparsed, 0)
        XCTAssertEqual(try removed.site?.contains("guide/new/index.html"), false)
    }

    func testErrorsKeepNoSiteAndTemplatesAloneReparseNothing() throws {
        _ = try builder.rebuild(changedPaths: nil, templatesChanged: true)
        try write("guide/editing.md", "---\ntitle: Editing\n---\n\n[broken](missing.md)\n")
        let broken = try builder.rebuild(changedPaths: ["guide/editing.md"], templatesChanged: false)
        XCTAssertTrue(broken.failed)
        XCTAssertNil(broken.site)
        XCTAssertTrue(broken.report.diagnostics.contains { $0.code == .linkPageMissing && $0.file == "content/guide/editing.md" })
        let templatesOnly = try builder.rebuild(changedPaths: [], templatesChanged: true)
        XCTAssertEqual(templatesOnly.reparsed, 0)
        XCTAssertTrue(templatesOnly.failed, "still broken")
    }

    func testSourcesChangeIsSeen() throws {
        let record = """
            references:
              - id: KEY
                type: report
                title: A report
                URL: https://example.org/report
                accessed: 2026-11-01
                status: confirmed

            """
        try write("sources.yaml", record.replacingOccurrences(of: "KEY", with: "doe2026"))
        try write("guide/editing.md", "---\ntitle: Editing\n---\n\n## Saving\n\nAs reported [@doe2026].\n")
        let first = try builder.rebuild(changedPaths: nil, templatesChanged: true)
        XCTAssertFalse(first.failed, "\(first.report.diagnostics)")
        try write("sources.yaml", record.replacingOccurrences(of: "KEY", with: "roe2026"))
        let renamed = try builder.rebuild(changedPaths: ["sources.yaml"], templatesChanged: false)
        XCTAssertFalse(renamed.fullReload)
        XCTAssertTrue(renamed.report.diagnostics.contains { $0.code == .citeUnknownKey }, "\(renamed.report.diagnostics)")
        try write("sources.yaml", record.replacingOccurrences(of: "KEY", with: "doe2026"))
        XCTAssertFalse(try builder.rebuild(changedPaths: ["sources.yaml"], templatesChanged: false).failed)
    }

    /// The served files are the files `build` writes, byte for byte.
    func testLiveSiteMatchesBuildOutput() throws {
        let outcome = try builder.rebuild(changedPaths: nil, templatesChanged: true)
        let site = try XCTUnwrap(outcome.site)
        var options = builder.options
        options.output = root.appendingPathComponent("_site")
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        let written = (FileManager.default.subpaths(atPath: options.output.path) ?? []).filter {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: options.output.appendingPathComponent($0).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue && !$0.hasPrefix("pagefind/")
        }.sorted()
        XCTAssertEqual(try site.paths(), written)
        for path in written {
            let expected = try Data(contentsOf: options.output.appendingPathComponent(path))
            switch try site.file(at: path) {
            case .data(let data)?: XCTAssertEqual(data, expected, path)
            case .file(let url)?: XCTAssertEqual(try Data(contentsOf: url), expected, path)
            case nil: XCTFail("missing \(path)")
            }
        }
    }
}

/// Resolving only the pages a change can affect gives the same graph as resolving them all.
final class IncrementalLinkGraphTests: XCTestCase {
    var root: URL!
    var options: Options!

    override func setUpWithError() throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("groundwork-links-\(UUID().uuidString)")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let fixtures = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        try fm.copyItem(at: fixtures.appendingPathComponent("site"), to: root.appendingPathComponent("content"))
        options = Options(content: root.appendingPathComponent("content"), contentDisplay: "content",
                          templates: PreviewServerTests.repository.appendingPathComponent("templates"),
                          output: root.appendingPathComponent("_site"), today: Day("2026-11-29")!)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        // XCTest never frees a test object: let go of what it holds (see Tests/lsan-suppressions.txt).
        root = nil
        options = nil
    }

    func assertIncrementalMatchesFull(changing path: String, to text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try Groundwork.analyze(options)
        try Data(text.utf8).write(to: root.appendingPathComponent("content/" + path))
        let after = try Groundwork.analyze(options)
        let (graph, redone) = IncrementalBuilder.linkGraph(after.site, previous: before, changed: [path])
        XCTAssertLessThanOrEqual(redone, after.site.pages.count, file: file, line: line)
        XCTAssertEqual(graph.incoming, after.links.incoming, file: file, line: line)
        XCTAssertEqual(graph.occurrences.map { $0.map { "\($0)" } }, after.links.occurrences.map { $0.map { "\($0)" } },
                       file: file, line: line)
        XCTAssertEqual(graph.citations.map { $0.map { "\($0)" } }, after.links.citations.map { $0.map { "\($0)" } },
                       file: file, line: line)
    }

    func testHeadingRenamedBreaksAnchorsElsewhere() throws {
        try assertIncrementalMatchesFull(changing: "guide/reloading.md",
                                         to: "---\ntitle: Reloading\n---\n\n## Messages\n\nBack to [editing](editing.md#saving).\n")
    }

    func testBrokenAnchorFixedByTheTarget() throws {
        try Data("---\ntitle: Reloading\n---\n\n## Messages\n\nBack to [editing](editing.md#saving).\n".utf8)
            .write(to: root.appendingPathComponent("content/guide/reloading.md"))
        try assertIncrementalMatchesFull(changing: "guide/reloading.md",
                                         to: "---\ntitle: Reloading\n---\n\n## Events\n\nBack to [editing](editing.md#saving).\n")
    }

    func testTitleChangeReresolvesWikiLinks() throws {
        try Data("---\ntitle: Guide\n---\n\nTwo pages: [[Editing]] and [[Reloading]], and [[Renamed]].\n".utf8)
            .write(to: root.appendingPathComponent("content/guide/_index.md"))
        try assertIncrementalMatchesFull(changing: "guide/reloading.md",
                                         to: "---\ntitle: Renamed\n---\n\n## Events\n\nBack to [editing](editing.md#saving).\n")
    }

    func testNewOutgoingLinks() throws {
        try assertIncrementalMatchesFull(changing: "guide/editing.md",
                                         to: "---\ntitle: Editing\n---\n\n## Saving\n\nNow links [home](../_index.md) and [nowhere](nowhere.md).\n")
    }
}
