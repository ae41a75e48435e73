import Foundation

/// URL arithmetic for relative output links.
public enum URLPaths {
    /// The shortest relative href from a page at `from` (a site URL like `a/b/`) to `to`
    /// (`a/c/` or `assets/style.css`), so the site works under any sub-path. Segments are
    /// percent-encoded as needed.
    ///
    /// Over bytes: the nav alone asks for a few hundred of these per page, almost all of plain
    /// ASCII. Segments compare byte for byte, or as `String`s (canonical equivalence) when
    /// one of them is not ASCII.
    public static func relative(from: String, to: String) -> String {
        var from = from, to = to
        return from.withUTF8 { f in
            to.withUTF8 { t -> String in
                if let plain = relativePlain(f, t) { return plain }
                let slash = UInt8(ascii: "/")
                /// Non-empty segments as byte ranges (`split(separator: "/")`).
                func segments(_ b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
                    var result: [Range<Int>] = []
                    var start = 0
                    for i in 0...b.count where i == b.count || b[i] == slash {
                        if i > start { result.append(start..<i) }
                        start = i + 1
                    }
                    return result
                }
                let fromSegments = segments(f)
                var toSegments = segments(t)
                let toIsFolder = t.isEmpty || t[t.count - 1] == slash
                let file = toIsFolder ? nil : toSegments.popLast()
                func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
                    let x = UnsafeBufferPointer(rebasing: f[a]), y = UnsafeBufferPointer(rebasing: t[b])
                    if x.elementsEqual(y) { return true }
                    guard x.contains(where: { $0 >= 0x80 }) || y.contains(where: { $0 >= 0x80 }) else { return false }
                    return String(decoding: x, as: UTF8.self) == String(decoding: y, as: UTF8.self)
                }
                var common = 0
                while common < fromSegments.count, common < toSegments.count, equal(fromSegments[common], toSegments[common]) { common += 1 }
                var result: [UInt8] = []
                result.reserveCapacity(3 * (fromSegments.count - common) + t.count)
                for _ in 0..<(fromSegments.count - common) {
                    if !result.isEmpty { result.append(slash) }
                    result += [UInt8(ascii: "."), UInt8(ascii: ".")]
                }
                /// A segment as it goes into an href: as it is, or percent-encoded.
                func append(_ segment: Range<Int>) {
                    if !result.isEmpty { result.append(slash) }
                    let bytes = UnsafeBufferPointer(rebasing: t[segment])
                    if bytes.allSatisfy(isUnreservedOrSlash) {
                        result += bytes
                    } else {
                        result += percentEncode(String(decoding: bytes, as: UTF8.self)).utf8
                    }
                }
                for segment in toSegments[common...] { append(segment) }
                if let file {
                    append(file)
                } else if !result.isEmpty {
                    result.append(slash)
                }
                return result.isEmpty ? "./" : String(decoding: result, as: UTF8.self)
            }
        }
    }

    /// `relative` when both are ASCII and `to` needs no percent-encoding (nearly every
    /// call): the same segments compared and joined the same way, found in place instead of
    /// collected into arrays. Nil otherwise.
    ///
    /// Written on the stack and then made a `String` of its exact length: most hrefs
    /// (`../p00905/`) fit a small string (up to 15 bytes, no allocation), while a string made
    /// with `plainCapacity` room (an overestimate) was always allocated: ~400 of the ~1,200
    /// instructions of a call (issue 21).
    static func relativePlain(_ f: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>) -> String? {
        guard let shape = plainShape(f, t) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: plainCapacity(f, t)) { buffer in
            let count = writePlain(f, t, shape, into: buffer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// `HTML.escape(relative(from:to:))` appended to a page body: in the plain case
    /// (`relativePlain`) its bytes are written straight into the body, with no `String` made
    /// (they need no escaping: unreserved characters, `/` and `.`).
    static func appendRelative(from: String, to: String, into out: inout HTMLBuffer) {
        var from = from, to = to
        let written = from.withUTF8 { f in
            to.withUTF8 { t -> Bool in
                guard let shape = plainShape(f, t) else { return false }
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: plainCapacity(f, t)) { buffer in
                    let count = writePlain(f, t, shape, into: buffer)
                    out.append(UnsafeBufferPointer(rebasing: buffer[..<count]))
                }
                return true
            }
        }
        if !written { HTML.escape(relative(from: from, to: to), into: &out) }
    }

    /// Whether `relativePlain` applies (nil when not): `from` is ASCII and `to` is unreserved
    /// characters and `/`. Also, in the same pass, whether both are simple (`writeSimple`).
    private static func plainShape(_ f: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>) -> PlainShape? {
        let slash = UInt8(ascii: "/")
        var simple = (f.isEmpty || (f[0] != slash && f[f.count - 1] == slash)) && (t.isEmpty || t[0] != slash)
        var previous: UInt8 = 0
        for byte in f {
            if byte >= 0x80 { return nil }
            if byte == slash && previous == slash { simple = false }  // an empty segment
            previous = byte
        }
        previous = 0
        for byte in t {
            if !isUnreservedOrSlash(byte) { return nil }
            if byte == slash && previous == slash { simple = false }
            previous = byte
        }
        return PlainShape(simple: simple)
    }

    /// What `plainShape` found of a plain pair.
    private struct PlainShape { var simple: Bool }

    /// Room for `writePlain`'s href: a `../` per folder of `from` (at most one per two bytes),
    /// `to`, and a closing `/` or `./`.
    private static func plainCapacity(_ f: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>) -> Int {
        3 * ((f.count + 1) / 2) + t.count + 2
    }

    /// Writes the plain relative href into `out` (room for `plainCapacity` bytes) and
    /// returns its length.
    private static func writePlain(_ f: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>, _ shape: PlainShape,
                                   into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        if shape.simple { return writeSimple(f, t, into: out) }
        let slash = UInt8(ascii: "/")
        /// The next non-empty segment of `b[..<end]` at or after `i`.
        func segment(_ b: UnsafeBufferPointer<UInt8>, after i: Int, before end: Int) -> Range<Int>? {
            var start = i
            while start < end, b[start] == slash { start += 1 }
            guard start < end else { return nil }
            var stop = start
            while stop < end, b[stop] != slash { stop += 1 }
            return start..<stop
        }
        // `to`'s folders end where its file (its last segment, when it does not end in `/`) starts.
        let toIsFolder = t.isEmpty || t[t.count - 1] == slash
        var folderEnd = t.count
        if !toIsFolder {
            while folderEnd > 0, t[folderEnd - 1] != slash { folderEnd -= 1 }
        }
        // The leading folders both have.
        var fromNext = 0, toNext = 0
        while let a = segment(f, after: fromNext, before: f.count), let b = segment(t, after: toNext, before: folderEnd),
              a.count == b.count, memcmp(f.baseAddress! + a.lowerBound, t.baseAddress! + b.lowerBound, a.count) == 0 {
            fromNext = a.upperBound
            toNext = b.upperBound
        }
        var ups = 0
        while let a = segment(f, after: fromNext, before: f.count) {
            ups += 1
            fromNext = a.upperBound
        }
        var n = 0
        func put(_ byte: UInt8) { out[n] = byte; n += 1 }
        func put(_ range: Range<Int>) {
            if n > 0 { put(slash) }
            for k in range { put(t[k]) }
        }
        for _ in 0..<ups {
            if n > 0 { put(slash) }
            put(UInt8(ascii: "."))
            put(UInt8(ascii: "."))
        }
        while let b = segment(t, after: toNext, before: folderEnd) {
            put(b)
            toNext = b.upperBound
        }
        if !toIsFolder {
            put(folderEnd..<t.count)
        } else if n > 0 {
            put(slash)
        }
        if n == 0 {
            put(UInt8(ascii: "."))
            put(slash)
        }
        return n
    }

    /// `writePlain` in one pass over the bytes when both URLs are simple, as every page,
    /// section and asset URL is: no leading `/`, no empty segment (`//`), and `from` a
    /// folder (empty or ending in `/`). Then every `/` ends a segment, so the common folders
    /// are the bytes both start with up to the last `/` among them, each `/` of `from` after
    /// them is a `../`, and the rest of `to` follows as it is. Only for a pair
    /// `plainShape` found simple. The segment-by-segment walk cost ~410 instructions a call
    /// (issue 21).
    private static func writeSimple(_ f: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>,
                                    into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var common = 0, i = 0
        let shorter = min(f.count, t.count)
        while i < shorter, f[i] == t[i] {
            if f[i] == slash { common = i + 1 }
            i += 1
        }
        var n = 0
        for k in common..<f.count where f[k] == slash {
            out[n] = dot; out[n + 1] = dot; out[n + 2] = slash
            n += 3
        }
        for k in common..<t.count {
            out[n] = t[k]
            n += 1
        }
        if n == 0 {
            out[0] = dot; out[1] = slash
            n = 2
        }
        return n
    }

    /// Percent-encodes a URL path (keeps `/` and unreserved characters).
    public static func percentEncode(_ path: String) -> String {
        // Letters, digits, `-._~` and `/` are in the allowed set: nothing to encode.
        if path.utf8.allSatisfy(isUnreservedOrSlash) { return path }
        return path.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? path
    }

    /// Percent-encodes a fragment.
    public static func encodeFragment(_ fragment: String) -> String {
        if fragment.utf8.allSatisfy({ $0 != UInt8(ascii: "/") && isUnreservedOrSlash($0) }) { return fragment }
        return fragment.addingPercentEncoding(withAllowedCharacters: fragmentAllowed) ?? fragment
    }

    /// The allowed sets, built once (building one per call was a tenth of rendering).
    package static let pathAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        return allowed
    }()
    package static let fragmentAllowed: CharacterSet = {
        var allowed = CharacterSet.urlFragmentAllowed
        allowed.remove(charactersIn: "#%\"<>")
        return allowed
    }()

    static func isUnreservedOrSlash(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "~") || b == UInt8(ascii: "/")
    }
}
