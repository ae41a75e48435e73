#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A definition list (PHP Markdown Extra, Python-Markdown `def_list`, goldmark
/// `definitionList`, Pandoc): one or more term lines, then definitions, each opening with `:`
/// and a space.
///
/// ```
/// Term
/// : A definition. Continuation lines are indented four spaces
///     (or lazy), and so are further paragraphs, lists and code.
///
/// Another term
///
/// :   A definition after a blank line is "loose": its text is in a <p>.
/// ```
public struct DefinitionList: Sendable, Equatable {
    /// A term: one line of inline Markdown.
    public struct Term: Sendable, Equatable {
        public var inlines: [Inline]
        /// The term's text on its line.
        public var range: SourceRange?
    }

    /// One definition: Markdown blocks.
    public struct Definition: Sendable, Equatable {
        public var blocks: [Block]
        /// True when no blank line comes before it or inside it: its paragraphs are rendered
        /// without `<p>`, as a tight list item's are (Python-Markdown's and goldmark's output).
        public var tight: Bool
        /// From the `:` to the end of its last line.
        public var range: SourceRange?
    }

    /// Terms and the definitions that follow them.
    public struct Item: Sendable, Equatable {
        public var terms: [Term]
        public var definitions: [Definition]
    }

    public var items: [Item]
    public var range: SourceRange?
}

/// Finds definition lists in the source lines before cmark sees them, as admonitions are
/// found (Admonitions.swift): cmark would read a definition's `:` line as paragraph text and
/// its indented continuation as code. The first term's line becomes the admonitions'
/// placeholder heading, the other lines blank (block quote markers kept); each definition's
/// body is parsed on its own and its positions moved back to the file.
///
/// Where the dialects differ, this follows Python-Markdown and goldmark where they agree:
/// - every line of the paragraph just before the first `:` line is a term;
/// - one blank line may separate the terms from a definition (the definition is then loose);
/// - a definition continues on lines indented four spaces past the term, after blank lines
///   too, and on lazy (unindented) lines, except a line directly followed by a `:` line,
///   which is the next term;
/// - a `:` line with no paragraph line before it (first in the page, after a heading, a list,
///   code) stays a paragraph, as CommonMark reads it.
enum DefinitionLists {
    /// The line a block starts on, when known.
    static func startLine(of block: Block) -> Int? {
        switch block {
        case .paragraph(let p): return p.range?.start.line
        case .heading(let h): return h.range?.start.line
        case .blockQuote(let q): return q.range?.start.line
        case .list(let l): return l.range?.start.line
        case .codeBlock(let c): return c.range?.start.line
        case .table(let t): return t.range?.start.line
        case .htmlBlock(let h): return h.range?.start.line
        case .thematicBreak(let r): return r?.start.line
        case .footnoteDefinition(let f): return f.range?.start.line
        case .definitionList(let d): return d.range?.start.line
        case .tableOfContents(let t): return t.range?.start.line
        }
    }

    /// Terms or definition lines looked at, per list: the rest of a huge run stays text.
    static let maximumLines = 100_000

    struct Line {
        /// Block quote markers and the characters they take.
        var markers: Int
        var quoteLength: Int
        /// The line after the quote markers, without its carriage return.
        var rest: String
        var blank: Bool
        var indent: Int
    }

    /// Replaces definition lists with placeholders, adding the parsed lists to `blocks`
    /// (keyed by the line of their placeholder, as admonitions are).
    static func extract(_ source: inout String, into blocks: inout [Int: Block], depth: Int) {
        guard mayHoldMarker(source) else { return }
        var lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        var info = lines.map(read)
        var fence: (char: Character, count: Int, markers: Int)?
        var inHTML = false
        // The end of a raw HTML block that a blank line does not end (`<!--` … `-->`, `<pre>`
        // … `</pre>`): Markdown inside is not read, even after blank lines.
        var htmlEnd: String?
        var found = false
        // The page's link reference definitions, read when the first list is found.
        var references: [String]?
        var i = 0
        while i < lines.count {
            let line = info[i]
            if let end = htmlEnd {
                if line.rest.lowercased().contains(end) { htmlEnd = nil }
                i += 1
                continue
            }
            if fence == nil, !inHTML, let end = htmlBlockEnd(line.rest) {
                htmlEnd = end
                i += 1
                continue
            }
            if let f = fence, line.markers < f.markers { fence = nil }
            if let open = FootnoteDefinitions.fenceMarker(line.rest) {
                if let f = fence {
                    if open.char == f.char, open.count >= f.count, open.rest.trimmingSpacesSubstring().isEmpty { fence = nil }
                } else if !inHTML {
                    fence = (open.char, open.count, line.markers)
                }
                i += 1
                continue
            }
            if fence == nil {
                if line.blank { inHTML = false } else if !inHTML, Admonitions.opensHTMLBlock(line.rest), !isHTMLComment(line.rest) { inHTML = true }
            }
            guard fence == nil, !inHTML, marker(line) != nil, let list = collect(lines, info, at: i) else {
                i += 1
                continue
            }
            let (start, end, quoteMarkers, base) = (list.start, list.end, list.markers, list.base)
            if references == nil { references = referenceDefinitions(info) }
            blocks[start + 1] = build(list, lines: info, references: references ?? [], depth: depth)
            let cr: (Int) -> String = { lines[$0].hasSuffix("\r") ? "\r" : "" }
            let prefix: (Int) -> String = { k in quoteMarkers > 0 ? String(lines[k].prefix(info[k].quoteLength)) : "" }
            lines[start] = prefix(start) + String(repeating: " ", count: base) + "###### " + Admonitions.placeholder + cr(start)
            if end > start {
                for k in (start + 1)...end { lines[k] = prefix(k).trimmingSpaces() + cr(k) }
            }
            for k in start...end { info[k] = read(lines[k]) }
            found = true
            i = end + 1
        }
        if found { source = lines.joined(separator: "\n") }
    }

    /// When a line opens a raw HTML block of CommonMark's kinds 1 to 5 and does not end it,
    /// the text that ends it (lower case); nil otherwise.
    static func htmlBlockEnd(_ text: String) -> String? {
        guard FootnoteDefinitions.firstNonSpaceByte(text) == UInt8(ascii: "<") else { return nil }
        let t = text.drop(while: { $0 == " " }).lowercased()
        var end: String?
        var opener = ""
        for name in ["script", "pre", "style", "textarea"] where t.hasPrefix("<" + name) {
            let after = t.dropFirst(name.count + 1).first
            if after == nil || after == " " || after == ">" || after == "\t" { end = "</\(name)>"; opener = "<" + name }
        }
        if end == nil {
            if t.hasPrefix("<!--") { end = "-->"; opener = "<!--" }
            else if t.hasPrefix("<![cdata[") { end = "]]>"; opener = "<![cdata[" }
            else if t.hasPrefix("<?") { end = "?>"; opener = "<?" }
            else if t.hasPrefix("<!"), t.dropFirst(2).first?.isLetter == true { end = ">"; opener = "<!" }
        }
        guard let end, !t.dropFirst(opener.count).contains(end) else { return nil }
        return end
    }

    /// The page's one-line link reference definitions (`[label]: url "title"`, outside code
    /// fences), so that a definition's body, parsed on its own, resolves `[text][label]` as the
    /// page does (hugoDocs writes `[content base name][]` in definitions, defined at the end).
    static func referenceDefinitions(_ lines: [Line]) -> [String] {
        referenceDefinitionLines(lines).map(\.text)
    }

    /// `referenceDefinitions` with the index of each definition's line.
    static func referenceDefinitionLines(_ lines: [Line]) -> [(index: Int, text: String)] {
        var found: [(index: Int, text: String)] = []
        var fence: (char: Character, count: Int)?
        // A definition cannot interrupt a paragraph: after a line of text (with no blank line
        // between) `[a]: b` is the paragraph's text, not a definition.
        var inParagraph = false
        for (index, line) in lines.enumerated() {
            if line.blank {
                if fence == nil { inParagraph = false }
                continue
            }
            if let open = FootnoteDefinitions.fenceMarker(line.rest) {
                if let f = fence {
                    if open.char == f.char, open.count >= f.count, open.rest.trimmingSpacesSubstring().isEmpty { fence = nil }
                } else {
                    fence = (open.char, open.count)
                }
                inParagraph = false
                continue
            }
            guard fence == nil else { continue }
            let wasParagraph = inParagraph
            inParagraph = !(line.indent <= 3 && FootnoteDefinitions.firstNonSpaceByte(line.rest) == UInt8(ascii: "#"))
            guard !wasParagraph, line.indent <= 3, FootnoteDefinitions.firstNonSpaceByte(line.rest) == UInt8(ascii: "[") else { continue }
            let text = line.rest.trimmingSpaces()
            guard !text.hasPrefix("[^"), let close = text.firstIndex(of: "]"), close > text.index(after: text.startIndex) else { continue }
            let after = text[text.index(after: close)...]
            guard after.first == ":", !after.dropFirst().trimmingSpacesSubstring().isEmpty else { continue }
            found.append((index, text))
            // The next line may be another definition.
            inParagraph = false
        }
        return found
    }

    static func read(_ raw: String) -> Line {
        let (quote, rest) = FootnoteDefinitions.quotePrefix(Admonitions.content(raw))
        return Line(markers: quote.markers, quoteLength: quote.length, rest: rest,
                    blank: Admonitions.isBlank(rest), indent: Admonitions.indentWidth(rest))
    }

    /// A byte test first: almost no page has a line starting (after spaces and `>`) with
    /// `:` and a space or tab.
    static func mayHoldMarker(_ source: String) -> Bool {
        ByteSearch.someLine(of: source, skipping: { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") }) { line in
            line.count > 1 && line[0] == UInt8(ascii: ":") && (line[1] == 0x20 || line[1] == 0x09)
        }
    }

    /// A definition's first line: `:` (up to three spaces in), white space, then text. The
    /// indentation of the `:` and the character index where the text starts.
    static func marker(_ line: Line) -> (indent: Int, contentStart: Int)? {
        guard !line.blank else { return nil }
        let chars = Array(line.rest)
        var p = 0
        while p < chars.count, chars[p] == " " { p += 1 }
        let indent = p
        guard p + 1 < chars.count, chars[p] == ":", chars[p + 1] == " " || chars[p + 1] == "\t" else { return nil }
        p += 1
        while p < chars.count, chars[p] == " " || chars[p] == "\t" { p += 1 }
        guard p < chars.count else { return nil }
        return (indent, p)
    }

    /// `<!-- ... -->` alone on a line: MkDocs Material writes one as a term (its build
    /// replaces it); Python-Markdown takes it as one.
    static func isHTMLComment(_ text: String) -> Bool {
        let t = text.trimmingSpaces()
        return t.hasPrefix("<!--") && t.hasSuffix("-->") && t.count >= 7
    }

    /// A line that can only be paragraph text (or a lone HTML comment): what a term is.
    static func isTermLine(_ line: Line, base: Int) -> Bool {
        guard !line.blank, line.indent >= base, line.indent < base + 4 else { return false }
        let text = line.rest.trimmingSpaces()
        guard let first = text.first else { return false }
        if isHTMLComment(text) { return true }
        if "#>|<=".contains(first) || FootnoteDefinitions.fenceMarker(line.rest) != nil { return false }
        if marker(line) != nil || Admonitions.listItemContentColumn(line.rest) != nil { return false }
        if "-*_+".contains(first), text.allSatisfy({ $0 == first || $0 == " " || $0 == "\t" }) { return false }
        if "-*+".contains(first), text.dropFirst().first.map({ $0 == " " || $0 == "\t" }) ?? true { return false }
        if first.isNumber, text.drop(while: { $0.isNumber }).first.map({ $0 == "." || $0 == ")" }) == true { return false }
        if first == "[", let close = text.firstIndex(of: "]"), text[text.index(after: close)...].first == ":" { return false }
        if Admonitions.docusaurusCloser(text) != nil || text.hasPrefix("!!!") || text.hasPrefix("???") { return false }
        return true
    }

    struct Found {
        struct Def {
            /// 0-based line of the `:`, its column (0-based, in characters), the body's lines
            /// and the characters removed before each.
            var line: Int
            var column: Int
            var body: [String]
            var offsets: [Int]
            var tight: Bool
            var lastLine: Int
        }
        struct Item {
            var terms: [Int] = []
            var defs: [Def] = []
        }
        var items: [Item]
        var start: Int
        var end: Int
        var markers: Int
        var base: Int
    }

    /// The definition list whose first definition line is `i`, or nil when no term is before it.
    static func collect(_ raw: [String], _ lines: [Line], at i: Int) -> Found? {
        let q = lines[i].markers
        guard let first = marker(lines[i]) else { return nil }
        func same(_ k: Int) -> Bool { k >= 0 && k < lines.count && lines[k].markers == q }
        func blankHere(_ k: Int) -> Bool { k < 0 || k >= lines.count || lines[k].blank && (lines[k].markers == q || Admonitions.isBlank(raw[k])) }
        // The terms: the paragraph just before (one blank line between is allowed).
        var k = i - 1
        var loose = false
        if k >= 0, same(k), lines[k].blank { k -= 1; loose = true }
        guard same(k), !lines[k].blank else { return nil }
        // The base indentation: the term's (up to three spaces, or a list item's content column).
        var base = lines[k].indent
        if q == 0, base > 3 {
            guard let column = Admonitions.placeholderIndent(raw, at: k, indent: base) else { return nil }
            base = column
        } else if base > 3 {
            return nil
        }
        guard first.indent >= base, first.indent < base + 4 else { return nil }
        var s = k
        while s >= 0, same(s), !lines[s].blank {
            guard isTermLine(lines[s], base: base), k - s < 1000 else { return nil }
            s -= 1
        }
        // What is before the paragraph must end a block: a blank line or the start.
        guard blankHere(s) else { return nil }
        var items = [Found.Item(terms: Array((s + 1)...k))]
        var j = i
        var end = i
        var pendingLoose = loose
        while j < lines.count, j - i < maximumLines {
            // A definition at line j.
            guard let m = marker(lines[j]), m.indent >= base, m.indent < base + 4 else { break }
            var def = Found.Def(line: j, column: lines[j].quoteLength + m.contentStart,
                                body: [String(Array(Admonitions.content(raw[j]).dropFirst(lines[j].quoteLength))[m.contentStart...]) + (raw[j].hasSuffix("\r") ? "\r" : "")],
                                offsets: [lines[j].quoteLength + m.contentStart], tight: !pendingLoose, lastLine: j)
            var n = j + 1
            while n < lines.count, same(n) {
                if lines[n].blank {
                    var b = n
                    while b < lines.count, same(b), lines[b].blank { b += 1 }
                    guard b < lines.count, same(b), lines[b].indent >= base + 4 else { break }
                    while n < b { def.body.append(raw[n].hasSuffix("\r") ? "\r" : ""); def.offsets.append(0); n += 1 }
                    def.tight = false
                    continue
                }
                let text = String(Admonitions.content(raw[n]).dropFirst(lines[n].quoteLength)) + (raw[n].hasSuffix("\r") ? "\r" : "")
                if lines[n].indent >= base + 4 {
                    let (dedented, removed) = Admonitions.dedent(text, base + 4)
                    def.body.append(dedented)
                    def.offsets.append(lines[n].quoteLength + removed)
                } else if !lines[n - 1].blank, isTermLine(lines[n], base: 0), !(n + 1 < lines.count && marker(lines[n + 1]) != nil) {
                    // A lazy continuation line of the definition's paragraph.
                    let (dedented, removed) = Admonitions.dedent(text, lines[n].indent)
                    def.body.append(dedented)
                    def.offsets.append(lines[n].quoteLength + removed)
                } else {
                    break
                }
                def.lastLine = n
                n += 1
            }
            // Trailing blank lines stay with the document.
            while def.body.count > def.lastLine - def.line + 1 { def.body.removeLast(); def.offsets.removeLast() }
            items[items.count - 1].defs.append(def)
            end = def.lastLine
            // What follows: another definition, or terms and a definition, or the end.
            var next = end + 1
            var blanks = 0
            while next < lines.count, same(next), lines[next].blank, blanks < 2 { next += 1; blanks += 1 }
            guard next < lines.count, same(next), blanks <= 1 || marker(lines[next]) == nil else { break }
            if marker(lines[next]) != nil {
                pendingLoose = blanks > 0
                j = next
                continue
            }
            guard blanks <= 1 else { break }
            var t = next
            while t < lines.count, same(t), isTermLine(lines[t], base: base), t - next < 1000 { t += 1 }
            guard t > next, t < lines.count, same(t) else { break }
            var defLine = t
            pendingLoose = false
            if lines[t].blank { defLine = t + 1; pendingLoose = true }
            guard defLine < lines.count, same(defLine), let m2 = marker(lines[defLine]), m2.indent >= base, m2.indent < base + 4 else { break }
            items.append(Found.Item(terms: Array(next..<t)))
            j = defLine
        }
        return Found(items: items, start: s + 1, end: end, markers: q, base: base)
    }

    /// A term's inline Markdown at `column` of `line`: parsed behind "x " so that cmark never
    /// reads it as a block (as an admonition's title is), with the page's reference
    /// definitions after it so that `[Shortcodes][]` as a term is the link the page defines.
    static func termInlines(_ text: String, line: Int, column: Int, references: [String]) -> [Inline] {
        guard !references.isEmpty else { return Admonitions.parseTitle(text, line: line, column: column) }
        let document = MarkdownParser.parse("x " + text + "\n\n" + references.joined(separator: "\n"), footnoteDefinitions: false)
        guard case .paragraph(let paragraph)? = document.blocks.first else { return Admonitions.parseTitle(text, line: line, column: column) }
        return Admonitions.droppingLeadingX(paragraph.inlines.map { $0.shifted(line: line, columnOffset: column - 3) })
    }

    /// Parses the terms and definitions and moves their positions into the file.
    static func build(_ found: Found, lines: [Line], references: [String], depth: Int) -> Block {
        // The page's reference definitions go before each body (then a blank line); blocks
        // parsed from them (a line cmark did not take as a definition) are dropped.
        let prefix = references.isEmpty ? "" : references.joined(separator: "\n") + "\n\n"
        let prefixLines = references.isEmpty ? 0 : references.count + 1
        var items: [DefinitionList.Item] = []
        var lastEnd = SourcePosition(line: found.end + 1, column: 1)
        for item in found.items {
            let terms = item.terms.map { k -> DefinitionList.Term in
                let line = lines[k]
                let text = line.rest.trimmingSpaces()
                let lead = line.rest.prefix(while: { $0 == " " || $0 == "\t" }).count
                let column = line.quoteLength + lead + 1
                let inlines = termInlines(text, line: k + 1, column: column, references: references)
                return DefinitionList.Term(inlines: inlines, range: SourceRange(start: SourcePosition(line: k + 1, column: column),
                                                                                end: SourcePosition(line: k + 1, column: column + max(text.count, 1) - 1)))
            }
            let definitions = item.defs.map { def -> DefinitionList.Definition in
                let local = MarkdownParser.parse(prefix + def.body.joined(separator: "\n"), footnoteDefinitions: false, depth: depth + 1)
                let lineShift = def.line - prefixLines
                let offsets = def.offsets
                let blocks = local.blocks.filter { Self.startLine(of: $0).map { $0 > prefixLines } ?? true }.map { block in
                    block.mapPositions { p in
                        let index = p.line - prefixLines
                        let offset = index >= 1 && index <= offsets.count ? offsets[index - 1] : 0
                        return SourcePosition(line: p.line + lineShift, column: p.column + offset)
                    }
                }
                let lastText = Admonitions.content(def.body.last ?? "")
                let end = SourcePosition(line: def.lastLine + 1, column: max(lastText.count + (offsets.last ?? 0), 1))
                lastEnd = end
                let colon = lines[def.line].quoteLength + (marker(lines[def.line])?.indent ?? 0) + 1
                return DefinitionList.Definition(blocks: blocks, tight: def.tight,
                                                 range: SourceRange(start: SourcePosition(line: def.line + 1, column: colon), end: end))
            }
            items.append(DefinitionList.Item(terms: terms, definitions: definitions))
        }
        let start = items.first?.terms.first?.range?.start ?? SourcePosition(line: found.start + 1, column: 1)
        return .definitionList(DefinitionList(items: items, range: SourceRange(start: start, end: lastEnd)))
    }
}
