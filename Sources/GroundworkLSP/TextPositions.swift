/// Groundwork counts columns in characters (grapheme clusters, 1-based: `Diagnostic.column`);
/// LSP counts UTF-16 code units (0-based). These convert between the two on one line.
public enum TextPositions {
    /// The text's lines, without their `\n` (a trailing `\r` is kept: it is a character of the
    /// line as Groundwork counts, and never before a column that matters).
    public static func lines(_ text: String) -> [Substring] {
        // Split on the byte, not the Character: "\r\n" is one Character in Swift, so splitting
        // on the Character "\n" would not split a CRLF file at all.
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// The UTF-16 offset (0-based) of a 1-based character column on `line`; past the end of
    /// the line, the line's length.
    public static func utf16Offset(ofColumn column: Int, in line: Substring) -> Int {
        var offset = 0
        var remaining = column - 1
        for character in line {
            if remaining <= 0 { break }
            offset += character.utf16.count
            remaining -= 1
        }
        return offset
    }

    /// The part of `line` before a UTF-16 offset (rounded down to a character).
    public static func prefix(of line: Substring, utf16Offset: Int) -> Substring {
        var used = 0
        var index = line.startIndex
        while index < line.endIndex {
            let width = line[index].utf16.count
            if used + width > utf16Offset { break }
            used += width
            index = line.index(after: index)
        }
        return line[..<index]
    }

    /// The 1-based character column at a UTF-16 offset.
    public static func column(atUTF16 offset: Int, in line: Substring) -> Int {
        prefix(of: line, utf16Offset: offset).count + 1
    }

    /// The UTF-16 length of a string.
    public static func width(_ text: some StringProtocol) -> Int { text.utf16.count }
}
