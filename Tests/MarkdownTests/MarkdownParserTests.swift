import Foundation
import Markdown
import TestSupport
import XCTest

final class MarkdownParserTests: XCTestCase {
    /// Source-tree paths, so golden files are reviewed in the repository, not in a bundle.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func fixture(_ name: String) throws -> String {
        try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    func testEverythingFixtureMatchesGoldenTree() throws {
        let document = MarkdownParser.parse(try fixture("everything.md"))
        assertGolden(document.dump(), Self.fixtures.appendingPathComponent("everything.tree").path)
    }

    /// GFM pipe tables, footnotes, task lists, extended autolinks and strikethrough, with
    /// positions: cells, footnote bodies (first and continuation lines), what is not one of them.
    func testGFMFixtureMatchesGoldenTree() throws {
        let document = MarkdownParser.parse(try fixture("gfm.md"))
        assertGolden(document.dump(), Self.fixtures.appendingPathComponent("gfm.tree").path)
    }

    /// The two cmark 0.30 position bugs (NOTES.md) are corrected: the paragraph after a link
    /// reference definition starts on line 2, and "then" after the hard break is at 5:1.
    func testCmarkPositionBugsAreCorrected() throws {
        let document = MarkdownParser.parse(try fixture("cmark-bugs.md"))
        assertGolden(document.dump(), Self.fixtures.appendingPathComponent("cmark-bugs.tree").path)
    }

    func testColumnsCountCharactersNotBytes() {
        let document = MarkdownParser.parse("Éé ünïcödé [x](y.md)\n")
        guard case .paragraph(let p) = document.blocks[0], case .link(let link) = p.inlines[1] else {
            return XCTFail("unexpected tree \(document.dump())")
        }
        // "Éé ünïcödé " is 11 characters (17 bytes): the link starts at character 12.
        XCTAssertEqual(link.range?.start, SourcePosition(line: 1, column: 12))
    }

    func testCRLFPositionsMatchLF() {
        let lf = MarkdownParser.parse("Title\n\nSee [a](b.md) and [@key].\n")
        let crlf = MarkdownParser.parse("Title\r\n\r\nSee [a](b.md) and [@key].\r\n")
        XCTAssertEqual(lf.dump(), crlf.dump())
    }

    func testEscapedCitationIsText() {
        let document = MarkdownParser.parse("Not \\[@key] but [@real].\n")
        let dump = document.dump()
        XCTAssertTrue(dump.contains("citation @real"), dump)
        XCTAssertFalse(dump.contains("citation @key"), dump)
    }

    func testCitationAcrossSoftBreak() {
        let document = MarkdownParser.parse("Two [@a;\n@b, p. 4] keys.\n")
        guard case .paragraph(let p) = document.blocks[0] else { return XCTFail() }
        let citations = p.inlines.compactMap { inline -> Citation? in
            if case .citation(let c) = inline { return c }
            return nil
        }
        XCTAssertEqual(citations.count, 1)
        XCTAssertEqual(citations.first?.items.map(\.key), ["a", "b"])
        XCTAssertEqual(citations.first?.items.last?.locator, "p. 4")
        XCTAssertEqual(citations.first?.items.last?.position, SourcePosition(line: 2, column: 1))
    }

    func testCitationLinkStaysLink() {
        let dump = MarkdownParser.parse("[@key](https://example.com)\n").dump()
        XCTAssertTrue(dump.contains("link dest=\"https://example.com\""), dump)
        XCTAssertFalse(dump.contains("citation"), dump)
    }

    func testEmailInBracketsIsNotACitation() {
        let dump = MarkdownParser.parse("[write to a@b.example]\n").dump()
        XCTAssertFalse(dump.contains("citation"), dump)
    }

    func testDeepNestingIsFlattenedWithoutCrashing() {
        let deep = String(repeating: "> ", count: 5000) + "deep\n"
        let document = MarkdownParser.parse(deep)
        XCTAssertTrue(document.dump().contains("text \"deep\""))
        let list = (0..<3000).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n")
        XCTAssertFalse(MarkdownParser.parse(list).blocks.isEmpty)
    }

    func testHeadingSlugs() {
        XCTAssertEqual(HeadingID.slug("Fine-tuning: a primer"), "fine-tuning-a-primer")
        XCTAssertEqual(HeadingID.slug("What's RAG?"), "whats-rag")
        XCTAssertEqual(HeadingID.slug("Über  uns"), "über--uns")
    }
}
