/// What `TemplateRenderer` writes into: a page's UTF-8 bytes (issue 21, perfbytes).
///
/// Why not a `String`: a page is written in ~300 pieces (template text, values, kept nav
/// fragments), and appending to a `String` cost ~600 instructions a piece however short it
/// was (`_StringGuts`' growth, uniqueness and ASCII bookkeeping): 41 % of the templates'
/// time. Appending bytes to an array is a copy. The bytes then go to the writer and the
/// output check as they are; `String(decoding:)` makes a `String` only for the callers that
/// want one.
struct TemplateOutput {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Bytes written so far: the offset of what is appended next (a `Splice`'s offset).
    var count: Int { bytes.count }
    var isEmpty: Bool { bytes.isEmpty }

    /// Appends a string's UTF-8 bytes, copied at once from its storage when it is contiguous
    /// (native strings and literals always are).
    @inline(__always)
    static func += (out: inout TemplateOutput, text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ out.bytes.append(contentsOf: $0) }) == nil {
            var text = text
            text.withUTF8 { out.bytes.append(contentsOf: $0) }
        }
    }

    /// Appends another output's bytes.
    static func += (out: inout TemplateOutput, other: TemplateOutput) { out.bytes.append(contentsOf: other.bytes) }

    /// Appends UTF-8 bytes as they are.
    @inline(__always)
    mutating func append(_ utf8: [UInt8]) { bytes.append(contentsOf: utf8) }

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
        HTMLEscape.forEachEscapedPiece(of: utf8) { bytes.append(contentsOf: $0) }
    }

    /// Whether the output ends with a line feed that is a `Character` of its own, as
    /// `String.last == "\n"` sees it: one not after `\r` (`\r\n` is one character; nothing
    /// else joins a line feed to what is before it).
    var endsWithLineFeed: Bool {
        guard let last = bytes.last, last == UInt8(ascii: "\n") else { return false }
        return bytes.count < 2 || bytes[bytes.count - 2] != UInt8(ascii: "\r")
    }
}
