import Foundation

/// Byte searches and name comparisons for `HTMLScanner.scanRanges` (issue 21, perfscan6).
///
/// Why not `memchr`: the runs the tokenizer searches are short (the text of a nav entry up to
/// its `</a>`, a `class` value up to its closing quote, a closing tag up to its `>`), and a
/// page made ~720 `memchr` calls, each paying a call and its set-up for a dozen bytes. These
/// look at eight bytes a word inline, and hand a run over to `memchr` only once it has proved
/// long (a paragraph, a script), where `memchr`'s vector loop wins.
extension HTMLScanner {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Index of the first `byte` in `p[from..<end]`, or `end` when there is none (also when
    /// `from >= end`).
    @inline(__always)
    static func index(of byte: UInt8, in p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var k = from
        let pattern = ones &* UInt64(byte)
        // Two words inline; a run longer than that is left to memchr.
        var words = 0
        while k + 8 <= end {
            if words == 2 {
                guard let hit = memchr(p + k, Int32(byte), end - k) else { return end }
                return p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            // The classic "has a zero byte" test on word ^ pattern: the lowest flagged byte is
            // always a real match (a false flag only appears above a real zero, by the borrow).
            let x = UInt64(littleEndian: UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)) ^ pattern
            let flags = (x &- ones) & ~x & highs
            if flags != 0 { return k + flags.trailingZeroBitCount >> 3 }
            k += 8
            words += 1
        }
        while k < end {
            if p[k] == byte { return k }
            k += 1
        }
        return end
    }

    /// Index of the first byte at or after `from` that ends an attribute name (a space, `/`,
    /// `>` or `=`, `endsAttributeName`), or `end`. Eight bytes a word: the byte loop it replaces
    /// was the tokenizer's costliest (names like `aria-label`, `data-pagefind-ignore`).
    @inline(__always)
    static func endOfAttributeName(in p: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        let classes = Self.classes
        var k = from
        while k + 8 <= end {
            let w = UInt64(littleEndian: UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self))
            // Candidates: bytes below 0x21 (the spaces among them) and the three stop bytes.
            // In each test the lowest flagged byte is a real member (false flags only appear
            // above a real one, by the borrow), so the lowest of all is a real candidate.
            let below = (w &- ones &* 0x21) & ~w & highs
            let (equals, greater, slash) = (w ^ (ones &* 0x3D), w ^ (ones &* 0x3E), w ^ (ones &* 0x2F))
            let flags = below | ((equals &- ones) & ~equals & highs) | ((greater &- ones) & ~greater & highs)
                | ((slash &- ones) & ~slash & highs)
            if flags == 0 {
                k += 8
                continue
            }
            let q = k + flags.trailingZeroBitCount >> 3
            if classes[Int(p[q])] & endsAttributeName != 0 { return q }
            k = q + 1  // a control byte that is not a space: part of the name
        }
        while k < end, classes[Int(p[k])] & endsAttributeName == 0 { k += 1 }
        return k
    }

    /// A wanted name of at most eight bytes, compared as one word: `(bytes | caseBits) == word`.
    struct ShortName {
        /// The name's bytes, little-endian (byte 0 lowest).
        var word: UInt64
        /// 0x20 where the name has a lower-case ASCII letter: `b | 0x20 == w` holds exactly for
        /// `b == w` and its upper case, which is the scanner's ASCII-only lower-casing; other
        /// bytes must be equal.
        var caseBits: UInt64
        /// The name's index in `Wanted.names`.
        var index: Int
    }

    /// `name` as a `ShortName`, or nil when it cannot be one: longer than eight bytes, or
    /// holding an upper-case ASCII letter (the scanner lower-cases what it reads, so such a
    /// name never matches anything and is left out).
    static func shortName(_ name: [UInt8], index: Int) -> ShortName? {
        guard name.count <= 8, !name.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
        var word: UInt64 = 0, caseBits: UInt64 = 0
        for (k, c) in name.enumerated() {
            word |= UInt64(c) << (8 * k)
            if c >= 0x61 && c <= 0x7A { caseBits |= 0x20 << (8 * k) }
        }
        return ShortName(word: word, caseBits: caseBits, index: index)
    }

    /// The `count` (1...8) bytes at `p[start...]` as a little-endian word, zero above them;
    /// reads past them only when the buffer (`end`) has room.
    @inline(__always)
    static func word(_ p: UnsafePointer<UInt8>, _ start: Int, _ count: Int, end: Int) -> UInt64 {
        if start + 8 <= end {
            let all = UInt64(littleEndian: UnsafeRawPointer(p + start).loadUnaligned(as: UInt64.self))
            return count == 8 ? all : all & ((1 << (8 * UInt64(count))) - 1)
        }
        var w: UInt64 = 0
        for k in 0..<count { w |= UInt64(p[start + k]) << (8 * k) }
        return w
    }
}
