#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Admonitions (callouts) in the three dialects writers bring, all made into the same node as
/// GitHub's `> [!NOTE]`: a `BlockQuote` whose `callout` is the style and whose `header` says
/// the type as written, the title and the folding.
///
/// - GitHub / Obsidian: `> [!type] optional title`, `[!type]-` (folded) / `[!type]+` (open);
///   recognised on cmark's block quote (`Callouts.extract`).
/// - MkDocs: `!!! type "optional title"` with a body indented four spaces; `??? type`
///   (folded) / `???+ type` (open).
/// - Docusaurus: `:::type optional title` (or `:::type[Title]`) … `:::`; more colons nest.
///
/// cmark knows neither of the last two: it would read an MkDocs body as an indented code
/// block and a Docusaurus fence as text. So, as with footnote definitions, they are found in
/// the lines before cmark sees them: the marker line becomes a placeholder heading (one line,
/// which interrupts a paragraph and stays in a list item as the marker did), the body and
/// closing lines become blank, and the body is parsed on its own with its positions moved
/// back to the file (line and column), then put where the placeholder is.

/// What a callout's first line said besides its style.
public struct CalloutHeader: Sendable, Equatable {
    /// Which syntax the callout was written in.
    public enum Dialect: String, Sendable, Equatable {
        case github, mkdocs, docusaurus
    }

    /// A collapsible callout (rendered as `<details>`): shown folded or open at first.
    public enum Fold: String, Sendable, Equatable {
        case closed, open
    }

    /// The type name as written (`NOTE`, `warning`, `my-type`).
    public var type: String
    /// Where the type name is, for diagnostics about it.
    public var typeRange: SourceRange?
    /// The title as written; nil for the type's default title, empty for no title
    /// (MkDocs `!!! note ""`).
    public var title: [Inline]?
    /// Nil when the callout is not collapsible.
    public var fold: Fold?
    public var dialect: Dialect

    public init(type: String, typeRange: SourceRange?, title: [Inline]?, fold: Fold?, dialect: Dialect) {
        self.type = type
        self.typeRange = typeRange
        self.title = title
        self.fold = fold
        self.dialect = dialect
    }

    /// The title shown when none is written: the type name capitalized, as MkDocs and
    /// Obsidian do (`warning` → "Warning", `NOTE` → "Note", `my-type` → "My-type").
    public var defaultTitle: String {
        guard let first = type.first else { return "" }
        return first.uppercased() + type.dropFirst().lowercased()
    }
}

extension CalloutKind {
    /// The style of each known type name (lower case): GitHub's five, and the usual ones of
    /// Obsidian, MkDocs (Material) and Docusaurus mapped to the nearest of a small set.
    public static let styleOfType: [String: CalloutKind] = {
        var map: [String: CalloutKind] = [:]
        let groups: [(CalloutKind, [String])] = [
            (.note, ["note", "info", "todo", "abstract", "summary", "tldr", "seealso"]),
            (.tip, ["tip", "hint"]),
            (.important, ["important"]),
            (.warning, ["warning", "attention"]),
            (.caution, ["caution", "danger", "error", "failure", "fail", "missing", "bug"]),
            (.success, ["success", "check", "done"]),
            (.question, ["question", "help", "faq"]),
            (.example, ["example"]),
            (.quote, ["quote", "cite"]),
        ]
        for (kind, names) in groups { for name in names { map[name] = kind } }
        return map
    }()

    /// The style for a type name as written; `neutral` for a name not known.
    public static func style(ofType type: String) -> CalloutKind {
        styleOfType[type.lowercased()] ?? .neutral
    }
}

/// A type name: letters, digits, `-` and `_` (ASCII, so it is safe in a class name).
func isCalloutTypeCharacter(_ c: Character) -> Bool {
    guard let a = c.asciiValue else { return false }
    return (a >= 0x30 && a <= 0x39) || (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A) || a == 0x2D || a == 0x5F
}

enum Admonitions {
    /// Admonitions nested deeper than this stay text: each level parses its body again, so
    /// hostile input must not be able to nest them without bound.
    static let maximumDepth = 16

    /// The placeholder's text after `###### ` (a private-use character no writer types).
    static let placeholder = "\u{E000}"

    struct Found {
        var dialect: CalloutHeader.Dialect
        var type: String
        /// 1-based line of the marker, the character column of the marker and of the type.
        var line: Int
        var column: Int
        /// Spaces before the placeholder: the marker's own, or the content column of the
        /// list item a deeper-indented marker sits in (so that cmark keeps it in the item
        /// and never reads it as indented code).
        var placeholderIndent = 0
        var typeColumn: Int
        var title: String?
        var titleColumn: Int
        var fold: CalloutHeader.Fold?
        /// The body's lines (indentation removed) from `bodyFirstLine` on, and how many
        /// characters were removed before each.
        var bodyLines: [String]
        var bodyFirstLine: Int
        var columnOffsets: [Int]
        /// The last line the admonition takes (its body's last line or closing fence).
        var endLine: Int
    }

    /// The source with MkDocs and Docusaurus admonitions replaced by placeholders, and the
    /// admonitions, keyed by the line of their placeholder, parsed.
    /// - Parameter isPage: true for the page itself (not a body or a cell parsed apart).
    static func extract(_ source: String, depth: Int, isPage: Bool = false) -> (String, [Int: Block]) {
        guard mayHoldMarker(source) else { return (source, [:]) }
        // Split on scalars: as `Character`s, "\r\n" is one and would not split at "\n".
        var lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        var found: [Found] = []
        var fence: (char: Character, count: Int)?
        // Inside a raw HTML block (from a line opening with a tag to the next blank line, as
        // cmark reads one) Markdown is not read, so neither is a marker.
        var inHTML = false
        // The end of a raw HTML block that a blank line does not end (`<!--` … `-->`, `<pre>`
        // … `</pre>`, CommonMark's kinds 1 to 5): no marker inside it, even after blank lines.
        var htmlEnd: String?
        var i = 0
        while i < lines.count {
            let line = content(lines[i])
            if let end = htmlEnd {
                if line.lowercased().contains(end) { htmlEnd = nil }
                i += 1
                continue
            }
            if fence == nil, !inHTML, let end = DefinitionLists.htmlBlockEnd(line) {
                htmlEnd = end
                i += 1
                continue
            }
            if let open = FootnoteDefinitions.fenceMarker(line) {
                if let f = fence {
                    if open.char == f.char, open.count >= f.count, open.rest.trimmingSpacesSubstring().isEmpty { fence = nil }
                } else if !inHTML {
                    fence = (open.char, open.count)
                }
                i += 1
                continue
            }
            if fence == nil {
                if isBlank(line) { inHTML = false } else if !inHTML, opensHTMLBlock(line) { inHTML = true }
            }
            guard fence == nil, !inHTML, let admonition = mkdocs(lines, at: i) ?? docusaurus(lines, at: i) else {
                i += 1
                continue
            }
            found.append(admonition)
            let indent = String(repeating: " ", count: admonition.placeholderIndent)
            lines[i] = indent + "###### " + placeholder + (lines[i].hasSuffix("\r") ? "\r" : "")
            if admonition.endLine > admonition.line {
                for k in admonition.line..<admonition.endLine {
                    // Keep a carriage return so that CRLF files stay CRLF line by line.
                    lines[k] = lines[k].hasSuffix("\r") ? "\r" : ""
                }
                // A link reference definition in the body counts for the whole page, as one
                // in a block quote does in CommonMark (and in MkDocs and Docusaurus): it stays
                // on its line, at the placeholder's indentation, for cmark to read with the page.
                // (The body, parsed on its own, reads it there too.)
                if ByteSearch.contains(admonition.bodyLines.joined(), "]:") {
                    for (index, text) in DefinitionLists.referenceDefinitionLines(admonition.bodyLines.map(DefinitionLists.read)) {
                        let k = admonition.bodyFirstLine - 1 + index
                        guard k < admonition.endLine else { continue }
                        lines[k] = indent + text + lines[k]
                    }
                }
            }
            i = admonition.endLine
        }
        guard !found.isEmpty else { return (source, [:]) }
        // The page's definitions, for the bodies parsed next, include those the bodies hold.
        if isPage { PageReferences.current?.setSource(lines.joined(separator: "\n")) }
        var blocks: [Int: Block] = [:]
        for admonition in found { blocks[admonition.line] = build(admonition, depth: depth) }
        return (lines.joined(separator: "\n"), blocks)
    }

    /// A byte test first: almost no page has a line starting (after spaces) with `!!!`,
    /// `???` or `:::`.
    static func mayHoldMarker(_ source: String) -> Bool {
        ByteSearch.someLine(of: source, skipping: { $0 == 0x20 }) { line in
            line.count > 2 && line[0] == line[1] && line[0] == line[2]
                && (line[0] == UInt8(ascii: "!") || line[0] == UInt8(ascii: "?") || line[0] == UInt8(ascii: ":"))
        }
    }

    /// Whether a line (up to three spaces in) starts with `<` and a tag name, `/`, `!` or
    /// `?`: the start of a raw HTML block.
    static func opensHTMLBlock(_ line: String) -> Bool {
        guard FootnoteDefinitions.firstNonSpaceByte(line) == UInt8(ascii: "<") else { return false }
        let rest = line.drop(while: { $0 == " " }).dropFirst()
        guard let next = rest.first else { return false }
        return (next.isASCII && next.isLetter) || next == "/" || next == "!" || next == "?"
    }

    /// A line without its carriage return.
    static func content(_ line: String) -> String {
        line.hasSuffix("\r") ? String(line.unicodeScalars.dropLast()) : line
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// Leading white space as columns (a tab to the next multiple of four).
    static func indentWidth(_ line: String) -> Int {
        var width = 0
        for c in line {
            if c == " " { width += 1 } else if c == "\t" { width += 4 - width % 4 } else { break }
        }
        return width
    }

    /// The line with `width` columns of indentation removed, and how many characters that was.
    static func dedent(_ line: String, _ width: Int) -> (String, Int) {
        var removed = 0, columns = 0
        for c in line {
            guard columns < width, c == " " || c == "\t" else { break }
            columns += c == " " ? 1 : 4 - columns % 4
            removed += 1
        }
        return (String(line.dropFirst(removed)), removed)
    }

    /// Where the placeholder of a marker indented `indent` spaces goes: the same indentation
    /// for up to three spaces; deeper, only inside a list item (the nearest less indented line
    /// above is its marker line, and the marker is within four columns of the item's text),
    /// at the item's content column. Nil: not a marker here (indented code, or text).
    static func placeholderIndent(_ lines: [String], at i: Int, indent: Int) -> Int? {
        if indent <= 3 { return indent }
        var k = i - 1
        // Bounded: a marker is looked for on every line, and a list item is not that long.
        while k >= 0, i - k <= 200 {
            defer { k -= 1 }
            let line = content(lines[k])
            if isBlank(line) { continue }
            let width = indentWidth(line)
            if width >= indent { continue }
            guard let column = listItemContentColumn(line), column <= indent, indent < column + 4 else { return nil }
            return column
        }
        return nil
    }

    /// The column where a list item's text starts (`- `, `* `, `+ `, `1. `, `1) `), or nil.
    static func listItemContentColumn(_ line: String) -> Int? {
        let chars = Array(line)
        var p = 0
        while p < chars.count, chars[p] == " " { p += 1 }
        let start = p
        if p < chars.count, chars[p] == "-" || chars[p] == "*" || chars[p] == "+" {
            p += 1
        } else {
            while p < chars.count, p - start < 9, chars[p].isASCII, chars[p].isNumber { p += 1 }
            guard p > start, p < chars.count, chars[p] == "." || chars[p] == ")" else { return nil }
            p += 1
        }
        var spaces = 0
        while p + spaces < chars.count, chars[p + spaces] == " " { spaces += 1 }
        guard spaces >= 1, p + spaces < chars.count else { return nil }
        // Five or more spaces: the text is indented code, and the content starts after one.
        return p + (spaces > 4 ? 1 : spaces)
    }

    /// `!!! type "title"`, `??? type`, `???+ type` at line `i`, with its indented body.
    static func mkdocs(_ lines: [String], at i: Int) -> Found? {
        let chars = Array(content(lines[i]))
        var p = 0
        while p < chars.count, chars[p] == " " { p += 1 }
        guard p + 3 <= chars.count else { return nil }
        let indent = p
        let marker = String(chars[p..<(p + 3)])
        guard marker == "!!!" || marker == "???", let placeholderIndent = placeholderIndent(lines, at: i, indent: indent) else { return nil }
        p += 3
        var fold: CalloutHeader.Fold?
        if marker == "???" {
            fold = .closed
            if p < chars.count, chars[p] == "+" { fold = .open; p += 1 }
        }
        while p < chars.count, chars[p] == " " || chars[p] == "\t" { p += 1 }
        let typeStart = p
        while p < chars.count, isCalloutTypeCharacter(chars[p]) { p += 1 }
        guard p > typeStart else { return nil }
        let type = String(chars[typeStart..<p])
        // A quoted string is the title.
        var title: String?
        var titleColumn = 0
        while p < chars.count {
            guard chars[p] == " " || chars[p] == "\t" else { return nil }
            while p < chars.count, chars[p] == " " || chars[p] == "\t" { p += 1 }
            guard p < chars.count else { break }
            if chars[p] == "\"" {
                var end = chars.count - 1
                while end > p, chars[end] == " " || chars[end] == "\t" { end -= 1 }
                guard end > p, chars[end] == "\"" else { return nil }
                title = String(chars[(p + 1)..<end])
                titleColumn = p + 2
                break
            }
            // Python-Markdown reads more words as CSS classes; only Material's layout
            // modifiers are taken as such. Other words would vanish, so the line stays text
            // ("??? what is this" is prose, not a folded callout of type "what").
            let word = p
            while p < chars.count, isCalloutTypeCharacter(chars[p]) { p += 1 }
            guard p > word, ["inline", "end"].contains(String(chars[word..<p])) else { return nil }
        }
        // The body: lines indented four more columns than the marker, with blank lines
        // between them; a blank line followed by a less indented line ends it.
        let need = indent + 4
        var body: [String] = [], offsets: [Int] = []
        var end = i
        var j = i + 1
        while j < lines.count {
            if isBlank(lines[j]) {
                var k = j
                while k < lines.count, isBlank(lines[k]) { k += 1 }
                guard k < lines.count, indentWidth(lines[k]) >= need else { break }
                while j < k { body.append(lines[j].hasSuffix("\r") ? "\r" : ""); offsets.append(0); j += 1 }
                continue
            }
            guard indentWidth(lines[j]) >= need else { break }
            let (text, removed) = dedent(lines[j], need)
            body.append(text)
            offsets.append(removed)
            end = j
            j += 1
        }
        while body.count > end - i { body.removeLast(); offsets.removeLast() }
        var found = Found(dialect: .mkdocs, type: type, line: i + 1, column: indent + 1, typeColumn: typeStart + 1,
                          title: title, titleColumn: titleColumn, fold: fold,
                          bodyLines: body, bodyFirstLine: i + 2, columnOffsets: offsets, endLine: end + 1)
        found.placeholderIndent = placeholderIndent
        return found
    }

    /// `:::type title`, `:::type[Title]`: the colon count, the type, its column, the title
    /// and its column, and the marker's indentation.
    static func docusaurusOpener(_ line: String) -> (count: Int, indent: Int, type: String, typeColumn: Int, title: String?, titleColumn: Int)? {
        let chars = Array(content(line))
        var p = 0
        while p < chars.count, chars[p] == " " { p += 1 }
        let indent = p
        while p < chars.count, chars[p] == ":" { p += 1 }
        let count = p - indent
        guard count >= 3 else { return nil }
        while p < chars.count, chars[p] == " " || chars[p] == "\t" { p += 1 }
        let typeStart = p
        guard p < chars.count, chars[p].isLetter, chars[p].isASCII else { return nil }
        while p < chars.count, isCalloutTypeCharacter(chars[p]) { p += 1 }
        let type = String(chars[typeStart..<p])
        var title: String?
        var titleColumn = 0
        if p < chars.count, chars[p] == "[" {
            // `:::type[Title]`: up to the last `]`, which must end the line.
            var end = chars.count - 1
            while end > p, chars[end] == " " || chars[end] == "\t" { end -= 1 }
            guard chars[end] == "]" else { return nil }
            title = String(chars[(p + 1)..<end])
            titleColumn = p + 2
        } else if p < chars.count {
            guard chars[p] == " " || chars[p] == "\t" || chars[p] == "{" else { return nil }
            while p < chars.count, chars[p] == " " || chars[p] == "\t" { p += 1 }
            var end = chars.count
            while end > p, chars[end - 1] == " " || chars[end - 1] == "\t" { end -= 1 }
            if p < end, !(chars[p] == "{" && chars[end - 1] == "}") {
                title = String(chars[p..<end])
                titleColumn = p + 1
            }
        }
        return (count, indent, type, typeStart + 1, title, titleColumn)
    }

    /// A closing fence: only colons (at least three), up to three spaces before them.
    static func docusaurusCloser(_ line: String) -> Int? {
        let text = content(line)
        let trimmed = text.drop(while: { $0 == " " })
        let colons = trimmed.prefix(while: { $0 == ":" }).count
        guard colons >= 3, trimmed.dropFirst(colons).allSatisfy({ $0 == " " || $0 == "\t" }) else { return nil }
        return colons
    }

    /// `:::type` at line `i` up to its closing `:::` (at least as many colons; inner
    /// containers open and close in between). Without a closing fence it is not an
    /// admonition: the lines stay text rather than swallow the rest of the page.
    static func docusaurus(_ lines: [String], at i: Int) -> Found? {
        guard let opener = docusaurusOpener(lines[i]),
              let placeholderIndent = placeholderIndent(lines, at: i, indent: opener.indent) else { return nil }
        var open = [opener.count]
        var fence: (char: Character, count: Int)?
        var j = i + 1
        var close: Int?
        while j < lines.count {
            let line = content(lines[j])
            if let f = FootnoteDefinitions.fenceMarker(line) {
                if let o = fence {
                    if f.char == o.char, f.count >= o.count, f.rest.trimmingSpacesSubstring().isEmpty { fence = nil }
                } else {
                    fence = (f.char, f.count)
                }
            } else if fence == nil {
                if let count = docusaurusCloser(line) {
                    if count >= open[open.count - 1] { open.removeLast() }
                    if open.isEmpty { close = j; break }
                } else if let inner = docusaurusOpener(line) {
                    open.append(inner.count)
                }
            }
            j += 1
        }
        guard let close else { return nil }
        var body: [String] = [], offsets: [Int] = []
        for k in (i + 1)..<close {
            let (text, removed) = dedent(lines[k], opener.indent)
            body.append(text)
            offsets.append(removed)
        }
        var found = Found(dialect: .docusaurus, type: opener.type, line: i + 1, column: opener.indent + 1,
                          typeColumn: opener.typeColumn, title: opener.title, titleColumn: opener.titleColumn, fold: nil,
                          bodyLines: body, bodyFirstLine: i + 2, columnOffsets: offsets, endLine: close + 1)
        found.placeholderIndent = placeholderIndent
        return found
    }

    /// A title's inline Markdown, positioned at `column` of `line`. Parsed behind "x " so that
    /// cmark never reads it as a block (a title starting with `<script>`, `#` or `-` would be
    /// an HTML block, a heading or a list, and lose its links to the checks).
    static func parseTitle(_ text: String, line: Int, column: Int) -> [Inline] {
        guard !text.isEmpty else { return [] }
        return droppingLeadingX(TableParser.parseInlinesWithCmark("x " + text, line: line, column: column - 2))
    }

    /// `inlines` of a text parsed with "x " put in front (so that cmark reads it as a
    /// paragraph), without those two characters.
    static func droppingLeadingX(_ parsed: [Inline]) -> [Inline] {
        var inlines = parsed
        if case .text(var first)? = inlines.first, first.string.hasPrefix("x ") {
            first.string.removeFirst(2)
            if let r = first.range {
                first.range = SourceRange(start: SourcePosition(line: r.start.line, column: r.start.column + 2), end: r.end)
            }
            if first.string.isEmpty { inlines.removeFirst() } else { inlines[0] = .text(first) }
        }
        return inlines
    }

    /// Parses the body and title and moves their positions into the file.
    static func build(_ found: Found, depth: Int) -> Block {
        // With the page's reference definitions (PageReferences.swift).
        let local = PageReferences.parseBody(found.bodyLines.joined(separator: "\n"), depth: depth + 1)
        let lineShift = found.bodyFirstLine - 1
        let offsets = found.columnOffsets
        let blocks = local.map { block in
            block.mapPositions { p in
                let offset = p.line >= 1 && p.line <= offsets.count ? offsets[p.line - 1] : 0
                return SourcePosition(line: p.line + lineShift, column: p.column + offset)
            }
        }
        let title = found.title.map { text -> [Inline] in
            let trimmed = text.trimmingSpaces()
            let lead = text.prefix(while: { $0 == " " || $0 == "\t" }).count
            return parseTitle(trimmed, line: found.line, column: found.titleColumn + lead)
        }
        let typeRange = SourceRange(start: SourcePosition(line: found.line, column: found.typeColumn),
                                    end: SourcePosition(line: found.line, column: found.typeColumn + found.type.count - 1))
        let lastLength: Int
        if found.endLine > found.line, let last = found.bodyLines.last, found.dialect == .mkdocs {
            lastLength = content(last).count + (offsets.last ?? 0)
        } else {
            lastLength = 0
        }
        let end = found.dialect == .docusaurus || found.endLine == found.line
            ? SourcePosition(line: found.endLine, column: 1)
            : SourcePosition(line: found.endLine, column: max(lastLength, 1))
        let header = CalloutHeader(type: found.type, typeRange: typeRange, title: title, fold: found.fold, dialect: found.dialect)
        return .blockQuote(BlockQuote(callout: CalloutKind.style(ofType: found.type), blocks: blocks,
                                      range: SourceRange(start: SourcePosition(line: found.line, column: found.column), end: end),
                                      header: header))
    }
}
