import Yams

/// Plain-language help for the YAML mistakes writers make most often. Yams reports what the
/// parser saw ("mapping values are not allowed in this context"); a writer needs to know
/// what to type instead. Each hint is a `note:` under the `invalid YAML` diagnostic.
enum YAMLHints {
    /// Where to point and what to suggest for `error` in `text` (the YAML alone, 1-based
    /// lines as Yams reports them). The location is nil when Yams' own position is best.
    static func hint(for error: YamlError, text: String) -> (line: Int, column: Int, notes: [String])? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        func line(_ n: Int) -> String? { n >= 1 && n <= lines.count ? lines[n - 1] : nil }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            // A tab where YAML wants spaces: Yams says "found a tab character that violates
            // indentation" or "found character '\t' that cannot start any token".
            if problem.contains("tab character") || problem.contains("'\t'")
                || (line(mark.line).map { $0.hasPrefix("\t") || $0.drop(while: { $0 == " " }).hasPrefix("\t") } ?? false) {
                return (mark.line, 1, ["indent with spaces: YAML does not allow tabs at the start of a line"])
            }
            // An opening quote without its closing one runs to the end of the front matter.
            if let context, context.text.contains("quoted scalar") {
                let quote = line(context.mark.line).flatMap { text -> Character? in
                    let index = text.index(text.startIndex, offsetBy: max(0, min(text.count, context.mark.column - 1)), limitedBy: text.endIndex)
                    return index.flatMap { $0 < text.endIndex ? text[$0] : nil }
                } ?? "\""
                let mark = quote == "'" || quote == "\"" ? String(quote) : "\""
                return (context.mark.line, context.mark.column,
                        ["this quoted value is not closed: end it with \(mark) on the same line"])
            }
            // `title: Foo: bar`: a second `: ` inside an unquoted value.
            if problem.contains("mapping values are not allowed"), let text = line(mark.line) {
                let indent = text.prefix(while: { $0 == " " }).count
                if let colon = text.range(of: ": ") {
                    let key = text[text.startIndex..<colon.lowerBound].trimmingCharacters(in: .whitespaces)
                    let value = text[colon.upperBound...].trimmingCharacters(in: .whitespaces)
                    if value.contains(": ") && !value.hasPrefix("\"") && !value.hasPrefix("'") {
                        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                        return (mark.line, indent + key.count + 3,
                                ["a value that contains ': ' must be quoted: \(key): \"\(escaped)\""])
                    }
                }
                if indent > 0 {
                    return (mark.line, 1, ["this line is indented: a field starts at the beginning of the line "
                        + "(only list items and nested fields are indented)"])
                }
            }
        default:
            break
        }
        return nil
    }
}
