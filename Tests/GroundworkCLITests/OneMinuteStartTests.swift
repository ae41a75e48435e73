import Foundation
import XCTest
@testable import GroundworkCLI

/// Issue 18's "done when": in an empty folder outside the repository, with only the
/// groundwork binary on PATH (and Pagefind), `groundwork init kb && cd kb && groundwork check
/// --strict && groundwork build` exits 0 and writes a navigable, searchable site with the
/// built-in theme. The binary is the one `swift test` built, copied out of the repository so
/// it cannot find `templates/` by accident.
final class OneMinuteStartTests: XCTestCase {
    func testInitCheckBuildWithOnlyTheBinaryOnPath() throws {
        let built = try BinarySupport.requireBinary()
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("gw-one-minute-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: scratch) }
        XCTAssertFalse(scratch.path.hasPrefix(CLITestSupport.repository.path), "must run outside the repository")
        let bin = scratch.appendingPathComponent("bin")
        let work = scratch.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: built, to: bin.appendingPathComponent("groundwork"))

        // Pagefind, as `pip install pagefind-bin==1.5.2` installs it (the project's .venv).
        var path = bin.path + ":/usr/bin:/bin"
        let venv = CLITestSupport.repository.appendingPathComponent(".venv")
        let pagefind = ((try? FileManager.default.contentsOfDirectory(atPath: venv.appendingPathComponent("lib").path)) ?? [])
            .map { venv.appendingPathComponent("lib/\($0)/site-packages/pagefind_bin/pagefind") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        if let pagefind {
            let tools = scratch.appendingPathComponent("tools")
            try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: tools.appendingPathComponent("pagefind"), withDestinationURL: pagefind)
            path = tools.path + ":" + path
        }

        let (status, text) = try BinarySupport.shell("groundwork init kb && cd kb && groundwork check --strict && groundwork build",
                                                     in: work, environment: ["PATH": path, "HOME": scratch.path, "TMPDIR": scratch.path])
        XCTAssertEqual(status, 0, text)

        let site = work.appendingPathComponent("kb/_site")
        let home = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        // Navigable: the nav links each section, and each section's page exists.
        for (href, file) in [("guide/", "guide/index.html"), ("cards/", "cards/index.html")] {
            XCTAssertTrue(home.contains("href=\"\(href)\""), "home links \(href)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent(file).path), file)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("guide/writing-pages/index.html").path))
        XCTAssertEqual(try Data(contentsOf: site.appendingPathComponent("assets/style.css")),
                       BuiltinTheme.files.first { $0.path == "assets/style.css" }?.bytes, "built-in theme")
        // Searchable: Pagefind's index and the search box.
        if pagefind == nil {
            XCTAssertTrue(text.contains("search skipped: Pagefind not found (pip install pagefind-bin==1.5.2)"), text)
            if ProcessInfo.processInfo.environment["CI"].map({ !$0.isEmpty }) ?? false {
                XCTFail("Pagefind (make pagefind) is required under CI")
            }
            throw XCTSkip("Pagefind not installed in .venv (make pagefind): the site was built without search")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("pagefind/pagefind.js").path), text)
        XCTAssertFalse(text.contains("search skipped"), text)
        XCTAssertTrue(home.contains("search"), "the page has a search box")
    }
}
