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

    /// Pages read by the workers (`unreadPaths`): every page in order across batches, and a
    /// page whose file is gone left out of the results and reported, in page order.
    func testReadsEachPageOnItsWorkerAndLeavesOutTheUnreadable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gw-pagefiles-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = PageFiles.batch * 2 + 37
        let gone: Set<Int> = [5, PageFiles.batch, PageFiles.batch + 1, count - 1]
        var paths: [String] = []
        for index in 0..<count {
            let path = folder.appendingPathComponent("p\(index).md").path
            if !gone.contains(index) { try Data("page \(index)".utf8).write(to: URL(fileURLWithPath: path)) }
            paths.append(path)
        }
        for parallel in [true, false] {
            let empty = (0..<count).map { RawFile(relativePath: "p\($0).md", displayPath: "content/p\($0).md", bytes: []) }
            let pages = PageFiles(empty, unreadPaths: paths)
            let results = pages.parse(parallel: parallel) { file in "\(file.relativePath)=\(String(decoding: file.bytes, as: UTF8.self))" }
            XCTAssertEqual(results, (0..<count).filter { !gone.contains($0) }.map { "p\($0).md=page \($0)" }, "parallel: \(parallel)")
            XCTAssertEqual(pages.unreadable.map(\.file), gone.sorted().map { "content/p\($0).md" }, "parallel: \(parallel)")
            XCTAssertTrue(pages.unreadable.allSatisfy { $0.code == .fileUnreadable && $0.message == "cannot read file" })
        }
    }

    func testEmpty() {
        XCTAssertEqual(PageFiles([]).parse { $0.bytes.count }, [])
    }
}
