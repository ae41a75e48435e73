import XCTest
import TestSupport
@testable import GroundworkCore

/// `TextDecoding.decode` takes an ASCII file without `String(validating:)` (issue 21): on
/// generated files — ASCII, other UTF-8, broken sequences, NUL bytes, a byte order mark, at
/// every place, the eight-byte steps' tails included — it decodes exactly what
/// `String(validating:)` accepts, to the same text, and rejects the rest.
final class TextDecodingTests: XCTestCase {
    func testDecodingAgreesWithValidation() {
        let pieces: [[UInt8]] = [Array("a".utf8), Array("plain text ".utf8), Array("\n".utf8), Array("\r\n".utf8),
                                 Array("é".utf8), Array("字".utf8), Array("😀".utf8), [0xC3], [0x80], [0xFF], [0xE2, 0x82],
                                 [0xED, 0xA0, 0x80], [0x00], [0x7F], [0xEF, 0xBB, 0xBF]]
        var generator = SplitMix64(seed: 0xD1B5_4A32_D192_ED03)
        func next(_ n: Int) -> Int { Int.random(in: 0..<n, using: &generator) }
        var accepted = 0, rejected = 0
        for round in 0..<20_000 {
            var bytes: [UInt8] = round % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []
            // Mostly ASCII, so that one odd piece lands anywhere in a long run, tails included.
            for _ in 0..<(next(40)) { bytes += next(6) == 0 ? pieces[next(pieces.count)] : pieces[next(3)] }
            var body = bytes[...]
            if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
            let expected = body.contains(0) ? nil : String(validating: body, as: UTF8.self)
            switch TextDecoding.decode(bytes) {
            case .text(let text):
                XCTAssertEqual(text, expected, "bytes: \(bytes)")
                XCTAssertTrue(text.utf8.elementsEqual(body), "bytes: \(bytes)")
                accepted += 1
            case .invalid:
                XCTAssertNil(expected, "bytes: \(bytes)")
                rejected += 1
            }
        }
        XCTAssertGreaterThan(accepted, 5_000)
        XCTAssertGreaterThan(rejected, 5_000)
    }

    func testASCIIScanAtEveryLength() {
        for length in 0..<40 {
            for place in 0..<max(length, 1) {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                XCTAssertTrue(bytes.withUnsafeBufferPointer { TextDecoding.isASCII($0) })
                guard length > 0 else { continue }
                bytes[place] = 0xC3
                XCTAssertFalse(bytes.withUnsafeBufferPointer { TextDecoding.isASCII($0) }, "length \(length), place \(place)")
            }
        }
    }
}
