import Foundation
import XCTest
import TestSupport
@testable import Markdown

/// Issue 21: the autolink prefilter searches bytes before asking Foundation; it must answer
/// what Foundation's `contains` answers, on ASCII and on text with combining marks.
final class AutolinkPrefilterTests: XCTestCase {
    func testByteSearchAgreesWithFoundation() {
        let pieces = ["www.", "ww", "w", ".", "http://", "https://", "http:/", "/", "h", "ttp", "s:", " ", "é", "\u{301}",
                      "\u{300}", "ẁ", "\r\n", "x.org", "W", "HTTP://"]
        var generator = SeededGenerator(state: 41)
        var found = 0
        for _ in 0..<40_000 {
            var text = ""
            for _ in 0..<(1 + generator.next(6)) { text += pieces[generator.next(pieces.count)] }
            let foundation = text.utf8.contains(UInt8(ascii: "."))
                && (text.contains("www.") || text.contains("http://") || text.contains("https://"))
            XCTAssertEqual(InlineExtensions.mayHoldAutolink(text), foundation, text.debugDescription)
            if foundation { found += 1 }
        }
        XCTAssertGreaterThan(found, 1000)
    }

    func testContainsBytes() {
        XCTAssertTrue(InlineExtensions.containsBytes("see www.x.org".utf8, "www."))
        XCTAssertFalse(InlineExtensions.containsBytes("ww.w".utf8, "www."))
        XCTAssertFalse(InlineExtensions.containsBytes("ww".utf8, "www."))
        XCTAssertTrue(InlineExtensions.containsBytes("https://".utf8, "https://"))
    }
}
