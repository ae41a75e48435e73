import Foundation
import TestSupport
import XCTest
@testable import GroundworkCore

/// One page of every kind, rendered with the shipped `templates/`, against reviewed golden files
/// (issue 20): a change to the theme shows up here as a diff to review, not only in a browser.
/// Re-record with GROUNDWORK_UPDATE_GOLDEN=1 (the recording run fails) and read the diff.
final class ShippedThemeGoldenTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/shipped-theme")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The page that shows each top-level template; together they use every one of them.
    static let pages: [(template: String, path: String)] = [
        ("home", "index.html"),
        ("section", "guide/index.html"),
        ("page", "guide/retrieval/index.html"),
        ("cards-index", "cards/index.html"),
        ("card", "cards/retrieval-call/index.html"),
        ("cards-print", "cards/print/index.html"),
        ("glossary", "glossary/index.html"),
        ("tag", "tags/methods/index.html"),
        ("bibliography", "bibliography/index.html"),
        ("404", "404.html"),
    ]

    func testOnePageOfEachKindMatchesItsGoldenFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gw-theme-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: out) }
        let options = Options(content: Self.fixture.appendingPathComponent("content"), contentDisplay: "content",
                              templates: Self.repository.appendingPathComponent("templates"), output: out,
                              today: Day(year: 2026, month: 12, day: 1))
        let report = try Groundwork.build(options)
        XCTAssertEqual(report.diagnostics.map { "\($0.file):\($0.line): \($0.message)" }, [])
        XCTAssertTrue(report.wrote)
        for (_, path) in Self.pages {
            let html = try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
            assertGolden(html, Self.fixture.appendingPathComponent("expected/" + path).path)
        }
    }

    /// Every top-level template of the shipped theme has a page above, so none changes unseen.
    func testEveryShippedTemplateHasAGoldenPage() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("templates").path)
            .filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) }
        // `base` is the layout every page inherits from.
        XCTAssertEqual(Set(names).subtracting(["base"]), Set(Self.pages.map(\.template)))
    }
}
