import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

/// `sources.json`: the bibliography as CSL-JSON, so a reference manager (Zotero, Pandoc's
/// citeproc) can import exactly what the site cites.
public enum CSLExport {
    /// CSL date variables. CSL-YAML may write them as `2021-08-29`; CSL-JSON wants date parts.
    static let dateFields: Set<String> = ["issued", "accessed", "event-date", "original-date", "submitted", "available-date"]

    /// The JSON text: an array of records in sources.yaml order, keys in the order written,
    /// without Groundwork's own fields (`accessed` becomes CSL date parts).
    public static func json(_ library: SourceLibrary) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(library.sources.count * 512)
        write(.array(library.sources.map(record)), level: 0, into: &out)
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Indented JSON, but with arrays of plain values on one line (`"date-parts": [[2021, 8]]`)
    /// so a record reads as it does in sources.yaml.
    ///
    /// Written into one byte buffer: building it as strings joined level by level copied each
    /// record's text once per level, and cost as much as the bibliography page (issue 21,
    /// perfsite6). The text is the same as `JSONValue.serialized()` for the plain values
    /// (`CSLExportTests` holds the two to the string-joining version they replace).
    static func write(_ value: JSONValue, level: Int, into out: inout [UInt8]) {
        switch value {
        case .array(let items) where items.allSatisfy(isFlat):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: " ")) }
                write(item, level: level, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                out.append(contentsOf: n > 0 ? ",\n".utf8 : "\n".utf8)
                pad(level + 1, into: &out)
                write(item, level: level + 1, into: &out)
            }
            out.append(UInt8(ascii: "\n"))
            pad(level, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs) where !pairs.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (n, (key, item)) in pairs.enumerated() {
                out.append(contentsOf: n > 0 ? ",\n".utf8 : "\n".utf8)
                pad(level + 1, into: &out)
                quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                write(item, level: level + 1, into: &out)
            }
            out.append(UInt8(ascii: "\n"))
            pad(level, into: &out)
            out.append(UInt8(ascii: "}"))
        case .object:
            out.append(contentsOf: "{}".utf8)
        case .string(let text):
            quote(text, into: &out)
        case .number(let number):
            out.append(contentsOf: String(number).utf8)
        case .bool(let bool):
            out.append(contentsOf: (bool ? "true" : "false").utf8)
        case .null:
            out.append(contentsOf: "null".utf8)
        }
    }

    /// Two spaces per level.
    private static func pad(_ level: Int, into out: inout [UInt8]) {
        for _ in 0..<level { out.append(UInt8(ascii: " ")); out.append(UInt8(ascii: " ")) }
    }

    /// `JSONValue.quote(text)`, written byte by byte: the same escapes (`"`, `\\`, the
    /// controls, `<`, `>`, `&`, U+2028 and U+2029, so the JSON is safe in HTML and in a
    /// script); every other byte of the valid UTF-8 text as it is.
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
                case UInt8(ascii: "<"): out.append(contentsOf: #"\u003c"#.utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: #"\u003e"#.utf8)
                case UInt8(ascii: "&"): out.append(contentsOf: #"\u0026"#.utf8)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028 and U+2029 (E2 80 A8/A9) end a line in JavaScript.
                    out.append(contentsOf: (bytes[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                    index += 2
                default:
                    out.append(byte)
                }
                index += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A plain value, or an array of plain values.
    private static func isFlat(_ value: JSONValue) -> Bool {
        switch value {
        case .object: return false
        case .array(let items): return items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
        default: return true
        }
    }

    /// One record as CSL-JSON.
    public static func record(_ source: Source) -> JSONValue {
        guard case .object(let pairs) = source.csl else { return source.csl }
        return .object(pairs.map { key, value in
            if key == "id" { return (key, .string(source.id)) }
            if dateFields.contains(key), case .string(let text) = value, let parts = dateParts(text) {
                return (key, .object([("date-parts", .array([.array(parts.map(JSONValue.number))]))]))
            }
            return (key, value)
        })
    }

    /// `2021`, `2021-08` or `2021-08-29` as date parts; nil for anything else (kept as text).
    package static func dateParts(_ text: String) -> [Int]? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return parts.compactMap { Int($0) }
    }
}
