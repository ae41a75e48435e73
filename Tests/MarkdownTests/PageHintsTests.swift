@testable import Markdown
import XCTest
import TestSupport

/// `PageHints` (issue 21): one scan of the text cmark parses rules out strikethrough and
/// autolinks for the whole page, and the passes are then skipped on every paragraph. These
/// tests check that skipping never changes the tree: on generated texts made of the
/// characters of that syntax (and of escapes and entities, which can make any character),
/// the tree parsed with the hints equals the tree parsed without them.
final class PageHintsTests: XCTestCase {
    private func unhinted(_ text: String) -> Document {
        PageHints.$disabled.withValue(true) { MarkdownParser.parse(text) }
    }

    /// Parses 4,000 seeded texts of 1 to 16 `pieces` (every other text drawn from `plain`
    /// only, so that the hints can rule their passes out), asserts that each tree equals the
    /// tree parsed without hints, and hands each text's hints and that tree's dump to `tally`.
    private func assertHintsKeepTheTree(pieces: [String], plain: [String], seed: UInt64,
                                        tally: (PageHints, String) -> Void) {
        var generator = SplitMix64(seed: seed)
        func next(_ n: Int) -> Int { Int.random(in: 0..<n, using: &generator) }
        for round in 0..<4_000 {
            let alphabet = round % 2 == 0 ? pieces : plain
            var text = ""
            for _ in 0..<(1 + next(16)) { text += alphabet[next(alphabet.count)] }
            let hinted = MarkdownParser.parse(text)
            let expected = unhinted(text)
            XCTAssertEqual(hinted.dump(), expected.dump(), "text: \(text.debugDescription)")
            XCTAssertEqual(hinted, expected, "text: \(text.debugDescription)")
            tally(PageHints(bytes: Array(text.utf8)), expected.dump())
        }
    }

    func testTheHintsNeverChangeTheTree() {
        let pieces = ["~", "~~", "~~x~~", "~y~", "www.", "www.ex.org", "http://", "https://", "http://a.b/c", "h", "w", "t",
                      "p", "s", ":", "/", ".", "ww", "tp", "\\", "\\~", "\\.", "www\\.e.org", "~\\~x~\\~", "&#126;", "&tilde;", "&#119;", "&#119;ww.a.b", "&amp;", "&",
                      " ", " ", "\n", "\n\n", "# ", "- ", "> ", "**b**", "*e*", "`c`", "[l](u)", "[[w]]", "[@k]",
                      "| a | b |\n| - | - |\n| c~~d~~ | www.x.y |\n", "```table\n| a | ~~b~~ |\n```\n",
                      "!!! note\n    www.a.b ~~s~~\n", "[^n]", "[^n]: note ~~x~~ www.q.r\n", "text", "{.c}", "(", ")"]
        var ruledOut = 0, struck = 0, linked = 0
        // Half the texts leave out escapes and entities, so that the hints rule passes out.
        let plain = pieces.filter { !$0.contains("\\") && !$0.contains("&") }
        assertHintsKeepTheTree(pieces: pieces, plain: plain, seed: 0x2545_F491_4F6C_DD1D) { hints, dump in
            if !hints.mayHoldTilde || !hints.mayHoldAutolink { ruledOut += 1 }
            if dump.contains("strikethrough") { struck += 1 }
            if dump.contains("link") && dump.contains("www.") { linked += 1 }
        }
        // Both sides were exercised: texts the hints ruled out, and texts with the syntax.
        XCTAssertGreaterThan(ruledOut, 500)
        XCTAssertGreaterThan(struck, 200)
        XCTAssertGreaterThan(linked, 100)
    }

    /// perftree7: without `{` and `^` in the text (and no escape or entity), the tree builder
    /// skips looking for attribute lists and block ids, without `]:` for link reference
    /// definitions before a paragraph, and without `[ ]`, `[x]`, `[X]` for task list markers;
    /// with them the tree is as without hints.
    func testTheAttributeDefinitionAndTaskHintsNeverChangeTheTree() {
        let pieces = ["{: #id .c }", "{#h}", "{ .b }", "{", "}", "{.x", "^block-1", "^", "^x y", "&#123;: #e }", "&#94;id",
                      "\\{ #esc }", "&amp;", "# Title ", "## Sub {#sub}\n", "```{ .sh #code }\ncode\n```\n", "```sh\nx {\n```\n",
                      "[l](u.md)", "[l](u.md){ .button }", "**b**{ #z }", "![i](p.png){ width=3 }", "`c`", "*e*",
                      "- item ", "- [ ] task ", "- [x] done ", "- [X]\n", "- [y] not ", "[x]", "1. one ", "> quote ", "text ", "more words ", " ", "\n", "\n\n", "\n    ",
                      "| a | b |\n| - | - |\n| c { .x } | d |\n", "```table\n| a | b { #t } |\n```\n", "[^n]: note ^fid\n", "[^n]",
                      "[ref]: target.md\n", "[r][ref] ", "[ref] ", "  [x]: y.md \"t\"\n", "[a]:b ", "]:", "]\n:"]
        // Half the texts without the bytes, so that the hint rules the search out.
        let plain = pieces.filter { !$0.contains("{") && !$0.contains("^") && !$0.contains("&") && !$0.contains("\\") }
        var ruledOut = 0, withAttributes = 0, withDefinitions = 0, withoutTasks = 0, withTasks = 0
        assertHintsKeepTheTree(pieces: pieces, plain: plain, seed: 0x7EE7_A77B_0000_0007) { hints, dump in
            if !hints.mayHoldAttributes { ruledOut += 1 }
            if hints.mayHoldReferenceDefinitions { withDefinitions += 1 }
            if !hints.mayHoldTaskMarker { withoutTasks += 1 }
            if dump.contains("id=") || dump.contains("class") || dump.contains("attr") { withAttributes += 1 }
            if dump.contains("task=") { withTasks += 1 }
        }
        XCTAssertGreaterThan(ruledOut, 1_500)
        XCTAssertGreaterThan(withAttributes, 500)
        XCTAssertGreaterThan(withDefinitions, 500)
        XCTAssertLessThan(withDefinitions, 3_500)
        XCTAssertGreaterThan(withoutTasks, 500)
        XCTAssertGreaterThan(withTasks, 500)
    }

    func testEscapesAndEntitiesRuleNothingOut() {
        XCTAssertFalse(PageHints(bytes: Array("plain text".utf8)).mayHoldTilde)
        XCTAssertFalse(PageHints(bytes: Array("plain text".utf8)).mayHoldAutolink)
        XCTAssertTrue(PageHints(bytes: Array("a &#126;&#126;b&#126;&#126;".utf8)).mayHoldTilde)
        XCTAssertTrue(PageHints(bytes: Array("see \\www.example.com".utf8)).mayHoldAutolink)
        // An entity makes the `w` of an autolink: the page's bytes hold no `www.`.
        let text = "see &#119;ww.example.com today\n"
        XCTAssertEqual(MarkdownParser.parse(text).dump(), unhinted(text).dump())
        XCTAssertTrue(unhinted(text).dump().contains("link dest="), unhinted(text).dump())
    }
}
