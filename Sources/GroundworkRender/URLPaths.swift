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
