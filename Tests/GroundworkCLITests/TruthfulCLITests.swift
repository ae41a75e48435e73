import Foundation
import XCTest
@testable import GroundworkCLI

/// Issue 18, item 4: the command line says what is true — `--only` in every path form (and
/// a wrong path is a usage error), plurals, `--version`, why search was skipped, YAML errors
/// with a hint and no knock-on, field synonyms, and where each kind of output goes.
final class TruthfulCLITests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("truthful")
        try write("content/site.yaml", "")  // a knowledge base (issue 17)
        try write("content/_index.md", "---\ntitle: Home\n---\nSee [the page](spectrum/x.md).\n")
        // Three errors in one file.
        try write("content/spectrum/x.md", """
            ---
            title: X
            ---
            A [broken](nope.md) link, [another](gone.md) and [[No such page]].

            """)
        try write("content/spectrum/_index.md", "---\ntitle: Spectrum\n---\n[X](x.md)\n")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil
    }

    func write(_ path: String, _ text: String) throws { try CLITestSupport.write(text, to: path, below: root) }

    func run(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) -> (status: Int32, out: String, err: String) {
        CLITestSupport.run(arguments, in: folder ?? root, environment: environment)
    }

    // MARK: --only

    func testOnlyAcceptsEveryPathFormAndReportsTheFilesErrors() {
        let absolute = root.appendingPathComponent("content/spectrum/x.md").path
        for form in ["content/spectrum/x.md", "./content/spectrum/x.md", "spectrum/x.md", absolute] {
            let result = run(["check", "--only", form])
            XCTAssertEqual(result.status, 1, "--only \(form): \(result.out)\(result.err)")
            XCTAssertTrue(result.out.hasPrefix("content/spectrum/x.md:4:3: error: no page for link 'nope.md'"), "--only \(form): \(result.out)")
            XCTAssertTrue(result.out.hasSuffix("3 errors, 0 warnings in 3 pages\n"), "--only \(form): \(result.out)")
        }
        // From inside the content folder, with --content pointing back up.
        let inside = run(["check", "--content", ".", "--only", "spectrum/x.md"], in: root.appendingPathComponent("content"))
        XCTAssertEqual(inside.status, 1, inside.out + inside.err)
        XCTAssertTrue(inside.out.hasPrefix("./spectrum/x.md:4:3: error:") || inside.out.hasPrefix("spectrum/x.md:4:3: error:"), inside.out)
        XCTAssertTrue(inside.out.hasSuffix("3 errors, 0 warnings in 3 pages\n"), inside.out)
        // A clean file alone is clean.
        XCTAssertEqual(run(["check", "--only", "_index.md"]).status, 0)
    }

    func testOnlyWithAPathThatNamesNoContentFileIsAUsageError() throws {
        try write("elsewhere.md", "---\ntitle: Outside\n---\n")
        for path in ["spectrum/typo.md", "content/spectrum/typo.md", "/nonexistent/x.md", "elsewhere.md", "content/spectrum"] {
            let result = run(["check", "--only", path])
            XCTAssertEqual(result.status, 2, "--only \(path): \(result.out)\(result.err)")
            XCTAssertTrue(result.err.contains("--only '\(path)'"), "names the path: \(result.err)")
            XCTAssertEqual(result.out, "", "no report for a run that checked nothing")
        }
    }

    // MARK: plurals, version, profile

    func testCountsArePluralCorrect() throws {
        let folder = CLITestSupport.temporaryFolder("plural")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLITestSupport.write("---\ntitle: One\n---\nA [broken](nope.md) link.\n", to: "content/_index.md", below: folder)
        let result = run(["check"], in: folder)
        XCTAssertTrue(result.out.hasSuffix("1 error, 0 warnings in 1 page\n"), result.out)
        try CLITestSupport.write("---\ntitle: One\n---\nFine.\n", to: "content/_index.md", below: folder)
        let build = run(["build", "--search", "off"], in: folder)
        XCTAssertEqual(build.status, 0, build.out + build.err)
        XCTAssertTrue(build.err.contains("wrote 1 page to _site\n"), build.err)
        XCTAssertFalse(build.out.contains("1 pages") || build.err.contains("1 pages"))
    }

    func testVersionPrintsTheConstantAndExitsZero() {
        let result = run(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.out, "groundwork \(GroundworkVersion.current)\n")
    }

    func testVersionConstantMatchesAReleaseTagOnThisCommit() throws {
        // When the checked-out commit is a release (`v*` tag), the constant must say so.
        guard let git = executableOnPathForTests("git") else { throw XCTSkip("git not found") }
        let process = Process()
        process.executableURL = git
        process.arguments = ["-C", CLITestSupport.repository.path, "tag", "--points-at", "HEAD", "--list", "v*"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let tags = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        process.waitUntilExit()
        XCTAssertNotNil(GroundworkVersion.current.range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression))
        for tag in tags { XCTAssertEqual(tag, "v" + GroundworkVersion.current, "release tag and GroundworkVersion.current disagree") }
    }

    func testNoTimingLinesWithoutGroundworkProfile() {
        let result = run(["check"])
        XCTAssertFalse((result.out + result.err).contains("profile:"))
        XCTAssertFalse((result.out + result.err).contains(" ms"))
        let printer = ServePrinter(console: Console(capture: true), content: "content", templates: "templates")
        XCTAssertFalse(printer.profile)
    }

    // MARK: search

    func testSkippedSearchIsReportedWithTheReason() {
        try? FileManager.default.removeItem(at: root.appendingPathComponent("content/spectrum/x.md"))
        try? write("content/_index.md", "---\ntitle: Home\n---\nSee [the section](spectrum/_index.md).\n")
        try? write("content/spectrum/_index.md", "---\ntitle: Spectrum\n---\nText.\n")
        let auto = run(["build"], environment: ["PATH": "/nonexistent"])
        XCTAssertEqual(auto.status, 0, auto.out + auto.err)
        XCTAssertTrue(auto.err.contains("search skipped: Pagefind not found (pip install pagefind-bin==1.5.2)\n"), auto.err)
        let off = run(["build", "--search", "off"], environment: ["PATH": "/nonexistent"])
        XCTAssertTrue(off.err.contains("search skipped: --search off\n"), off.err)
    }

    // MARK: YAML errors and fields

    func testYAMLMistakesGetAHintAndNoKnockOnDiagnostics() throws {
        try write("content/spectrum/x.md", "---\ntitle: Foo: bar\n---\nBody.\n")
        try write("content/spectrum/tab.md", "---\ntitle: Tab\n\tsummary: indented with a tab\n---\nBody.\n")
        try write("content/spectrum/quote.md", "---\ntitle: \"Unclosed\nsummary: x\n---\nBody.\n")
        try write("content/spectrum/_index.md", "---\ntitle: Spectrum\n---\n[X](x.md) [T](tab.md) [Q](quote.md)\n")
        let result = run(["check"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.out.contains("""
            content/spectrum/x.md:2:8: error: invalid YAML: mapping values are not allowed in this context [page.front-matter]
                note: a value that contains ': ' must be quoted: title: "Foo: bar"

            """), result.out)
        XCTAssertTrue(result.out.contains("content/spectrum/tab.md:3:1: error: invalid YAML:"), result.out)
        XCTAssertTrue(result.out.contains("note: indent with spaces: YAML does not allow tabs at the start of a line"), result.out)
        XCTAssertTrue(result.out.contains("content/spectrum/quote.md:2:8: error: invalid YAML:"), result.out)
        XCTAssertTrue(result.out.contains("note: this quoted value is not closed: end it with \" on the same line"), result.out)
        // One diagnostic per mistake: no knock-on `page.title-missing`.
        XCTAssertFalse(result.out.contains("page.title-missing"), result.out)
        XCTAssertTrue(result.out.hasSuffix("3 errors, 0 warnings in 5 pages\n"), result.out)
    }

    func testSiteYAMLMistakesGetTheSameHint() throws {
        try write("content/site.yaml", "title: Field guide: customizing models\n")
        let result = run(["check"])
        XCTAssertEqual(result.status, 2, "a site.yaml error is a configuration error")
        XCTAssertTrue(result.out.contains("""
            content/site.yaml:1:8: error: invalid YAML: mapping values are not allowed in this context [config.invalid]
                note: a value that contains ': ' must be quoted: title: "Field guide: customizing models"

            """), result.out)
    }

    func testOtherToolsFieldNamesSuggestGroundworksField() throws {
        try write("content/spectrum/x.md", """
            ---
            title: X
            description: What MkDocs calls the summary.
            keywords: [a]
            date: 2026-01-01
            author: Someone
            weight: 3
            ---
            Body.

            """)
        let result = run(["check"])
        for (field, suggestion, line) in [("description", "summary", 3), ("keywords", "tags", 4), ("date", "review_by", 5),
                                          ("author", "owner", 6), ("weight", "order", 7)] {
            XCTAssertTrue(result.out.contains("""
                content/spectrum/x.md:\(line):1: warning: unknown front matter field '\(field)' [page.unknown-field]
                    note: did you mean '\(suggestion)'?

                """), "\(field): \(result.out)")
        }
    }

    // MARK: streams

    func testDiagnosticsGoToStandardOutputAndStatusToStandardError() throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/spectrum/x.md"))
        try write("content/_index.md", "---\ntitle: Home\ntitel: typo\n---\nSee [the section](spectrum/_index.md).\n")
        try write("content/spectrum/_index.md", "---\ntitle: Spectrum\n---\nText.\n")
        let check = run(["check"])
        XCTAssertTrue(check.out.contains("[page.unknown-field]"), check.out)
        XCTAssertEqual(check.err, "mode: knowledge base (site.yaml)\n")
        let build = run(["build", "--search", "off", "--no-strict"])
        XCTAssertEqual(build.status, 0)
        XCTAssertTrue(build.out.contains("[page.unknown-field]"), build.out)
        XCTAssertFalse(build.out.contains("wrote"), build.out)
        XCTAssertTrue(build.err.hasPrefix("wrote 2 pages to _site\n"), build.err)
        let usage = run(["check", "--today", "tomorrow"])
        XCTAssertEqual(usage.status, 2)
        XCTAssertEqual(usage.out, "")
        XCTAssertTrue(usage.err.hasPrefix("error: --today"), usage.err)
    }
}

/// `executableOnPath` without importing TestSupport's XCTest helpers twice.
func executableOnPathForTests(_ name: String) -> URL? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
}
