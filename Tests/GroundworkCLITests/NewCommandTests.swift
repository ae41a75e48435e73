import Foundation
import XCTest
@testable import GroundworkCLI
import GroundworkCore

/// `groundwork new`: the scaffolds fail the checks while their placeholders stand and pass
/// once a writer fills them in.
final class NewCommandTests: XCTestCase {
    var root: URL!
    static let templates = CLITestSupport.templates

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("new")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/guide"), withIntermediateDirectories: true)
        // A knowledge base: site.yaml turns on its rules (issue 17).
        try "".write(to: root.appendingPathComponent("content/site.yaml"), atomically: true, encoding: .utf8)
        try "---\ntitle: Home\n---\n[Guide](guide/_index.md)\n".write(to: root.appendingPathComponent("content/_index.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: Guide\n---\n".write(to: root.appendingPathComponent("content/guide/_index.md"), atomically: true, encoding: .utf8)
        try "references:\n  - id: existing\n    title: Existing\n    URL: https://example.org/\n    accessed: 2026-11-01\n    status: confirmed\n"
            .write(to: root.appendingPathComponent("content/sources.yaml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil  // XCTest never frees a test object: let go of what it holds (see Tests/lsan-suppressions.txt).
    }

    func run(_ arguments: [String]) -> (Int32, String) {
        let result = CLITestSupport.run(arguments, in: root, environment: ["SOURCE_DATE_EPOCH": "1795953600"])
        return (result.status, result.out + result.err)
    }

    func check() -> (Int32, String) { run(["check", "--templates", Self.templates.path, "--today", "2026-11-29"]) }

    func replace(_ path: String, _ old: String, _ new: String) throws {
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "\(path) has no '\(old)'")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func testPageCardAndSourceScaffoldsPassOnceFilledIn() throws {
        XCTAssertEqual(run(["new", "page", "guide/distillation", "--title", "Distillation"]).0, 0)
        XCTAssertEqual(run(["new", "card", "pricing", "--title", "When the buyer asks about price"]).0, 0)
        XCTAssertEqual(run(["new", "source", "gao-26-999999", "--title", "A GAO report", "--url", "https://www.gao.gov/products/gao-26-999999"]).0, 0)
        // Placeholders fail: the sample citation names no source.
        let (unfilled, output) = check()
        XCTAssertEqual(unfilled, 1)
        XCTAssertTrue(output.contains("content/guide/distillation.md:14:"), output)
        XCTAssertTrue(output.contains("[cite.unknown-key]"), output)

        // A writer fills them in.
        try replace("content/guide/distillation.md", "[@source-id]", "[@gao-26-999999]")
        try replace("content/guide/distillation.md", "like this", "as GAO does")
        // A card is scaffolded in the call shape (issue 19): the four recognised sections, in order.
        let card = try String(contentsOf: root.appendingPathComponent("content/cards/pricing.md"), encoding: .utf8)
        let headings = card.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
        XCTAssertEqual(headings.map { CardSectionKind.kind(forHeading: $0) }, [.say, .ask, .objections, .next])
        try replace("content/cards/pricing.md", "[@source-id]", "[@gao-26-999999]")
        try replace("content/sources.yaml", "status: unverified", "status: confirmed")
        try replace("content/sources.yaml", "The exact words you quote, copied from the source.", "A sentence from the report.")
        try "---\ntitle: Cards\n---\n".write(to: root.appendingPathComponent("content/cards/_index.md"), atomically: true, encoding: .utf8)
        try replace("content/_index.md", "[Guide](guide/_index.md)", "[Guide](guide/_index.md), [cards](cards/_index.md), [existing] [@existing]")
        let (filled, report) = check()
        XCTAssertEqual(filled, 0, report)
        XCTAssertTrue(report.hasSuffix("0 errors, 0 warnings in 5 pages\nmode: knowledge base (site.yaml)\n"), report)
    }

    func testNeverOverwrites() {
        XCTAssertEqual(run(["new", "page", "guide/x"]).0, 0)
        let (status, message) = run(["new", "page", "guide/x"])
        XCTAssertEqual(status, 2)
        XCTAssertTrue(message.contains("already exists"), message)
        XCTAssertEqual(run(["new", "source", "existing", "--url", "https://example.org/"]).0, 2)
        XCTAssertEqual(run(["new", "page", "../escape"]).0, 2)
    }
}
