import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport
import Markdown

/// A quotation found in prose: the words between quotation marks, or a whole block quotation.
package struct Quotation: Sendable, Equatable {
    package var text: String
    /// The opening quotation mark (for a block quotation: its `>`).
    package var position: SourcePosition?

    /// Words, not punctuation: `"— yes"` is one word.
    package var wordCount: Int {
        text.split(whereSeparator: { $0.isWhitespace }).filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }.count
    }
}

/// Finds inline quotations and compares quotations with a source's excerpts.
package enum Quotations {
    /// Double quotation marks, straight or curly, delimit quotations. Single quotes do not:
    /// they are far more often apostrophes.
    package static func inline(in characters: [ProseCharacter]) -> [Quotation] {
        var found: [Quotation] = []
        var open: Int?
        for (index, char) in characters.enumerated() where char.role == .text {
            switch char.character {
            case "“", "„":
                open = index
            case "”":
                if let start = open { add(start, index) }
                open = nil
            case "\"":
                if let start = open {
                    add(start, index)
                    open = nil
                } else {
                    open = index
                }
            default:
                break
            }
        }
        func add(_ start: Int, _ end: Int) {
            var text = ""
            for char in characters[(start + 1)..<end] {
                text.append(char.role == .ignored ? " " : char.character)
            }
            guard text.contains(where: { $0.isLetter || $0.isNumber }) else { return }
            found.append(Quotation(text: text, position: characters[start].position))
        }
        return found
    }

    /// The wording of a whole block quotation: its text without the citations, and without
    /// quotation marks around it or an attribution dash at its end.
    package static func block(_ characters: [ProseCharacter], start: SourcePosition) -> Quotation? {
        var text = ""
        for char in characters { text.append(char.role == .ignored ? " " : char.character) }
        var trimmed = Substring(text)
        let edges: Set<Character> = [" ", "\t", "\n", "\"", "“", "”", "—", "–"]
        while let first = trimmed.first, edges.contains(first) { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, edges.contains(last) || last == "-" { trimmed = trimmed.dropLast() }
        guard trimmed.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
        return Quotation(text: String(trimmed), position: start)
    }

    /// The form quotations and excerpts are compared in: lower case, straight quotes, single
    /// spaces.
    package static func normalize(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            switch character {
            case "“", "”", "„", "‟", "″": out.append("\"")
            case "‘", "’", "‚", "‛", "′": out.append("'")
            default: out.append(character)
            }
        }
        return out
    }

    /// The pieces of a quotation an ellipsis (`…` or `...`) separates, normalised, without
    /// the punctuation a writer adds around an ellipsis or before a closing quotation mark.
    package static func pieces(_ quotation: String) -> [String] {
        var parts: [String] = []
        var current = ""
        let characters = Array(normalize(quotation))
        var i = 0
        while i < characters.count {
            if characters[i] == "…" {
                parts.append(current); current = ""; i += 1
                continue
            }
            if characters[i] == ".", i + 2 < characters.count, characters[i + 1] == ".", characters[i + 2] == "." {
                parts.append(current); current = ""
                while i < characters.count, characters[i] == "." { i += 1 }
                continue
            }
            current.append(characters[i])
            i += 1
        }
        parts.append(current)
        return parts.map(trimPiece).filter { !$0.isEmpty }
    }

    private static func trimPiece(_ piece: String) -> String {
        var s = Substring(piece)
        // `[…]` is an ellipsis too: its brackets belong to neither piece.
        let leading: Set<Character> = [" ", ",", ";", ":", "[", "]"]
        let trailing: Set<Character> = [" ", ",", ";", ":", ".", "[", "]"]
        while let f = s.first, leading.contains(f) { s = s.dropFirst() }
        while let l = s.last, trailing.contains(l) { s = s.dropLast() }
        return String(s)
    }

    /// Why a quotation does not match, or nil when every piece appears, in order, in one
    /// excerpt.
    package static func mismatch(_ quotation: String, excerpts: [String]) -> String? {
        let parts = pieces(quotation)
        guard !parts.isEmpty else { return nil }
        let normalized = excerpts.map(normalize)
        for excerpt in normalized where appearsInOrder(parts, in: excerpt) { return nil }
        if let missing = parts.first(where: { part in !normalized.contains { $0.contains(part) } }) {
            return parts.count == 1 ? "no excerpt has these words (case, quote style and spacing aside)"
                : "no excerpt has the words '\(shorten(missing))'"
        }
        return "the pieces around the ellipsis are not in one excerpt in this order"
    }

    /// The excerpt sharing the most words with a quotation (nil when none shares any), to
    /// show the writer what the source really says.
    package static func closestExcerpt(to quotation: String, in excerpts: [String]) -> String? {
        func words(_ text: String) -> Set<String> {
            Set(normalize(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        }
        let wanted = words(quotation)
        var best: (excerpt: String, shared: Int)?
        for excerpt in excerpts {
            let shared = words(excerpt).intersection(wanted).count
            if shared > 0, shared > (best?.shared ?? 0) { best = (excerpt, shared) }
        }
        return best?.excerpt
    }

    package static func appearsInOrder(_ parts: [String], in excerpt: String) -> Bool {
        var searchStart = excerpt.startIndex
        for part in parts {
            guard let range = excerpt.range(of: part, range: searchStart..<excerpt.endIndex) else { return false }
            searchStart = range.upperBound
        }
        return true
    }

    /// A quotation cut to a length that fits a diagnostic line.
    package static func shorten(_ text: String, limit: Int = 60) -> String {
        let single = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return single.count <= limit ? single : String(single.prefix(limit - 1)) + "…"
    }
}
