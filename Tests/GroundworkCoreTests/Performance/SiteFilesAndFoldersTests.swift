import Foundation
import XCTest
import TestSupport
@testable import GroundworkCore
@testable import GroundworkRender
@testable import GroundworkSupport
import Templating

/// The site files rendered as parallel jobs (`SiteRenderer.renderSiteFiles`) and the output
/// folders made up front (`SiteWriter.makeFolders`) must give exactly what the serial code
/// they replace gave (issue 21, branch perfio).
final class SiteFilesAndFoldersTests: XCTestCase {
    /// The site files as the serial loop made them before the jobs: synthetic section
    /// indexes in path order, then 404, glossary, tag pages, the cards' print sheet,
    /// bibliography, sources.json, sitemap, redirects.
    static func serialSiteFiles(_ renderer: SiteRenderer) throws -> [OutputFile] {
        var files: [OutputFile] = []
        for section in renderer.site.sections.values.sorted(by: { $0.path < $1.path }) where section.indexPage == nil {
            files.append(try renderer.renderSyntheticSection(section))
        }
        if renderer.templates.contains("404") { files.append(try renderer.notFoundPage()) }
        if renderer.hasGlossaryPage { files.append(try renderer.glossaryPage()) }
        if renderer.hasTagPages { files += try renderer.tagPages() }
        if let sheet = try renderer.cardsPrintSheet() { files.append(sheet) }
        if renderer.rendersBibliographyPage { files.append(try renderer.bibliographyPage()) }
        if !renderer.sources.file.isEmpty { files.append(renderer.sourcesJSON()) }
        if !renderer.site.config.baseURL.isEmpty {
            files.append(OutputFile(path: "sitemap.xml", contents: Data(renderer.sitemap().utf8), template: nil))
        }
        files += renderer.redirectFiles()
        return files
    }

    static func renderer(content: URL, audience: String? = nil) throws -> SiteRenderer {
        var options = Options(content: content, contentDisplay: "content", templates: TempSite.repositoryTemplates,
                              output: content.appendingPathComponent("_unused"), today: Day(year: 2026, month: 11, day: 29))
        options.audience = audience
        let analysis = try Groundwork.analyze(options)
        return try SiteRenderer.forTests(analysis)
    }

    func assertSameFiles(_ parallel: [OutputFile], _ serial: [OutputFile], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(parallel.map(\.path), serial.map(\.path), name, file: file, line: line)
        XCTAssertEqual(parallel.map(\.template), serial.map(\.template), name, file: file, line: line)
        for (a, b) in zip(parallel, serial) where a.contents != b.contents {
            XCTFail("\(name): \(a.path) differs", file: file, line: line)
        }
    }

    /// The repository's knowledge base (glossary, tags, bibliography, sources.json, sitemap,
    /// cards), both editions.
    func testShippedContentSiteFilesAreTheSerialOnes() throws {
        let content = TempSite.repositoryTemplates.deletingLastPathComponent().appendingPathComponent("content")
        for audience in [nil, "partner"] {
            let renderer = try Self.renderer(content: content, audience: audience)
            let parallel = try renderer.renderSiteFiles()
            XCTAssertTrue(parallel.contains { $0.path == "sitemap.xml" } && parallel.contains { $0.path == "bibliography/index.html" })
            assertSameFiles(parallel, try Self.serialSiteFiles(renderer), "content \(audience ?? "")")
        }
    }

    /// Generated sites with folders without an index (synthetic sections, listed first but
    /// started after the long jobs), tags, aliases (redirects) and a base URL: the files come
    /// back in the listed order whatever order the jobs ran in.
    func testGeneratedSiteFilesAreTheSerialOnes() throws {
        var generator = SeededGenerator(state: 42)
        for round in 0..<4 {
            var files: [String: String] = ["site.yaml": "title: T\nbase_url: https://x.example/docs\n",
                                           "_index.md": "---\ntitle: Home\n---\n\nText.\n"]
            let tags = ["alpha", "Beta", "gamma delta", "ü"]
            for n in 0..<(10 + generator.next(30)) {
                let folder = ["", "a/", "b/", "a/c/", "d/e/"][generator.next(5)]
                let pageTags = (0..<generator.next(3)).map { _ in tags[generator.next(tags.count)].debugDescription }
                let alias = generator.next(4) == 0 ? "\naliases: [/old/r\(round)-\(n)/]" : ""
                files[folder + "p\(n).md"] = "---\ntitle: Page \(generator.next(9)) \(n)\ntags: [\(pageTags.joined(separator: ", "))]\(alias)\n---\n\nText.\n"
            }
            let site = try TempSite(files, knowledgeBase: false)
            defer { site.remove() }
            let renderer = try Self.renderer(content: site.content)
            let parallel = try renderer.renderSiteFiles()
            XCTAssertTrue(parallel.contains { $0.path.hasPrefix("tags/") }, "round \(round)")
            XCTAssertTrue(parallel.contains { $0.path == "a/index.html" }, "round \(round): a synthetic section")
            assertSameFiles(parallel, try Self.serialSiteFiles(renderer), "round \(round)")
        }
    }

    /// `makeFolders` makes every folder the files need, each once, parents in an earlier
    /// pass than their children; afterwards every file opens at the first try.
    func testMakeFoldersMakesEveryParentOnce() throws {
        var generator = SeededGenerator(state: 7)
        let names = ["a", "b", "ü", "x y", "index.html", "p.html", "deep"]
        var paths: [String] = []
        for _ in 0..<400 {
            let depth = 1 + generator.next(5)
            paths.append((0..<depth).map { _ in names[generator.next(names.count)] }.joined(separator: "/") + "/f\(generator.next(50)).html")
        }
        paths.append("root.html")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gw-makefolders-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }

        let byDepth = SiteWriter.makeFolders(for: paths, in: root.path)
        // The naive way: every ancestor folder of every path.
        var expected: Set<String> = []
        for path in paths {
            let parts = path.split(separator: "/").dropLast()
            for end in parts.indices { expected.insert(parts[...end].joined(separator: "/")) }
        }
        let made = byDepth.flatMap { $0 }
        XCTAssertEqual(made.count, Set(made).count, "a folder made twice")
        XCTAssertEqual(Set(made), expected)
        for (depth, folders) in byDepth.enumerated() {
            for folder in folders {
                XCTAssertEqual(folder.split(separator: "/").count, depth + 1, folder)
                var isDirectory: ObjCBool = false
                XCTAssertTrue(FileManager.default.fileExists(atPath: root.path + "/" + folder, isDirectory: &isDirectory) && isDirectory.boolValue, folder)
            }
        }
        for path in paths {
            let fd = open(root.path + "/" + path, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
            XCTAssertGreaterThanOrEqual(fd, 0, path)
            if fd >= 0 { close(fd) }
        }
    }
}
