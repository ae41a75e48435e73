import XCTest
import TestSupport
@testable import Markdown

/// Issue 21: the inline extensions run on windows of units around each `[` and autolink
/// prefix (InlineWindows.swift) when a run's texts are as written; the result must be what
/// the units path (every scalar a unit) gives for the same run.
final class InlineWindowsTests: XCTestCase {
    /// Pieces the runs are made of: every kind of syntax, broken syntax, white space around
    /// and inside it, multi-byte characters and the look-behind characters of autolinks.
    static let pieces = [
        "word", " ", " ", "\t", "[", "]", "[[", "]]", "![[", "!", "@", "@key", "[@key]", "[@a; @b, p. 4]",
        "[see @x]", "[^1]", "[^a b]", "[[page#part|label]]", "[[x]]", "www.", "www.x.org", "http://",
        "https://a.b/c(d)", "http://x.y.", "www.a_b.c", "&amp;", "&x;", ")", "(", "*", "_", "~", "<", ".", ",",
        ":", ";", "é", "e\u{301}", "日本", "😀", "|", "#", "wh", "ht", "https:/", "ww.", "x", "[@é]",
    ]

    func testWindowsAgreeWithUnits() throws {
        var generator = SeededGenerator(state: 2112)
        var compared = 0, matched = 0
        for _ in 0..<20_000 {
            // One to four lines, each one text of the run, with soft breaks between.
            var lineTexts: [String] = []
            for _ in 0..<(1 + generator.next(4)) {
                var line = ""
                for _ in 0..<(1 + generator.next(10)) { line += Self.pieces[generator.next(Self.pieces.count)] }
                lineTexts.append(line)
            }
            let source = lineTexts.joined(separator: "\n") + "\n"
            let lines = LineTable(bytes: Array(source.utf8))
            let extensions = InlineExtensions(lines: lines)
            var run: [Inline] = []
            for (n, text) in lineTexts.enumerated() {
                if n > 0 { run.append(.softBreak) }
                let end = SourcePosition(line: n + 1, column: max(text.count, 1))
                run.append(.text(Text(string: text, range: SourceRange(start: SourcePosition(line: n + 1, column: 1), end: end))))
            }
            for hasAutolink in [false, true] {
                let byUnits = extensions.processByUnits(run, hasAutolink: hasAutolink)
                let byWindows = try XCTUnwrap(extensions.processByWindows(run, hasAutolink: hasAutolink), source.debugDescription)
                XCTAssertEqual(byWindows, byUnits, source.debugDescription)
                compared += 1
                if byUnits.contains(where: { if case .text = $0 { return false } else { return $0 != .softBreak } }) { matched += 1 }
            }
        }
        // The runs hold syntax often enough for the comparison to mean something.
        XCTAssertGreaterThan(matched, compared / 4)
    }

    /// A text that is not as written (an escape, an entity) takes the units path.
    func testTextNotAsWrittenIsLeftToUnits() {
        let source = "a \\[@key] b\n"
        let lines = LineTable(bytes: Array(source.utf8))
        let extensions = InlineExtensions(lines: lines)
        let run: [Inline] = [.text(Text(string: "a [@key] b", range: SourceRange(start: SourcePosition(line: 1, column: 1),
                                                                                  end: SourcePosition(line: 1, column: 11))))]
        XCTAssertNil(extensions.processByWindows(run, hasAutolink: false))
        XCTAssertEqual(extensions.processByUnits(run, hasAutolink: false).count, 1)
    }

    func testAutolinkPrefixesFromPeriodsAndColons() {
        func starts(_ s: String) -> [Int] {
            var found: [Int] = []
            Array(s.utf8).withUnsafeBufferPointer { InlineExtensions.forEachAutolinkPrefix($0) { found.append($0) } }
            return found.sorted()
        }
        XCTAssertEqual(starts("see www.x.org and https://a.b or http://c"), [4, 18, 33])
        XCTAssertEqual(starts("ww.x wwww.y http:/ https//"), [6])
        XCTAssertEqual(starts("http://"), [0])
        XCTAssertEqual(starts("xhttps://"), [1])
    }
}
