import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

/// `sources.json`: the bibliography as CSL-JSON, so a reference manager (Zotero, Pandoc's
/// citeproc) can import exactly what the site cites.
public enum CSLExport {
    /// CSL date variables. CSL-YAML may write them as `2021-08-29`; CSL-JSON wants date parts.
    package static let dateFields: Set<String> = ["issued", "accessed", "event-date", "original-date", "submitted", "available-date"]

    /// The JSON text: an array of records in sources.yaml order, keys in the order written,
    /// without Groundwork's own fields (`accessed` becomes CSL date parts).
    public static func json(_ library: SourceLibrary) -> String {
        pretty(.array(library.sources.map(record)), level: 0) + "\n"
    }

    /// Indented JSON, but with arrays of plain values on one line (`"date-parts": [[2021, 8]]`)
    /// so a record reads as it does in sources.yaml.
    package static func pretty(_ value: JSONValue, level: Int) -> String {
        let pad = String(repeating: "  ", count: level + 1), closing = String(repeating: "  ", count: level)
        switch value {
        case .array(let items) where items.allSatisfy(isFlat):
            return "[" + items.map { pretty($0, level: level) }.joined(separator: ", ") + "]"
        case .array(let items):
            return "[\n" + items.map { pad + pretty($0, level: level + 1) }.joined(separator: ",\n") + "\n" + closing + "]"
        case .object(let pairs) where !pairs.isEmpty:
            return "{\n" + pairs.map { pad + JSONValue.quote($0.0) + ": " + pretty($0.1, level: level + 1) }.joined(separator: ",\n")
                + "\n" + closing + "}"
        default:
            return value.serialized()
        }
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
