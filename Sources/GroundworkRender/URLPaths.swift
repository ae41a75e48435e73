import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

/// URL arithmetic for relative output links.
public enum URLPaths {
    /// The shortest relative href from a page at `from` (a site URL like `a/b/`) to `to`
    /// (`a/c/` or `assets/style.css`), so the site works under any sub-path.
    public static func relative(from: String, to: String) -> String {
        if let fast = relativeASCII(from: from, to: to) { return fast }
        return relativeByCharacters(from: from, to: to)
    }

    /// `relative` for any paths.
    package static func relativeByCharacters(from: String, to: String) -> String {
        let fromSegments = from.split(separator: "/").map(String.init)
        let toIsFolder = to.isEmpty || to.hasSuffix("/")
        var toSegments = to.split(separator: "/").map(String.init)
        let file = toIsFolder ? nil : toSegments.popLast()
        var common = 0
        while common < fromSegments.count, common < toSegments.count, fromSegments[common] == toSegments[common] { common += 1 }
        var parts = Array(repeating: "..", count: fromSegments.count - common)
        parts += toSegments[common...].map { percentEncode($0) }
        var result = parts.joined(separator: "/")
        if let file {
            result += (result.isEmpty ? "" : "/") + percentEncode(file)
        } else if !result.isEmpty {
            result += "/"
        }
        return result.isEmpty ? "./" : result
    }

    /// `relative` for ASCII paths of unreserved characters (nothing to percent-encode), over
    /// bytes: the nav alone asks for a few hundred of these per page. Nil for other paths.
    package static func relativeASCII(from: String, to: String) -> String? {
        var from = from, to = to
        return from.withUTF8 { f in
            to.withUTF8 { t -> String? in
                guard f.allSatisfy(isUnreservedOrSlash), t.allSatisfy(isUnreservedOrSlash) else { return nil }
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
                    a.count == b.count && memcmp(f.baseAddress! + a.lowerBound, t.baseAddress! + b.lowerBound, a.count) == 0
                }
                var common = 0
                while common < fromSegments.count, common < toSegments.count, equal(fromSegments[common], toSegments[common]) { common += 1 }
                var result: [UInt8] = []
                result.reserveCapacity(3 * (fromSegments.count - common) + t.count)
                for _ in 0..<(fromSegments.count - common) {
                    if !result.isEmpty { result.append(slash) }
                    result += [UInt8(ascii: "."), UInt8(ascii: ".")]
                }
                for segment in toSegments[common...] {
                    if !result.isEmpty { result.append(slash) }
                    result += UnsafeBufferPointer(rebasing: t[segment])
                }
                if let file {
                    if !result.isEmpty { result.append(slash) }
                    result += UnsafeBufferPointer(rebasing: t[file])
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

    package static func isUnreservedOrSlash(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "~") || b == UInt8(ascii: "/")
    }
}
