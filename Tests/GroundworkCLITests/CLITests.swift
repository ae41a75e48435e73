import Foundation
import XCTest
@testable import GroundworkCLI
import GroundworkCore

/// The CLI run in process: exit statuses, formats, options.
final class CLITests: XCTestCase {
    var root: URL!
    static let templates = CLITestSupport.templates

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("cli")
        try write("content/site.yaml", "")  // a knowledge base (issue 17)
        try write("content/_index.md", "---\ntitle: Home\n---\nSee [a](a.md).\n")
        try write("content/a.md", "---\ntitle: A\n---\nText.\n")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil  // XCTest never frees a test object: let go of what it holds (see Tests/lsan-suppressions.txt).
    }

    func write(_ path: String, _ text: String) throws {
        try CLITestSupport.write(text, to: path, below: root)
    }

    /// Runs `groundwork ARGS` with the temp folder as the working directory.
    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        CLITestSupport.run(arguments + (arguments.first == "build" || arguments.first == "check" ? ["--templates", Self.templates.path] : []),
                           in: root)
    }

    func testCleanCheckExitsZeroWithSummary() {
        let result = run(["check", "--today", "2026-11-29"])
        XCTAssertEqual(result.status, 0)
        // The report is the command's output: standard output, so `check > report.txt` keeps it.
        XCTAssertEqual(result.out, "0 errors, 0 warnings in 2 pages\n")
        // Standard error says only what the folder was read as.
        XCTAssertEqual(result.err, "mode: knowledge base (site.yaml)\n")
    }

    func testContentErrorsExitOneWithPositionedText() throws {
        try write("content/a.md", "---\ntitle: A\n---\nA [broken](nope.md) link.\n")
        let result = run(["check"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.out, """
            content/a.md:4:3: error: no page for link 'nope.md' [link.page-missing]
            1 error, 0 warnings in 2 pages

            """)
    }

    func testWarningsPassUnlessStrict() throws {
        try write("content/a.md", "---\ntitle: A\ntitel: typo\n---\nText.\n")
        XCTAssertEqual(run(["check"]).status, 0)
        let strict = run(["check", "--strict"])
        XCTAssertEqual(strict.status, 1)
        XCTAssertTrue(strict.out.contains("content/a.md:3:1: warning: unknown front matter field 'titel' [page.unknown-field]\n    note: did you mean 'title'?\n"), strict.out)
    }

    func testJSONOutputIsOnlyJSONInTheSpecShape() throws {
        try write("content/a.md", "---\ntitle: A\n---\nA [broken](nope.md) link.\n")
        let result = run(["check", "--format", "json"])
        XCTAssertEqual(result.status, 1)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["diagnostics", "summary"])
        let diagnostics = try XCTUnwrap(object["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.count, 1)
        let d = diagnostics[0]
        XCTAssertEqual(d["file"] as? String, "content/a.md")
        XCTAssertEqual(d["line"] as? Int, 4)
        XCTAssertEqual(d["column"] as? Int, 3)
        XCTAssertEqual(d["severity"] as? String, "error")
        XCTAssertEqual(d["code"] as? String, "link.page-missing")
        XCTAssertEqual(d["message"] as? String, "no page for link 'nope.md'")
        let summary = try XCTUnwrap(object["summary"] as? [String: Int])
        XCTAssertEqual(summary, ["errors": 1, "warnings": 0, "pages": 2])
        XCTAssertEqual(result.err, "")
    }

    func testGitHubAnnotations() throws {
        try write("content/a.md", "---\ntitle: A\n---\nA [broken](nope.md) link.\n")
        let result = run(["check", "--format", "github"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.out, "::error file=content/a.md,line=4,col=3,title=link.page-missing::no page for link 'nope.md'\n")
    }

    func testUsageErrorsExitTwo() {
        XCTAssertEqual(run(["check", "--format", "yaml"]).status, 2)
        XCTAssertEqual(run(["check", "--today", "29/11/2026"]).status, 2)
        XCTAssertEqual(run(["check", "--no-such-flag"]).status, 2)
        XCTAssertEqual(run(["frobnicate"]).status, 2)
        let missing = run(["check", "--content", "nowhere"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.err.contains("content folder 'nowhere' not found"), missing.err)
    }

    /// A failed build says that the previous site is untouched; a file given as --content
    /// is named as a file, not as missing.
    func testFailedBuildSaysNothingWasWritten() throws {
        XCTAssertEqual(run(["build", "--out", "public"]).status, 0)
        let before = try Data(contentsOf: root.appendingPathComponent("public/a/index.html"))
        try write("content/a.md", "---\ntitle: A\n---\nA [broken](nope.md) link.\n")
        let failed = run(["build", "--out", "public"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.err.contains("nothing was written; the previous site is unchanged"), failed.err)
        XCTAssertEqual(try Data(contentsOf: root.appendingPathComponent("public/a/index.html")), before)
        // JSON stays pure: nothing extra on either stream that a parser would trip on.
        let json = run(["build", "--out", "public", "--format", "json"])
        XCTAssertFalse(json.err.contains("nothing was written"), json.err)
        let file = run(["check", "--content", "content/a.md"])
        XCTAssertEqual(file.status, 2)
        XCTAssertTrue(file.err.contains("'content/a.md' is a file, not a folder"), file.err)
    }

    /// `check` says which mode it read the folder in, on standard error, in text only.
    func testCheckPrintsTheModeLine() throws {
        XCTAssertEqual(run(["check"]).err, "mode: knowledge base (site.yaml)\n")
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/site.yaml"))
        try write("content/.obsidian/app.json", "{}")
        XCTAssertEqual(run(["check"]).err, "mode: docs (no site.yaml; Obsidian vault)\n")
        let json = run(["check", "--format", "json"])
        XCTAssertEqual(json.err, "")
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.out.utf8)))
    }

    /// A folder of docs is built with its warnings (a link out of the folder); a knowledge
    /// base is not, unless --no-strict.
    func testBuildDefaultsToStrictOnlyForAKnowledgeBase() throws {
        try write("content/a.md", "---\ntitle: A\n---\nSee [the other book](../other/x.md).\n")
        let kb = run(["build", "--out", "public", "--search", "off"])
        XCTAssertEqual(kb.status, 1, kb.out)  // link.escapes-root is an error
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/site.yaml"))
        let docs = run(["build", "--out", "public", "--search", "off"])
        XCTAssertEqual(docs.status, 0, docs.out + docs.err)
        XCTAssertTrue(docs.out.contains("[link.outside]"), docs.out)
        XCTAssertEqual(run(["build", "--out", "public", "--search", "off", "--strict"]).status, 1)
    }

    func testHelpExitsZero() {
        let result = run(["--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.out.contains("build"))
        // Each subcommand has its own help, however it is asked for.
        for arguments in [["serve", "--help"], ["help", "serve"], ["serve", "-h"]] {
            let help = run(arguments)
            XCTAssertEqual(help.status, 0)
            XCTAssertTrue(help.out.contains("--port"), "\(arguments): \(help.out)")
        }
        XCTAssertTrue(run(["check", "--help"]).out.contains("--only"))
    }

    func testBuildWritesSiteAndRefusesDangerousOut() {
        let result = run(["build", "--out", "public"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("public/a/index.html").path))
        let refused = run(["build", "--out", "content"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.err.contains("refusing"), refused.err)
    }

    func testOnlyReportsTheNamedFiles() throws {
        try write("content/a.md", "---\ntitle: A\n---\n[x](nope.md)\n")
        try write("content/_index.md", "---\ntitle: Home\n---\nSee [a](a.md) and [y](gone.md).\n")
        let result = run(["check", "--only", "content/a.md", "--format", "json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.out.contains("\"file\": \"content/a.md\""))
        XCTAssertFalse(result.out.contains("_index.md"))
    }

    func testTodayFromSourceDateEpoch() {
        XCTAssertEqual(Day.today(environment: ["SOURCE_DATE_EPOCH": "1795953600"]), Day(year: 2026, month: 11, day: 29))
    }
}
