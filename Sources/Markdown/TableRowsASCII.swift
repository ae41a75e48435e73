#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `TableParser.parse` straight from the bytes of a fenced `table` block (issue 21).
///
/// The general path makes a `Substring`, a trimmed `String`, the source line's `String` and an
/// array of `(String, Int)` cells for every row before it looks at a cell: 46,000 instructions
/// for a five-row table, 8 % of a 1,000-page parse. Most tables are plain ASCII without
/// escapes, where characters are bytes: then the rows, their cells and the cells' positions
/// are found in the block's bytes, and only the cells' own strings (usually small enough to
/// need no allocation) are made. The result is the same `Table`; `TableRowsASCIITests`
/// compares both paths on generated tables.
extension TableParser {
    /// The table, or nil when the fast path does not apply and `parse` must take the general
    /// path: no block range (no source lines to place rows on), a byte that is not ASCII, a
    /// carriage return or a backslash (an escaped `|`) in the block, or a row not found at the
    /// start of its source line's content.
    static func parseASCII(_ literal: String, blockRange: SourceRange?, lines: LineTable) -> Table? {
        guard let blockRange else { return nil }
        var literal = literal
        return literal.withUTF8 { text -> Table? in
            guard let base = text.baseAddress else { return Table(header: nil, rows: [], range: blockRange) }
            let n = text.count
            guard LineTable.isASCII(base, count: n), memchr(base, 0x0D, n) == nil,
                  memchr(base, Int32(UInt8(ascii: "\\")), n) == nil else { return nil }
            var rows: [Table.Row] = []
            // Content lines start on the line after the opening fence.
            let firstLine = blockRange.start.line + 1
            var lineStart = 0
            var index = 0
            while true {
                let newline = lineStart < n ? memchr(base + lineStart, 0x0A, n - lineStart) : nil
                let lineEnd = newline.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
                // `trimmingSpaces()`: only spaces and tabs can be at the ends here.
                var lo = lineStart, hi = lineEnd
                while lo < hi, base[lo] == 0x20 || base[lo] == 0x09 { lo += 1 }
                while hi > lo, base[hi - 1] == 0x20 || base[hi - 1] == 0x09 { hi -= 1 }
                if lo < hi {
                    let lineNumber = firstLine + index
                    let row = UnsafeBufferPointer(start: base + lo, count: hi - lo)
                    guard let rowStart = sourceRowStart(row, line: lineNumber, lines: lines) else { return nil }
                    if let parsed = asciiRow(row, line: lineNumber, rowStartInLine: rowStart) { rows.append(parsed) }
                }
                guard newline != nil else { break }
                lineStart = lineEnd + 1
                index += 1
            }
            let header = rows.isEmpty ? nil : rows.removeFirst()
            return Table(header: header, rows: rows, range: blockRange)
        }
    }

    /// Where `row` starts on source line `line`, in characters: after the line's leading
    /// spaces and tabs, when the line is ASCII and the row's bytes are there (what
    /// `asciiRowStart` answers); nil otherwise.
    private static func sourceRowStart(_ row: UnsafeBufferPointer<UInt8>, line: Int, lines: LineTable) -> Int? {
        guard line >= 1, line <= lines.lineStarts.count, lines.lineIsASCII[line - 1] else { return nil }
        let start = lines.lineStarts[line - 1]
        var end = line < lines.lineStarts.count ? lines.lineStarts[line] : lines.bytes.count
        while end > start, lines.bytes[end - 1] == 0x0A || lines.bytes[end - 1] == 0x0D { end -= 1 }
        return lines.bytes.withUnsafeBufferPointer { bytes -> Int? in
            var i = start
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            guard end - i >= row.count, memcmp(bytes.baseAddress! + i, row.baseAddress!, row.count) == 0 else { return nil }
            return i - start
        }
    }

    /// One row (`splitCells` and the cells' inlines, as `parse` makes them), or nil for a
    /// separator row. `row` is trimmed, not empty, ASCII, without `\` or carriage returns.
    private static func asciiRow(_ row: UnsafeBufferPointer<UInt8>, line: Int, rowStartInLine: Int) -> Table.Row? {
        let bar = UInt8(ascii: "|")
        // Outer pipes are optional (`splitCellsASCII`).
        var start = 0, end = row.count
        var leading = 0
        if end > start, row[start] == bar { start += 1; leading = 1 }
        if end > start, row[end - 1] == bar { end -= 1 }
        /// Calls `body` with each cell's trimmed bytes and its character offset in the row
        /// (twice per row, rather than keeping the cells in an array of their own).
        func forEachCell(_ body: (_ lo: Int, _ hi: Int, _ offset: Int) -> Void) {
            var cellStart = start
            var k = start
            while true {
                if k == end || row[k] == bar {
                    var lo = cellStart, hi = k
                    while lo < hi, row[lo] == 0x20 || row[lo] == 0x09 { lo += 1 }
                    while hi > lo, row[hi - 1] == 0x20 || row[hi - 1] == 0x09 { hi -= 1 }
                    // Leading blanks are spaces and tabs only, so the offset is where `lo` is.
                    body(lo, hi, lo - start + leading)
                    if k == end { return }
                    cellStart = k + 1
                }
                k += 1
            }
        }
        var separators = true, count = 0
        forEachCell { lo, hi, _ in
            count += 1
            if separators, !isSeparatorASCII(UnsafeBufferPointer(rebasing: row[lo..<hi])) { separators = false }
        }
        if separators { return nil }
        var cells: [Table.Cell] = []
        cells.reserveCapacity(count)
        forEachCell { lo, hi, offset in
            let bytes = UnsafeBufferPointer(rebasing: row[lo..<hi])
            let text = String(decoding: bytes, as: UTF8.self)
            let column = rowStartInLine + offset + 1
            let inlines: [Inline]
            if bytes.isEmpty {
                inlines = []
            } else if isPlainTextASCII(bytes, text) {
                // What cmark makes of it: one text node (`parseInlines`).
                inlines = [.text(Text(string: text, range: SourceRange(start: SourcePosition(line: line, column: column),
                                                                     end: SourcePosition(line: line, column: column + bytes.count - 1))))]
            } else {
                inlines = parseInlinesWithCmark(text, line: line, column: column)
            }
            // ASCII without carriage returns: a character is a byte (`characterCount`).
            let cellEnd = SourcePosition(line: line, column: column + max(bytes.count - 1, 0))
            cells.append(Table.Cell(inlines: inlines, range: SourceRange(start: SourcePosition(line: line, column: column), end: cellEnd)))
        }
        return Table.Row(cells: cells, position: SourcePosition(line: line, column: rowStartInLine + 1))
    }

    /// `isSeparator` of a trimmed ASCII cell: a `-`, and nothing but `-` and `:`.
    private static func isSeparatorASCII(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        var dash = false
        for byte in cell {
            if byte == UInt8(ascii: "-") { dash = true } else if byte != UInt8(ascii: ":") { return false }
        }
        return dash
    }

    /// `isPlainText(text)` for a non-empty ASCII cell: the same byte tests, with the autolink
    /// test (the costly one) last.
    private static func isPlainTextASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        guard let first = bytes.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return false }
        for byte in bytes where !TableParser.isPlainTextByte(byte) { return false }
        // A bare URL becomes an autolink.
        return !InlineExtensions.mayHoldAutolink(text)
    }
}
