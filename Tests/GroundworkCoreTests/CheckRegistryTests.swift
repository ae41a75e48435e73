import Foundation
import XCTest
@testable import GroundworkCore

/// `Checks.all` is the one list of checks: each entry says which codes it emits, and does.
final class CheckRegistryTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func testEveryCheckIsNamedOnceAndEmitsOnlyKnownCodes() {
        let names = Checks.all.map(\.name)
        XCTAssertEqual(names.count, Set(names).count, "check names are unique: \(names)")
        for check in Checks.all {
            XCTAssertFalse(check.codes.isEmpty, check.name)
            for code in check.codes {
                XCTAssertTrue(DiagnosticCode.all.contains { $0.id == code.id }, "\(check.name) declares '\(code)', which the table of codes lacks")
            }
        }
        XCTAssertEqual(Set(Checks.all.map(\.phase)), [.site, .external, .output])
    }

    /// Every site check, run on its own over every fixture site, emits only codes it declares
    /// — and together they emit a good share of the codes they declare.
    func testSiteChecksEmitOnlyTheCodesTheyDeclare() throws {
        var folders: [URL] = []
        for group in ["links", "citations"] {
            let root = Self.fixtures.appendingPathComponent(group)
            for name in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
                let content = root.appendingPathComponent(name).appendingPathComponent("content")
                if FileManager.default.fileExists(atPath: content.path) { folders.append(content) }
            }
        }
        folders += [Self.fixtures.appendingPathComponent("cards/too-long"), Self.fixtures.appendingPathComponent("editions/content")]
        XCTAssertGreaterThan(folders.count, 20)
        var emitted: Set<String> = []
        for content in folders {
            let options = Options(content: content, contentDisplay: "content", templates: TempSite.repositoryTemplates,
                                  output: FileManager.default.temporaryDirectory.appendingPathComponent("unused"),
                                  today: Day(year: 2026, month: 11, day: 29))
            let analysis = try Groundwork.analyze(options)
            let context = CheckContext(site: analysis.site, links: analysis.links, sources: analysis.sources, today: options.today)
            for check in Checks.all where check.phase == .site {
                for diagnostic in check.run(context) {
                    XCTAssertTrue(check.codes.contains { $0.id == diagnostic.code.id },
                                  "\(check.name) emitted '\(diagnostic.code)' in \(content.path), which it does not declare")
                    emitted.insert(diagnostic.code.id)
                }
            }
        }
        let declared = Set(Checks.all.filter { $0.phase == .site }.flatMap(\.codes).map(\.id))
        XCTAssertGreaterThanOrEqual(emitted.count, declared.count * 3 / 4, "codes seen: \(emitted.sorted())")
    }
}
