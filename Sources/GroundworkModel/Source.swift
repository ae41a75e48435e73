import Foundation
import GroundworkDiagnostics

/// How far a source record has been verified (Groundwork's `status` field).
public enum SourceStatus: String, Sendable, Hashable, CaseIterable {
    case confirmed, partial, unverified
}

/// One bibliography record from `sources.yaml` (CSL-YAML plus Groundwork's fields).
public struct Source: Sendable {
    public var id: String
    public var type: String?
    public var title: String?
    /// Authors as display names (`Bommasani, Rishi`, or a literal name).
    public var authors: [String] = []
    /// `issued` as date parts: `[2021, 8]`.
    public var issued: [Int] = []
    public var publisher: String?
    public var containerTitle: String?
    public var number: String?
    public var volume: String?
    public var issue: String?
    public var page: String?
    public var url: String?
    public var doi: String?
    public var note: String?
    public var accessed: Day?
    public var reviewBy: Day?
    public var status: SourceStatus?
    public var excerpts: [String] = []
    public var audience: [String]?
    /// Where the record starts in sources.yaml.
    public var location: Location
    /// Where each field's value is.
    public var fieldLocations: [String: Location] = [:]
    /// The record as CSL-JSON, for `sources.json` (Groundwork's own fields left out).
    public var csl: JSONValue = .object([])

    package init(id: String, location: Location) {
        self.id = id
        self.location = location
    }

    /// The year of `issued`, if any.
    public var year: Int? { issued.first }
}

/// A JSON value with ordered object keys, so output is deterministic.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// Compact JSON text.
    public func serialized(indent: String? = nil, level: Int = 0) -> String {
        switch self {
        case .string(let s): return JSONValue.quote(s)
        case .number(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            guard let indent else { return "[" + items.map { $0.serialized() }.joined(separator: ",") + "]" }
            let pad = String(repeating: indent, count: level + 1)
            return "[\n" + items.map { pad + $0.serialized(indent: indent, level: level + 1) }.joined(separator: ",\n")
                + "\n" + String(repeating: indent, count: level) + "]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            guard let indent else {
                return "{" + pairs.map { JSONValue.quote($0.0) + ":" + $0.1.serialized() }.joined(separator: ",") + "}"
            }
            let pad = String(repeating: indent, count: level + 1)
            return "{\n" + pairs.map { pad + JSONValue.quote($0.0) + ": " + $0.1.serialized(indent: indent, level: level + 1) }
                .joined(separator: ",\n") + "\n" + String(repeating: indent, count: level) + "}"
        }
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"  // safe to embed in HTML
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                // U+2028/2029 end a line in JavaScript: escaped, so JSON is also safe in a script.
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
