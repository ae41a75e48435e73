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

/// Issue 21: byte fast paths of the parser and heading ids answer what the `Character` or
/// scalar code they stand in front of answers.
final class ByteFastPathTests: XCTestCase {
    static let pieces = [" ", "\t", "\n", "\r", "\r\n", "a", "Z", "9", "-", "_", "x y", "é", "e\u{301}", " \u{301}", "\u{600}",
                         "}", "{", "^id", "{: #x }", ".", "|", "/", "日", "😀", "A-b_C", "?", "&"]

    func testTrimmingSpacesByBytesAgreesWithCharacters() {
        var generator = SeededGenerator(state: 77)
        var trimmed = 0
        for _ in 0..<30_000 {
            var text = ""
            for _ in 0..<generator.next(7) { text += Self.pieces[generator.next(Self.pieces.count)] }
            // The `Character` loop `trimmingSpaces` had before the byte path.
            var s = Substring(text)
            while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
            while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
            XCTAssertEqual(text.trimmingSpaces(), String(s), text.debugDescription)
            if String(s) != text { trimmed += 1 }
        }
        XCTAssertGreaterThan(trimmed, 5_000)
    }

    func testMayEndInMarkerWheneverAMarkerIsFound() {
        var generator = SeededGenerator(state: 5)
        var found = 0
        for _ in 0..<30_000 {
            var text = "word "
            for _ in 0..<generator.next(6) { text += Self.pieces[generator.next(Self.pieces.count)] }
            var inlines: [Inline] = [.text(Text(string: "a", range: nil)), .softBreak, .text(Text(string: text, range: nil))]
            if BlockAttributes.extractFromParagraph(&inlines) != nil {
                found += 1
                XCTAssertTrue(BlockAttributes.mayEndInMarker(text), text.debugDescription)
            }
        }
        XCTAssertGreaterThan(found, 500)
    }

    func testASCIISlugAgreesWithScalarSlug() {
        var generator = SeededGenerator(state: 9)
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<generator.next(24) { bytes.append(UInt8(generator.next(128))) }
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertEqual(HeadingID.asciiSlug(text), HeadingID.unicodeSlug(text), text.debugDescription)
        }
        XCTAssertNil(HeadingID.asciiSlug("Café"))
        XCTAssertEqual(HeadingID.slug("Fine-tuning: a primer"), "fine-tuning-a-primer")
        XCTAssertEqual(HeadingID.slug("Café au lait"), "café-au-lait")
    }

    func testFirstIndexByBytes() {
        for s in ["a|b", "|", "ab", "é|x", "e\u{301}|", "x#y|z", ""] {
            XCTAssertEqual(InlineExtensions.firstIndex(of: "|", in: s), s.firstIndex(of: "|"), s)
            XCTAssertEqual(InlineExtensions.firstIndex(of: "#", in: s), s.firstIndex(of: "#"), s)
        }
    }
}
