import Foundation

/// GitHub-style heading ids and the `{#id}` explicit-id syntax.
public enum HeadingID {
    /// The GitHub slug of a heading's text: lower-cased, punctuation removed (except `-` and
    /// `_`), spaces turned into `-`. `Fine-tuning: a primer` → `fine-tuning-a-primer`.
    public static func slug(_ text: String) -> String {
        asciiSlug(text) ?? unicodeSlug(text)
    }

    /// `slug` of an ASCII text, over its bytes (issue 21: the scalar path below cost ~8,000
    /// instructions a heading). In ASCII the alphabetic scalars are the letters, the numeric
    /// ones the digits, the only connector punctuation is `_`, and there are no marks.
    /// Nil for any other text.
    static func asciiSlug(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            for b in bytes {
                switch b {
                case 0x80...: return nil
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(b | 0x20)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    out.append(b)
                case UInt8(ascii: " "): out.append(UInt8(ascii: "-"))
                default: continue
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `slug` scalar by scalar, for any text.
    static func unicodeSlug(_ text: String) -> String {
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

/// Callout detection: a blockquote whose first line is `[!type]`, GitHub's `[!NOTE]` or
/// Obsidian's `[!type]- optional title` (`-` folded, `+` open; any type name).
enum Callouts {
    /// Removes the marker line from `blocks` and returns the style and the header.
    static func extract(from blocks: inout [Block]) -> (CalloutKind, CalloutHeader)? {
        guard case .paragraph(var paragraph)? = blocks.first,
              case .text(var text)? = paragraph.inlines.first else { return nil }
        let string = text.string
        guard string.hasPrefix("[!"), let close = string.firstIndex(of: "]") else { return nil }
        let name = String(string[string.index(string.startIndex, offsetBy: 2)..<close])
        guard !name.isEmpty, name.allSatisfy(isCalloutTypeCharacter) else { return nil }
        var rest = string[string.index(after: close)...]
        var consumed = name.count + 3
        var fold: CalloutHeader.Fold?
        if let sign = rest.first, sign == "-" || sign == "+" {
            fold = sign == "-" ? .closed : .open
            rest = rest.dropFirst()
            consumed += 1
        }
        let spaces = rest.prefix(while: { $0 == " " || $0 == "\t" }).count
        rest = rest.dropFirst(spaces)
        consumed += spaces
        let start = text.range?.start
        let typeRange = start.map { SourceRange(start: SourcePosition(line: $0.line, column: $0.column + 2),
                                                end: SourcePosition(line: $0.line, column: $0.column + 1 + name.count)) }
        // The rest of the marker's line is the title (Obsidian); the body starts on the next.
        var title: [Inline] = []
        paragraph.inlines.removeFirst()
        if !rest.isEmpty {
            text.string = String(rest)
            if let r = text.range {
                text.range = SourceRange(start: SourcePosition(line: r.start.line, column: r.start.column + consumed), end: r.end)
            }
            title.append(.text(text))
        }
        while let first = paragraph.inlines.first {
            paragraph.inlines.removeFirst()
            if first == .softBreak || first == .lineBreak { break }
            title.append(first)
        }
        if paragraph.inlines.isEmpty {
            blocks.removeFirst()
        } else {
            blocks[0] = .paragraph(paragraph)
        }
        let header = CalloutHeader(type: name, typeRange: typeRange, title: title.isEmpty ? nil : title, fold: fold, dialect: .github)
        return (CalloutKind.style(ofType: name), header)
    }
}
