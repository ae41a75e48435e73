import Foundation
import GroundworkCore
import XCTest
@testable import GroundworkCLI

/// `groundwork explain` and the generated reference `docs/diagnostics.md`.
final class ExplainCommandTests: XCTestCase {
    /// The committed reference is exactly what the table generates.
    func testCommittedReferenceIsUpToDate() throws {
        let file = CLITestSupport.repository.appendingPathComponent("docs/diagnostics.md")
        let committed = try String(contentsOf: file, encoding: .utf8)
        let result = CLITestSupport.run(["explain", "--markdown"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(committed == result.out, """
            docs/diagnostics.md differs from the table of diagnostic codes \
            (Sources/GroundworkDiagnostics/DiagnosticCode.swift). Regenerate it with
              swift build --product groundwork && .build/debug/groundwork explain --markdown > docs/diagnostics.md
            and review the diff.
            """)
        for code in DiagnosticCode.all {
            XCTAssertTrue(committed.contains("\n## `\(code.id)`\n"), "no section for \(code.id)")
            XCTAssertTrue(committed.contains(code.example.produces), "no example output for \(code.id)")
        }
    }

    func testExplainPrintsEveryPartOfAnEntry() {
        for code in DiagnosticCode.all {
            let result = CLITestSupport.run(["explain", code.id])
            XCTAssertEqual(result.status, 0, code.id)
            XCTAssertEqual(result.err, "")
            XCTAssertTrue(result.out.hasPrefix("\(code.id): \(code.severity.rawValue) by default; "), result.out)
            XCTAssertTrue(result.out.contains(code.overridable ? "site.yaml may change it" : "site.yaml may not override it"), code.id)
            let words = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            XCTAssertTrue(words(result.out).contains(words(code.explanation)), "\(code.id): explanation")
            XCTAssertTrue(words(result.out).contains(words("Fix: " + code.fix)), "\(code.id): fix")
            XCTAssertTrue(result.out.contains("\n  " + code.example.produces + "\n"), "\(code.id): example")
            for file in code.example.files { XCTAssertTrue(result.out.contains(file.path), "\(code.id): \(file.path)") }
        }
        let page = CLITestSupport.run(["explain", "link.page-missing"]).out
        XCTAssertTrue(page.contains("\n  | Read the [setup guide](setup.md) first.\n"), page)
    }

    func testListHasEveryCodeWithItsSummary() {
        let result = CLITestSupport.run(["explain"])
        XCTAssertEqual(result.status, 0)
        let lines = result.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, DiagnosticCode.all.count)
        for (line, code) in zip(lines, DiagnosticCode.all) {
            XCTAssertTrue(line.hasPrefix(code.id + " "), line)
            XCTAssertTrue(line.contains(" \(code.severity.rawValue) "), line)
            XCTAssertTrue(line.hasSuffix(code.summary), line)
        }
    }

    func testUnknownCodeExitsTwoWithDidYouMean() {
        let result = CLITestSupport.run(["explain", "link.page-mising"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.out, "")
        XCTAssertEqual(result.err, """
            error: no diagnostic code 'link.page-mising'
              note: did you mean 'link.page-missing'?
              note: 'groundwork explain' lists every code

            """)
        let far = CLITestSupport.run(["explain", "nothing-like-it"])
        XCTAssertEqual(far.status, 2)
        XCTAssertFalse(far.err.contains("did you mean"), far.err)
        XCTAssertEqual(CLITestSupport.run(["explain", "--markdown", "link.page-missing"]).status, 2)
    }
}
