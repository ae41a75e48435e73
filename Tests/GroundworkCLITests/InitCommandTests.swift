import Foundation
import XCTest
@testable import GroundworkCLI
@testable import GroundworkCore

/// Issue 18, item 1: `groundwork init` writes a knowledge base that passes `check --strict`
/// and builds at once, with the built-in theme.
final class InitCommandTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("init")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil
    }

    func run(_ arguments: [String], in folder: URL? = nil) -> (status: Int32, out: String, err: String) {
        CLITestSupport.run(arguments, in: folder ?? root, environment: ["PATH": "/nonexistent"])
    }

    func testInitThenStrictCheckThenBuildPass() throws {
        let created = run(["init", "kb"])
        XCTAssertEqual(created.status, 0, created.err)
        // The next three commands.
        XCTAssertTrue(created.err.contains("  cd kb\n  groundwork check --strict"), created.err)
        XCTAssertTrue(created.err.contains("groundwork serve"), created.err)
        XCTAssertTrue(created.err.contains("groundwork build"), created.err)
        let kb = root.appendingPathComponent("kb")
        for path in ["content/site.yaml", "content/sources.yaml", "content/_index.md", "content/guide/_index.md",
                     "content/guide/writing-pages.md", "content/cards/_index.md", "content/cards/markdown-in-one-minute.md",
                     ".gitignore", ".github/workflows/groundwork.yml"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: kb.appendingPathComponent(path).path), path)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: kb.appendingPathComponent("templates").path))
        let workflow = try String(contentsOf: kb.appendingPathComponent(".github/workflows/groundwork.yml"), encoding: .utf8)
        XCTAssertTrue(workflow.contains("groundwork check --strict"), workflow)

        for arguments in [["check", "--strict"], ["check", "--strict", "--audience", "partner"]] {
            let check = run(arguments, in: kb)
            XCTAssertEqual(check.status, 0, "\(arguments): \(check.out)\(check.err)")
            XCTAssertEqual(check.out, "0 errors, 0 warnings in 5 pages\n")
        }
        let build = run(["build"], in: kb)
        XCTAssertEqual(build.status, 0, build.out + build.err)
        let home = try String(contentsOf: kb.appendingPathComponent("_site/index.html"), encoding: .utf8)
        XCTAssertTrue(home.contains("href=\"guide/\""), "the home page links the section")
        let card = kb.appendingPathComponent("_site/cards/markdown-in-one-minute/index.html")
        XCTAssertTrue(FileManager.default.fileExists(atPath: card.path))
        // The built-in theme's stylesheet, byte for byte.
        let css = try Data(contentsOf: kb.appendingPathComponent("_site/assets/style.css"))
        XCTAssertEqual(css, BuiltinTheme.files.first { $0.path == "assets/style.css" }?.bytes)
        // The partner edition builds too.
        let partner = run(["build", "--audience", "partner", "--out", "_site-partner"], in: kb)
        XCTAssertEqual(partner.status, 0, partner.out + partner.err)
    }

    func testInitIntoTheCurrentEmptyFolder() {
        let created = run(["init"])
        XCTAssertEqual(created.status, 0, created.err)
        XCTAssertFalse(created.err.contains("cd "), created.err)
        XCTAssertEqual(run(["check", "--strict"]).status, 0)
    }

    func testAFolderWithOnlyDotFilesCountsAsEmpty() throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent("kb/.git"), withIntermediateDirectories: true)
        let created = run(["init", "kb"])
        XCTAssertEqual(created.status, 0, created.err)
        XCTAssertEqual(run(["check", "--strict"], in: root.appendingPathComponent("kb")).status, 0)
    }

    func testRefusesANonEmptyFolderUnlessForced() throws {
        try CLITestSupport.write("mine\n", to: "kb/notes.txt", below: root)
        let refused = run(["init", "kb"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.err.contains("'kb' is not empty"), refused.err)
        XCTAssertTrue(refused.err.contains("--force"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("kb/content").path))
        let forced = run(["init", "kb", "--force"])
        XCTAssertEqual(forced.status, 0, forced.err)
        XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("kb/notes.txt"), encoding: .utf8), "mine\n")
        XCTAssertEqual(run(["check", "--strict"], in: root.appendingPathComponent("kb")).status, 0)
    }

    func testNewWithoutContentSaysToRunInit() {
        for kind in [["page", "guide/x"], ["card", "x"], ["source", "x", "--url", "https://example.org/"]] {
            let result = run(["new"] + kind)
            XCTAssertEqual(result.status, 2)
            XCTAssertTrue(result.err.contains("run 'groundwork init'"), result.err)
        }
    }
}
