import XCTest
import TestSupport
@testable import Markdown

/// Issue 21 (perftext): fenced `table` blocks of plain ASCII are read from their bytes
/// (TableRowsASCII.swift); the table must be the one the general path makes.
final class TableRowsASCIITests: XCTestCase {
    /// Pieces of rows: pipes, blanks, separators, plain words, syntax a cell is parsed for,
    /// escapes, autolinks and non-ASCII text (those two take the general path).
    static let pieces = ["|", "|", " ", "  ", "\t", "a", "Word", "x1", "-", "---", ":--", ":-:", "--:", ":", "x.y", "www.a.b",
                         "http://c.d", "`c`", "*e*", "[l](y.md)", "é", "\\|", "\\", "?", "&amp;", "(p)", "1.", "# h", "<b>", "9"]

    func testASCIIRowsAgreeWithGeneralPath() {
        var generator = SplitMix64(seed: 0x7AB1E)
        var fast = 0, general = 0, cellsCompared = 0
        for _ in 0..<6_000 {
            // Lines before the fence move it; its indentation is taken off every content line.
            let before = Int.random(in: 0...3, using: &generator)
            let indent = Int.random(in: 0...3, using: &generator)
            var contents: [String] = []
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                var row = String(repeating: " ", count: Int.random(in: 0...4, using: &generator))
                for _ in 0..<Int.random(in: 0...9, using: &generator) { row += Self.pieces.randomElement(using: &generator)! }
                contents.append(row)
            }
            let prefix = String(repeating: "text\n", count: before)
            let fence = String(repeating: " ", count: indent)
            let source = prefix + fence + "```table\n" + contents.map { $0 + "\n" }.joined() + fence + "```\n"
            // cmark's literal: each content line without up to `indent` leading spaces.
            let literal = contents.map { line -> String in
                let spaces = line.prefix(while: { $0 == " " }).count
                return String(line.dropFirst(min(spaces, indent))) + "\n"
            }.joined()
            let lines = LineTable(bytes: Array(source.utf8))
            let range = SourceRange(start: SourcePosition(line: before + 1, column: indent + 1),
                                    end: SourcePosition(line: before + contents.count + 2, column: indent + 3))
            let expected = TableParser.parseGeneral(literal, blockRange: range, lines: lines)
            if let table = TableParser.parseASCII(literal, blockRange: range, lines: lines) {
                XCTAssertEqual(table, expected, source.debugDescription)
                fast += 1
                cellsCompared += ([table.header].compactMap { $0 } + table.rows).reduce(0) { $0 + $1.cells.count }
            } else {
                general += 1
            }
            // The parser's own choice gives the same table as well.
            XCTAssertEqual(TableParser.parse(literal, blockRange: range, lines: lines), expected)
        }
        // Both paths were taken often, over many cells.
        XCTAssertGreaterThan(fast, 1_000)
        XCTAssertGreaterThan(general, 1_000)
        XCTAssertGreaterThan(cellsCompared, 2_000)
    }

    /// Through the whole parser: a table in a list item and after other lines keeps its
    /// positions; a row that is not where its source line's content starts is left to the
    /// general path.
    func testTablesInDocuments() throws {
        let source = "Intro\n\n- item\n\n  ```table\n  | Name | Link |\n  |---|:-:|\n  | plain text | [x](y.md) |\n  ```\n"
        let document = MarkdownParser.parse(source)
        guard case .list(let list)? = document.blocks.last, case .table(let table)? = list.items.first?.blocks.last else {
            return XCTFail(document.dump())
        }
        XCTAssertEqual(table.header?.position, SourcePosition(line: 6, column: 3))
        XCTAssertEqual(table.header?.cells.map(\.range?.start), [SourcePosition(line: 6, column: 5), SourcePosition(line: 6, column: 12)])
        XCTAssertEqual(table.rows.count, 1)
        XCTAssertEqual(table.rows.first?.cells.first?.range, SourceRange(start: SourcePosition(line: 8, column: 5), end: SourcePosition(line: 8, column: 14)))
        guard case .link(let link)? = table.rows.first?.cells.last?.inlines.first else { return XCTFail("no link") }
        XCTAssertEqual(link.destination, "y.md")
        let lines = LineTable(bytes: Array(source.utf8))
        XCTAssertNil(TableParser.parseASCII("| moved |\n", blockRange: SourceRange(start: SourcePosition(line: 5, column: 3), end: SourcePosition(line: 9, column: 5)), lines: lines))
    }
}
