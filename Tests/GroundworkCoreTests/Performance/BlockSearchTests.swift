import XCTest
import TestSupport
@testable import GroundworkCore
import Markdown

/// `BlockSearch` (issue 21) finds what `BlockWalker` finds: the same headings, tables and
/// block quotes, in the same order, in every container a block can sit in.
final class BlockSearchTests: XCTestCase {
    /// Documents nesting headings, tables (fenced and pipe), quotes and callouts in lists,
    /// quotes, footnotes and definition lists.
    static func generatedDocument(_ generator: inout SeededGenerator) -> Document {
        let leaves = [
            "Plain text %.", "## Heading %", "# Title %", "```table\n| a | b |\n| c | d | e |\n```",
            "| h | i |\n| - | - |\n| 1 | 2 |", "```\ncode\n```", "<div>html</div>", "---", "Setext %\n---",
        ]
        let containers = [
            "- %\n- %", "1. %", "> %", "> [!note] Title\n> %", "> [!notes]\n> %", "[^n]: %", "Term\n: %",
        ]
        func block(_ depth: Int) -> String {
            if depth > 2 || generator.next(3) == 0 { return leaves[generator.next(leaves.count)].replacingOccurrences(of: "%", with: "\(generator.next(99))") }
            let container = containers[generator.next(containers.count)]
            let inner = (0..<(1 + generator.next(3))).map { _ in block(depth + 1) }.joined(separator: "\n\n")
            // Indent the inner blocks as the container's first line needs them.
            let prefix = container.hasPrefix(">") ? "> " : container.hasPrefix("1.") ? "   " : container.hasPrefix("Term") ? "    " : "    "
            let indented = inner.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? String($0.element) : prefix + $0.element }.joined(separator: "\n")
            return container.replacingOccurrences(of: "%", with: indented)
        }
        var text = "[^n] reference\n\n"
        for _ in 0..<(2 + generator.next(6)) { text += block(0) + "\n\n" }
        return MarkdownParser.parse(text)
    }

    func testSearchesAgreeWithBlockWalker() {
        var generator = SeededGenerator(state: 33)
        var headings = 0, tables = 0, quotes = 0, nested = 0
        for _ in 0..<400 {
            let document = Self.generatedDocument(&generator)
            var walked: (headings: [Heading], tables: [Table], quotes: [BlockQuote]) = ([], [], [])
            BlockWalker.forEachBlock(document.blocks) { block in
                switch block {
                case .heading(let h): walked.headings.append(h)
                case .table(let t): walked.tables.append(t)
                case .blockQuote(let q): walked.quotes.append(q)
                default: break
                }
            }
            var searched: (headings: [Heading], tables: [Table], quotes: [BlockQuote]) = ([], [], [])
            BlockSearch.forEachHeading(in: document.blocks) { searched.headings.append($0) }
            BlockSearch.forEachTable(in: document.blocks) { searched.tables.append($0) }
            BlockSearch.forEachBlockQuote(in: document.blocks) { searched.quotes.append($0) }
            // Whole nodes compared; only their ranges printed (a tree's description is long).
            XCTAssert(searched.headings == walked.headings, "headings: \(searched.headings.map(\.range)) != \(walked.headings.map(\.range))")
            XCTAssert(searched.tables == walked.tables, "tables: \(searched.tables.map(\.range)) != \(walked.tables.map(\.range))")
            XCTAssert(searched.quotes == walked.quotes, "quotes: \(searched.quotes.map(\.range)) != \(walked.quotes.map(\.range))")
            headings += walked.headings.count
            tables += walked.tables.count
            quotes += walked.quotes.count
            // Found below the top level: what a search that forgot a container would miss.
            let topLevel = document.blocks.filter {
                switch $0 { case .heading, .table, .blockQuote: return true; default: return false }
            }.count
            nested += walked.headings.count + walked.tables.count + walked.quotes.count - topLevel
        }
        // The input exercised what it is meant to.
        XCTAssertGreaterThan(headings, 100)
        XCTAssertGreaterThan(tables, 100)
        XCTAssertGreaterThan(quotes, 100)
        XCTAssertGreaterThan(nested, 300)
    }
}
