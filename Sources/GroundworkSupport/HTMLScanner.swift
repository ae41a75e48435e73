import Foundation
/// A small, fast HTML attribute scanner: finds the attributes the link checks care about
/// (`id`, `name`, `href`, `src`, `srcset`, `poster`) in generated HTML without building a DOM.
/// It follows the HTML tokenizer closely enough for links: comments, doctypes and end tags are
/// skipped, `<script>`/`<style>`/`<textarea>`/`<title>` content is raw text, attribute values
/// may be double-, single- or un-quoted, and character references in values are decoded.
package enum HTMLScanner {
    package struct Attribute: Sendable, Equatable {
        /// The element's lower-cased name (`a`, `img`).
        package var tag: String
        /// The attribute's lower-cased name.
        package var name: String
        /// The value with character references decoded.
        package var value: String
        /// Byte offset of the attribute's name in the document.
        package var offset: Int
        /// Byte offset of the value's first character (after an opening quote).
        package var valueOffset: Int
    }

    /// Attributes reported by default.
    package static let linkAttributes: Set<String> = ["id", "name", "href", "src", "srcset", "poster"]

    /// The attribute names a scan reports, as the scanner compares them: made once per set
    /// (a page is scanned in several pieces; making these per call was a tenth of the scan).
    package struct Wanted: Sendable {
        /// The names, sorted: `Found.name` is an index into them.
        package let names: [String]
        let bytes: [[UInt8]]
        let maxCount: Int
        let minCount: Int
        /// By name: whether `Attribute.tag` is filled for it (left empty otherwise: making the
        /// tag's string for every attribute was a twentieth of the output check's page scan).
        let withTag: [Bool]

        /// - Parameter tagsFor: the names whose attributes get their `tag`; nil for all.
        package init(_ wanted: Set<String>, tagsFor: Set<String>? = nil) {
            names = wanted.sorted()
            bytes = names.map { Array($0.utf8) }
            maxCount = bytes.map(\.count).max() ?? 0
            minCount = bytes.map(\.count).min() ?? 0
            withTag = names.map { tagsFor?.contains($0) ?? true }
            var short: [[ShortName]] = Array(repeating: [], count: 9)
            var long: [Int] = []
            for (index, name) in bytes.enumerated() {
                if let word = HTMLScanner.shortName(name, index: index) {
                    short[name.count].append(word)
                } else if name.count > 8 {
                    long.append(index)
                }
            }
            shortNames = short.flatMap { $0 }
            shortStart = short.indices.map { length in short[..<length].reduce(0) { $0 + $1.count } } + [shortNames.count]
            longNames = long
        }

        /// The names of at most eight bytes as words, shortest first; those `length` long are
        /// `shortNames[shortStart[length]..<shortStart[length + 1]]` (an attribute name is
        /// compared only with those; `class` and `title`, the commonest unwanted ones, with
        /// none). Flat arrays of plain values: looking one up retains nothing.
        let shortNames: [ShortName]
        let shortStart: [Int]
        /// The names longer than eight bytes, compared byte by byte.
        let longNames: [Int]
    }

    /// `linkAttributes` as a `Wanted`: the tag only for `name` (`<a name>` is an id; the
    /// output check reads no other attribute's tag).
    package static let linkWanted = Wanted(linkAttributes, tagsFor: ["name"])
    private static let rawTextTags = ["script", "style", "textarea", "title"].map { Array($0.utf8) }

    /// Calls `body` for every attribute named in `wanted`, in document order.
    package static func scan(_ bytes: [UInt8], wanted: Set<String> = linkAttributes, _ body: (Attribute) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            scan(buffer, wanted: wanted, body)
        }
    }

    ///
    /// Returns whether the bytes ended outside any markup: no comment, tag, attribute value
    /// or raw text element was cut off by their end (a `<` as the last byte counts as cut
    /// off). Bytes that end so scan to the same attributes whatever follows them, which is
    /// what lets `build` scan a page in pieces (OutputLinkCheck, kept nav fragments).
    @discardableResult
    package static func scan(_ b: UnsafeBufferPointer<UInt8>, wanted: Set<String>, _ body: (Attribute) -> Void) -> Bool {
        scan(b, wanted: Wanted(wanted), body)
    }

    /// `scan(_:wanted:_:)` with the names prepared.
    @discardableResult
    package static func scan(_ b: UnsafeBufferPointer<UInt8>, wanted: Wanted, _ body: (Attribute) -> Void) -> Bool {
        var tagName: (start: Int, name: String)?
        return scanRanges(b, wanted: wanted) { found in
            // The tag's string once per tag, for the names that want it.
            var tag = ""
            if wanted.withTag[found.name] {
                if let tagName, tagName.start == found.tagStart {
                    tag = tagName.name
                } else {
                    tag = lowercasedName(UnsafeBufferPointer(rebasing: b[found.tagStart..<found.tagEnd]))
                    tagName = (found.tagStart, tag)
                }
            }
            body(Attribute(tag: tag, name: wanted.names[found.name], value: found.value(in: b), offset: found.nameOffset,
                           valueOffset: found.valueStart))
        }
    }

    /// A wanted attribute as `scanRanges` finds it: where things are, no strings.
    package struct Found {
        /// Index of the attribute's name in `Wanted.names`.
        package var name: Int
        /// Byte offset of the attribute's name.
        package var nameOffset: Int
        /// The value's bytes as written (character references not decoded), after an
        /// opening quote and before a closing one.
        package var valueStart: Int
        package var valueEnd: Int
        /// The element's name as written (not lower-cased).
        package var tagStart: Int
        package var tagEnd: Int
        /// Whether the value holds a `&`: only then are there character references to decode.
        package var hasReference: Bool

        /// The value with character references decoded, as `Attribute.value` holds it.
        package func value(in b: UnsafeBufferPointer<UInt8>) -> String {
            let raw = HTMLScanner.string(UnsafeBufferPointer(rebasing: b[valueStart..<valueEnd]))
            return hasReference ? decodeReferences(raw) : raw
        }
    }

    /// The element name's bytes lower-cased as `lowercased()` does it: ASCII by bytes, without
    /// its Unicode path.
    static func lowercasedName(_ name: UnsafeBufferPointer<UInt8>) -> String {
        for byte in name where byte >= 0x80 { return string(name).lowercased() }
        return String(unsafeUninitializedCapacity: name.count) { buffer in
            for (k, c) in name.enumerated() { buffer[k] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            return name.count
        }
    }

    /// Byte classes for the tokenizer's loops: one table lookup per byte instead of five to
    /// seven comparisons (the tokenizer was half of the output check's page scan, issue 21).
    /// Made once and never freed or written again, so sharing it between threads is safe.
    nonisolated(unsafe) static let classes: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for c in 0..<256 {
            var bits: UInt8 = 0
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D { bits |= space }
            if bits & space != 0 || c == 0x3E || c == 0x2F { bits |= endsTagName }
            if bits & endsTagName != 0 || c == 0x3D { bits |= endsAttributeName }
            if bits & space != 0 || c == 0x3E { bits |= endsUnquotedValue }
            table[c] = bits
        }
        return UnsafePointer(table)
    }()
    static let space: UInt8 = 1, endsTagName: UInt8 = 2, endsAttributeName: UInt8 = 4, endsUnquotedValue: UInt8 = 8

    /// The raw text elements' names as words, to compare a 5-, 6- or 8-byte tag name with.
    private static let rawTextNames: [ShortName] = rawTextTags.enumerated().map { shortName($1, index: $0)! }

    /// The tokenizer: calls `body` for every attribute named in `wanted`, in document order,
    /// with its position (`scan(_:wanted:_:)` makes an `Attribute` of each). Returns what
    /// `scan` returns: whether the bytes ended outside any markup.
    ///
    /// One pass over the bytes: runs up to a delimiter (`<`, `>`, a closing quote) are found
    /// by `index(of:in:from:end:)` (words, then `memchr` for a long run), names by the class
    /// table, and an attribute's name is compared with the wanted names of its length as one
    /// word. `body` is called only for wanted attributes.
    @discardableResult
    package static func scanRanges(_ b: UnsafeBufferPointer<UInt8>, wanted: Wanted, _ body: (Found) -> Void) -> Bool {
        let n = b.count
        guard let p = b.baseAddress, n > 0 else { return true }
        var complete = true
        let classes = Self.classes
        let (shortNames, shortStart, longNames) = (wanted.shortNames, wanted.shortStart, wanted.longNames)
        let (wantedBytes, minWanted, maxWanted) = (wanted.bytes, wanted.minCount, wanted.maxCount)
        let (rawTextNames, rawTextTags) = (Self.rawTextNames, Self.rawTextTags)
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { classes[Int(c)] & space != 0 }
        @inline(__always) func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        /// Index of the first `byte` at or after `from`, or `n`.
        @inline(__always) func find(_ byte: UInt8, from: Int) -> Int { index(of: byte, in: p, from: from, end: n) }
        /// Whether `name` (ASCII, lower-case) is at `start`, case-insensitively (the caller
        /// made sure it fits).
        func equalsLowercased(_ start: Int, _ name: [UInt8]) -> Bool {
            for k in 0..<name.count where lower(p[start + k]) != name[k] { return false }
            return true
        }
        /// Index in `wanted.names` of the attribute name `p[start..<end]`, or nil.
        @inline(__always) func wantedIndex(_ start: Int, _ end: Int) -> Int? {
            let count = end - start
            guard count >= minWanted, count <= maxWanted else { return nil }
            if count <= 8 {
                let (first, last) = (shortStart[count], shortStart[count + 1])
                guard first < last else { return nil }
                let w = word(p, start, count, end: n)
                for k in first..<last where w | shortNames[k].caseBits == shortNames[k].word { return shortNames[k].index }
                return nil
            }
            for index in longNames where wantedBytes[index].count == count && equalsLowercased(start, wantedBytes[index]) { return index }
            return nil
        }
        /// Where the markup opened by `<!` at `i` ends (after it), or nil when the bytes end first.
        func endOfBang(_ i: Int) -> Int? {
            if i + 3 < n, p[i + 2] == 0x2D, p[i + 3] == 0x2D {
                // `<!-- comment -->`: the first `>` with two dashes before it, from the sixth
                // byte on (`<!-->` and `<!--->` do not close the comment).
                var close = find(0x3E, from: i + 6)
                while close < n, !(p[close - 1] == 0x2D && p[close - 2] == 0x2D) { close = find(0x3E, from: close + 1) }
                return close < n ? close + 1 : nil
            }
            // `<!DOCTYPE …>`, `<![CDATA[…]]>` (good enough): up to the first `>`.
            let close = find(0x3E, from: i + 2)
            return close < n ? close + 1 : nil
        }

        var i = 0
        while i < n {
            // The next '<': text between tags is most of a page.
            i = find(0x3C, from: i)
            guard i < n else { break }
            let next = i + 1 < n ? p[i + 1] : 0
            if next == 0x21 /* ! */ {
                // Whether `<!` starts a comment depends on the two bytes after it.
                if i + 3 >= n { complete = false }
                if let end = endOfBang(i) { i = end } else { i = n; complete = false }
                continue
            }
            if next == 0x3F /* ? */ || next == 0x2F /* / */ {
                // An end tag or a processing instruction: nothing wanted in it, up to its `>`.
                let close = find(0x3E, from: i + 2)
                if close < n { i = close + 1 } else { i = n; complete = false }
                continue
            }
            guard isAlpha(next) else {
                if i + 1 >= n { complete = false }  // a `<` at the end: what follows decides
                i += 1
                continue
            }
            // Tag name.
            var j = i + 1
            while j < n, classes[Int(p[j])] & endsTagName == 0 { j += 1 }
            if j >= n { complete = false }
            let tagStart = i + 1, tagEnd = j
            // Attributes.
            while j < n {
                while j < n, isSpace(p[j]) || p[j] == 0x2F { j += 1 }
                guard j < n, p[j] != 0x3E else { break }
                let nameStart = j
                // The first character may be anything, even '='.
                j = endOfAttributeName(in: p, from: j + 1, end: n)
                let nameEnd = j
                var k = j
                while k < n, isSpace(p[k]) { k += 1 }
                // An attribute without a value is never reported.
                guard k < n, p[k] == 0x3D /* = */ else { continue }
                k += 1
                while k < n, isSpace(p[k]) { k += 1 }
                let valueStart: Int, valueEnd: Int
                if k < n, p[k] == 0x22 || p[k] == 0x27 {
                    valueStart = k + 1
                    valueEnd = find(p[k], from: valueStart)  // n when the quote is not closed
                    j = min(valueEnd + 1, n)
                } else {
                    valueStart = k
                    var e = k
                    while e < n, classes[Int(p[e])] & endsUnquotedValue == 0 { e += 1 }
                    valueEnd = e
                    j = e
                }
                if let index = wantedIndex(nameStart, nameEnd) {
                    // Only a value with a `&` has references to decode.
                    let hasReference = HTMLScanner.index(of: 0x26, in: p, from: valueStart, end: valueEnd) < valueEnd
                    body(Found(name: index, nameOffset: nameStart, valueStart: valueStart, valueEnd: valueEnd,
                               tagStart: tagStart, tagEnd: tagEnd, hasReference: hasReference))
                }
            }
            if j >= n { complete = false }  // the tag does not end with `>` here
            i = j + 1
            // Raw text elements: their content is not markup, up to the first `</name`
            // (case-insensitive). (`title`, `style`, `script`, `textarea`: other lengths are
            // not compared.)
            let tagLength = tagEnd - tagStart
            if tagLength == 5 || tagLength == 6 || tagLength == 8 {
                let w = word(p, tagStart, tagLength, end: n)
                if let raw = rawTextNames.first(where: { w | $0.caseBits == $0.word }) {
                    let name = rawTextTags[raw.index]
                    var close = find(0x3C, from: i)
                    while close + 2 + name.count <= n, !(p[close + 1] == 0x2F && equalsLowercased(close + 2, name)) {
                        close = find(0x3C, from: close + 1)
                    }
                    if close + 2 + name.count <= n { i = close } else { i = n; complete = false }
                }
            }
        }
        return complete
    }

    /// The UTF-8 `bytes` as a string, as `String(decoding:as:)` makes it: ASCII (nearly every
    /// attribute value) copied without the UTF-8 validation, which was a third of the cost of
    /// making a value's string.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        for byte in bytes where byte >= 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            _ = buffer.initialize(fromContentsOf: bytes)
            return bytes.count
        }
    }

    /// Decodes character references: the five XML ones, `&nbsp;`, and numeric references.
    package static func decodeReferences(_ value: String) -> String {
        // A byte check: Foundation's `contains` (a literal search) was a twentieth of the build.
        guard value.utf8.contains(UInt8(ascii: "&")) else { return value }
        var out = ""
        var rest = Substring(value)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semi]
            var decoded: String?
            switch name {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            case "nbsp": decoded = "\u{A0}"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                }
            }
            if let decoded {
                out += decoded
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after
            }
        }
        out += rest
        return out
    }

    /// 1-based line and character column of a byte offset.
    package static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        for k in 0..<end where bytes[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return (line, column)
    }

    /// One `url(...)` reference in a stylesheet.
    package struct CSSURL: Sendable, Equatable {
        /// The URL as written, without its quotes (escapes are not decoded).
        package var value: String
        /// Byte offset of `url(` in the stylesheet.
        package var offset: Int
    }

    /// Every `url(...)` in a stylesheet, in order. A quoted URL ends at its closing quote, not
    /// at the first `)`: `url("data:image/svg+xml,...(...)")` is one reference, and the scan
    /// goes on after its own `)`. Comments are skipped.
    package static func cssURLs(in bytes: [UInt8]) -> [CSSURL] {
        var found: [CSSURL] = []
        let n = bytes.count
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }
        var i = 0
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "/"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "*") {
                var k = i + 2
                while k + 1 < n, !(bytes[k] == UInt8(ascii: "*") && bytes[k + 1] == UInt8(ascii: "/")) { k += 1 }
                i = k + 2
                continue
            }
            guard lower(c) == UInt8(ascii: "u"), i + 4 <= n, lower(bytes[i + 1]) == UInt8(ascii: "r"),
                  lower(bytes[i + 2]) == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "(") else {
                i += 1
                continue
            }
            let start = i
            var k = i + 4
            while k < n, isSpace(bytes[k]) { k += 1 }
            var valueStart = k, valueEnd = k
            if k < n, bytes[k] == UInt8(ascii: "\"") || bytes[k] == UInt8(ascii: "'") {
                let quote = bytes[k]
                k += 1
                valueStart = k
                while k < n, bytes[k] != quote {
                    if bytes[k] == UInt8(ascii: "\\") { k += 1 }
                    k += 1
                }
                valueEnd = min(k, n)
                k += 1
                while k < n, bytes[k] != UInt8(ascii: ")") { k += 1 }
            } else {
                while k < n, bytes[k] != UInt8(ascii: ")") {
                    if bytes[k] == UInt8(ascii: "\\") { k += 1 }
                    k += 1
                }
                valueEnd = min(k, n)
                while valueEnd > valueStart, isSpace(bytes[valueEnd - 1]) { valueEnd -= 1 }
            }
            found.append(CSSURL(value: String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self), offset: start))
            i = k + 1
        }
        return found
    }
}
