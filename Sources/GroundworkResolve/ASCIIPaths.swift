/// Path splitting over UTF-8 bytes for the usual ASCII path (issue 21).
///
/// `String.split(separator:)` and `lastIndex(of:)` walk `Character`s: about 3,500
/// instructions a call on a short path, and every link of every page is resolved with two
/// splits and a `lastIndex`. In an ASCII string every byte is one character (a "\r\n" is
/// one `Character` of two bytes, but neither is a "/"), so the byte answers are the same;
/// any other string takes the `Character` path.
enum ASCIIPath {
    /// Whether every byte of `s` is ASCII.
    static func isASCII(_ s: String) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? false
    }

    /// `path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)`.
    static func components(_ path: String) -> [String] {
        guard isASCII(path) else { return path.split(separator: "/", omittingEmptySubsequences: true).map(String.init) }
        var parts: [String] = []
        var path = path
        path.withUTF8 { u in
            var start = 0
            for i in 0...u.count where i == u.count || u[i] == UInt8(ascii: "/") {
                if i > start { parts.append(String(decoding: UnsafeBufferPointer(rebasing: u[start..<i]), as: UTF8.self)) }
                start = i + 1
            }
        }
        return parts
    }

    /// The part of `path` before its last "/" ("" without one): `SiteResolver.folderOf`.
    static func folder(_ path: String) -> String? {
        guard isASCII(path) else { return nil }
        var path = path
        return path.withUTF8 { u in
            var i = u.count
            while i > 0 {
                i -= 1
                if u[i] == UInt8(ascii: "/") { return String(decoding: UnsafeBufferPointer(rebasing: u[0..<i]), as: UTF8.self) }
            }
            return ""
        }
    }

    /// What `normalized` makes of a link's path.
    enum Normalized: Equatable {
        /// The content path (components joined by "/") and its lower-cased form.
        case path(String, lower: String)
        /// A `..` climbs above the content folder.
        case escapes
    }

    /// `path`'s components appended to those of `base`'s folder (none when `path` starts
    /// with "/"), "." dropped and ".." removing the component before it, joined by "/": the
    /// path a link written in the page at `base` names. In one pass over the bytes, with the
    /// lower-cased path made in the same pass (every Markdown link of every page comes
    /// through here: splitting into `String`s and joining them was a third of resolving a
    /// link). Nil when either string is not ASCII (`LinkResolver.normalize` then takes the
    /// `String` way, which `ResolveFastPathTests` compares this with).
    static func normalized(_ path: String, base: String) -> Normalized? {
        guard isASCII(path), isASCII(base) else { return nil }
        var out: [UInt8] = [], lower: [UInt8] = []
        out.reserveCapacity(base.utf8.count + path.utf8.count)
        lower.reserveCapacity(base.utf8.count + path.utf8.count)
        var starts: [Int] = []  // where each component of `out` starts
        func append(_ segment: UnsafeBufferPointer<UInt8>.SubSequence) {
            if !out.isEmpty { out.append(UInt8(ascii: "/")); lower.append(UInt8(ascii: "/")) }
            starts.append(out.count)
            out.append(contentsOf: segment)
            for byte in segment { lower.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte) }
        }
        func forEachSegment(_ text: String, upTo end: (UnsafeBufferPointer<UInt8>) -> Int,
                            _ body: (UnsafeBufferPointer<UInt8>.SubSequence) -> Bool) -> Bool {
            var text = text
            return text.withUTF8 { u in
                var start = 0
                let stop = end(u)
                for i in 0...stop where i == stop || u[i] == UInt8(ascii: "/") {
                    if i > start, !body(u[start..<i]) { return false }
                    start = i + 1
                }
                return true
            }
        }
        if !path.utf8.starts(with: "/".utf8) {
            // The folder of `base`: the bytes before its last "/".
            _ = forEachSegment(base, upTo: { u in u.lastIndex(of: UInt8(ascii: "/")) ?? 0 }) { append($0); return true }
        }
        let climbsOut = !forEachSegment(path, upTo: { $0.count }) { segment in
            if segment.count == 1, segment.first == UInt8(ascii: ".") { return true }
            if segment.count == 2, segment.allSatisfy({ $0 == UInt8(ascii: ".") }) {
                guard let start = starts.popLast() else { return false }
                let cut = start == 0 ? 0 : start - 1  // the "/" before the component too
                out.removeSubrange(cut...); lower.removeSubrange(cut...)
                return true
            }
            append(segment)
            return true
        }
        if climbsOut { return .escapes }
        return .path(String(decoding: out, as: UTF8.self), lower: String(decoding: lower, as: UTF8.self))
    }
}
