import Foundation
import XCTest
import TestSupport
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

    /// The byte search (issue 21) agrees with the old search by characters on generated paths
    /// of ASCII, accented (precomposed and combining), CJK and emoji names. Where a name starts
    /// with a combining mark the old search saw no slash before it; the byte search gives the
    /// file system's folder there.
    func testParentPathAgreesWithTheCharacterSearch() {
        func byCharacters(_ relative: String) -> String {
            guard let slash = relative.lastIndex(of: "/") else { return "" }
            if slash == relative.startIndex { return "/" }
            return String(relative[..<slash])
        }
        let pieces = ["a", "bc", "index.html", "é", "e\u{301}", "日本", "👩‍💻", "-", ".", " ", "ß", "x.md", ""]
        var generator = SplitMix64(seed: 21)
        for _ in 0..<2_000 {
            var path = Int.random(in: 0..<5, using: &generator) == 0 ? "/" : ""
            for part in 0..<Int.random(in: 1...4, using: &generator) {
                if part > 0 { path += "/" }
                path += pieces.randomElement(using: &generator)! + pieces.randomElement(using: &generator)!
            }
            XCTAssertEqual(parentPath(of: path), byCharacters(path), path)
        }
        XCTAssertEqual(parentPath(of: "a/\u{301}b"), "a", "the file system's folder")
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
