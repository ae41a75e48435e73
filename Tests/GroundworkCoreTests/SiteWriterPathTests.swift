import Foundation
import XCTest
@testable import GroundworkCore
@testable import GroundworkSupport

/// Folder names of written files are computed without `NSString.deletingLastPathComponent`,
/// which traps in swift-corelibs-foundation 6.3 on some one-character names.
final class SiteWriterPathTests: XCTestCase {
    func testParentPath() {
        XCTAssertEqual(parentPath(of: "a/b/c.html"), "a/b")
        XCTAssertEqual(parentPath(of: "x"), "")
        XCTAssertEqual(parentPath(of: "/x"), "/")
        XCTAssertEqual(parentPath(of: "a/"), "a")
        let full = "root/x"
        let fromSubstring = String(full[full.index(full.startIndex, offsetBy: 5)...])
        XCTAssertEqual(parentPath(of: fromSubstring), "")
    }

    /// A build whose content holds one-letter assets at its root (this crashed `build`).
    func testOneLetterAssetsAtTheRootAreCopied() throws {
        let site = try TempSite(["index.md": "# Home\n\n![a picture](x) and [a file](y)\n"], knowledgeBase: false)
        try site.write("x", "x-bytes")
        try site.write("y", "y-bytes")
        _ = try Groundwork.build(site.options())
        XCTAssertEqual(try String(contentsOf: site.output.appendingPathComponent("x"), encoding: .utf8), "x-bytes")
        XCTAssertEqual(try String(contentsOf: site.output.appendingPathComponent("y"), encoding: .utf8), "y-bytes")
    }
}
