import Foundation

/// GitHub-style heading ids and the `{#id}` explicit-id syntax.
public enum HeadingID {
    /// The GitHub slug of a heading's text: lower-cased, punctuation removed (except `-` and
    /// `_`), spaces turned into `-`. `Fine-tuning: a primer` → `fine-tuning-a-primer`.
    public static func slug(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            let p = scalar.properties
            if scalar == " " {
                out.append("-")
            } else if scalar == "-" || scalar == "_" {
                out.append(scalar)
            } else if p.isAlphabetic || p.numericType != nil
                || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
                || p.generalCategory == .enclosingMark || p.generalCategory == .connectorPunctuation {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// Callout detection: a blockquote whose first line is `[!NOTE]`, `[!TIP]`, ….
enum Callouts {
    static func extract(from blocks: inout [Block]) -> CalloutKind? {
        guard case .paragraph(var paragraph)? = blocks.first,
              case .text(var text)? = paragraph.inlines.first else { return nil }
        let string = text.string
        guard string.hasPrefix("[!"), let close = string.firstIndex(of: "]") else { return nil }
        let name = string[string.index(string.startIndex, offsetBy: 2)..<close].uppercased()
        guard let kind = CalloutKind(rawValue: name) else { return nil }
        let rest = String(string[string.index(after: close)...]).trimmingSpaces()
        if rest.isEmpty {
            paragraph.inlines.removeFirst()
            if case .softBreak? = paragraph.inlines.first { paragraph.inlines.removeFirst() }
        } else {
            text.string = rest
            paragraph.inlines[0] = .text(text)
        }
        if paragraph.inlines.isEmpty {
            blocks.removeFirst()
        } else {
            blocks[0] = .paragraph(paragraph)
        }
        return kind
    }
}
