#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte searches over a string's UTF-8 with libc's `memchr` and `memcmp`.
///
/// The parser's prefilters (is there a `~`, a `[^`, a `www.` in this text?) run over every
/// text of every page; a Swift loop over `String.UTF8View` cost 10 % of a 10,000-page `check`
/// (issue 21). An ASCII needle's bytes never occur inside a multi-byte UTF-8 sequence, so a
/// byte search finds exactly where the needle's characters' bytes are.
package enum ByteSearch {
    /// Whether `byte` occurs in the UTF-8 of `string`.
    package static func contains(_ string: String, byte: UInt8) -> Bool {
        withBytes(string) { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether `byte` occurs in `bytes`.
    package static func contains(_ bytes: UnsafeBufferPointer<UInt8>, byte: UInt8) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        return memchr(base, Int32(byte), bytes.count) != nil
    }

    /// Whether the bytes of `needle` occur, in order and adjacent, in the UTF-8 of `string`
    /// (true for an empty needle).
    package static func contains(_ string: String, _ needle: StaticString) -> Bool {
        contains(string.utf8, needle)
    }

    /// As `contains(_:_:)`, over a UTF-8 view.
    package static func contains(_ utf8: String.UTF8View, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard n > 0 else { return true }
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = bytes.baseAddress, bytes.count >= n else { return false }
            // memchr to each candidate first byte, then memcmp (`memmem` is a GNU extension
            // Swift's Glibc module does not declare).
            let first = Int32(needle.utf8Start[0])
            var i = 0
            let last = bytes.count - n
            while i <= last, let hit = memchr(base + i, first, last - i + 1) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, needle.utf8Start, n) == 0 { return true }
                i = at + 1
            }
            return false
        }
        if let found = utf8.withContiguousStorageIfAvailable(search) { return found }
        return Array(utf8).withUnsafeBufferPointer(search)
    }

    /// Whether some line of `string`, after the leading bytes `skip` accepts, starts with what
    /// `startsWith` accepts (given the bytes from there to the end of the string). Jumps from
    /// line to line with `memchr`, so a long page costs little even in a debug build: the
    /// block prefilters (admonition and definition-list markers) run over every page.
    package static func someLine(of string: String, skipping skip: (UInt8) -> Bool,
                                 startsWith: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        withBytes(string) { buffer in
            guard let base = buffer.baseAddress else { return false }
            let count = buffer.count
            var start = 0
            while start < count {
                var i = start
                while i < count, skip(base[i]) { i += 1 }
                if i < count, startsWith(UnsafeBufferPointer(start: base + i, count: count - i)) { return true }
                guard let newline = memchr(base + i, 0x0A, count - i) else { return false }
                start = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return false
        }
    }

    /// Runs `body` over the string's UTF-8 bytes without copying a native string.
    private static func withBytes<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(string.utf8).withUnsafeBufferPointer(body)
    }
}
