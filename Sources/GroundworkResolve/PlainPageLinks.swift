import GroundworkModel

/// The usual Markdown link — `other.md#heading`, `../s002/p00120.md` — resolved over its
/// bytes in one go (issue 21).
///
/// Why: every link of every page is resolved, and the general way (`resolveInFull`) made two
/// `String`s to split off the fragment, a third for the normalised path (with an array of its
/// components), then tested suffixes `Character` by `Character`: about 4,400 instructions a
/// link, most of the link graph's time. Here the page's folder and the link's path are
/// normalised and lower-cased into one stack buffer, and only the key looked up is a `String`.
///
/// Only a link the general way would send straight to `site.pageByPath[lower]` and find
/// takes this way; anything else (images, other extensions, query strings, percent escapes,
/// non-ASCII text, a `..` above the root, a page not found, Hugo and Docusaurus sites) answers
/// nil and goes the general way, so no message is written twice. `ResolveFastPathTests`
/// compares both ways over generated links.
extension LinkResolver {
    /// The page link `destination` names from `page` when it is a plain relative or
    /// site-absolute ASCII path to an existing `.md` page, checked as the general way checks
    /// it; nil when the general way must decide.
    package func resolvePlainPageLink(_ destination: String, from page: Page) -> LinkTarget? {
        // Hugo looks paths up twice and Docusaurus has its own routes: the general way.
        guard !site.config.isHugo, site.config.docusaurusRouteBase == nil else { return nil }
        var destination = destination
        var pagePath = page.relativePath
        let found: (index: Int, fragment: String?)? = destination.withUTF8 { d in
            pagePath.withUTF8 { base in
                guard let hash = Self.plainPathEnd(d) else { return nil }
                guard let key = Self.lowerPageKey(path: UnsafeBufferPointer(rebasing: d[..<hash]), base: base),
                      let index = site.pageByPath[key] else { return nil }
                let fragment = hash == d.count ? nil : String(decoding: UnsafeBufferPointer(rebasing: d[(hash + 1)...]), as: UTF8.self)
                return (index, fragment)
            }
        }
        guard let found else { return nil }
        return check(fragment: found.fragment, onPage: found.index, from: page)
    }

    /// Where the path of a destination `plainRelative` accepts ends (its `#`, or its end),
    /// when that path ends in `.md` (any case); nil otherwise. The same tests as
    /// `plainRelative`: not empty, no space or tab at either end, not protocol-relative, no
    /// byte beyond ASCII, `%`, `?`, `:` or `\`.
    private static func plainPathEnd(_ d: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = d.first, let last = d.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 else { return nil }
        let slash = UInt8(ascii: "/")
        if d.count >= 2, d[0] == slash, d[1] == slash { return nil }
        var hash: Int?
        for offset in 0..<d.count {
            let c = d[offset]
            if c >= 0x80 || c == UInt8(ascii: "%") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":") || c == UInt8(ascii: "\\") { return nil }
            if c == UInt8(ascii: "#"), hash == nil { hash = offset }
        }
        let end = hash ?? d.count
        guard end >= 3, d[end - 3] == UInt8(ascii: "."), d[end - 2] | 0x20 == UInt8(ascii: "m"), d[end - 1] | 0x20 == UInt8(ascii: "d") else { return nil }
        return end
    }

    /// `ASCIIPath.normalized(path, base:)`'s lower-cased path, written straight into one
    /// buffer: the components of `base`'s folder (none when `path` starts with "/"), then
    /// those of `path`, "." dropped and ".." removing the component before it. Nil when `base`
    /// is not ASCII (the general way lower-cases by `Character` then) or a ".." climbs above
    /// the content folder (the general way words that).
    private static func lowerPageKey(path: UnsafeBufferPointer<UInt8>, base: UnsafeBufferPointer<UInt8>) -> String? {
        let slash = UInt8(ascii: "/")
        guard base.allSatisfy({ $0 < 0x80 }) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: base.count + path.count + 1) { out -> String? in
            var length = 0
            /// Appends one component, lower-cased, after a "/" when something precedes it.
            func append(_ component: Slice<UnsafeBufferPointer<UInt8>>) {
                if length > 0 { out[length] = slash; length += 1 }
                for c in component {
                    out[length] = c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c
                    length += 1
                }
            }
            let inside = ASCIIPath.walkComponents(path, base: base, component: { inBase, range in
                append((inBase ? base : path)[range])
            }, parent: {
                guard length > 0 else { return false }  // above the content folder
                // Drop the last component and the "/" before it.
                while length > 0, out[length - 1] != slash { length -= 1 }
                if length > 0 { length -= 1 }
                return true
            })
            guard inside else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: out[..<length]), as: UTF8.self)
        }
    }
}
