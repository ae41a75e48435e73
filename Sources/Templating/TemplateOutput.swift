/// What `TemplateRenderer` writes into: a page's UTF-8 bytes (issue 21, perfbytes).
///
/// Why not a `String`: a page is written in ~300 pieces (template text, values, kept nav
/// fragments), and appending to a `String` cost ~600 instructions a piece however short it
/// was (`_StringGuts`' growth, uniqueness and ASCII bookkeeping): 41 % of the templates'
/// time. The bytes then go to the writer and the output check as they are;
/// `String(decoding:)` makes a `String` only for the callers that want one.
///
/// Why not an `[UInt8]` either (perftmpl3): `Array.append(contentsOf:)` was ~100
/// instructions a piece (its uniqueness check, the generic sequence path, the growth check),
/// 10 % of the templates' time. Here an append is a capacity check and a `memcpy` into memory
/// this value owns alone, or into the uninitialized storage of the page's own array
/// (`init(filling:)`), so that a page that fits is not copied at all. Non-copyable, so that
/// the memory has exactly one owner and is freed exactly once.
struct TemplateOutput: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    /// Bytes written so far: the offset of what is appended next (a `Splice`'s offset).
    private(set) var count = 0
    private var capacity: Int
    /// Whether `base` was allocated here (false: it is a caller's buffer, `init(filling:)`).
    private(set) var ownsStorage = true

    init(capacity: Int = 0) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// Writes into `buffer` (uninitialized memory of the caller's) while the output fits in it,
    /// and into memory of its own (with a copy of what was written) once it does not.
    init(filling buffer: UnsafeMutableBufferPointer<UInt8>) {
        if let start = buffer.baseAddress, buffer.count > 0 {
            base = start
            capacity = buffer.count
            ownsStorage = false
        } else {
            capacity = 64
            base = .allocate(capacity: capacity)
        }
    }

    deinit { if ownsStorage { base.deallocate() } }

    var isEmpty: Bool { count == 0 }

    /// The bytes written, as an array (the output is consumed: its memory is freed).
    consuming func takeBytes() -> [UInt8] {
        let count = self.count
        let base = self.base
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { buffer.baseAddress!.update(from: base, count: count) }
            initialized = count
        }
    }

    /// The bytes written so far (valid until the next append).
    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Makes room for `extra` more bytes: at least double, so that appends stay amortised O(1).
    private mutating func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        if ownsStorage { base.deallocate() }
        base = newBase
        ownsStorage = true
        capacity = newCapacity
    }

    /// Appends UTF-8 bytes as they are: the one place bytes go in.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0 else { return }
        if count + n > capacity { grow(toHold: n) }
        (base + count).update(from: bytes.baseAddress!, count: n)
        count += n
    }

    /// Appends a string's UTF-8 bytes, copied at once from its storage when it is contiguous
    /// (native strings and literals always are).
    @inline(__always)
    static func += (out: inout TemplateOutput, text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ out.append($0) }) == nil {
            var text = text
            text.withUTF8 { out.append($0) }
        }
    }

    /// Appends another output's bytes.
    static func += (out: inout TemplateOutput, other: borrowing TemplateOutput) { out.append(other.written) }

    /// Appends UTF-8 bytes as they are.
    @inline(__always)
    mutating func append(_ utf8: [UInt8]) { utf8.withUnsafeBufferPointer { append($0) } }

    /// Appends `text` with `& < > " '` escaped (`HTMLEscape`'s loop), read in place when its
    /// storage is contiguous (native strings, literals): no copy for `withUTF8`.
    mutating func appendEscaped(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            var text = text
            text.withUTF8 { appendEscaped($0) }
        }
    }

    /// Appends UTF-8 bytes (valid UTF-8) with `& < > " '` escaped.
    mutating func appendEscaped(_ utf8: [UInt8]) {
        utf8.withUnsafeBufferPointer { appendEscaped($0) }
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        // Nothing to replace (nearly every value): one copy (perftmpl5).
        guard HTMLEscape.containsEscapable(utf8) else { return append(utf8) }
        HTMLEscape.forEachEscapedPiece(of: utf8) { append($0) }
    }

    /// Whether the output ends with a line feed that is a `Character` of its own, as
    /// `String.last == "\n"` sees it: one not after `\r` (`\r\n` is one character; nothing
    /// else joins a line feed to what is before it).
    var endsWithLineFeed: Bool {
        guard count > 0, base[count - 1] == UInt8(ascii: "\n") else { return false }
        return count < 2 || base[count - 2] != UInt8(ascii: "\r")
    }
}
