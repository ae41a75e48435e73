import GroundworkModel
import Templating

/// A page body's HTML while it is written: UTF-8 bytes, made a `String` once at the end.
///
/// Why not a `String`: a page body is written in ~300 small pieces (tags, attribute values,
/// text runs), and appending a string to a `String` costs ~370 instructions however short
/// it is (the growth, uniqueness and ASCII bookkeeping of `_StringGuts`); appending its bytes
/// to an array is a copy. `out += "…"` reads as it did on a `String`.
struct HTMLBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// The HTML written, as a string.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    var isEmpty: Bool { bytes.isEmpty }

    static func += (out: inout HTMLBuffer, text: String) { out.append(text.utf8) }
    static func += (out: inout HTMLBuffer, text: Substring) { out.append(text.utf8) }

    /// Appends UTF-8 bytes, copied at once from their storage when it is contiguous (always
    /// for native strings and literals): `append(contentsOf:)` on the UTF-8 view itself took
    /// ~170 instructions per piece, ~60 this way.
    @inline(__always)
    private mutating func append<UTF8Bytes: Collection<UInt8>>(_ utf8: UTF8Bytes) {
        if utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: utf8)
        }
    }

    /// Whether the HTML ends with a line feed that `String.hasSuffix("\n")` sees: one not
    /// after `\r` (`\r\n` is one character; nothing else joins a line feed to what is before it).
    var endsWithLineFeed: Bool {
        guard let last = bytes.last, last == UInt8(ascii: "\n") else { return false }
        return bytes.count < 2 || bytes[bytes.count - 2] != UInt8(ascii: "\r")
    }

    /// Removes the last byte (a line feed `endsWithLineFeed` found).
    mutating func removeLast() { bytes.removeLast() }

    /// Appends `text` with `& < > " '` escaped, as `HTMLEscape.escape` does (the same loop).
    mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { source in
            HTMLEscape.forEachEscapedPiece(of: source) { bytes.append(contentsOf: $0) }
        }
    }

    /// Appends a literal's UTF-8 bytes.
    @inline(__always)
    mutating func append(_ literal: StaticString) { literal.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    /// Appends UTF-8 bytes as they are.
    @inline(__always)
    mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: utf8) }

    /// Appends UTF-8 `bytes` (whole characters) with `& < > " '` escaped.
    mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        HTMLEscape.forEachEscapedPiece(of: utf8) { bytes.append(contentsOf: $0) }
    }

    /// Appends `HTML.escape(URLPaths.encodeFragment(fragment))`: an `href`'s fragment. Most
    /// fragments (heading ids, source keys) are unreserved ASCII, which neither encoding nor
    /// escaping changes: their bytes are copied as they are. `encodeFragment`'s own test of
    /// that, on the `String`'s UTF-8 view, was ~570 instructions a fragment (issue 21).
    mutating func appendEncodedFragment(_ fragment: String) {
        var fragment = fragment
        let copied = fragment.withUTF8 { utf8 -> Bool in
            for byte in utf8 where byte == UInt8(ascii: "/") || !URLPaths.isUnreservedOrSlash(byte) { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !copied { appendEscaped(URLPaths.encodeFragment(fragment)) }
    }

    /// Appends `scalars` as UTF-8 with `& < > " '` escaped: the same bytes as escaping the
    /// string they make, without making it (the syntax highlighter's tokens; issue 21).
    mutating func appendEscaped(_ scalars: ArraySlice<Unicode.Scalar>) {
        for scalar in scalars {
            guard scalar.isASCII else {
                UTF8.encode(scalar) { bytes.append($0) }
                continue
            }
            let byte = UInt8(truncatingIfNeeded: scalar.value)
            if let entity = HTMLEscape.entity(for: byte) { append(entity) } else { bytes.append(byte) }
        }
    }
}

extension GlossaryLinker {
    /// `render(_:into:page:)` of a string into a page body's byte buffer.
    mutating func render(_ text: String, into out: inout HTMLBuffer, page: Page) {
        if text.utf8.withContiguousStorageIfAvailable({ render($0, into: &out, page: page) }) == nil {
            var text = text
            text.withUTF8 { render($0, into: &out, page: page) }
        }
    }
}
