import Foundation

/// Fast paths for Foundation string calls on the per-link and per-reference hot paths
/// (issue 9): each skips Foundation when a byte check shows the call would return its input
/// unchanged, and otherwise calls Foundation, so results are always Foundation's.
extension String {
    /// `removingPercentEncoding`: text without `%` decodes to itself.
    package var fastRemovingPercentEncoding: String? {
        if !utf8.contains(UInt8(ascii: "%")) { return self }
        return removingPercentEncoding
    }

    /// `trimmingCharacters(in: .whitespaces)`: unchanged when the first and last scalars are
    /// ASCII and neither a space nor a tab (the only ASCII members of the set).
    package var fastTrimmingWhitespaces: String {
        guard let first = utf8.first, let last = utf8.last else { return "" }
        if first < 0x80, last < 0x80, first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return self }
        return trimmingCharacters(in: .whitespaces)
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`: the same check with the ASCII
    /// members of that set (tab, line feed, vertical tab, form feed, carriage return, space).
    package var fastTrimmingWhitespacesAndNewlines: String {
        guard let first = utf8.first, let last = utf8.last else { return "" }
        func plain(_ b: UInt8) -> Bool { b < 0x80 && b != 0x20 && !(0x09...0x0D).contains(b) }
        if plain(first), plain(last) { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `replacingOccurrences(of: "\\", with: "/")`.
    package var fastReplacingBackslashes: String {
        if !utf8.contains(UInt8(ascii: "\\")) { return self }
        return replacingOccurrences(of: "\\", with: "/")
    }
}
