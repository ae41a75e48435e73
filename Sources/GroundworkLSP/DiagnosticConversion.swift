import GroundworkCore

/// A did-you-mean fix: replace `range` with `newText`, for the diagnostic `diagnostic`.
struct QuickFix {
    var diagnostic: LSPAny
    var line: Int
    var range: LSPAny
    var newText: String
}

/// Groundwork diagnostics as LSP diagnostics: same code, severity, message and notes; the
/// position converted from a character column to UTF-16 code units.
enum DiagnosticConversion {
    static func position(_ line: Int, _ character: Int) -> LSPAny { ["line": .int(line), "character": .int(character)] }
    static func range(_ line: Int, _ start: Int, _ end: Int) -> LSPAny {
        ["start": position(line, start), "end": position(line, end)]
    }

    /// The diagnostic, and its quick fix when it has a did-you-mean suggestion that can be
    /// placed on its line.
    /// - Parameter lines: the file's text, as the diagnostic was made from.
    static func convert(_ diagnostic: Diagnostic, lines: [Substring]) -> (LSPAny, QuickFix?) {
        let lineIndex = max(0, min(diagnostic.line - 1, max(lines.count - 1, 0)))
        let line: Substring = lines.isEmpty ? "" : lines[lineIndex]
        let characters = Array(line)
        let startColumn = min(diagnostic.column, characters.count + 1)
        // The range runs from the position to the end of the quoted name when the message
        // quotes one that is written there (`no page for link 'x.md'`), else over the word.
        var endColumn = startColumn
        let quoted = firstQuoted(diagnostic.message)
        if let quoted, let found = find(quoted, in: characters, from: startColumn - 1) {
            endColumn = found + quoted.count + 1
        } else {
            while endColumn - 1 < characters.count, !characters[endColumn - 1].isWhitespace { endColumn += 1 }
        }
        let start = TextPositions.utf16Offset(ofColumn: startColumn, in: line)
        let end = TextPositions.utf16Offset(ofColumn: endColumn, in: line)
        var message = diagnostic.message
        for note in diagnostic.notes { message += "\nnote: " + note }
        let lsp: LSPAny = [
            "range": range(lineIndex, start, end),
            "severity": diagnostic.severity == .error ? 1 : 2,
            "code": .string(diagnostic.code.id),
            "source": "groundwork",
            "message": .string(message),
        ]
        guard var suggestion = (diagnostic.notes + [diagnostic.message]).lazy.compactMap(didYouMean).first,
              var wrong = quoted else { return (lsp, nil) }
        if suggestion.hasPrefix("[[") || suggestion.hasPrefix("![[") {
            // A wiki link's name: replace the name, keep its `#heading` and `|label`.
            suggestion = String(suggestion.drop { $0 == "!" || $0 == "[" }.dropLast(suggestion.hasSuffix("]]") ? 2 : 0))
            wrong = String(wrong.drop { $0 == "!" || $0 == "[" }.prefix { $0 != "|" && $0 != "#" && $0 != "]" })
        }
        if suggestion.hasPrefix("@"), !wrong.hasPrefix("@") { suggestion.removeFirst() }
        if !suggestion.hasPrefix("#"), !suggestion.contains("#"), wrong.contains("#") { wrong = String(wrong.prefix { $0 != "#" }) }
        guard !wrong.isEmpty, let found = find(wrong, in: characters, from: startColumn - 1) ?? find(wrong, in: characters, from: 0)
        else { return (lsp, nil) }
        let fixStart = TextPositions.utf16Offset(ofColumn: found + 1, in: line)
        let fixEnd = TextPositions.utf16Offset(ofColumn: found + wrong.count + 1, in: line)
        return (lsp, QuickFix(diagnostic: lsp, line: lineIndex, range: range(lineIndex, fixStart, fixEnd), newText: suggestion))
    }

    /// The first 'quoted' piece of a message (as `Diagnostic.oneLine` recognises quotes);
    /// nil when there is none, or it was shortened with `…`.
    static func firstQuoted(_ message: String) -> String? {
        let chars = Array(message)
        var i = 0
        while i < chars.count {
            if chars[i] == "'", i == 0 || " ([".contains(chars[i - 1]) {
                var k = i + 1
                while k < chars.count {
                    if chars[k] == "'", k + 1 == chars.count || " ),:;.?]".contains(chars[k + 1]) {
                        let piece = String(chars[(i + 1)..<k])
                        return piece.isEmpty || piece.hasSuffix("…") ? nil : piece
                    }
                    k += 1
                }
                return nil
            }
            i += 1
        }
        return nil
    }

    /// X in "did you mean 'X'?".
    static func didYouMean(_ text: String) -> String? {
        guard let start = text.range(of: "did you mean '"), let end = text.range(of: "'?", range: start.upperBound..<text.endIndex)
        else { return nil }
        let suggestion = String(text[start.upperBound..<end.lowerBound])
        return suggestion.isEmpty || suggestion.hasSuffix("…") ? nil : suggestion
    }

    /// Where `needle` starts in `haystack` at or after `from` (character offsets).
    static func find(_ needle: String, in haystack: [Character], from: Int) -> Int? {
        let needle = Array(needle)
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = max(0, from)
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
