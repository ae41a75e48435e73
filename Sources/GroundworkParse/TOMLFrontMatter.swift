import GroundworkDiagnostics
import GroundworkModel
import TOMLKit

/// TOML front matter between `+++` lines, as Hugo and Zola write it (issue 17), read with
/// TOMLKit into the same fields as YAML front matter.
enum TOMLFrontMatter {
    /// The TOML between a first line `+++` and the next line `+++`, and the body with one
    /// empty line for each front matter line (positions stay the file's). `.none` when the
    /// text does not start with `+++`.
    static func split(_ text: String) -> FrontMatterSplitter.Split {
        guard text.hasPrefix("+++") else { return .none }
        var lines: [Substring] = []
        var rest = Substring(text)
        // Lines with their endings (`\n`, `\r\n`, `\r`), so the body is the text after the marker.
        while !rest.isEmpty {
            if let end = rest.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
                lines.append(rest[..<end])
                rest = rest[rest.index(after: end)...]
            } else {
                lines.append(rest)
                rest = rest[rest.endIndex...]
            }
            if lines.count == 1 {
                guard lines[0].trimmingTrailingSpaces == "+++" else { return .none }
                continue
            }
            if lines.last!.trimmingTrailingSpaces == "+++" {
                let toml = lines.dropFirst().dropLast().joined(separator: "\n")
                return .some(yaml: toml, body: String(repeating: "\n", count: lines.count) + rest)
            }
        }
        return .unterminated
    }

    /// The fields of `toml`; `lineOffset` is the file line before its first line.
    static func parse(_ toml: String, file: String, lineOffset: Int, bag: inout DiagnosticBag) -> FrontMatter {
        var fm = FrontMatter()
        let table: TOMLTable
        do {
            table = try TOMLTable(string: toml)
        } catch let error as TOMLParseError {
            bag.add(.pageFrontMatter, file: file, line: lineOffset + error.source.begin.line, column: error.source.begin.column,
                    "front matter is not valid TOML: \(error.description)")
            fm.unreadable = true
            return fm
        } catch {
            bag.add(.pageFrontMatter, file: file, line: lineOffset + 1, column: 1, "front matter is not valid TOML: \(error)")
            fm.unreadable = true
            return fm
        }
        let lines = toml.split(separator: "\n", omittingEmptySubsequences: false)
        /// The line of a top-level `key = ...` (TOMLKit keeps no positions).
        func location(of key: String) -> Location {
            for (index, line) in lines.enumerated() {
                if line.hasPrefix("[") { break }
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                let name = trimmed.prefix { $0 != "=" && $0 != " " && $0 != "\t" }
                if name == key || name == "\"\(key)\"" || name == "'\(key)'" {
                    return Location(file: file, line: lineOffset + index + 1, column: line.count - trimmed.count + 1)
                }
            }
            return Location(file: file, line: lineOffset + 1, column: 1)
        }
        func scalar(_ value: any TOMLValueConvertible) -> String? {
            if let s = value.string { return s }
            if let i = value.int { return String(i) }
            if let b = value.bool { return b ? "true" : "false" }
            if let d = value.double { return String(d) }
            if let date = value.date { return String(format: "%04d-%02d-%02d", date.year, date.month, date.day) }
            return nil
        }
        func strings(_ value: any TOMLValueConvertible) -> [String]? {
            if let s = value.string { return [s] }
            guard let array = value.array else { return nil }
            var out: [String] = []
            for item in array { guard let s = item.string else { return nil }; out.append(s) }
            return out
        }
        for key in table.keys {
            guard let value = table[key] else { continue }
            let at = location(of: key)
            fm.locations[key] = at
            func wrong(_ expected: String) { bag.add(.pageFrontMatter, at: at, "'\(key)' must be \(expected)") }
            switch key {
            case "title": if let s = value.string, !s.isEmpty { fm.title = s } else { wrong("a non-empty string") }
            case "summary": if let s = value.string { fm.summary = s } else { wrong("a string") }
            case "owner": if let s = value.string { fm.owner = s } else { wrong("a string") }
            case "term": if let s = value.string, !s.isEmpty { fm.term = s } else { wrong("a non-empty string") }
            case "tags": if let l = strings(value) { fm.tags = l } else { wrong("a list of strings") }
            case "aliases": if let l = strings(value) { fm.aliases = l } else { wrong("a list of strings") }
            case "also_known_as": if let l = strings(value) { fm.alsoKnownAs = l } else { wrong("a list of strings") }
            case "audience": if let l = strings(value) { fm.audience = l } else { wrong("a list of audience names") }
            case "order": if let n = value.int { fm.order = n } else { wrong("a whole number") }
            case "draft": if let b = value.bool { fm.draft = b } else { wrong("true or false") }
            case "review_by":
                if let s = scalar(value), let day = Day(s) { fm.reviewBy = day } else { wrong("a date (YYYY-MM-DD)") }
            default:
                if let s = scalar(value) { fm.otherFields[key] = s }
                let hint = FieldSynonyms.suggestion(for: key) ?? Suggestions.closest(to: key, in: FrontMatter.knownFields)
                bag.add(.pageUnknownField, at: at, "unknown front matter field '\(key)'",
                        notes: hint.map { ["did you mean '\($0)'?"] } ?? ["known fields: \(FrontMatter.knownFields.joined(separator: ", "))"])
            }
        }
        return fm
    }
}

private extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
