import Foundation
import TestSupport
import XCTest
@testable import GroundworkCore

/// Issue 4's checks against fixture sites: each folder in `Fixtures/citations/` holds a
/// `content/` folder and `expected.txt`, the exact diagnostics (`file:line:col: severity:
/// message [code]` and notes) that `groundwork check` reports for it on 2026-11-29.
/// Re-record with GROUNDWORK_UPDATE_GOLDEN=1 (the recording run fails; review the diff).
final class CitationChecksTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/citations")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The codes this suite owns. Other teams' checks may add diagnostics to a fixture over
    /// time; they are left out so each fixture tests one concern.
    static let families = ["cite.", "quote.", "claim.", "fresh."]

    static func run(_ fixture: String, today: Day = Day(year: 2026, month: 11, day: 29)) throws -> Report {
        let folder = fixtures.appendingPathComponent(fixture)
        let options = Options(content: folder.appendingPathComponent("content"), contentDisplay: "content",
                              templates: repository.appendingPathComponent("templates"),
                              output: FileManager.default.temporaryDirectory.appendingPathComponent("gw-cite-unused"), today: today)
        return try Groundwork.check(options)
    }

    static func text(_ report: Report) -> String {
        var out = ""
        for d in report.diagnostics where families.contains(where: { d.code.id.hasPrefix($0) }) {
            out += "\(d.file):\(d.line):\(d.column): \(d.severity.rawValue): \(d.message) [\(d.code)]\n"
            for note in d.notes { out += "    note: \(note)\n" }
        }
        return out
    }

    func assertFixture(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let report = try Self.run(name)
        assertGolden(Self.text(report), Self.fixtures.appendingPathComponent(name + "/expected.txt").path, file: file, line: line)
    }

    func testUnknownKey() throws { try assertFixture("unknown-key") }
    func testCitationSyntax() throws { try assertFixture("syntax") }
    func testDuplicateID() throws { try assertFixture("duplicate-id") }
    func testSourceIncomplete() throws { try assertFixture("source-incomplete") }
    func testUnusedSource() throws { try assertFixture("unused-source") }
    func testQuoteMismatch() throws { try assertFixture("quote-mismatch") }
    func testUnverifiedOnCard() throws { try assertFixture("unverified-on-card") }
    func testQuoteUnattributed() throws { try assertFixture("quote-unattributed") }
    func testClaimUnsourced() throws { try assertFixture("claim-unsourced") }
    func testFreshness() throws { try assertFixture("freshness") }
    func testFreshnessDefaultAge() throws { try assertFixture("freshness-default") }
    func testSeverityOverrideToError() throws { try assertFixture("claim-override-error") }
    func testSeverityOverrideOff() throws { try assertFixture("claim-override-off") }

    /// Every code of issue 4 appears in some fixture's expected diagnostics.
    func testEveryCodeHasAFixture() throws {
        let codes = ["cite.unknown-key", "cite.duplicate-id", "cite.source-incomplete", "cite.unused-source",
                     "cite.quote-mismatch", "cite.unverified-on-card", "quote.unattributed", "claim.unsourced",
                     "fresh.page-overdue", "fresh.source-overdue", "fresh.source-stale-access"]
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
        let expected = folders.compactMap { try? String(contentsOf: Self.fixtures.appendingPathComponent($0 + "/expected.txt"), encoding: .utf8) }
            .joined()
        for code in codes {
            XCTAssertTrue(expected.contains("[\(code)]"), "no fixture expects \(code)")
            XCTAssertNotNil(DiagnosticCode.named(code), "\(code) is not in the table")
        }
    }

    /// The severities SPEC.md gives, and what overrides do to the run's outcome.
    func testDefaultSeveritiesAndOverridesDecideFailure() throws {
        XCTAssertEqual(DiagnosticCode.claimUnsourced.severity, .warning)
        XCTAssertEqual(DiagnosticCode.citeQuoteMismatch.severity, .error)
        XCTAssertEqual(DiagnosticCode.citeQuoteQualifier.severity, .warning)
        XCTAssertEqual(DiagnosticCode.citeUnverifiedOnCard.severity, .error)
        XCTAssertEqual(DiagnosticCode.freshSourceStaleAccess.severity, .warning)

        let plain = try Self.run("claim-unsourced")
        XCTAssertFalse(plain.failed, "warnings alone do not fail a run")
        let error = try Self.run("claim-override-error")
        XCTAssertTrue(error.failed)
        XCTAssertEqual(error.diagnostics.map(\.severity), [.error])
        let off = try Self.run("claim-override-off")
        XCTAssertFalse(off.diagnostics.contains { $0.code == .claimUnsourced })
        XCTAssertTrue(off.diagnostics.contains { $0.code == .quoteUnattributed }, "'off' silences only the named code")
    }

    /// Freshness depends on "today" only through the options.
    func testFreshnessFollowsToday() throws {
        let before = try Self.run("freshness", today: Day(year: 2026, month: 9, day: 1))
        XCTAssertEqual(Self.text(before), "")
        let later = try Self.run("freshness", today: Day(year: 2026, month: 11, day: 30))
        XCTAssertEqual(later.summaryLines.filter { $0.contains("fresh.") }, [
            "content/_index.md:3:12 fresh.page-overdue",
            "content/due-today.md:3:12 fresh.page-overdue",
            "content/sources.yaml:6:16 fresh.source-overdue",
            "content/sources.yaml:11:16 fresh.source-overdue",
            "content/sources.yaml:15:15 fresh.source-stale-access",
            "content/sources.yaml:19:15 fresh.source-stale-access",
        ])
    }

    /// The shipped knowledge base passes every check with no override silencing one (on the
    /// day its sources were last opened; `make check` checks it against the real date).
    func testShippedContentPassesStrict() throws {
        for today in [Day(year: 2026, month: 11, day: 29)] {
            var options = Options(content: Self.repository.appendingPathComponent("content"), contentDisplay: "content",
                                  templates: Self.repository.appendingPathComponent("templates"),
                                  output: FileManager.default.temporaryDirectory.appendingPathComponent("gw-cite-unused"), today: today)
            options.strict = true
            let report = try Groundwork.check(options)
            XCTAssertEqual(report.summaryLines, [], "on \(today)")
            XCTAssertFalse(report.failed)
            let analysis = try Groundwork.analyze(options)
            for code in Self.families {
                XCTAssertFalse(analysis.site.config.severityOverrides.contains { $0.key.id.hasPrefix(code) && $0.value == .off },
                               "site.yaml silences a \(code) check")
            }
        }
    }
}
