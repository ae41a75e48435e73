import XCTest
import TestSupport
@testable import Markdown

/// Issue 21: `ByteSearch` (memchr / memcmp over a string's UTF-8) must find exactly what a
/// plain search of the bytes finds: small (inline) and large strings, needles at either end,
/// overlapping candidates, and multi-byte characters around them.
final class ByteSearchTests: XCTestCase {
    /// The reference: a naive search over the bytes.
    private func naive(_ text: String, _ needle: [UInt8]) -> Bool {
        let bytes = Array(text.utf8)
        if needle.isEmpty { return true }
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
    }

    func testAgreesWithNaiveSearchOnGeneratedStrings() {
        let pieces = ["[", "^", "[^", "~", "w", "ww", "www.", ".", "é", "\u{301}", "日本", "\n", "a", "[[", "^^", "http:/"]
        var generator = SeededGenerator(state: 7)
        var hits = (caret: 0, tilde: 0, www: 0)
        for _ in 0..<20_000 {
            var text = ""
            // Up to ~60 pieces: past Swift's 15-byte small strings, so both kinds are covered.
            for _ in 0..<(generator.next(60)) { text += pieces[generator.next(pieces.count)] }
            let caret = naive(text, Array("[^".utf8))
            XCTAssertEqual(ByteSearch.contains(text, "[^"), caret, text.debugDescription)
            XCTAssertEqual(ByteSearch.contains(text, byte: UInt8(ascii: "~")), naive(text, [UInt8(ascii: "~")]), text.debugDescription)
            let www = naive(text, Array("www.".utf8))
            XCTAssertEqual(ByteSearch.contains(text.utf8, "www."), www, text.debugDescription)
            if caret { hits.caret += 1 }
            if www { hits.www += 1 }
            if text.utf8.contains(UInt8(ascii: "~")) { hits.tilde += 1 }
        }
        // Both answers occur often, so a search that always said one thing would fail above.
        XCTAssertGreaterThan(hits.caret, 1000)
        XCTAssertGreaterThan(hits.www, 1000)
        XCTAssertGreaterThan(hits.tilde, 1000)
    }

    func testEdges() {
        XCTAssertTrue(ByteSearch.contains("[^", "[^"))
        XCTAssertTrue(ByteSearch.contains("x[[^", "[^"))          // a candidate that fails first
        XCTAssertTrue(ByteSearch.contains(String(repeating: "a", count: 100) + "[^", "[^"))  // at the end
        XCTAssertFalse(ByteSearch.contains(String(repeating: "a", count: 100) + "[", "[^"))  // cut at the end
        XCTAssertFalse(ByteSearch.contains("", "[^"))
        XCTAssertTrue(ByteSearch.contains("", ""))
        XCTAssertFalse(ByteSearch.contains("", byte: 0x7E))
        XCTAssertTrue(ByteSearch.contains("日本~", byte: 0x7E))
        XCTAssertFalse(ByteSearch.contains("日本語", byte: UInt8(ascii: "~")))
    }
}
