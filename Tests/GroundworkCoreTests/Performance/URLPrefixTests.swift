import XCTest
@testable import GroundworkRender

/// `URLPaths.startsWith` (issue 21) answers as `utf8.starts(with:)`.
final class URLPrefixTests: XCTestCase {
    func testAgreesWithTheUTF8View() {
        let pieces = ["", "a", "a/", "b/", "é", "e\u{301}", "/", "longer-segment-name-over-fifteen/"]
        for x in pieces { for y in pieces { for z in pieces {
            let text = x + y, prefix = y + z
            XCTAssertEqual(URLPaths.startsWith(text, prefix), text.utf8.starts(with: prefix.utf8), "\(text) \(prefix)")
            XCTAssertEqual(URLPaths.startsWith(prefix, text), prefix.utf8.starts(with: text.utf8), "\(prefix) \(text)")
        } } }
    }
}
