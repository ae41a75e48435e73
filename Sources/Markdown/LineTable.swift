#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps cmark's byte-based positions (1-based line, 1-based byte column) to positions counted
/// in characters, and gives access to the raw source bytes of a line.
struct LineTable {
    let bytes: [UInt8]
    /// Byte offset where each line starts; index 0 is line 1.
    let lineStarts: [Int]
    /// Whether each line (with its line ending) is all ASCII: its columns are its bytes.
    let lineIsASCII: [Bool]

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 40 + 1)
        var ascii: [Bool] = []
        ascii.reserveCapacity(bytes.count / 40 + 1)
        // memchr from line end to line end, and each line's bytes tested eight at a time:
        // a byte-by-byte loop here was 3 % of a `check` (issue 21).
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                ascii.append(true)  // one empty line
                return
            }
            let n = buffer.count
            // Most pages are all ASCII: one pass over the page then, rather than one per line
            // (each with its own tail of single bytes).
            let allASCII = Self.isASCII(base, count: n)
            var start = 0
            while start < n, let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), n - start) {
                let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                // The line with its line ending, as before (the "\n" is ASCII).
                if !allASCII { ascii.append(Self.isASCII(base + start, count: newline + 1 - start)) }
                starts.append(newline + 1)
                start = newline + 1
            }
            if allASCII {
                ascii.append(contentsOf: repeatElement(true, count: starts.count))
            } else {
                ascii.append(Self.isASCII(base + start, count: n - start))
            }
        }
        lineStarts = starts
        lineIsASCII = ascii
    }

    /// Whether the `count` bytes at `p` are all below 0x80.
    static func isASCII(_ p: UnsafePointer<UInt8>, count: Int) -> Bool {
        var i = 0
        // Unaligned 8-byte loads: the high bit of every byte at once, four words a step.
        let raw = UnsafeRawPointer(p)
        while i + 32 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { return false }
            i += 32
        }
        while i + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < count {
            if p[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// Byte offset of a 1-based (line, byte column), clamped into the buffer.
    func offset(line: Int, byteColumn: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count, byteColumn >= 1 else { return nil }
        return min(lineStarts[line - 1] + byteColumn - 1, bytes.count)
    }

    /// Converts a byte column on a line to a character column.
    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard line >= 1, line <= lineStarts.count, byteColumn > 1 else { return max(byteColumn, 1) }
        let start = lineStarts[line - 1]
        let end = min(start + byteColumn - 1, bytes.count)
        // Inside an ASCII line, without scanning it again for every inline of the line.
        if lineIsASCII[line - 1], end <= (line < lineStarts.count ? lineStarts[line] : bytes.count) { return byteColumn }
        var ascii = true
        for i in start..<end where bytes[i] >= 0x80 {
            ascii = false
            break
        }
        if ascii { return byteColumn }
        return String(decoding: bytes[start..<end], as: UTF8.self).count + 1
    }

    func position(line: Int, byteColumn: Int) -> SourcePosition? {
        guard line > 0, byteColumn > 0 else { return nil }
        return SourcePosition(line: line, column: characterColumn(line: line, byteColumn: byteColumn))
    }

    /// Line and byte column of a byte offset.
    func lineAndByteColumn(ofOffset offset: Int) -> (line: Int, byteColumn: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo] + 1)
    }

    func position(ofOffset offset: Int) -> SourcePosition {
        let (line, col) = lineAndByteColumn(ofOffset: offset)
        return SourcePosition(line: line, column: characterColumn(line: line, byteColumn: col))
    }
}

extension LineTable {
    /// Byte offset of a character position (the inverse of `characterColumn`).
    func byteOffset(of position: SourcePosition) -> Int? {
        guard position.line >= 1, position.line <= lineStarts.count else { return nil }
        let start = lineStarts[position.line - 1]
        let end = position.line < lineStarts.count ? lineStarts[position.line] : bytes.count
        var offset = start
        var remaining = position.column - 1
        var i = start
        // Walk characters by decoding the line once; ASCII lines take the fast path.
        if lineIsASCII[position.line - 1] || !bytes[start..<end].contains(where: { $0 >= 0x80 }) {
            return min(start + remaining, end)
        }
        let line = String(decoding: bytes[start..<end], as: UTF8.self)
        for character in line {
            if remaining == 0 { break }
            i += character.utf8.count
            remaining -= 1
        }
        offset = i
        return min(offset, end)
    }

    /// Whether line `line`, after its leading spaces, starts with the C string `prefix`
    /// (`lineText(line).drop(while: " ").hasPrefix(prefix)`, false for an empty prefix),
    /// compared byte by byte without building either string. Nil when a non-ASCII byte takes
    /// part in the comparison: then only a `Character` comparison is exact.
    func lineStartsWithASCII(_ line: Int, _ prefix: UnsafePointer<CChar>?) -> Bool? {
        guard let prefix else { return false }
        guard line >= 1, line <= lineStarts.count else { return prefix[0] == 0 ? false : nil }
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > lineStarts[line - 1], bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var i = lineStarts[line - 1]
        while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
        if prefix[0] == 0 { return false }
        // The usual case, the whole prefix there: memcmp, then the ASCII conditions below.
        let length = strlen(prefix)
        if i + length <= end, bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + i, prefix, length) == 0 }) {
            // The compared bytes are within the line: an ASCII line needs no second look.
            let ascii = lineIsASCII[line - 1] || bytes.withUnsafeBufferPointer { buffer in
                UnsafeBufferPointer(rebasing: buffer[i..<(i + length)]).allSatisfy { $0 < 0x80 }
            }
            if ascii { return i + length < end && bytes[i + length] >= 0x80 ? nil : true }
        }
        var k = 0
        while true {
            let p = UInt8(bitPattern: prefix[k])
            if p == 0 {
                // A following non-ASCII scalar could extend the last character.
                return i < end && bytes[i] >= 0x80 ? nil : true
            }
            if p >= 0x80 { return nil }
            guard i < end else { return false }
            let b = bytes[i]
            if b >= 0x80 { return nil }
            if b != p { return false }
            i += 1
            k += 1
        }
    }

    /// The first byte of a line after its leading spaces (nil: none before the line's end): a
    /// byte test before building the line's `String`.
    func firstByteAfterSpaces(_ line: Int) -> UInt8? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        var i = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
        return i < end ? bytes[i] : nil
    }

    /// The length in bytes of `lineText(line)`.
    func lineByteLength(_ line: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return 0 }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        // The bytes come from a Swift string, so they are valid UTF-8, and a line (cut at ASCII
        // line endings) decodes to itself: its length is its byte count.
        return end - start
    }

    /// The text of a 1-based line, without its line ending.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
