import GroundworkDiagnostics
import GroundworkModel

/// A fast path for the front matter almost every page has (issue 9): one `key: value` line
/// per field, values plain one-line scalars or flow lists (`[a, b]`). Composing it with Yams
/// (a parser per page, a regular expression per scalar to resolve its tag, a hash of every
/// node to reject duplicate keys) was a tenth of `check`.
///
/// It accepts only text whose meaning is plain, and only when every field is known and
/// valid; anything else (comments, quotes, block lists, unknown fields, a bad date, a
/// duplicate key, non-ASCII text...) returns nil and goes through Yams, which reports the
/// problems. For accepted text the result is exactly what `FrontMatter.parse` makes of Yams'
/// nodes: the scalars' text (which is all the field conversions read) and the positions Yams
/// reports (1-based line and column of each value).
package enum SimpleFrontMatter {
    package static func parse(_ yaml: String, file: String, lineOffset: Int) -> FrontMatter? {
        var text = yaml
        return text.withUTF8 { parse(bytes: $0, file: file, lineOffset: lineOffset) }
    }

    private static func isPlainCharacter(_ c: UInt8) -> Bool {
        // Printable ASCII except the characters that can start or end YAML syntax inside a value.
        c >= 0x20 && c < 0x7F && c != UInt8(ascii: ":") && c != UInt8(ascii: "#") && c != UInt8(ascii: "[")
            && c != UInt8(ascii: "]") && c != UInt8(ascii: "{") && c != UInt8(ascii: "}")
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    /// A one-line plain scalar in block context, taken as it is written.
    private static func blockScalar(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        guard let first = range.first, let last = range.last else { return nil }
        // Not an indicator, a quote, an anchor, a tag, a block scalar or a directive.
        guard isAlphanumeric(b[first]) || b[first] == UInt8(ascii: "(") || b[first] == UInt8(ascii: "_") else { return nil }
        guard b[last] != UInt8(ascii: " ") else { return nil }
        for k in range where !isPlainCharacter(b[k]) { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self)
    }

    /// `[a, b c, d]`: items of letters, digits, spaces inside and `-_./+()`.
    private static func flowList(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [String]? {
        guard range.count >= 3, b[range.lowerBound] == UInt8(ascii: "["), b[range.upperBound - 1] == UInt8(ascii: "]") else { return nil }
        var items: [String] = []
        var start = range.lowerBound + 1
        let end = range.upperBound - 1
        while true {
            var stop = start
            while stop < end, b[stop] != UInt8(ascii: ",") { stop += 1 }
            guard stop > start, isAlphanumeric(b[start]), b[stop - 1] != UInt8(ascii: " ") else { return nil }
            for k in start..<stop {
                let c = b[k]
                guard isAlphanumeric(c) || c == UInt8(ascii: " ") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
                        || c == UInt8(ascii: ".") || c == UInt8(ascii: "/") || c == UInt8(ascii: "+") || c == UInt8(ascii: "(")
                        || c == UInt8(ascii: ")") else { return nil }
            }
            items.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<stop]), as: UTF8.self))
            if stop == end { return items }
            // ", " between items.
            guard stop + 1 < end, b[stop + 1] == UInt8(ascii: " ") else { return nil }
            start = stop + 2
        }
    }

    private static func parse(bytes b: UnsafeBufferPointer<UInt8>, file: String, lineOffset: Int) -> FrontMatter? {
        var fm = FrontMatter()
        var seen: Set<String> = []
        var lineStart = 0
        var line = 1
        let n = b.count
        while lineStart <= n {
            var lineEnd = lineStart
            while lineEnd < n, b[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            defer { lineStart = lineEnd + 1; line += 1 }
            if lineEnd == lineStart { continue }  // an empty line
            // key: value
            var k = lineStart
            guard b[k] >= UInt8(ascii: "a"), b[k] <= UInt8(ascii: "z") else { return nil }
            while k < lineEnd, (b[k] >= UInt8(ascii: "a") && b[k] <= UInt8(ascii: "z")) || b[k] == UInt8(ascii: "_") { k += 1 }
            guard k + 2 < lineEnd, b[k] == UInt8(ascii: ":"), b[k + 1] == UInt8(ascii: " "), b[k + 2] != UInt8(ascii: " ") else { return nil }
            let key = String(decoding: UnsafeBufferPointer(rebasing: b[lineStart..<k]), as: UTF8.self)
            guard seen.insert(key).inserted else { return nil }
            let valueRange = (k + 2)..<lineEnd
            for c in UnsafeBufferPointer(rebasing: b[valueRange]) where c < 0x20 || c >= 0x7F { return nil }
            let at = Location(file: file, line: line + lineOffset, column: valueRange.lowerBound - lineStart + 1)
            let isList = b[valueRange.lowerBound] == UInt8(ascii: "[")
            let scalar = isList ? nil : blockScalar(b, valueRange)
            let list = isList ? flowList(b, valueRange) : scalar.map { [$0] }
            guard let list else { return nil }
            switch key {
            case "title": guard let scalar, !scalar.isEmpty else { return nil }; fm.title = scalar
            case "summary": guard let scalar else { return nil }; fm.summary = scalar
            case "owner": guard let scalar else { return nil }; fm.owner = scalar
            case "term": guard let scalar, !scalar.isEmpty else { return nil }; fm.term = scalar
            case "tags": fm.tags = list
            case "aliases": fm.aliases = list
            case "also_known_as": fm.alsoKnownAs = list
            case "audience": fm.audience = list
            case "order": guard let scalar, let n = Int(scalar) else { return nil }; fm.order = n
            case "draft":
                guard let scalar else { return nil }
                switch scalar.lowercased() {
                case "true", "yes", "on": fm.draft = true
                case "false", "no", "off": fm.draft = false
                default: return nil
                }
            case "review_by": guard let scalar, let day = Day(scalar) else { return nil }; fm.reviewBy = day
            default: return nil  // unknown fields are reported by the full path
            }
            fm.locations[key] = at
        }
        return seen.isEmpty ? nil : fm
    }
}
