import Synchronization
import XCTest
@testable import GroundworkCore

/// Issue 21: `PageFiles.parse` hands every page to the parse once, in order, and lets go of
/// each page's bytes once it is parsed (the 50,000-page peak).
final class PageFilesTests: XCTestCase {
    private func files(_ count: Int) -> [RawFile] {
        (0..<count).map { RawFile(relativePath: "p\($0).md", displayPath: "content/p\($0).md", bytes: Array("page \($0)".utf8)) }
    }

    func testParsesEveryPageInOrderAndFreesTheBytes() {
        // More pages than `parallelMap` hands out in one of its 128 batches (and not a
        // multiple of them): the last batch is partial.
        let count = 2 * 1024 + 37
        for parallel in [true, false] {
            let pages = PageFiles(files(count))
            let results = pages.parse(parallel: parallel) { file in "\(file.relativePath)=\(String(decoding: file.bytes, as: UTF8.self))" }
            XCTAssertEqual(results, (0..<count).map { "p\($0).md=page \($0)" }, "parallel: \(parallel)")
            XCTAssertEqual(pages.files.count, count)
            XCTAssertTrue(pages.files.allSatisfy { $0.bytes.isEmpty }, "every page's bytes are let go")
            XCTAssertEqual(pages.files.map(\.relativePath), (0..<count).map { "p\($0).md" }, "the paths stay")
        }
    }

    /// A parse that looks at the page it is given sees its bytes: they are emptied in the
    /// stored page, not in the one handed over (each page of a real site, in and out of order).
    func testTheParseSeesEachPagesBytesOnce() {
        let count = 500
        let seen = Mutex<[Int: Int]>([:])
        let pages = PageFiles(files(count))
        let sizes = pages.parse { file -> Int in
            seen.withLock { $0[Int(file.relativePath.dropFirst().dropLast(3))!, default: 0] += 1 }
            return file.bytes.count
        }
        XCTAssertEqual(sizes, (0..<count).map { "page \($0)".utf8.count })
        XCTAssertEqual(seen.withLock { $0 }, Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, 1) }), "every page parsed once")
    }

    func testEmpty() {
        XCTAssertEqual(PageFiles([]).parse { $0.bytes.count }, [])
    }
}
