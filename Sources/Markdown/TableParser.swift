import Foundation

/// Parses a fenced `table` block: one row per line, cells separated by unescaped `|`,
/// the first row the header. Separator rows (`|---|:--:|`) are skipped. Each cell is parsed
/// as inline Markdown, with positions in the file.
enum TableParser {
    static func parse(_ literal: String, blockRange: SourceRange?, lines: LineTable) -> Table {
        // Plain ASCII tables from their bytes (TableRowsASCII.swift).
        parseASCII(literal, blockRange: blockRange, lines: lines) ?? parseGeneral(literal, blockRange: blockRange, lines: lines)
    }

    /// `parse` for any table.
    static func parseGeneral(_ literal: String, blockRange: SourceRange?, lines: LineTable) -> Table {
        var rows: [Table.Row] = []
        // Content lines start on the line after the opening fence.
        let firstLine = (blockRange?.start.line ?? 0) + 1
        let literalLines = splitLines(literal)
        for (index, rawLine) in literalLines.enumerated() {
            let rowText = String(rawLine).trimmingSpaces()
            if rowText.isEmpty { continue }
            let lineNumber = firstLine + index
            let sourceLine = blockRange == nil ? rowText : lines.lineText(lineNumber)
            // Where the row begins on its source line, in characters.
            let rowStartInLine = asciiRowStart(rowText, in: sourceLine)
                ?? sourceLine.range(of: rowText).map { sourceLine.distance(from: sourceLine.startIndex, to: $0.lowerBound) } ?? 0
            let cells = splitCells(rowText)
            if cells.allSatisfy({ isSeparator($0.text) }) && !cells.isEmpty { continue }
            let parsed = cells.map { cell -> Table.Cell in
                let column = rowStartInLine + cell.offset + 1
                let inlines = parseInlines(cell.text, line: lineNumber, column: column)
                let end = SourcePosition(line: lineNumber, column: column + max(characterCount(cell.text) - 1, 0))
                return Table.Cell(inlines: inlines, range: SourceRange(start: SourcePosition(line: lineNumber, column: column), end: end))
            }
            rows.append(Table.Row(cells: parsed, position: SourcePosition(line: lineNumber, column: rowStartInLine + 1)))
        }
        let header = rows.isEmpty ? nil : rows.removeFirst()
        return Table(header: header, rows: rows, range: blockRange)
    }

    /// Cells of a row with their character offsets in the row; outer pipes are optional.
    /// With `unescapePipes`, `\|` in a cell becomes `|` (the fenced block parses the cell
    /// text as it is then); a pipe table keeps `\|`, which cmark reads as an escaped `|` with
    /// every column right, and only code spans are unescaped afterwards.
    static func splitCells(_ row: String, unescapePipes: Bool = true) -> [(text: String, offset: Int)] {
        if let fast = splitCellsASCII(row, unescapePipes: unescapePipes) { return fast }
        return splitCellsByCharacters(row, unescapePipes: unescapePipes)
    }

    /// `splitCells` for an ASCII row without carriage returns, where characters are bytes.
    static func splitCellsASCII(_ row: String, unescapePipes: Bool = true) -> [(text: String, offset: Int)]? {
        var row = row
        return row.withUTF8 { all -> [(text: String, offset: Int)]? in
            guard let base = all.baseAddress.map(UnsafeRawPointer.init) else { return [("", 0)] }
            // ASCII without carriage returns: eight bytes at a time (the generic `allSatisfy`
            // was a tenth of a table's parse), the carriage return by `memchr`.
            var k8 = 0
            while k8 + 8 <= all.count {
                if base.loadUnaligned(fromByteOffset: k8, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return nil }
                k8 += 8
            }
            while k8 < all.count { if all[k8] >= 0x80 { return nil }; k8 += 1 }
            if memchr(base, 0x0D, all.count) != nil { return nil }
            let bar = UInt8(ascii: "|"), backslash = UInt8(ascii: "\\")
            var start = 0, end = all.count
            var leading = 0
            if end > start, all[start] == bar { start += 1; leading = 1 }
            if end > start, all[end - 1] == bar, !(end - start >= 2 && all[end - 2] == backslash) { end -= 1 }
            var cells: [(text: String, offset: Int)] = []
            cells.reserveCapacity(8)
            var cellStart = start
            var escaped = false
            func emit(_ range: Range<Int>) {
                var lo = range.lowerBound, hi = range.upperBound
                var leadingSpaces = 0
                while lo + leadingSpaces < hi, all[lo + leadingSpaces] == 0x20 || all[lo + leadingSpaces] == 0x09 { leadingSpaces += 1 }
                // `trimmingSpaces`: spaces, tabs and line ends at both ends.
                func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
                while lo < hi, blank(all[lo]) { lo += 1 }
                while hi > lo, blank(all[hi - 1]) { hi -= 1 }
                var text = String(decoding: UnsafeBufferPointer(rebasing: all[lo..<hi]), as: UTF8.self)
                if unescapePipes, all[lo..<hi].contains(backslash) { text = text.replacingOccurrences(of: "\\|", with: "|") }
                cells.append((text, range.lowerBound - start + leadingSpaces + leading))
            }
            var k = start
            while k < end {
                let c = all[k]
                if escaped {
                    escaped = false
                } else if c == backslash {
                    escaped = true
                } else if c == bar {
                    emit(cellStart..<k)
                    cellStart = k + 1
                }
                k += 1
            }
            emit(cellStart..<end)
            return cells
        }
    }

    static func splitCellsByCharacters(_ row: String, unescapePipes: Bool = true) -> [(text: String, offset: Int)] {
        var cells: [(String, Int)] = []
        var current = ""
        var currentStart = 0
        var offset = 0
        var escaped = false
        var chars = Array(row)
        var leading = 0
        if chars.first == "|" { chars.removeFirst(); leading = 1 }
        if chars.last == "|", !(chars.count >= 2 && chars[chars.count - 2] == "\\") { chars.removeLast() }
        for c in chars {
            if escaped {
                current.append(c)
                escaped = false
            } else if c == "\\" {
                current.append(c)
                escaped = true
            } else if c == "|" {
                cells.append((current, currentStart))
                current = ""
                currentStart = offset + 1
            } else {
                current.append(c)
            }
            offset += 1
        }
        cells.append((current, currentStart))
        return cells.map { cell in
            // Trim spaces but keep the offset of the first visible character.
            let leadingSpaces = cell.0.prefix(while: { $0 == " " || $0 == "\t" }).count
            let trimmed = cell.0.trimmingSpaces()
            let text = unescapePipes && trimmed.utf8.contains(UInt8(ascii: "\\")) ? trimmed.replacingOccurrences(of: "\\|", with: "|") : trimmed
            return (text, cell.1 + leadingSpaces + leading)
        }
    }

    /// `literal.split(separator: "\n", omittingEmptySubsequences: false)`: over bytes when
    /// there is no carriage return (a `"\r\n"` is one `Character`, not split by that call).
    static func splitLines(_ literal: String) -> [Substring] {
        guard !ByteSearch.contains(literal, byte: UInt8(ascii: "\r")) else { return literal.split(separator: "\n", omittingEmptySubsequences: false) }
        // The offsets of the line feeds by `memchr`, then one substring per line: stepping
        // through the UTF-8 view index by index cost more than the rest of a small table.
        var newlines: [Int] = []
        var copy = literal
        copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var i = 0
            while i < buffer.count, let hit = memchr(base + i, 0x0A, buffer.count - i) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                newlines.append(at)
                i = at + 1
            }
        }
        let utf8 = literal.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(newlines.count + 1)
        var start = utf8.startIndex
        for offset in newlines {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(literal[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(literal[start...])
        return lines
    }

    /// Where `rowText` starts in an ASCII source line when it starts at the line's first
    /// non-blank character: what `range(of:)` finds there, without Foundation. Nil otherwise.
    static func asciiRowStart(_ rowText: String, in sourceLine: String) -> Int? {
        var line = sourceLine, row = rowText
        // Over contiguous bytes: the generic `starts(with:)` of two UTF-8 views cost more than
        // the rest of a table's parse.
        return line.withUTF8 { line -> Int? in
            guard line.allSatisfy({ $0 < 0x80 }) else { return nil }
            var start = 0
            while start < line.count, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
            return row.withUTF8 { row -> Int? in
                guard !row.isEmpty, line.count - start >= row.count,
                      memcmp(line.baseAddress! + start, row.baseAddress!, row.count) == 0 else { return nil }
                return start
            }
        }
    }

    /// A cell cmark would read as one plain text node: ASCII, starting with a letter (no
    /// block syntax), and without any character that starts inline syntax or an extension.
    static func isPlainText(_ text: String) -> Bool {
        // A bare URL becomes an autolink.
        if InlineExtensions.mayHoldAutolink(text) { return false }
        guard let first = text.utf8.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return false }
        for byte in text.utf8 where !isPlainTextByte(byte) { return false }
        return true
    }

    /// A byte `isPlainText` allows in a cell: a letter, a digit, a space or punctuation that
    /// starts no inline syntax. (Shared with `TableRowsASCII.isPlainTextASCII`, which must
    /// answer as `isPlainText` does.)
    static func isPlainTextByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "?"),
             UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "%"),
             UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// `text.count`: the byte count when every byte is printable ASCII or a tab (then each
    /// byte is one `Character`), without walking grapheme clusters.
    static func characterCount(_ text: String) -> Int {
        let utf8 = text.utf8
        let simple = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }
        }
        return simple == true ? utf8.count : text.count
    }

    static func isSeparator(_ cell: String) -> Bool {
        let t = cell.trimmingSpaces()
        // A byte test: `contains("-")` here was Foundation's string search.
        guard t.utf8.contains(UInt8(ascii: "-")) else { return false }
        return t.allSatisfy { $0 == "-" || $0 == ":" }
    }

    /// Parses one cell as Markdown and moves its positions to where the cell sits in the file.
    static func parseInlines(_ text: String, line: Int, column: Int) -> [Inline] {
        guard !text.isEmpty else { return [] }
        if isPlainText(text) {
            // What cmark makes of it: one paragraph holding one text node (tested).
            return [.text(Text(string: text, range: SourceRange(start: SourcePosition(line: line, column: column),
                                                                end: SourcePosition(line: line, column: column + text.utf8.count - 1))))]
        }
        return parseInlinesWithCmark(text, line: line, column: column)
    }

    /// `parseInlines` without the plain-text fast path.
    static func parseInlinesWithCmark(_ text: String, line: Int, column: Int) -> [Inline] {
        guard !text.isEmpty else { return [] }
        // With the page's reference definitions after it (PageReferences.swift).
        let document = PageReferences.parseLine(text)
        guard case .paragraph(let paragraph)? = document.blocks.first else {
            return [.text(Text(string: text, range: SourceRange(start: SourcePosition(line: line, column: column), end: SourcePosition(line: line, column: column))))]
        }
        return paragraph.inlines.map { $0.shifted(line: line, columnOffset: column - 1) }
    }
}

extension SourcePosition {
    func shifted(line: Int, columnOffset: Int) -> SourcePosition {
        SourcePosition(line: line + self.line - 1, column: self.column + (self.line == 1 ? columnOffset : 0))
    }
}

extension Optional where Wrapped == SourceRange {
    func shifted(line: Int, columnOffset: Int) -> SourceRange? {
        map { SourceRange(start: $0.start.shifted(line: line, columnOffset: columnOffset), end: $0.end.shifted(line: line, columnOffset: columnOffset)) }
    }
}

extension Inline {
    /// The same inline with positions moved from a cell-local document into the file.
    func shifted(line: Int, columnOffset: Int) -> Inline {
        mapPositions { $0.shifted(line: line, columnOffset: columnOffset) }
    }
}

/// GFM pipe tables, found in a paragraph cmark has already parsed: a header row, then a
/// delimiter row (`| --- | :-: |`) with as many cells, then every further line of the
/// paragraph as a body row (cmark has already ended the paragraph at a blank line or at the
/// start of another block, which is where GFM ends a table). Lines before the header row stay
/// a paragraph. Cells are split on the source text, so `\|` is a pipe inside a cell, also in
/// code spans, as GFM says.
enum PipeTable {
    /// One line of the paragraph: its number, its text from where the paragraph's content
    /// starts on it, and that start as a character column.
    struct Line {
        var number: Int
        var text: String
        var column: Int
    }

    /// The index of the header line and the alignments, when the lines hold a table.
    static func find(_ lines: [Line]) -> (header: Int, alignments: [Table.Alignment])? {
        guard lines.count >= 2 else { return nil }
        for k in 1..<lines.count {
            guard let alignments = delimiterRow(lines[k].text) else { continue }
            // GFM: the header row must have exactly as many cells as the delimiter row.
            if TableParser.splitCells(rowText(lines[k - 1].text)).count == alignments.count {
                return (k - 1, alignments)
            }
        }
        return nil
    }

    /// `| :--- | ---: |`: the alignments, or nil when the line is not a delimiter row.
    static func delimiterRow(_ text: String) -> [Table.Alignment]? {
        let row = rowText(text)
        guard row.contains("-"), row.allSatisfy({ "|-: \t".contains($0) }) else { return nil }
        let cells = TableParser.splitCells(row)
        // A single column needs a pipe somewhere: `---` alone is a thematic break or a
        // setext underline, and `:-` alone is text.
        guard row.contains("|") else { return nil }
        var alignments: [Table.Alignment] = []
        for cell in cells {
            let t = cell.text
            guard !t.isEmpty else { return nil }
            let left = t.hasPrefix(":"), right = t.hasSuffix(":")
            let dashes = t.dropFirst(left ? 1 : 0).dropLast(right && t.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return alignments
    }

    static func rowText(_ text: String) -> String { text.trimmingSpaces() }

    /// GFM splits cells before inline parsing, so `\|` is a `|` in a code span too, where
    /// cmark keeps backslashes.
    static func unescapingPipesInCode(_ inlines: [Inline]) -> [Inline] {
        inlines.map { inline in
            switch inline {
            case .code(var c):
                if c.literal.contains("\\|") { c.literal = c.literal.replacingOccurrences(of: "\\|", with: "|") }
                return .code(c)
            case .emphasis(let children): return .emphasis(unescapingPipesInCode(children))
            case .strong(let children): return .strong(unescapingPipesInCode(children))
            case .strikethrough(let children): return .strikethrough(unescapingPipesInCode(children))
            case .link(var l): l.children = unescapingPipesInCode(l.children); return .link(l)
            default: return inline
            }
        }
    }

    /// The table from the header line on.
    static func build(_ lines: [Line], header: Int, alignments: [Table.Alignment], range: SourceRange?) -> Table {
        func row(_ line: Line, padTo width: Int) -> Table.Row {
            let text = rowText(line.text)
            let lead = line.text.prefix(while: { $0 == " " || $0 == "\t" }).count
            let start = line.column + lead
            var cells = TableParser.splitCells(text, unescapePipes: false).map { cell -> Table.Cell in
                let column = start + cell.offset
                let inlines = unescapingPipesInCode(TableParser.parseInlines(cell.text, line: line.number, column: column))
                let end = SourcePosition(line: line.number, column: column + max(cell.text.count - 1, 0))
                return Table.Cell(inlines: inlines, range: cell.text.isEmpty ? nil : SourceRange(start: SourcePosition(line: line.number, column: column), end: end))
            }
            // GFM: a row with fewer cells is padded with empty ones; extra cells are ignored.
            if cells.count > width { cells.removeLast(cells.count - width) }
            while cells.count < width { cells.append(Table.Cell(inlines: [], range: nil)) }
            return Table.Row(cells: cells, position: SourcePosition(line: line.number, column: start))
        }
        let width = alignments.count
        let headerRow = row(lines[header], padTo: width)
        let body = lines[(header + 2)...].map { row($0, padTo: width) }
        var table = Table(header: headerRow, rows: body, range: range)
        table.alignments = alignments
        table.isPipeTable = true
        return table
    }
}

/// GFM task list items: `- [ ] todo`, `- [x] done`.
enum TaskList {
    /// Removes a `[ ]`, `[x]` or `[X]` marker (followed by white space) from the start of an
    /// item's first paragraph and says whether it is checked; nil when there is none. The
    /// marker must be written as such in the source (`\[ ]` is text).
    static func extractMarker(from blocks: inout [Block], lines: LineTable) -> Bool? {
        guard case .paragraph(var p)? = blocks.first, case .text(var t)? = p.inlines.first else { return nil }
        // The first byte first: counting the scalars below walks the whole text, for every list item.
        guard t.string.utf8.first == UInt8(ascii: "[") else { return nil }
        let s = t.string.unicodeScalars
        guard s.count >= 3 else { return nil }
        let a = Array(s.prefix(4))
        guard a[0] == "[", a[2] == "]", a[1] == " " || a[1] == "x" || a[1] == "X" else { return nil }
        // Followed by white space, or the end of the line.
        if a.count == 4 { guard a[3] == " " || a[3] == "\t" else { return nil } } else {
            guard p.inlines.count == 1 || p.inlines[1].isBreak else { return nil }
        }
        if let start = t.range?.start, let offset = lines.byteOffset(of: start), offset < lines.bytes.count,
           lines.bytes[offset] != UInt8(ascii: "[") { return nil }
        t.string = String(t.string.unicodeScalars.dropFirst(3))
        if var r = t.range { r.start.column += 3; t.range = r }
        if t.string.isEmpty { p.inlines.removeFirst() } else { p.inlines[0] = .text(t) }
        blocks[0] = .paragraph(p)
        return a[1] != " "
    }
}
