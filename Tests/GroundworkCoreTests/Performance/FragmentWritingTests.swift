import XCTest
import TestSupport
@testable import GroundworkRender

/// `HTMLBuffer.appendEncodedFragment` (unreserved fragments copied as bytes) against what it
/// replaced, `HTML.escape(URLPaths.encodeFragment(_:))`, on generated fragments.
final class FragmentWritingTests: XCTestCase {
    func testEncodedFragmentAgreesWithEncodeThenEscape() {
        // Unreserved characters, `/` (unreserved in paths, encoded in fragments), the five the
        // escaper changes, characters the encoder changes, and non-ASCII.
        let pieces = ["a", "Z", "0", "-", ".", "_", "~", "how-it-works", "/", "#", "%", "?", " ", "&", "<", ">", "\"", "'",
                      "=", "+", ":", "@", "!", "(", "caf\u{E9}", "\u{1F642}", "\u{4E2D}", "e\u{301}"]
        var generator = SeededGenerator(state: 22)
        var copied = 0
        for _ in 0..<20_000 {
            var fragment = ""
            for _ in 0..<generator.next(8) { fragment += pieces[generator.next(pieces.count)] }
            var buffer = HTMLBuffer()
            buffer += "<a href=\"#"
            buffer.appendEncodedFragment(fragment)
            XCTAssertEqual(buffer.string, "<a href=\"#" + HTML.escape(URLPaths.encodeFragment(fragment)), fragment.debugDescription)
            if URLPaths.encodeFragment(fragment) == fragment { copied += 1 }
        }
        XCTAssertGreaterThan(copied, 1_000, "the generated fragments must include unreserved ones")
    }
}
