import XCTest
import TestSupport
@testable import Markdown

/// The parser's byte-level fast paths (issue 9) must give what the general path gives.
final class FastPathTests: XCTestCase {
    typealias Generator = SeededGenerator

    /// Table cells cmark reads as plain text skip cmark; both ways must agree on every cell,
    /// plain or not.
    func testPlainTableCellsMatchCmark() {
        let alphabet = Array("abcXYZ019 .,;:?'\"/()%-*_[]`!<>&\\#+=~|@é\t")
        var generator = Generator(state: 7)
        var plain = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<(1 + generator.next(12)) { text.append(alphabet[generator.next(alphabet.count)]) }
            text = text.trimmingSpaces()
            if text.isEmpty { continue }
            if TableParser.isPlainText(text) { plain += 1 }
            let line = 1 + generator.next(40), column = 1 + generator.next(30)
            XCTAssertEqual(TableParser.parseInlines(text, line: line, column: column),
                           TableParser.parseInlinesWithCmark(text, line: line, column: column), "cell: \(text.debugDescription)")
        }
        XCTAssertGreaterThan(plain, 100)
        for text in ["low", "Owner", "a - b", "A. b", "x: y", "it's \"ok\" (50%)", "e.g. a/b", "ab  cd", "Zz9"] {
            XCTAssertTrue(TableParser.isPlainText(text))
            XCTAssertEqual(TableParser.parseInlines(text, line: 3, column: 5), TableParser.parseInlinesWithCmark(text, line: 3, column: 5), text)
        }
    }

    /// A table's rows and cells, positions included, with the fast paths, against the same
    /// table parsed by the general path (non-ASCII and indented lines take it).
    func testTableRowsKeepTheirColumns() {
        let source = "Intro\n\n```table\n| Option | Effort | Owner |\n|---|---|---|\n|  low | *high* | team |\n  | a \\| b | é | `x` |\n```\n"
        let document = MarkdownParser.parse(source)
        guard case .table(let table)? = document.blocks.last else { return XCTFail("no table") }
        XCTAssertEqual(table.header?.cells.map(\.range?.start.column), [3, 12, 21])
        XCTAssertEqual(table.rows.first?.cells.map(\.range?.start.column), [4, 10, 19])
        XCTAssertEqual(table.rows.last?.position.column, 3)
    }

    func testTableCellSplitAgreesWithCharacters() {
        let pieces = ["|", "|", "a", " ", "\t", "\\", "\\|", "b c", "-", ":", "é", "\r", "x"]
        var generator = Generator(state: 13)
        for _ in 0..<30_000 {
            var row = ""
            for _ in 0..<(1 + generator.next(9)) { row += pieces[generator.next(pieces.count)] }
            guard let fast = TableParser.splitCellsASCII(row) else { continue }
            let reference = TableParser.splitCellsByCharacters(row)
            XCTAssertEqual(fast.map(\.text), reference.map(\.text), row.debugDescription)
            XCTAssertEqual(fast.map(\.offset), reference.map(\.offset), row.debugDescription)
        }
    }

    func testCellCharacterCountAgreesWithCharacters() {
        let pieces = ["a", " ", "\t", "\r", "\n", "\r\n", "é", "e\u{301}", "\u{301}", "|", "\u{7F}", "\u{1}", "x y"]
        var generator = Generator(state: 7)
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<generator.next(12) { text += pieces[generator.next(pieces.count)] }
            XCTAssertEqual(TableParser.characterCount(text), text.count, text.debugDescription)
        }
    }

    func testLiteralLineSplitAgreesWithCharacters() {
        for literal in ["", "\n", "a\nb", "a\n\nb\n", "\u{301}\n\u{301}", "é\nx", "a\r\nb", "\n\n", "x"] {
            XCTAssertEqual(TableParser.splitLines(literal), literal.split(separator: "\n", omittingEmptySubsequences: false), literal.debugDescription)
        }
    }

    func testLineStartsWithASCIIAgreesWithCharacters() {
        let pieces = ["a", "b", " ", "[", "é", "e\u{301}", "\u{301}", "x", "ab", "\t"]
        var generator = Generator(state: 99)
        for _ in 0..<20_000 {
            var line = "", prefix = ""
            for _ in 0..<generator.next(6) { line += pieces[generator.next(pieces.count)] }
            for _ in 0..<generator.next(4) { prefix += pieces[generator.next(pieces.count)] }
            let table = LineTable(bytes: Array((line + "\nnext\n").utf8))
            let expected = !prefix.isEmpty && table.lineText(1).drop(while: { $0 == " " }).hasPrefix(prefix)
            prefix.withCString { pointer in
                if let fast = table.lineStartsWithASCII(1, pointer) {
                    XCTAssertEqual(fast, expected, "line \(line.debugDescription), prefix \(prefix.debugDescription)")
                }
            }
        }
    }
}
