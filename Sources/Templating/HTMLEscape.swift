import Mustache

/// HTML escaping for everything Groundwork writes — template values, page text, attribute
/// values: `& < > " '` become entities, so text is safe in element content and in quoted
/// attributes alike.
///
/// It works on UTF-8 bytes (each of the five is one ASCII byte, which in UTF-8 is never part
/// of another character). Not by `Character`, as swift-mustache's own escaper does: a quote
/// followed by a combining mark (`"\u{301}`) is one `Character` that is not `"`, so it was
/// written as it is, and a browser, which reads code points, closed the attribute there
/// (`content="x"́ onmouseover=…`). `TemplateSet` installs this escaper as swift-mustache's
/// content type too (see `MustacheHTML`), so both renderers escape alike.
public enum HTMLEscape {
    /// `text`, escaped.
    public static func escape(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        escape(text, into: &out)
        return out
    }

    /// Appends `text`, escaped, to `out`.
    public static func escape(_ text: String, into out: inout String) {
        // Most text has nothing to replace: appended as it is, without a copy.
        guard needsEscaping(text) else {
            out += text
            return
        }
        var text = text
        text.withUTF8 { escape($0, into: &out) }
    }

    /// Appends UTF-8 `bytes` (whole characters), escaped, to `out`.
    public static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout String) {
        forEachEscapedPiece(of: bytes) { out += String(decoding: $0, as: UTF8.self) }
    }

    /// The one escaping loop, for every output type: hands `body` the escaped form of UTF-8
    /// `bytes` (whole characters) in pieces, in order — runs to copy as they are, and the
    /// entity of each of `& < > " '`. A page body's byte buffer and a `String` both use it.
    @inlinable
    public static func forEachEscapedPiece(of bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        var k = 0
        while k < bytes.count {
            // Eight bytes at a time past runs with none of the five (most text): the byte
            // loop below was ~10 instructions a byte, ~1 % of a build (issue 21).
            if k + 8 <= bytes.count, !containsEscapable(word: UnsafeRawPointer(bytes.baseAddress! + k).loadUnaligned(as: UInt64.self)) {
                k += 8
                continue
            }
            let byte = bytes[k]
            k += 1
            // Letters, digits, spaces and non-ASCII bytes: one comparison passes most.
            if byte > UInt8(ascii: ">") { continue }
            guard let entity = entity(for: byte) else { continue }
            let at = k - 1
            if at > start { body(UnsafeBufferPointer(rebasing: bytes[start..<at])) }
            entity.withUTF8Buffer { body($0) }
            start = k
        }
        if bytes.count > start { body(UnsafeBufferPointer(rebasing: bytes[start...])) }
    }

    /// The entity that stands for `byte` when it is one of `& < > " '`; nil for any other
    /// byte. The one table of the five, for every escaper (`forEachEscapedPiece`, the page
    /// body's `HTMLBuffer`).
    @inlinable @inline(__always)
    public static func entity(for byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "\""): return "&quot;"
        case UInt8(ascii: "'"): return "&#39;"
        default: return nil
        }
    }

    static func needsEscaping(_ text: String) -> Bool {
        // Over the contiguous bytes, a word at a time (`containsEscapable`): the generic
        // `contains` over the UTF-8 view was ~2 % of a build's instructions (issue 21).
        if let answer = text.utf8.withContiguousStorageIfAvailable({ containsEscapable($0) }) { return answer }
        return text.utf8.contains { entity(for: $0) != nil }
    }

    /// Whether `bytes` hold any of `& < > " '`: eight bytes at a time, the last (or only,
    /// zero-padded) word read whole instead of byte by byte. Template values are short
    /// (titles, hrefs) and nearly never hold one: this check and one copy is the whole cost
    /// of escaping them (perftmpl5: the byte loop, the closure and its pieces were ~200
    /// instructions a value).
    @inline(__always)
    static func containsEscapable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        if count < 8 {
            // Zero bytes are not escapable: the short value padded with them.
            var word: UInt64 = 0
            withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: base, byteCount: count) }
            return containsEscapable(word: word)
        }
        var k = 0
        while k + 8 < count {
            if containsEscapable(word: UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)) { return true }
            k += 8
        }
        // The last eight bytes, overlapping what was read: each byte is read at least once.
        return containsEscapable(word: UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self))
    }

    /// Whether any of the eight bytes of `word` is one of `& < > " '` (exactly: no false
    /// answer either way). Per byte, `x - 0x01 & ~x & 0x80` is non-zero somewhere in a word
    /// exactly when one of its bytes is zero, and `word ^ (c * 0x0101…)` has a zero byte where
    /// `word` has byte `c`.
    @inline(__always)
    public static func containsEscapable(word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        return zeroByte(word ^ (ones &* 0x26)) | zeroByte(word ^ (ones &* 0x3C)) | zeroByte(word ^ (ones &* 0x3E))
            | zeroByte(word ^ (ones &* 0x22)) | zeroByte(word ^ (ones &* 0x27)) != 0
    }

    /// `escape` as a swift-mustache content type. swift-mustache starts every template and
    /// partial with its own HTML escaper, whatever is registered; only a pragma at the top of
    /// the template switches it, so `TemplateSet` puts `pragma` on a line of its own above
    /// each template.
    struct MustacheHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLEscape.escape(text) }
    }

    static let mustacheName = "GROUNDWORK_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(mustacheName)}}\n"

    /// Registers `MustacheHTML` with swift-mustache, once per process.
    static let registeredInMustache: Void = MustacheContentTypes.register(MustacheHTML(), named: mustacheName)
}
