@testable import Markdown
import XCTest
import TestSupport

/// `Document.mayHoldAttributes` (issue 21): the parser marks a document whose text holds no
/// `{`, `^` or `&`, and `blockAttributes` then returns nothing without walking the tree. These
/// tests check that the skip never loses an attribute list or block id: on generated texts
/// made of the characters of attribute syntax, the answer with the hint equals the answer of
/// the full walk.
final class AttributeHintTests: XCTestCase {
    /// The walk's answer when the hint is ignored.
    private func fullWalk(_ document: Document) -> [BlockAttributes] {
        var forced = document
        forced.mayHoldAttributes = true
        return forced.blockAttributes
    }

    func testTheHintNeverHidesAnAttribute() {
        // Pieces of Markdown and of attribute syntax; each text is a random run of them.
        let pieces = ["{", "}", "#", ".", "^", "&", "#123;", "#125;", "&#123;", "&#125;", "&lbrace;", "&rbrace;",
                      "id", "x-1", "cls", " ", " ", "\n", "\n\n", "# ", "## ", "- ", "1. ", "> ", "**b**", "*e*",
                      "`c`", "| a | b |\n| - | - |\n| c | d |\n", "```\n", "```sh", "[l](u)", "![i](p.png)",
                      "[^n]", "[^n]: note\n", " {#id}", " {.cls #b}\n", "{: #c }", " ^blk\n", "**s**{ #d }", "```{.sh}\n", "!!! note\n    body\n", "Term\n: definition\n", "text", "=", "\""]
        var generator = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)
        func next(_ n: Int) -> Int { Int.random(in: 0..<n, using: &generator) }
        var skipped = 0, found = 0
        // Half the texts leave out the pieces with a marker byte, so that the hint skips them:
        // they still hold the rest of the syntax (`#id`, `.cls`, `}`, `=`).
        let unmarked = pieces.filter { !$0.contains(where: { "{^&".contains($0) }) }
        for round in 0..<4_000 {
            let alphabet = round % 2 == 0 ? pieces : unmarked
            var text = ""
            for _ in 0..<(1 + next(14)) { text += alphabet[next(alphabet.count)] }
            let document = MarkdownParser.parse(text)
            let expected = fullWalk(document)
            XCTAssertEqual(document.blockAttributes, expected, "text: \(text.debugDescription)")
            if !document.mayHoldAttributes { skipped += 1 }
            if !expected.isEmpty { found += 1 }
        }
        // Both sides were exercised: texts the hint skipped, and texts with attributes.
        XCTAssertGreaterThan(skipped, 200)
        XCTAssertGreaterThan(found, 200)
    }

    func testEachMarkerByteKeepsTheWalk() {
        XCTAssertEqual(MarkdownParser.parse("## Title {#t}\n").blockAttributeIDs, ["t"])
        XCTAssertEqual(MarkdownParser.parse("A paragraph. ^block-1\n").blockAttributeIDs, ["^block-1"])
        XCTAssertFalse(MarkdownParser.parse("Plain text, nothing else.\n\n- a list\n").mayHoldAttributes)
        // An entity decodes to a brace: if that makes an attribute list, `&` must keep the walk.
        let entity = MarkdownParser.parse("A paragraph &#123;#e&#125;\n")
        XCTAssertTrue(entity.mayHoldAttributes)
        XCTAssertEqual(entity.blockAttributes, fullWalk(entity))
    }

    func testDocumentsAreEqualByTheirTreesAlone() {
        var hinted = MarkdownParser.parse("Plain text.\n")
        XCTAssertFalse(hinted.mayHoldAttributes)
        let made = Document(blocks: hinted.blocks)
        XCTAssertEqual(hinted, made)
        hinted.mayHoldAttributes = true
        XCTAssertEqual(hinted, made)
    }
}
