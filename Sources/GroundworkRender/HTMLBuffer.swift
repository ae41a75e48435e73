import GroundworkModel
import Templating

/// A page body's HTML while it is written: UTF-8 bytes, made a `String` (or handed on as
/// bytes) once at the end.
///
/// Why not a `String`: a page body is written in ~300 small pieces (tags, attribute values,
/// text runs), and appending a string to a `String` costs ~370 instructions however short
/// it is (the growth, uniqueness and ASCII bookkeeping of `_StringGuts`).
///
/// Why not a `[UInt8]` either (issue 21, perfbody5): `Array.append(contentsOf:)` was ~95
/// instructions a piece before its `memcpy` (capacity, uniqueness and count bookkeeping
/// through generic code), ~300,000 pieces per 1,000 pages. The bytes live in storage of our
/// own (`Storage`): an append is a capacity test and a copy. `out += "…"` reads as it did on
/// a `String`. A copy of the buffer is a value as before: the first write to shared storage
/// copies it (`makeUnique`).
struct HTMLBuffer {
    /// The bytes written, `count` of them, in an allocation of `capacity`.
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        /// Room for `extra` more bytes: the allocation at least doubles, as an array's does.
        func grow(toHold extra: Int) {
            let newCapacity = max(capacity * 2, count + extra)
            let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBase.update(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
    }

    private var storage: Storage

    init(capacity: Int = 0) { storage = Storage(capacity: capacity) }

    /// The bytes written, as an array (a copy).
    var bytes: [UInt8] { withBytes { Array($0) } }

    /// Calls `body` with the bytes written (valid only during the call).
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// The HTML written, as a string.
    var string: String { withBytes { String(decoding: $0, as: UTF8.self) } }

    var isEmpty: Bool { storage.count == 0 }

    /// How many bytes have been written.
    var count: Int { storage.count }

    static func += (out: inout HTMLBuffer, text: String) { out.append(text.utf8) }
    static func += (out: inout HTMLBuffer, text: Substring) { out.append(text.utf8) }

    /// Gives the buffer storage of its own before a write (a copied buffer shares it until then).
    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = Storage(capacity: storage.capacity)
            copy.base.update(from: storage.base, count: storage.count)
            copy.count = storage.count
            storage = copy
        }
    }

    /// Appends UTF-8 bytes, copied at once from their storage when it is contiguous (always
    /// for native strings and literals).
    @inline(__always)
    private mutating func append<UTF8Bytes: Collection<UInt8>>(_ utf8: UTF8Bytes) {
        if utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            append(Array(utf8))
        }
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(byte: UInt8) {
        makeUnique()
        let storage = self.storage
        if storage.count == storage.capacity { storage.grow(toHold: 1) }
        storage.base[storage.count] = byte
        storage.count += 1
    }

    /// Appends `bytes`, without ever calling `Array.append`.
    @inline(__always)
    private mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append($0) } }

    /// Whether the HTML ends with a line feed that `String.hasSuffix("\n")` sees: one not
    /// after `\r` (`\r\n` is one character; nothing else joins a line feed to what is before it).
    var endsWithLineFeed: Bool {
        let count = storage.count, base = storage.base
        guard count > 0, base[count - 1] == UInt8(ascii: "\n") else { return false }
        return count < 2 || base[count - 2] != UInt8(ascii: "\r")
    }

    /// Removes the last byte (a line feed `endsWithLineFeed` found).
    mutating func removeLast() {
        precondition(storage.count > 0, "removeLast() on an empty HTMLBuffer")
        makeUnique()
        storage.count -= 1
    }

    /// Drops what was written after the first `count` bytes (a glossary run that has to be
    /// written again another way).
    mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= storage.count)
        makeUnique()
        storage.count = count
    }

    /// Appends `text` with `& < > " '` escaped, as `HTMLEscape.escape` does (the same loop).
    mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { source in
            HTMLEscape.forEachEscapedPiece(of: source) { append($0) }
        }
    }

    /// Appends a literal's UTF-8 bytes.
    @inline(__always)
    mutating func append(_ literal: StaticString) { literal.withUTF8Buffer { append($0) } }

    /// Appends UTF-8 bytes as they are: a capacity test and a copy.
    @inline(__always)
    mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let source = utf8.baseAddress else { return }
        makeUnique()
        let storage = self.storage, n = utf8.count
        if storage.capacity - storage.count < n { storage.grow(toHold: n) }
        (storage.base + storage.count).update(from: source, count: n)
        storage.count += n
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
            for byte in utf8 where byte == UInt8(ascii: "/") || !URLPaths.isUnreservedOrSlash(byte) { return false }
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
        if text.utf8.withContiguousStorageIfAvailable({ render($0, into: &out, page: page) }) == nil {
            var text = text
            text.withUTF8 { render($0, into: &out, page: page) }
        }
    }
}
