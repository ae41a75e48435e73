import XCTest
@testable import GroundworkCore

/// Issue 21: `PageFiles.parse` hands every page to the parse once, in order, across batch
/// boundaries, and lets go of each page's bytes after its batch (the 50,000-page peak).
final class PageFilesTests: XCTestCase {
    private func files(_ count: Int) -> [RawFile] {
        (0..<count).map { RawFile(relativePath: "p\($0).md", displayPath: "content/p\($0).md", bytes: Array("page \($0)".utf8)) }
    }

    func testParsesEveryPageInOrderAndFreesTheBytes() {
        // More than two batches, the last one partial.
        let count = PageFiles.batch * 2 + 37
        for parallel in [true, false] {
            let pages = PageFiles(files(count))
            let results = pages.parse(parallel: parallel) { file in "\(file.relativePath)=\(String(decoding: file.bytes, as: UTF8.self))" }
            XCTAssertEqual(results, (0..<count).map { "p\($0).md=page \($0)" }, "parallel: \(parallel)")
            XCTAssertEqual(pages.files.count, count)
            XCTAssertTrue(pages.files.allSatisfy { $0.bytes.isEmpty }, "every page's bytes are let go")
            XCTAssertEqual(pages.files.map(\.relativePath), (0..<count).map { "p\($0).md" }, "the paths stay")
        }
    }

    func testEmpty() {
        XCTAssertEqual(PageFiles([]).parse { $0.bytes.count }, [])
    }
}
