import Foundation
import XCTest
@testable import GroundworkCLI

/// Issue 18, item 5: the rules README.md and CONTRIBUTING.md state, as the code applies them.
/// - `build` publishes nothing with warnings unless `--no-strict`; `check` reports them and
///   passes unless `--strict`.
/// - A page or source without `audience` is internal only: with `default_audience`, that; without
///   it, the first declared audience — never everyone by omission.
final class PublishingRulesTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("rules")
        // A knowledge base: site.yaml turns on its rules (issue 17); tests may overwrite it.
        try CLITestSupport.write("", to: "content/site.yaml", below: root)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil
    }

    func write(_ path: String, _ text: String) throws { try CLITestSupport.write(text, to: path, below: root) }

    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        CLITestSupport.run(arguments, in: root, environment: ["PATH": "/nonexistent", "SOURCE_DATE_EPOCH": "1796428800"])
    }

    func testBuildRefusesToPublishWarningsUnlessNoStrict() throws {
        // An overdue page: a warning (fresh.page-overdue).
        try write("content/_index.md", "---\ntitle: Home\nreview_by: 2020-01-01\n---\nText.\n")
        XCTAssertEqual(run(["check"]).status, 0, "check passes with warnings")
        XCTAssertEqual(run(["check", "--strict"]).status, 1)
        let build = run(["build"])
        XCTAssertEqual(build.status, 1)
        XCTAssertTrue(build.out.contains("[fresh.page-overdue]"), build.out)
        XCTAssertTrue(build.err.contains("publish anyway with --no-strict"), build.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("_site").path), "nothing published")
        let anyway = run(["build", "--no-strict"])
        XCTAssertEqual(anyway.status, 0, anyway.out + anyway.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("_site/index.html").path))
    }

    func testUnmarkedPagesAreInternalOnly() throws {
        for siteYAML in ["audiences: [internal, partner]\ndefault_audience: [internal]\n", "audiences: [internal, partner]\n"] {
            try write("content/site.yaml", siteYAML)
            try write("content/_index.md", "---\ntitle: Home\naudience: [internal, partner]\n---\nSee [the plan](plan.md).\n")
            try write("content/plan.md", "---\ntitle: Internal plan\n---\nNot for partners.\n")
            // The partner-visible home links an unmarked page: a leak.
            let check = run(["check"])
            XCTAssertEqual(check.status, 1, siteYAML)
            XCTAssertTrue(check.out.contains("content/_index.md:5:5: error: page visible to 'partner' links to plan.md"), check.out)
            XCTAssertTrue(check.out.contains("[audience.leak]"), check.out)
            // Without the link, the partner edition leaves the page out and the internal one has it.
            try write("content/_index.md", "---\ntitle: Home\naudience: [internal, partner]\n---\nHello.\n")
            try write("content/plan.md", "---\ntitle: Internal plan\n---\nNot for partners. [Home](_index.md)\n")
            XCTAssertEqual(run(["build", "--out", "partner", "--audience", "partner"]).status, 0)
            XCTAssertEqual(run(["build", "--out", "internal"]).status, 0)
            XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("partner/plan/index.html").path), siteYAML)
            XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("internal/plan/index.html").path), siteYAML)
        }
    }
}
