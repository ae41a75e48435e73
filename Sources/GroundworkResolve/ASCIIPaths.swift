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
}
