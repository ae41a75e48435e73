/// Turns the raw path of an HTTP request into a path below the site root, or refuses it.
///
/// The preview never maps a request to the file system: it looks the normalised path up in
/// the set of files the build produced, so nothing outside the build can be served even if
/// this function were wrong. It still rejects every path a browser never sends — `..` and
/// `.` segments (raw or percent-encoded), encoded slashes (`%2f`), backslashes (raw or
/// `%5c`), NUL and other control characters, malformed escapes and invalid UTF-8 — so such
/// requests fail loudly with 400 instead of being guessed at.
public enum RequestPath: Equatable, Sendable {
    /// A site path without the leading slash (`guide/editing/`, `assets/style.css`, `` for the
    /// root). Ends with `/` when the request did.
    case path(String)
    case invalid(String)

    public static func normalize(_ raw: String) -> RequestPath {
        var target = Substring(raw)
        // The query and a fragment (which clients should not send) are not part of the path.
        if let mark = target.firstIndex(where: { $0 == "?" || $0 == "#" }) { target = target[..<mark] }
        guard target.first == "/" else { return .invalid("the path must start with '/'") }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(target.utf8.count)
        var encodedSlash = false
        let utf8 = Array(target.utf8)
        var i = 0
        while i < utf8.count {
            var byte = utf8[i]
            if byte == UInt8(ascii: "%") {
                guard i + 2 < utf8.count, let high = hexValue(utf8[i + 1]), let low = hexValue(utf8[i + 2]) else {
                    return .invalid("malformed percent escape")
                }
                byte = high << 4 | low
                if byte == UInt8(ascii: "/") { encodedSlash = true }
                i += 3
            } else {
                i += 1
            }
            if byte == 0 { return .invalid("NUL in the path") }
            if byte < 0x20 || byte == 0x7F { return .invalid("control character in the path") }
            if byte == UInt8(ascii: "\\") { return .invalid("backslash in the path") }
            bytes.append(byte)
        }
        if encodedSlash { return .invalid("encoded slash in the path") }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { return .invalid("the path is not UTF-8") }

        let trailingSlash = decoded.hasSuffix("/")
        var segments: [Substring] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." || segment == ".." { return .invalid("dot segment in the path") }
            segments.append(segment)
        }
        let joined = segments.joined(separator: "/")
        return .path(joined.isEmpty ? "" : (trailingSlash ? joined + "/" : joined))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Content types by file extension (what a static host would send).
public enum ContentType {
    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json", "xml": "application/xml", "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8", "csv": "text/csv; charset=utf-8", "yaml": "text/yaml; charset=utf-8",
        "yml": "text/yaml; charset=utf-8", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
        "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
        "pdf": "application/pdf", "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "mp4": "video/mp4", "webm": "video/webm", "mp3": "audio/mpeg", "ogg": "audio/ogg", "wasm": "application/wasm",
        "zip": "application/zip", "pagefind": "application/octet-stream", "pf_meta": "application/octet-stream",
    ]

    public static func forPath(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return types[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
