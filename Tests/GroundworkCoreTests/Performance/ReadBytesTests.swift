import Foundation
import XCTest
@testable import GroundworkSupport
import TestSupport

/// `readBytes` reads into an array sized by `fstat` (issue 21); it must return exactly what
/// Foundation reads, at every size around its one-byte look-ahead and its 64 KiB chunks, and
/// for a file whose `fstat` size is wrong.
final class ReadBytesTests: XCTestCase {
    func testReadsWhatFoundationReads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readbytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix64(seed: 21)  // seeded: a failure replays
        for size in [0, 1, 2, 4095, 4096, 4097, 65_535, 65_536, 65_537, 200_003] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let url = folder.appendingPathComponent("f\(size)")
            try Data(bytes).write(to: url)
            XCTAssertEqual(readBytes(url.path), bytes, "size \(size)")
        }
        XCTAssertNil(readBytes(folder.appendingPathComponent("missing").path))
    }

    /// A file whose size `fstat` gives as 0 but which has content (Linux's /proc): the bytes
    /// past the expected size are read on.
    func testReadsPastTheStatSize() throws {
        let path = "/proc/version"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: path), "no /proc here")
        let expected = try XCTUnwrap(FileManager.default.contents(atPath: path))
        XCTAssertFalse(expected.isEmpty)
        XCTAssertEqual(readBytes(path), Array(expected))
    }
}
