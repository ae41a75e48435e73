import Foundation
import GroundworkModel
import Markdown

/// Heading ids the way the tool that wrote the docs makes them (`HeadingIDStyle`), so a link
/// written against MkDocs' ids (`#caret-mark-tilde` for "Caret, Mark & Tilde", `#intro_1` for a
/// second "Intro") resolves here as it does there.
enum HeadingSlugs {
    /// The id a heading's text gets before de-duplication.
    static func slug(_ text: String, style: HeadingIDStyle) -> String {
        switch style {
        case .github:
            return HeadingID.slug(text)
        case .pythonMarkdown(let unicode, let separator):
            // re.sub(r'[^\w\s-]', '', value).strip().lower(), then runs of [sep\s] → sep.
            var value = text
            if !unicode {
                value = value.decomposedStringWithCompatibilityMapping
                value = String(String.UnicodeScalarView(value.unicodeScalars.filter(\.isASCII)))
            }
            let kept = String(String.UnicodeScalarView(value.unicodeScalars.filter { isWord($0) || isSpace($0) || $0 == "-" }))
            let lowered = trimmedPythonSpace(kept).lowercased()
            return collapse(lowered, separator: separator)
        case .pymdownx(let letterCase, let separator, _):
            // RE_TAGS dropped, NFC, [^\w\- ] dropped, strip, each space → sep. The case first.
            var value = text
            switch letterCase {
            case "lower": value = value.lowercased()
            case "fold": value = value.folding(options: .caseInsensitive, locale: nil)
            case "lower-ascii":
                value = String(String.UnicodeScalarView(value.unicodeScalars.map { $0.isASCII ? Unicode.Scalar(UInt8(ascii: $0).lowercasedASCII) : $0 }))
            default: break
            }
            value = withoutTags(value).precomposedStringWithCanonicalMapping
            let kept = String(String.UnicodeScalarView(value.unicodeScalars.filter { isWord($0) || $0 == "-" || $0 == " " }))
            // Percent-encoding (`percent_encode`) is left out: fragments are compared decoded.
            return trimmedPythonSpace(kept).replacingOccurrences(of: " ", with: separator)
        }
    }

    /// Makes `id` unique among `used` the way the tool does, and claims it.
    static func unique(_ id: String, style: HeadingIDStyle, used: inout Set<String>) -> String {
        switch style {
        case .github:
            let base = id.isEmpty ? "section" : id
            var candidate = base
            var n = 1
            // `insert` claims a free id and says whether it was free: one hash, not two.
            while !used.insert(candidate).inserted {
                candidate = "\(base)-\(n)"
                n += 1
            }
            return candidate
        case .pythonMarkdown, .pymdownx:
            // Python-Markdown's toc `unique`: `x`, `x_1`, `x_2`; a trailing `_n` counts on.
            var candidate = id
            while candidate.isEmpty || used.contains(candidate) {
                if let underscore = candidate.lastIndex(of: "_"),
                   let n = Int(candidate[candidate.index(after: underscore)...]),
                   candidate[candidate.index(after: underscore)...].allSatisfy(\.isASCII) {
                    candidate = "\(candidate[..<underscore])_\(n + 1)"
                } else {
                    candidate += "_1"
                }
            }
            used.insert(candidate)
            return candidate
        }
    }

    /// Python's `\w` on str: letters, numbers of every kind, and `_` (marks are not).
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    static func trimmedPythonSpace(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// re.sub(r'[{sep}\s]+', sep, value).
    static func collapse(_ text: String, separator: String) -> String {
        let separatorScalars = Set(separator.unicodeScalars)
        var out = ""
        var inRun = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) || separatorScalars.contains(scalar) {
                if !inRun { out += separator }
                inRun = true
            } else {
                out.unicodeScalars.append(scalar)
                inRun = false
            }
        }
        return out
    }

    /// `</?[^>]*>` removed.
    static func withoutTags(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "<", let close = text[index...].firstIndex(of: ">") {
                index = text.index(after: close)
            } else {
                out.append(text[index])
                index = text.index(after: index)
            }
        }
        return out
    }
}

private extension UInt8 {
    var lowercasedASCII: UInt8 { (0x41...0x5A).contains(self) ? self + 0x20 : self }
}
