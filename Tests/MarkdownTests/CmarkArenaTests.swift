import CSystem
@testable import Markdown
import TestSupport
import XCTest

/// libcmark's memory on a per-thread bump arena (CmarkArena.swift, CSystem/gw_arena.c, issue
/// 21): the trees are the ones libcmark's own allocator gives, nested parses (table cells,
/// footnote and admonition bodies, parsed while their page's tree is read) keep the outer
/// tree intact, and the memory is handed back after every parse.
final class CmarkArenaTests: XCTestCase {
    private func withoutArena(_ text: String) -> Document {
        CmarkArena.$disabled.withValue(true) { MarkdownParser.parse(text) }
    }

    /// Generated pages made of block and inline syntax, with the constructs that parse text
    /// apart from the page (fenced tables, pipe tables, footnotes, admonitions, definition
    /// lists), each parsed on the arena and with libcmark's allocator: the same trees.
    func testTheArenaNeverChangesTheTree() {
        let pieces = ["# Title\n", "## Sub {#id}\n", "text ", "more words here ", "\n", "\n\n", "- item\n", "  - nested\n",
                      "1. one\n", "> quote\n", "> [!NOTE]\n> body\n", "**bold** ", "*em* ", "`code` ", "[l](u.md#a) ",
                      "![alt](i.png) ", "[[Wiki]] ", "[@key, p. 4] ", "<span>x</span> ", "~~s~~ ", "www.example.org ",
                      "[^n] ", "\n[^n]: note with [l](x.md)\n    more\n", "```swift\nlet x = 1\n```\n",
                      "```table\n| a | b |\n| [l](u) | `c` |\n```\n", "| h | k |\n| - | - |\n| c | d |\n",
                      "!!! note \"T\"\n    body [r][ref]\n", "Term\n: definition\n", "[ref]: target.md\n",
                      "    indented code\n", "<div>\nhtml\n</div>\n", "***\n", "a\\\nb ", "&amp; &#123; ", "é ü 字 ",
                      "line\r\n", "nul\u{0}byte ", String(repeating: "long paragraph text ", count: 40) + "\n"]
        var generator = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)
        func next(_ n: Int) -> Int { Int.random(in: 0..<n, using: &generator) }
        var nested = 0
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<(1 + next(24)) { text += pieces[next(pieces.count)] }
            let arena = MarkdownParser.parse(text)
            let expected = withoutArena(text)
            XCTAssertEqual(arena.dump(), expected.dump(), "text: \(text.debugDescription)")
            XCTAssertEqual(arena, expected, "text: \(text.debugDescription)")
            if text.contains("```table") || text.contains("!!! note") { nested += 1 }
        }
        XCTAssertGreaterThan(nested, 1_000)
    }

    /// After each parse the arena is back where it was: parsing many pages holds no more
    /// memory than parsing a few (the chunks kept for reuse are bounded).
    func testTheMemoryIsHandedBackAfterEveryParse() {
        let page = (0..<40).map { "Paragraph \($0) with [a link](p\($0).md) and `code`.\n\n```table\n| a | b |\n| c | d |\n```\n\n" }.joined()
        for _ in 0..<5 { _ = MarkdownParser.parse(page) }
        let afterFew = gw_arena_held_bytes()
        XCTAssertGreaterThan(afterFew, 0, "the parse did not use the arena")
        for _ in 0..<200 { _ = MarkdownParser.parse(page) }
        XCTAssertEqual(gw_arena_held_bytes(), afterFew)
    }

    /// The allocator's own promises, which libcmark relies on.
    func testAllocatorSemantics() {
        let mark = gw_arena_get_mark()
        defer { gw_arena_reset(mark) }
        // calloc zeroes, also memory used before and handed back.
        let inner = gw_arena_get_mark()
        let dirty = gw_arena_calloc(1, 64)!.assumingMemoryBound(to: UInt8.self)
        for i in 0..<64 { dirty[i] = 0xFF }
        gw_arena_reset(inner)
        let clean = gw_arena_calloc(8, 8)!.assumingMemoryBound(to: UInt8.self)
        XCTAssertEqual(UnsafeRawPointer(clean), UnsafeRawPointer(dirty), "the reset did not hand the bytes back")
        XCTAssertTrue((0..<64).allSatisfy { clean[$0] == 0 })
        // Pointers are aligned as malloc's.
        for size in [1, 3, 17, 100] { XCTAssertEqual(Int(bitPattern: gw_arena_calloc(1, size)) % 16, 0) }
        // realloc keeps the contents, whether it grows in place (the newest block) or moves.
        var grown = gw_arena_realloc(nil, 10)!.assumingMemoryBound(to: UInt8.self)
        for i in 0..<10 { grown[i] = UInt8(i) }
        grown = gw_arena_realloc(grown, 1_000)!.assumingMemoryBound(to: UInt8.self)
        XCTAssertTrue((0..<10).allSatisfy { grown[$0] == UInt8($0) })
        let blocker = gw_arena_calloc(1, 16)
        let moved = gw_arena_realloc(grown, 400_000)!.assumingMemoryBound(to: UInt8.self)  // beyond a chunk
        XCTAssertNotEqual(UnsafeRawPointer(moved), UnsafeRawPointer(grown))
        XCTAssertTrue((0..<10).allSatisfy { moved[$0] == UInt8($0) })
        // Freeing the newest block gives its bytes to the next allocation; an older one is kept.
        gw_arena_free(blocker)
        let newest = gw_arena_calloc(1, 32)
        gw_arena_free(newest)
        XCTAssertEqual(gw_arena_calloc(1, 32), newest)
        XCTAssertNil(gw_arena_calloc(Int.max, 2), "an overflowing size must fail, not wrap")
    }
}
