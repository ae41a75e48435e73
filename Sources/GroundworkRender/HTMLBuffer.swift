import GroundworkModel
import Templating

/// A page body's HTML while it is written: UTF-8 bytes, made a `String` (or handed on as
/// bytes) once at the end.
///
/// Why not a `String`: a page body is written in ~300 small pieces (tags, attribute values,
/// text runs), and appending a string to a `String` costs ~370 instructions however short
/// it is (the growth, uniqueness and ASCII bookkeeping of `_StringGuts`).
///
/// Why not `Array.append(contentsOf:)` (issue 21, perfbody5): it was ~95 instructions a
/// piece before its `memcpy` (capacity, uniqueness and count bookkeeping through generic
/// code), ~300,000 pieces per 1,000 pages. The bytes go into an array that is already as
/// long as the buffer's capacity (`storage`), and `count` says how much of it is written:
/// an append is a capacity test and a copy into the array's own memory (a short piece, most
/// of them, by a few word moves rather than a call to `memmove`: `copyBytes`). At
/// the end the array is cut to `count` and handed on (`takeBytes`), not copied. `out += "…"`
/// reads as it did on a `String`; a copy of the buffer is a value, as the array is.
struct HTMLBuffer {
    /// The bytes written, then scratch: always at least `count` long.
    private var storage: [UInt8]
    /// How many bytes of `storage` have been written.
    private(set) var count = 0

    init(capacity: Int = 0) {
        // Its bytes past `count` are never read, so they are not zeroed first (zeroing a page
        // body's 16 KiB was ~16,000 instructions a page under callgrind).
        let length = max(capacity, 64)
        storage = [UInt8](unsafeUninitializedCapacity: length) { _, initialized in initialized = length }
    }

    /// The bytes written, as an array (a copy).
    var bytes: [UInt8] { withBytes { Array($0) } }

    /// The bytes written, as an array, without copying them; the buffer is empty after.
    mutating func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &storage)
        taken.removeLast(taken.count - count)  // the array is unique here: its count only
        count = 0
        return taken
    }

    /// Calls `body` with the bytes written (valid only during the call).
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }

    /// The HTML written, as a string.
    var string: String { withBytes { String(decoding: $0, as: UTF8.self) } }

    var isEmpty: Bool { count == 0 }

    /// A literal (`out += "<p>"`) is appended from its static bytes: the `String` overloads are
    /// disfavoured so that a literal takes this one. Through `String.UTF8View` a short literal
    /// (a small string, kept inline) was copied out first: ~80 instructions a tag (issue 21).
    @inline(__always)  // the literal's length is then known where it is written
    static func += (out: inout HTMLBuffer, literal: StaticString) { out.append(literal) }
    @_disfavoredOverload
    static func += (out: inout HTMLBuffer, text: String) { out.append(text.utf8) }
    @_disfavoredOverload
    static func += (out: inout HTMLBuffer, text: Substring) { out.append(text.utf8) }

    /// Appends UTF-8 bytes, copied at once from their storage when it is contiguous (always
    /// for native strings and literals).
    @inline(__always)
    private mutating func append<UTF8Bytes: Collection<UInt8>>(_ utf8: UTF8Bytes) {
        if utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            append(Array(utf8))
        }
    }

    /// Makes `storage` long enough for `extra` more bytes: at least doubles, as an array does.
    @inline(never)
    private mutating func grow(toHold extra: Int) {
        storage.append(contentsOf: repeatElement(0, count: max(storage.count, count + extra - storage.count)))
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(byte: UInt8) {
        if count == storage.count { grow(toHold: 1) }
        storage[count] = byte
        count += 1
    }

    /// Appends `bytes`, without ever calling `Array.append`.
    @inline(__always)
    private mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append($0) } }

    /// Whether the HTML ends with a line feed that `String.hasSuffix("\n")` sees: one not
    /// after `\r` (`\r\n` is one character; nothing else joins a line feed to what is before it).
    var endsWithLineFeed: Bool {
        guard count > 0, storage[count - 1] == UInt8(ascii: "\n") else { return false }
        return count < 2 || storage[count - 2] != UInt8(ascii: "\r")
    }

    /// Removes the last byte (a line feed `endsWithLineFeed` found).
    mutating func removeLast() {
        precondition(count > 0, "removeLast() on an empty HTMLBuffer")
        count -= 1
    }

    /// Appends `text` with `& < > " '` escaped, as `HTMLEscape.escape` does (the same loop).
    mutating func appendEscaped(_ text: String) {
        // A native string's bytes are read where they are; only another kind is copied first.
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) != nil { return }
        var text = text
        text.withUTF8 { appendEscaped($0) }
    }

    /// Appends a literal's UTF-8 bytes.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        // A double-quoted literal is always stored as a pointer to its bytes; a `StaticString`
        // made from a `Unicode.Scalar` is not, and goes the general way (kept out of line, so
        // that the literal's append stays small where it is inlined).
        guard literal.hasPointerRepresentation else { return appendScalar(literal) }
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    @inline(never)
    private mutating func appendScalar(_ literal: StaticString) { literal.withUTF8Buffer { append($0) } }

    /// Appends `number`'s decimal digits (`String(number)`'s bytes) without making the string.
    mutating func append(decimal number: Int) {
        guard number >= 0 else {
            self += String(number)
            return
        }
        // An Int has at most 19 digits; they are written from the end of the room.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { room in
            var value = number, start = room.count
            repeat {
                start -= 1
                room[start] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            } while value > 0
            append(UnsafeBufferPointer(rebasing: room[start...]))
        }
    }

    /// Whether `byte` is unreserved in a URL (`A-Z a-z 0-9 - . _ ~`): a fragment made of these
    /// is written as it is (`appendEncodedFragment`). One bit test instead of a chain of
    /// comparisons per byte.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        // Bits for `-` (0x2D), `.` (0x2E), `0-9`; then `A-Z`, `_` (0x5F), `a-z`, `~` (0x7E).
        let low: UInt64 = 0x03FF_6000_0000_0000, high: UInt64 = 0x47FF_FFFE_87FF_FFFE
        return byte < 64 ? low >> UInt64(byte) & 1 != 0 : byte < 128 && high >> UInt64(byte &- 64) & 1 != 0
    }

    /// Appends UTF-8 bytes as they are: a capacity test and a copy.
    @inline(__always)
    mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let source = utf8.baseAddress else { return }
        let n = utf8.count
        if storage.count &- count < n { grow(toHold: n) }
        let at = count
        storage.withUnsafeMutableBufferPointer { Self.copyBytes(from: source, to: $0.baseAddress.unsafelyUnwrapped + at, count: n) }
        count = at &+ n
    }

    /// Copies `n` bytes between buffers that do not overlap. Up to 16 bytes (tags, most
    /// attribute values and short text) by two possibly overlapping loads and stores of a word
    /// (or half, or a byte): a `memmove` call was ~70 instructions however short the piece.
    @inline(__always)
    static func copyBytes(from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count n: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        switch n {
        case 8...16:
            let head = from.loadUnaligned(as: UInt64.self), tail = from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
        case 4..<8:
            let head = from.loadUnaligned(as: UInt32.self), tail = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
        case 1..<4:
            // The first, the last and (for three) the middle byte.
            target[0] = source[0]
            target[n &- 1] = source[n &- 1]
            target[n >> 1] = source[n >> 1]
        case 0:
            break
        default:
            target.update(from: source, count: n)
        }
    }

    /// Appends UTF-8 `bytes` (whole characters) with `& < > " '` escaped.
    mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        HTMLEscape.forEachEscapedPiece(of: utf8) { append($0) }
    }

    /// Appends `HTML.escape(URLPaths.encodeFragment(fragment))`: an `href`'s fragment. Most
    /// fragments (heading ids, source keys) are unreserved ASCII, which neither encoding nor
    /// escaping changes: their bytes are copied as they are. `encodeFragment`'s own test of
    /// that, on the `String`'s UTF-8 view, was ~570 instructions a fragment (issue 21).
    mutating func appendEncodedFragment(_ fragment: String) {
        var fragment = fragment
        let copied = fragment.withUTF8 { utf8 -> Bool in
            for byte in utf8 where !Self.isUnreserved(byte) { return false }
            append(utf8)
            return true
        }
        if !copied { appendEscaped(URLPaths.encodeFragment(fragment)) }
    }

    /// Appends `scalars` as UTF-8 with `& < > " '` escaped: the same bytes as escaping the
    /// string they make, without making it (the syntax highlighter's tokens; issue 21).
    mutating func appendEscaped(_ scalars: ArraySlice<Unicode.Scalar>) {
        for scalar in scalars {
            guard scalar.isASCII else {
                UTF8.encode(scalar) { append(byte: $0) }
                continue
            }
            let byte = UInt8(truncatingIfNeeded: scalar.value)
            if let entity = HTMLEscape.entity(for: byte) { append(entity) } else { append(byte: byte) }
        }
    }
}

extension GlossaryLinker {
    /// `render(_:into:page:)` of a string into a page body's byte buffer.
    mutating func render(_ text: String, into out: inout HTMLBuffer, page: Page) {
        render(text, into: &out, pageIndex: page.index, pageURL: page.url)
    }

    /// `render(_:into:pageIndex:pageURL:)` of a string into a page body's byte buffer.
    mutating func render(_ text: String, into out: inout HTMLBuffer, pageIndex: Int, pageURL: String) {
        if text.utf8.withContiguousStorageIfAvailable({ render($0, into: &out, pageIndex: pageIndex, pageURL: pageURL) }) == nil {
            var text = text
            text.withUTF8 { render($0, into: &out, pageIndex: pageIndex, pageURL: pageURL) }
        }
    }
}
