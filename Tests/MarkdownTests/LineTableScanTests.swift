import XCTest
import TestSupport
@testable import Markdown

/// Issue 21: `LineTable` finds line starts with memchr and tests each line's bytes for ASCII
/// eight at a time; it must build exactly the table the byte-by-byte loop built.
final class LineTableScanTests: XCTestCase {
    /// The byte-by-byte reference (the loop `LineTable.init` had before).
    private func reference(_ bytes: [UInt8]) -> (starts: [Int], ascii: [Bool]) {
        var starts = [0], ascii: [Bool] = [], lineASCII = true
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\n") {
                starts.append(i + 1)
                ascii.append(lineASCII)
                lineASCII = true
            } else if b >= 0x80 {
                lineASCII = false
            }
        }
        ascii.append(lineASCII)
        return (starts, ascii)
    }

    func testAgreesWithTheByteLoop() {
        // Lines of every length around the 8-byte step, non-ASCII bytes at every position.
        let pieces: [[UInt8]] = [[0x0A], [0x61], Array("abcdefg".utf8), Array("é".utf8), Array("日本".utf8), [0x0D, 0x0A], [0x20],
                                 Array("0123456789abcdef".utf8), [0x0A, 0x0A]]
        var generator = SeededGenerator(state: 99)
        var sawNonASCIILine = false, sawASCIILine = false
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<generator.next(40) { bytes += pieces[generator.next(pieces.count)] }
            let table = LineTable(bytes: bytes)
            let expected = reference(bytes)
            XCTAssertEqual(table.lineStarts, expected.starts, "\(bytes)")
            XCTAssertEqual(table.lineIsASCII, expected.ascii, "\(bytes)")
            if expected.ascii.contains(false) { sawNonASCIILine = true }
            if expected.ascii.contains(true) { sawASCIILine = true }
        }
        XCTAssertTrue(sawNonASCIILine && sawASCIILine)
    }

    func testEdges() {
        XCTAssertEqual(LineTable(bytes: []).lineStarts, [0])
        XCTAssertEqual(LineTable(bytes: []).lineIsASCII, [true])
        XCTAssertEqual(LineTable(bytes: [0x0A]).lineStarts, [0, 1])
        XCTAssertEqual(LineTable(bytes: [0x0A]).lineIsASCII, [true, true])
        // A non-ASCII byte as the ninth byte of a line: past the first 8-byte word.
        let ninth = Array("abcdefgh".utf8) + [0xC3, 0xA9] + [0x0A] + Array("abcdefgh".utf8)
        XCTAssertEqual(LineTable(bytes: ninth).lineIsASCII, [false, true])
    }

    func testIsASCII() {
        // 70 bytes: past two 32-byte steps, an 8-byte step and single bytes (perftree7).
        let bytes: [UInt8] = Array(repeating: 0x41, count: 70)
        for k in 0..<70 {
            var b = bytes
            b[k] = 0x80
            b.withUnsafeBufferPointer { XCTAssertFalse(LineTable.isASCII($0.baseAddress!, count: 70), "at \(k)") }
            b.withUnsafeBufferPointer { XCTAssertEqual(LineTable.isASCII($0.baseAddress!, count: k), true, "before \(k)") }
        }
    }
}
