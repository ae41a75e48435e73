/// Finds GFM footnote definitions (`[^label]: text`, continued by indented lines) in the
/// source lines before cmark sees them.
///
/// cmark 0.30 has no footnotes: it would take `[^note]: text` for a link reference definition
/// and swallow it. So each definition's lines are blanked in the text handed to cmark (the
/// line count stays, so every other position is the file's own, as with front matter), and
/// the definition's body is parsed on its own and moved back to where it sits in the file.
enum FootnoteDefinitions {
    struct Found {
        var label: String
        /// 1-based line of `[^label]:`, and the character column of its `[`.
        var line: Int
        var column: Int
        /// The body: the first line's text after the marker, then the continuation lines
        /// with up to four spaces of indentation removed.
        var bodyLines: [String]
        /// Characters removed before each body line's text (the marker, the indentation).
        var columnOffsets: [Int]
    }

    /// The source with definitions blanked, and the definitions found, in source order.
    static func extract(_ source: String) -> (String, [Found]) {
        // Cheap test first: almost no page has a footnote, so look for `[^` in the bytes.
        guard ByteSearch.contains(source, "[^") else { return (source, []) }
        // Split on scalars: as `Character`s, "\r\n" is one and would not split at "\n".
        var lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        var found: [Found] = []
        var fence: (char: Character, count: Int, markers: Int)?
        var i = 0
        while i < lines.count {
            // A definition may sit inside a block quote (`> [^note]: text`, as in mdBook's guide):
            // GFM collects it like any other. Its lines are read without the `>` markers, and
            // continuation lines need the same markers.
            let (quote, line) = quotePrefix(lines[i])
            // A fence opened inside a block quote ends with the quote.
            if let f = fence, quote.markers < f.markers { fence = nil }
            if let open = fenceMarker(line) {
                if let f = fence {
                    if open.char == f.char, open.count >= f.count, open.rest.trimmingSpacesSubstring().isEmpty { fence = nil }
                } else {
                    fence = (open.char, open.count, quote.markers)
                }
                i += 1
                continue
            }
            guard fence == nil, let (label, indent, contentStart) = definitionMarker(line) else {
                i += 1
                continue
            }
            let chars = Array(line)
            var body = [String(chars[contentStart...])]
            var offsets = [contentStart]
            var end = i
            var j = i + 1
            // The line `j` without the definition's own quote markers; nil when they differ.
            func inner(_ j: Int) -> String? {
                let (q, text) = quotePrefix(lines[j])
                return q.markers == quote.markers ? text : nil
            }
            while j < lines.count, let next = inner(j) {
                if next.trimmingSpaces().isEmpty {
                    // A blank line continues the definition only when an indented line follows.
                    var k = j
                    while k < lines.count, let blank = inner(k), blank.trimmingSpaces().isEmpty { k += 1 }
                    guard k < lines.count, let following = inner(k), leadingSpaces(following) >= 4 else { break }
                    while j < k { body.append(""); offsets.append(0); j += 1 }
                    continue
                }
                let spaces = leadingSpaces(next)
                let skip = quote.length
                if spaces >= 4 {
                    body.append(String(next.dropFirst(4)))
                    offsets.append(skip + 4)
                } else if let previous = inner(j - 1), !previous.trimmingSpaces().isEmpty, isLazyContinuation(next) {
                    // A paragraph's lazy continuation line, as in a list item.
                    body.append(next)
                    offsets.append(skip)
                } else {
                    break
                }
                end = j
                j += 1
            }
            // Blank lines between the body and what follows stay with the document.
            while body.count > end - i + 1 { body.removeLast(); offsets.removeLast() }
            offsets[0] += quote.length
            found.append(Found(label: label, line: i + 1, column: quote.length + indent + 1, bodyLines: body, columnOffsets: offsets))
            for k in i...end {
                // Keep a carriage return so that CRLF files stay CRLF line by line, and the
                // quote markers so that the block quote around a definition stays one quote.
                lines[k] = String(lines[k].prefix(quote.length)).trimmingSpaces() + (lines[k].hasSuffix("\r") ? "\r" : "")
            }
            i = end + 1
        }
        guard !found.isEmpty else { return (source, []) }
        return (lines.joined(separator: "\n"), found)
    }

    /// The block quote markers a line starts with (`> `, `>> `, `> > `): how many, how many
    /// characters they take (each `>` with up to three spaces before it and one after), and the
    /// rest of the line. No markers: (0, 0) and the line itself.
    static func quotePrefix(_ line: String) -> (quote: (markers: Int, length: Int), rest: String) {
        guard line.utf8.contains(UInt8(ascii: ">")) else { return ((0, 0), line) }
        var rest = Substring(line)
        var markers = 0
        while true {
            let spaces = rest.prefix(while: { $0 == " " }).count
            guard spaces <= 3, rest.dropFirst(spaces).first == ">" else { break }
            rest = rest.dropFirst(spaces + 1)
            if rest.first == " " { rest = rest.dropFirst() }
            markers += 1
        }
        return ((markers, line.count - rest.count), markers == 0 ? line : String(rest))
    }

    /// `[^label]:` at the start of a line (up to three spaces before it): the label, the
    /// indentation, and the character index where the body text starts.
    static func definitionMarker(_ line: String) -> (String, Int, Int)? {
        guard firstNonSpaceByte(line) == UInt8(ascii: "[") else { return nil }
        let chars = Array(line)
        var i = 0
        while i < chars.count, chars[i] == " ", i < 4 { i += 1 }
        guard i <= 3, i + 1 < chars.count, chars[i] == "[", chars[i + 1] == "^" else { return nil }
        let indent = i
        var j = i + 2
        while j < chars.count, chars[j] != "]" {
            if chars[j] == " " || chars[j] == "\t" || chars[j] == "[" { return nil }
            j += 1
        }
        guard j < chars.count, j > i + 2, j + 1 < chars.count, chars[j + 1] == ":" else { return nil }
        let label = String(chars[(i + 2)..<j])
        var k = j + 2
        while k < chars.count, chars[k] == " " || chars[k] == "\t" { k += 1 }
        return (label, indent, k)
    }

    /// The first byte after up to three spaces (what a block marker could start with).
    static func firstNonSpaceByte(_ line: String) -> UInt8? {
        var n = 0
        for byte in line.utf8 {
            if byte == 0x20, n < 3 { n += 1; continue }
            return byte
        }
        return nil
    }

    static func leadingSpaces(_ line: String) -> Int {
        var n = 0
        for c in line {
            if c == " " { n += 1 } else if c == "\t" { n += 4 } else { break }
        }
        return n
    }

    /// A non-indented line that continues a paragraph rather than starting a block.
    static func isLazyContinuation(_ line: String) -> Bool {
        let t = line.drop(while: { $0 == " " })
        guard let first = t.first else { return false }
        if definitionMarker(line) != nil { return false }
        if "#>|".contains(first) || fenceMarker(line) != nil { return false }
        if "-*+".contains(first), t.dropFirst().first.map({ $0 == " " }) ?? true { return false }
        if first.isNumber, t.drop(while: { $0.isNumber }).first.map({ $0 == "." || $0 == ")" }) == true { return false }
        return true
    }

    /// An opening or closing code fence: its character, length and what follows it.
    static func fenceMarker(_ line: String) -> (char: Character, count: Int, rest: Substring)? {
        guard let first = firstNonSpaceByte(line), first == UInt8(ascii: "`") || first == UInt8(ascii: "~") else { return nil }
        let t = line.drop(while: { $0 == " " })
        guard line.count - t.count <= 3, let c = t.first, c == "`" || c == "~" else { return nil }
        let run = t.prefix(while: { $0 == c }).count
        guard run >= 3 else { return nil }
        return (c, run, t.dropFirst(run))
    }

    /// Parses one definition's body and moves its positions into the file.
    static func parse(_ found: Found) -> FootnoteDefinition {
        // With the page's reference definitions (PageReferences.swift).
        let local = Document(blocks: PageReferences.parseBody(found.bodyLines.joined(separator: "\n"), depth: 0))
        let lineShift = found.line - 1
        let offsets = found.columnOffsets
        let move: (SourcePosition) -> SourcePosition = { p in
            let offset = p.line >= 1 && p.line <= offsets.count ? offsets[p.line - 1] : 0
            return SourcePosition(line: p.line + lineShift, column: p.column + offset)
        }
        let blocks = local.blocks.map { $0.mapPositions(move) }
        let lastLine = found.line + found.bodyLines.count - 1
        let lastLength = found.bodyLines.last.map { $0.count + (offsets.last ?? 0) } ?? 1
        let range = SourceRange(start: SourcePosition(line: found.line, column: found.column),
                                end: SourcePosition(line: lastLine, column: max(lastLength, 1)))
        return FootnoteDefinition(label: found.label, blocks: blocks, range: range)
    }
}

extension Optional where Wrapped == SourceRange {
    func mapPositions(_ f: (SourcePosition) -> SourcePosition) -> SourceRange? {
        map { SourceRange(start: f($0.start), end: f($0.end)) }
    }
}

extension Block {
    /// The same block with every position passed through `f` (a body parsed on its own,
    /// moved to where it sits in the file).
    func mapPositions(_ f: (SourcePosition) -> SourcePosition) -> Block {
        switch self {
        case .paragraph(var p):
            p.range = p.range.mapPositions(f); p.inlines = p.inlines.map { $0.mapPositions(f) }; return .paragraph(p)
        case .heading(var h):
            h.range = h.range.mapPositions(f); h.inlines = h.inlines.map { $0.mapPositions(f) }; return .heading(h)
        case .blockQuote(var q):
            q.range = q.range.mapPositions(f); q.blocks = q.blocks.map { $0.mapPositions(f) }
            if var header = q.header {
                header.typeRange = header.typeRange.mapPositions(f)
                header.title = header.title?.map { $0.mapPositions(f) }
                q.header = header
            }
            return .blockQuote(q)
        case .list(var l):
            l.range = l.range.mapPositions(f)
            l.items = l.items.map { item in
                var item = item
                item.range = item.range.mapPositions(f)
                item.blocks = item.blocks.map { $0.mapPositions(f) }
                return item
            }
            return .list(l)
        case .codeBlock(var c):
            c.range = c.range.mapPositions(f); if let at = c.attributes?.position { c.attributes?.position = f(at) }; return .codeBlock(c)
        case .table(var t):
            t.range = t.range.mapPositions(f)
            func row(_ r: Table.Row) -> Table.Row {
                var r = r
                r.position = f(r.position)
                r.cells = r.cells.map { cell in
                    var cell = cell
                    cell.range = cell.range.mapPositions(f)
                    cell.inlines = cell.inlines.map { $0.mapPositions(f) }
                    return cell
                }
                return r
            }
            t.header = t.header.map(row)
            t.rows = t.rows.map(row)
            return .table(t)
        case .htmlBlock(var h):
            h.range = h.range.mapPositions(f); return .htmlBlock(h)
        case .thematicBreak(let r):
            return .thematicBreak(r.mapPositions(f))
        case .footnoteDefinition(var d):
            d.range = d.range.mapPositions(f); d.blocks = d.blocks.map { $0.mapPositions(f) }; return .footnoteDefinition(d)
        case .definitionList(var l):
            l.range = l.range.mapPositions(f)
            l.items = l.items.map { item in
                var item = item
                item.terms = item.terms.map { term in
                    var term = term
                    term.range = term.range.mapPositions(f)
                    term.inlines = term.inlines.map { $0.mapPositions(f) }
                    return term
                }
                item.definitions = item.definitions.map { definition in
                    var definition = definition
                    definition.range = definition.range.mapPositions(f)
                    definition.blocks = definition.blocks.map { $0.mapPositions(f) }
                    return definition
                }
                return item
            }
            return .definitionList(l)
        case .tableOfContents(var t):
            t.range = t.range.mapPositions(f); return .tableOfContents(t)
        }
    }
}

extension Inline {
    func mapPositions(_ f: (SourcePosition) -> SourcePosition) -> Inline {
        switch self {
        case .text(var t): t.range = t.range.mapPositions(f); return .text(t)
        case .softBreak, .lineBreak: return self
        case .code(var c): c.range = c.range.mapPositions(f); return .code(c)
        case .html(var c): c.range = c.range.mapPositions(f); return .html(c)
        case .emphasis(let children): return .emphasis(children.map { $0.mapPositions(f) })
        case .strong(let children): return .strong(children.map { $0.mapPositions(f) })
        case .strikethrough(let children): return .strikethrough(children.map { $0.mapPositions(f) })
        case .link(var l):
            l.range = l.range.mapPositions(f); l.children = l.children.map { $0.mapPositions(f) }; return .link(l)
        case .image(var l):
            l.range = l.range.mapPositions(f); l.children = l.children.map { $0.mapPositions(f) }; return .image(l)
        case .citation(var c):
            c.range = c.range.mapPositions(f)
            c.items = c.items.map { item in
                var item = item
                item.position = item.position.map(f)
                return item
            }
            return .citation(c)
        case .wikiLink(var w): w.range = w.range.mapPositions(f); return .wikiLink(w)
        case .footnoteReference(var r): r.range = r.range.mapPositions(f); return .footnoteReference(r)
        case .attributeList(var a): a.position = a.position.map(f); return .attributeList(a)
        }
    }
}
