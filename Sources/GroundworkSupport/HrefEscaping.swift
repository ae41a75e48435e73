/// How a link destination is written into an `href` or `src` attribute: exactly as cmark's own
/// HTML renderer writes it (`houdini_escape_href` in cmark 0.30), so a link Groundwork passes
/// through as written looks the same as in any CommonMark renderer.
///
/// The destination arrives as cmark parsed it: backslash escapes and entities already resolved
/// (`/f&ouml;&ouml;` is `/föö`). Bytes that are safe in a URL, or are URL delimiters the writer
/// meant (`-_.+!*(),%#@?=;:/$~` and alphanumerics), are kept; `%` is kept too, so an address
/// already percent-encoded is not encoded twice. `&` and `'` become the entities `&amp;` and
/// `&#x27;`; every other byte (space, `"`, `<`, `>`, `[`, `\`, `]`, `^`, `` ` ``, `{`, `|`, `}`,
/// controls, and each byte of a non-ASCII character) becomes `%XX`. The result needs no
/// further HTML escaping: it is safe inside a double-quoted attribute.
public enum HrefEscaping {
    /// Bytes written as they are (cmark's `HREF_SAFE` table, without `&` and `'`).
    private static let safe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for c in "-_.+!*(),%#@?=;:/$~".utf8 { table[Int(c)] = true }
        return table
    }()

    private static let hex = Array("0123456789ABCDEF".utf8)

    /// `destination` as the value of an `href` or `src` attribute.
    public static func escape(_ destination: String) -> String {
        // The common case: nothing to change.
        if destination.utf8.allSatisfy({ safe[Int($0)] }) { return destination }
        var out: [UInt8] = []
        out.reserveCapacity(destination.utf8.count + 16)
        for byte in destination.utf8 {
            if safe[Int(byte)] {
                out.append(byte)
            } else if byte == UInt8(ascii: "&") {
                out.append(contentsOf: "&amp;".utf8)
            } else if byte == UInt8(ascii: "'") {
                out.append(contentsOf: "&#x27;".utf8)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
