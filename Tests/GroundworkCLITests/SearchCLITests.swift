import Foundation
import XCTest
@testable import GroundworkCLI
import GroundworkCore

/// `groundwork build --search auto|on|off`, run in process.
final class SearchCLITests: XCTestCase {
    var root: URL!
    static let templates = CLITestSupport.templates

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("search")
        try write("content/_index.md", "---\ntitle: Home\n---\nSee [a](a.md).\n")
        try write("content/a.md", "---\ntitle: A\n---\nText about retrieval.\n")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil  // XCTest never frees a test object: let go of what it holds (see Tests/lsan-suppressions.txt).
    }

    func write(_ path: String, _ text: String) throws {
        try CLITestSupport.write(text, to: path, below: root)
    }

    /// Runs `groundwork build ARGS` in the temp folder (which has no .venv).
    func build(_ arguments: [String], environment: [String: String] = [:]) -> (status: Int32, out: String, err: String) {
        CLITestSupport.run(["build", "--templates", Self.templates.path, "--today", "2026-11-29"] + arguments,
                           in: root, environment: environment)
    }

    func home() throws -> String {
        try String(contentsOf: root.appendingPathComponent("_site/index.html"), encoding: .utf8)
    }

    func testOnWithoutPagefindExitsTwoNamingTheFixAndWritesNothing() {
        let result = build(["--search", "on"], environment: ["PATH": "/nonexistent"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.err.hasPrefix("error: --search on: Pagefind was not found; install it with 'pip install pagefind-bin==1.5.2'"), result.err)
        XCTAssertTrue(result.err.contains("pagefind-bin==1.5.2"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("_site").path))
    }

    func testAutoWithoutPagefindBuildsWithoutASearchBox() throws {
        let result = build(["--search", "auto"], environment: ["PATH": "/nonexistent"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertFalse(try home().contains("id=\"search\""))
    }

    func testAutoIsTheDefault() throws {
        let bin = try fakePagefind()
        XCTAssertEqual(build([], environment: ["PATH": bin.path]).status, 0)
        XCTAssertTrue(try home().contains("id=\"search\""))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("_site/pagefind/pagefind-ui.js").path))
    }

    func testOffSkipsPagefindEvenWhenFound() throws {
        let bin = try fakePagefind()
        XCTAssertEqual(build(["--search", "off"], environment: ["PATH": bin.path]).status, 0)
        XCTAssertFalse(try home().contains("id=\"search\""))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("_site/pagefind").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("ran").path))
    }

    func testOnWithPagefindIndexes() throws {
        let bin = try fakePagefind()
        let result = build(["--search", "on"], environment: ["PATH": bin.path])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(try home().contains("<script src=\"assets/search.js\" defer></script>"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("ran").path))
    }

    func testUnknownModeIsAUsageError() {
        let result = build(["--search", "sometimes"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.err.contains("sometimes"), result.err)
    }

    /// A stand-in for Pagefind that writes the UI file into the folder it is given.
    func fakePagefind() throws -> URL {
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = bin.appendingPathComponent("pagefind")
        try """
            #!/bin/sh
            touch '\(root.appendingPathComponent("ran").path)'
            mkdir -p "$2/pagefind" && echo '// ui' > "$2/pagefind/pagefind-ui.js"
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return bin
    }
}
