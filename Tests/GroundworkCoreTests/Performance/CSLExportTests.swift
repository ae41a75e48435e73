import Foundation
import XCTest
import TestSupport
import GroundworkCore
@testable import GroundworkRender

/// `sources.json` is written into one byte buffer (`CSLExport.write`) instead of joined from
/// strings level by level (issue 21, perfsite6). The text must be exactly what the string
/// version gave, kept here as the reference, on generated values: nested arrays and objects,
/// empty ones, and strings with every escaped character, other controls, U+2028/2029 and
/// other non-ASCII text.
final class CSLExportTests: XCTestCase {
    /// The string-joining `CSLExport.pretty` that `write` replaces.
    static func referencePretty(_ value: JSONValue, level: Int) -> String {
        let pad = String(repeating: "  ", count: level + 1), closing = String(repeating: "  ", count: level)
        switch value {
        case .array(let items) where items.allSatisfy(isFlat):
            return "[" + items.map { referencePretty($0, level: level) }.joined(separator: ", ") + "]"
        case .array(let items):
            return "[\n" + items.map { pad + referencePretty($0, level: level + 1) }.joined(separator: ",\n") + "\n" + closing + "]"
        case .object(let pairs) where !pairs.isEmpty:
            return "{\n" + pairs.map { pad + JSONValue.quote($0.0) + ": " + referencePretty($0.1, level: level + 1) }.joined(separator: ",\n")
                + "\n" + closing + "}"
        default:
            return value.serialized()
        }
    }

    static func isFlat(_ value: JSONValue) -> Bool {
        switch value {
        case .object: return false
        case .array(let items): return items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
        default: return true
        }
    }

    static let pieces = ["a", "Zé", "\"", "\\", "\n", "\r", "\t", "<", ">", "&", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}",
                         "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "€", "😀", "e\u{301}", " ", "/", ""]

    static func string(_ generator: inout SeededGenerator) -> String {
        (0..<generator.next(6)).map { _ in pieces[generator.next(pieces.count)] }.joined()
    }

    static func value(_ generator: inout SeededGenerator, depth: Int) -> JSONValue {
        switch generator.next(depth > 3 ? 4 : 7) {
        case 0: return .string(string(&generator))
        case 1: return .number(generator.next(5_000) - 2_500)
        case 2: return .bool(generator.next(2) == 0)
        case 3: return .null
        case 4, 5: return .array((0..<generator.next(4)).map { _ in value(&generator, depth: depth + 1) })
        default: return .object((0..<generator.next(4)).map { _ in (string(&generator), value(&generator, depth: depth + 1)) })
        }
    }

    func testWrittenJSONIsTheJoinedOne() {
        var generator = SeededGenerator(state: 2026)
        var sawEscapes = 0
        for round in 0..<4_000 {
            let value = Self.value(&generator, depth: 0)
            var out: [UInt8] = []
            CSLExport.write(value, level: 0, into: &out)
            let written = String(decoding: out, as: UTF8.self)
            XCTAssertEqual(written, Self.referencePretty(value, level: 0), "round \(round)")
            if written.contains("\\u2028") || written.contains("\\u0001") { sawEscapes += 1 }
        }
        XCTAssertGreaterThan(sawEscapes, 10, "the generated strings reach the rare escapes")
    }
}
