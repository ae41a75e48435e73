@testable import Markdown
import XCTest
import TestSupport

/// `Document.mayHoldFootnotes` (issue 21): the footnote check passes over a page for which
/// it is false, without walking it. These tests check that the hint never hides a footnote:
/// on generated texts made of footnote syntax, its escapes and entities, every document whose
/// tree holds a footnote reference or definition says it may hold footnotes.
final class FootnoteHintTests: XCTestCase {
    /// Whether the tree holds a footnote reference or definition, by the full walks.
    private func holdsFootnote(_ document: Document) -> Bool {
        var found = false
        BlockWalker.forEachBlock(document.blocks) { block in
            if case .footnoteDefinition = block { found = true }
        }
        InlineWalker.forEach(in: document) { inline, _ in
            if case .footnoteReference = inline { found = true }
        }
        return found
    }

    func testTheHintNeverHidesAFootnote() {
        let pieces = ["[^", "[^n]", "[^n]: note\n", "[^m]:\n    body\n", "^", "[", "]", "]:", "n", "m", " ", "\n", "\n\n",
                      "\\^", "\\[^n]", "&#94;", "&Hat;", "&#x5E;", "[&#94;n]", "[&Hat;n]", "&#91;^n]", "&", "#94;",
                      "> ", "- ", "1. ", "**b**", "*e*", "`c`", "`[^n]`", "[l](u)", "[^n](u)", "| a | b |\n| - | - |\n| [^n] | d |\n",
                      "```\n", "> [^n]: quoted\n", "Term\n: [^n]\n", "text", "{", "}"]
        var generator = SplitMix64(seed: 0x5EED_F007_0000_0021)
        func next(_ n: Int) -> Int { Int.random(in: 0..<n, using: &generator) }
        // Half the texts leave out every piece with `^` or `&`, so that the hint rules them out.
        let unmarked = pieces.filter { !$0.contains(where: { "^&".contains($0) }) }
        var skipped = 0, withFootnotes = 0
        for round in 0..<4_000 {
            let alphabet = round % 2 == 0 ? pieces : unmarked
            var text = ""
            for _ in 0..<(1 + next(12)) { text += alphabet[next(alphabet.count)] }
            let document = MarkdownParser.parse(text)
            let holds = holdsFootnote(document)
            if holds {
                withFootnotes += 1
                XCTAssertTrue(document.mayHoldFootnotes, "text: \(text.debugDescription)")
            }
            if !document.mayHoldFootnotes { skipped += 1 }
        }
        // Both sides were exercised: texts the hint rules out, and texts with footnotes.
        XCTAssertGreaterThan(skipped, 500)
        XCTAssertGreaterThan(withFootnotes, 500)
    }

    func testMarkersKeepTheWalk() {
        XCTAssertFalse(MarkdownParser.parse("Plain text [link](u), nothing else.\n\n- a list\n").mayHoldFootnotes)
        XCTAssertTrue(MarkdownParser.parse("A claim.[^1]\n\n[^1]: The note.\n").mayHoldFootnotes)
        XCTAssertTrue(MarkdownParser.parse("Only a definition.\n\n[^1]: The note.\n").mayHoldFootnotes)
        // An entity can make the `^` of a reference: its `&` keeps the walk.
        XCTAssertTrue(MarkdownParser.parse("A claim.[&#94;1]\n").mayHoldFootnotes)
    }
}
