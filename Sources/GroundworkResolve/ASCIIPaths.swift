/// Path splitting over UTF-8 bytes for the usual ASCII path (issue 21).
///
/// `String.split(separator:)` and `lastIndex(of:)` walk `Character`s: about 3,500
/// instructions a call on a short path, and every link of every page is resolved with two
/// splits and a `lastIndex`. In an ASCII string every byte is one character (a "\r\n" is
/// one `Character` of two bytes, but neither is a "/"), so the byte answers are the same;
/// any other string takes the `Character` path.
package enum ASCIIPath {
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

    /// `path.split(separator: "/").last.map(String.init) ?? path`: the file name.
    static func lastComponent(_ path: String) -> String? {
        guard isASCII(path) else { return nil }
        var path = path
        return path.withUTF8 { u in
            var end = u.count
            while end > 0, u[end - 1] == UInt8(ascii: "/") { end -= 1 }
            guard end > 0 else { return nil }  // no component: the path itself, as `split` gives
            var start = end
            while start > 0, u[start - 1] != UInt8(ascii: "/") { start -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: u[start..<end]), as: UTF8.self)
        } ?? path
    }

    /// What `normalized` makes of a link's path.
    package enum Normalized: Equatable {
        /// The content path (components joined by "/") and its lower-cased form.
        case path(String, lower: String)
        /// A `..` climbs above the content folder.
        case escapes
    }

    /// `path`'s components appended to those of `base`'s folder (none when `path` starts
    /// with "/"), "." dropped and ".." removing the component before it, joined by "/": the
    /// path a link written in the page at `base` names, and its lower-cased form. Over the
    /// bytes, components kept as byte ranges, the path written once (every Markdown link
    /// of every page comes through here: a `String` per component, joined, then lower-cased,
    /// was a third of resolving a link). Nil when either string is not ASCII
    /// (`LinkResolver.normalize` then takes the `String` way, which `ResolveFastPathTests`
    /// compares this with).
    package static func normalized(_ path: String, base: String) -> Normalized? {
        guard isASCII(path), isASCII(base) else { return nil }
        var path = path, base = base
        return path.withUTF8 { p in base.withUTF8 { b in normalized(p, base: b) } }
    }

    /// The components of the path a link `path` written in the page at `base` names, in order:
    /// `base`'s folder's components (none when `path` starts with "/"; empty ones dropped, "."
    /// and ".." in a page's own path kept as they are), then `path`'s, with empty ones and "."
    /// dropped. `component` gets each (whether it is a range of `base`, and the range); a ".."
    /// calls `parent`, which drops the component before it and answers false when there is none.
    /// False when a ".." climbed above the content folder. `normalized` and
    /// `PlainPageLinks.lowerPageKey` both walk a link's path this way.
    @inline(__always)
    static func walkComponents(_ path: UnsafeBufferPointer<UInt8>, base: UnsafeBufferPointer<UInt8>,
                               component: (_ inBase: Bool, _ range: Range<Int>) -> Void, parent: () -> Bool) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        if path.first != slash, let folderEnd = base.lastIndex(of: slash) {
            var start = 0
            for i in 0...folderEnd where i == folderEnd || base[i] == slash {
                if i > start { component(true, start..<i) }
                start = i + 1
            }
        }
        var start = 0
        for i in 0...path.count where i == path.count || path[i] == slash {
            defer { start = i + 1 }
            guard i > start else { continue }  // an empty component
            if i - start == 1, path[start] == dot { continue }
            if i - start == 2, path[start] == dot, path[start + 1] == dot {
                if !parent() { return false }
                continue
            }
            component(false, start..<i)
        }
        return true
    }

    private static func normalized(_ path: UnsafeBufferPointer<UInt8>, base: UnsafeBufferPointer<UInt8>) -> Normalized {
        let slash = UInt8(ascii: "/")
        // The components kept, as byte ranges of `base` (its folder) and then of `path`.
        var kept: [(inBase: Bool, range: Range<Int>)] = []
        kept.reserveCapacity(8)  // one allocation for the usual few components, not a growth per doubling
        let inside = walkComponents(path, base: base, component: { kept.append(($0, $1)) }, parent: { kept.popLast() != nil })
        if !inside { return .escapes }
        let length = kept.reduce(max(0, kept.count - 1)) { $0 + $1.range.count }
        var hasUpperCase = false
        let joined = String(unsafeUninitializedCapacity: length) { out in
            var at = 0
            for (n, component) in kept.enumerated() {
                if n > 0 { out[at] = slash; at += 1 }
                let bytes = UnsafeBufferPointer(rebasing: (component.inBase ? base : path)[component.range])
                _ = UnsafeMutableBufferPointer(rebasing: out[at..<(at + bytes.count)]).initialize(from: bytes)
                at += bytes.count
            }
            hasUpperCase = out[..<at].contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
            return at
        }
        // Most links are written in lower case already: then the path is its own lower case.
        return .path(joined, lower: hasUpperCase ? joined.lowercased() : joined)
    }
}
