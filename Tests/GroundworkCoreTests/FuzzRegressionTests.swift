import Foundation
import FuzzHarness
import XCTest

/// Replays the fuzzers' committed seeds and every input that once crashed or hung them
/// (Fuzz/regressions/TARGET/*) through the same harness the fuzzers run.
final class FuzzRegressionTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func inputs(_ target: String) -> [(String, [UInt8])] {
        var found: [(String, [UInt8])] = []
        for folder in ["Fuzz/corpus/\(target)", "Fuzz/regressions/\(target)"] {
            let url = Self.repository.appendingPathComponent(folder)
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() {
                if let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) {
                    found.append(("\(folder)/\(name)", [UInt8](data)))
                }
            }
        }
        return found
    }

    func testFrontMatterInputs() {
        let all = inputs("FrontMatter")
        XCTAssertFalse(all.isEmpty)
        for (_, bytes) in all { FuzzHarness.frontMatter(bytes) }
    }

    func testInlineInputs() {
        let all = inputs("Inline")
        XCTAssertFalse(all.isEmpty)
        for (_, bytes) in all { FuzzHarness.inline(bytes) }
    }

    func testAdmonitionInputs() {
        let all = inputs("Admonition")
        XCTAssertFalse(all.isEmpty)
        for (_, bytes) in all { FuzzHarness.admonition(bytes) }
    }

    func testDefinitionListInputs() {
        let all = inputs("DefinitionList")
        XCTAssertFalse(all.isEmpty)
        for (_, bytes) in all { FuzzHarness.definitionList(bytes) }
    }

    func testTableInputs() {
        let all = inputs("Table")
        XCTAssertFalse(all.isEmpty)
        for (_, bytes) in all { FuzzHarness.table(bytes) }
    }

    func testHTMLInputs() {
        let all = inputs("HTML")
        XCTAssertFalse(all.isEmpty)
        for (_, bytes) in all { FuzzHarness.html(bytes) }
    }

    func testPageInputs() throws {
        let all = inputs("Page")
        XCTAssertFalse(all.isEmpty)
        let fuzzer = try PageFuzzer(templates: Self.repository.appendingPathComponent("templates"))
        for (_, bytes) in all { FuzzHarness.page(bytes, with: fuzzer) }
    }
}
