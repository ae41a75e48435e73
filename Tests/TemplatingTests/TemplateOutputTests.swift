import TestSupport
import XCTest
@testable import Templating

/// `TemplateOutput`, the renderer's hand-managed byte buffer (perftmpl3), against the simplest
/// reference: an `[UInt8]` appended to, and escaping one byte at a time.
final class TemplateOutputTests: XCTestCase {
    /// The reference escaping: each byte on its own.
    static func escaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&#39;".utf8)
            default: out.append(byte)
            }
        }
        return out
    }

    /// A random piece of text: short and long, ASCII and not, with and without the five
    /// escaped characters and line ends (which `endsWithLineFeed` reads).
    static func piece(_ random: inout SplitMix64) -> String {
        let alphabet: [String] = ["a", "b", " ", "&", "<", ">", "\"", "'", "\n", "\r", "é", "·", "漢", "😀", "x", "yz"]
        let length = Int(random.next() % 4 == 0 ? random.next() % 300 : random.next() % 12)
        var text = ""
        for _ in 0..<length { text += alphabet[Int(random.next() % UInt64(alphabet.count))] }
        return text
    }

    /// Seeded runs of random appends of every kind, from a tiny starting capacity (so that
    /// the buffer grows many times), compared after every step.
    func testRandomAppendsMatchAnArrayReference() {
        var random = SplitMix64(seed: 2112)
        for run in 0..<300 {
            var out = TemplateOutput(capacity: Int(random.next() % 3 == 0 ? 0 : random.next() % 200))
            var reference: [UInt8] = []
            for step in 0..<Int(random.next() % 60) {
                let text = Self.piece(&random)
                switch random.next() % 6 {
                case 0:
                    out += text
                    reference += Array(text.utf8)
                case 1:
                    out.append(Array(text.utf8))
                    reference += Array(text.utf8)
                case 2:
                    out.appendEscaped(text)
                    reference += Self.escaped(Array(text.utf8))
                case 3:
                    out.appendEscaped(Array(text.utf8))
                    reference += Self.escaped(Array(text.utf8))
                case 4:
                    // A bridged-like, non-contiguous string is not made here; a substring's
                    // copy is, and a string built by interpolation.
                    let interpolated = "\(text)\(step)"
                    out += interpolated
                    reference += Array(interpolated.utf8)
                default:
                    var other = TemplateOutput(capacity: Int(random.next() % 8))
                    other += text
                    other.appendEscaped(text)
                    out += other
                    reference += Array(text.utf8) + Self.escaped(Array(text.utf8))
                }
                let (count, written, endsWithLineFeed) = (out.count, Array(out.written), out.endsWithLineFeed)
                XCTAssertEqual(count, reference.count, "run \(run) step \(step)")
                XCTAssertEqual(written, reference, "run \(run) step \(step)")
                XCTAssertEqual(endsWithLineFeed, String(decoding: reference, as: UTF8.self).last == "\n", "run \(run) step \(step)")
            }
            let isEmpty = out.isEmpty
            XCTAssertEqual(isEmpty, reference.isEmpty)
            let bytes = out.takeBytes()
            XCTAssertEqual(bytes, reference, "run \(run)")
        }
    }
}
