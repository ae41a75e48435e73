@testable import Markdown
import TestSupport
import XCTest

/// Issue 21 (perftree5): the tree builder's shortcuts — an inline's column taken as its byte
/// column on an ASCII line that is not a paragraph's continuation line, and the note of
/// brackets and emphasis that lets `InlineExtensions.apply` skip its own walk — give the
/// tree the builder gives without them (`MarkdownParser.shortcutsDisabled`), positions
/// included.
final class TreeShortcutTests: XCTestCase {
    func testShortcutsNeverChangeTheTree() {
        // Continuation lines (indented, lazy, in quotes and lists), hard breaks (backslash and
        // two spaces, where cmark's columns go wrong), reference definitions before a
        // paragraph, non-ASCII lines, emphasis around syntax, escapes and entities.
        let pieces = ["# Title [[Wiki]]\n", "## *Sub* [@key]\n", "text ", "more words ", "\n", "\n\n", "    continued ",
                      "- item [@a; @b]\n", "  - nested *em [[x]]*\n", "1. one\n", "> quote [@q]\n", "> lazy\nline [[w]]\n",
                      "**bold [@k, p. 4]** ", "*em* ", "_u_ ", "`code` ", "[l](u.md#a) ", "![alt](i.png) ", "[[Wiki|label]] ",
                      "![[Embed]] ", "[@key, p. 4] ", "[^n] ", "<span>x</span> ", "~~s~~ ", "www.example.org ",
                      "https://a.b/c ", "a\\\nb [@k] ", "two  \nspaces [[x]] ", "[ref]: target.md\n", "[r][ref] ",
                      "\\[@not] ", "&#91;@not] ", "&amp; ", "é ü 字 [@é] ", "😀 [[日本]] ", "line\r\n", "\t[@tab] ",
                      "```table\n| a | b |\n| [@c] | *d* |\n```\n", "| h | k |\n| - | - |\n| [[c]] | d |\n",
                      "{ .x } ", "[x]{: #id } ", "^block-id\n", "***\n",
                      String(repeating: "long paragraph text ", count: 12) + "\n"]
        var generator = SplitMix64(seed: 0x5EED_7AEE)
        func next(_ n: Int) -> Int { Int.random(in: 0..<n, using: &generator) }
        var withSyntax = 0
        for _ in 0..<4_000 {
            var text = ""
            for _ in 0..<(1 + next(20)) { text += pieces[next(pieces.count)] }
            let fast = MarkdownParser.parse(text)
            let plain = MarkdownParser.$shortcutsDisabled.withValue(true) { MarkdownParser.parse(text) }
            XCTAssertEqual(fast.dump(), plain.dump(), "text: \(text.debugDescription)")
            XCTAssertEqual(fast, plain, "text: \(text.debugDescription)")
            if fast.dump().contains("citation") || fast.dump().contains("wikilink") { withSyntax += 1 }
        }
        XCTAssertGreaterThan(withSyntax, 2_000)
    }
}
