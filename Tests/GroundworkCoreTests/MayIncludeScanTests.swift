import XCTest
import TestSupport
@testable import GroundworkCore

/// Issue 21: `IncludeExpander.mayInclude` now searches with memchr; it must answer what the
/// byte-by-byte loop answered (`{{`, optional spaces or tabs, `#`; or `--8<`'s `-8<-`).
final class MayIncludeScanTests: XCTestCase {
    /// The byte-by-byte reference (the loop `mayInclude` had before).
    private func reference(_ text: String) -> Bool {
        let u = Array(text.utf8)
        let n = u.count
        var i = 0
        while i + 2 < n {
            let b = u[i]
            if b == UInt8(ascii: "{"), u[i + 1] == UInt8(ascii: "{") {
                var j = i + 2
                while j < n, u[j] == UInt8(ascii: " ") || u[j] == UInt8(ascii: "\t") { j += 1 }
                if j < n, u[j] == UInt8(ascii: "#") { return true }
            }
            if b == UInt8(ascii: "8"), u[i + 1] == UInt8(ascii: "<"), u[i + 2] == UInt8(ascii: "-"), i > 0, u[i - 1] == UInt8(ascii: "-") {
                return true
            }
            i += 1
        }
        return false
    }

    func testAgreesWithTheByteLoop() {
        let pieces = ["{", "{{", "#", " ", "\t", "-", "8", "<", "--8<--", "x", "é", "{{#include a.md}}", "\n"]
        var generator = SeededGenerator(state: 5)
        var yes = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<generator.next(12) { text += pieces[generator.next(pieces.count)] }
            let expected = reference(text)
            XCTAssertEqual(IncludeExpander.mayInclude(text), expected, text.debugDescription)
            if expected { yes += 1 }
        }
        XCTAssertGreaterThan(yes, 2_000)
        XCTAssertLessThan(yes, 18_000)
    }

    func testEdges() {
        XCTAssertTrue(IncludeExpander.mayInclude("{{#"))
        XCTAssertFalse(IncludeExpander.mayInclude("{{ "))
        XCTAssertTrue(IncludeExpander.mayInclude("{{#x"))
        XCTAssertTrue(IncludeExpander.mayInclude("{{ \t #x"))
        XCTAssertFalse(IncludeExpander.mayInclude("{ {#x"))
        XCTAssertTrue(IncludeExpander.mayInclude("-8<-"))
        XCTAssertFalse(IncludeExpander.mayInclude("8<--"))
        XCTAssertFalse(IncludeExpander.mayInclude(""))
    }
}
