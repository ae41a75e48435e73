import Foundation
import XCTest
@testable import GroundworkSupport
import TestSupport

/// Issue 21, perfscan6: `HTMLScanner.scanRanges` finds its delimiters by words instead of
/// byte loops and many short `memchr` calls, and compares attribute names as words. The
/// tokenizer as it was (main 4b03ba4) is kept here as `Reference`; over seeded random
/// HTML-ish bytes (comments, CDATA, doctypes, raw text elements, quotes of both kinds, broken
/// and cut-off tags, upper case, character references, bytes that are not ASCII or not UTF-8)
/// both must report the same attributes at the same places and the same "complete".
final class HTMLTokenizerEquivalenceTests: XCTestCase {
    /// What a `Found` says, comparable.
    struct Hit: Equatable, CustomStringConvertible {
        var name, nameOffset, valueStart, valueEnd, tagStart, tagEnd: Int
        var hasReference: Bool
        init(_ f: HTMLScanner.Found) {
            (name, nameOffset, valueStart, valueEnd, tagStart, tagEnd, hasReference) =
                (f.name, f.nameOffset, f.valueStart, f.valueEnd, f.tagStart, f.tagEnd, f.hasReference)
        }
        var description: String { "\(name)@\(nameOffset) \(valueStart)..<\(valueEnd) tag \(tagStart)..<\(tagEnd) \(hasReference)" }
    }

    /// The tokenizer of main 4b03ba4, unchanged but for its name-by-length table (made here
    /// from `wanted.bytes`, as `Wanted` made it then).
    enum Reference {
        private static let rawTextTags = ["script", "style", "textarea", "title"].map { Array($0.utf8) }
        private static let space: UInt8 = 1, endsTagName: UInt8 = 2, endsAttributeName: UInt8 = 4, endsUnquotedValue: UInt8 = 8
        private static let classes: [UInt8] = (0..<256).map { c in
            var bits: UInt8 = 0
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D { bits |= space }
            if bits & space != 0 || c == 0x3E || c == 0x2F { bits |= endsTagName }
            if bits & endsTagName != 0 || c == 0x3D { bits |= endsAttributeName }
            if bits & space != 0 || c == 0x3E { bits |= endsUnquotedValue }
            return bits
        }

        @discardableResult
        static func scanRanges(_ b: UnsafeBufferPointer<UInt8>, wanted: HTMLScanner.Wanted, _ body: (HTMLScanner.Found) -> Void) -> Bool {
            let n = b.count
            var complete = true
            // Names compared as lower-case bytes: no String per tag or attribute.
            let wantedBytes = wanted.bytes
            let maxWanted = wanted.maxCount
            let minWanted = wanted.minCount
            let byLength = (0...maxWanted).map { length in wantedBytes.indices.filter { wantedBytes[$0].count == length } }
            let rawTextTags = Self.rawTextTags
            func equalsLowercased(_ start: Int, _ end: Int, _ name: [UInt8]) -> Bool {
                guard end - start == name.count else { return false }
                for k in 0..<name.count where lower(b[start + k]) != name[k] { return false }
                return true
            }
            var i = 0
            let classes = Self.classes
            @inline(__always) func isSpace(_ c: UInt8) -> Bool { classes[Int(c)] & space != 0 }
            @inline(__always) func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
            @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            /// Index of the first occurrence of `needle` (ASCII, lower-case) at or after `from`, case-insensitively.
            func find(_ needle: [UInt8], from: Int) -> Int? {
                guard !needle.isEmpty, n >= needle.count else { return nil }
                var k = from
                while k + needle.count <= n {
                    if lower(b[k]) == needle[0] {
                        var match = true
                        for m in 1..<needle.count where lower(b[k + m]) != needle[m] { match = false; break }
                        if match { return k }
                    }
                    k += 1
                }
                return nil
            }

            while i < n {
                // The next '<' by memchr: text between tags is most of a page.
                guard b[i] == 0x3C /* < */ else {
                    guard let base = b.baseAddress, let found = memchr(base + i, 0x3C, n - i) else { break }
                    i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    continue
                }
                let next = i + 1 < n ? b[i + 1] : 0
                if next == 0x21 /* ! */ {
                    // Whether `<!` starts a comment depends on the two bytes after it.
                    if i + 3 >= n { complete = false }
                    if i + 3 < n, b[i + 2] == 0x2D, b[i + 3] == 0x2D {  // <!-- comment -->
                        if let close = find(Array("-->".utf8), from: i + 4) { i = close + 3 } else { i = n; complete = false }
                    } else if let close = find([0x3E], from: i + 2) {  // <!DOCTYPE …>, <![CDATA[…]]> (good enough)
                        i = close + 1
                    } else { i = n; complete = false }
                    continue
                }
                if next == 0x3F /* ? */ || next == 0x2F /* / */ {
                    if let close = find([0x3E], from: i + 2) { i = close + 1 } else { i = n; complete = false }
                    continue
                }
                guard isAlpha(next) else {
                    if i + 1 >= n { complete = false }  // a `<` at the end: what follows decides
                    i += 1
                    continue
                }
                // Tag name.
                var j = i + 1
                while j < n, classes[Int(b[j])] & endsTagName == 0 { j += 1 }
                if j >= n { complete = false }
                let tagStart = i + 1, tagEnd = j
                // Attributes.
                while j < n {
                    while j < n, isSpace(b[j]) || b[j] == 0x2F { j += 1 }
                    guard j < n, b[j] != 0x3E else { break }
                    let nameStart = j
                    j += 1  // the first character may be anything, even '='
                    while j < n, classes[Int(b[j])] & endsAttributeName == 0 { j += 1 }
                    let nameEnd = j
                    var k = j
                    while k < n, isSpace(b[k]) { k += 1 }
                    var valueStart = -1, valueEnd = -1
                    if k < n, b[k] == 0x3D /* = */ {
                        k += 1
                        while k < n, isSpace(b[k]) { k += 1 }
                        if k < n, b[k] == 0x22 || b[k] == 0x27 {
                            let quote = b[k]
                            valueStart = k + 1
                            // The closing quote by memchr: values (a glossary term's `title`) are long.
                            let e = memchr(b.baseAddress! + valueStart, Int32(quote), n - valueStart)
                                .map { b.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
                            valueEnd = e
                            j = min(e + 1, n)
                        } else {
                            valueStart = k
                            var e = k
                            while e < n, classes[Int(b[e])] & endsUnquotedValue == 0 { e += 1 }
                            valueEnd = e
                            j = e
                        }
                    } else {
                        j = nameEnd
                    }
                    // Most attributes (class, aria-*, rel, type...) are not wanted: a length check first.
                    if valueStart >= 0, nameEnd - nameStart <= maxWanted, nameEnd - nameStart >= minWanted,
                       let index = byLength[nameEnd - nameStart].first(where: { equalsLowercased(nameStart, nameEnd, wantedBytes[$0]) }) {
                        // Only a value with a `&` has references to decode.
                        let hasReference = memchr(b.baseAddress! + valueStart, 0x26, valueEnd - valueStart) != nil
                        body(HTMLScanner.Found(name: index, nameOffset: nameStart, valueStart: valueStart, valueEnd: valueEnd,
                                   tagStart: tagStart, tagEnd: tagEnd, hasReference: hasReference))
                    }
                }
                if j >= n { complete = false }  // the tag does not end with `>` here
                i = j + 1
                // Raw text elements: their content is not markup. (`title`, `style`, `script`,
                // `textarea`: other lengths are not compared.)
                let tagLength = tagEnd - tagStart
                if tagLength == 5 || tagLength == 6 || tagLength == 8, let raw = rawTextTags.first(where: { equalsLowercased(tagStart, tagEnd, $0) }) {
                    if let close = find([0x3C, 0x2F] + raw, from: i) { i = close } else { i = n; complete = false }
                }
            }
            return complete
        }
    }

    /// Pieces the bytes are made of: markup the tokenizer decides on, and junk around it.
    static let pieces: [[UInt8]] = ([
        "<", ">", "</", "<!--", "-->", "--", "-", "<!-->", "<!--->", "<!", "<!DOCTYPE html>", "<![CDATA[", "]]>", "<?", "<?xml ?>",
        "<script>", "</script>", "</SCRIPT >", "<ScRiPt type=x>", "<style>", "</style", "<title>", "</title>", "<TITLE>",
        "<textarea>", "</textarea>", "<textareas>", "<scripts>", "<a", "<A", "<img", "<x-é", "<p", "<li", "<a/", "<1", "< a",
        " href", " HREF", " Href", " id", " ID", " name", " src", " srcset", " poster", " class", " title", " data-x",
        " data-pagefind-ignore", " aria-label", " x", " hreff", " hre", "=", " = ", "\"", "'", "\"../a/\"", "'#t'", "=../b/",
        "&amp;", "&", "&#233;", " ", "\n", "\t", "\r", "\u{0C}", "/", "/>", "é", "\u{212A}", "text ", "../a/", "#t", "a", "Z",
    ] as [String]).map { Array($0.utf8) } + [[0x80], [0xFF], [0xC3], [0x00], [0xE2, 0x80]]

    /// Wanted sets the scanner is given: the link attributes, and names longer than a word,
    /// with upper case (never matched), with non-letters, of one byte, empty.
    static let wantedSets: [Set<String>] = [
        HTMLScanner.linkAttributes, ["href"], ["data-pagefind-ignore", "id", "aria-label"], ["HREF", "src"], ["x", "data-x", ""],
        ["hreff", "hre", "title", "class"],
    ]

    func testTokenizerAgreesWithTheOldOne() {
        var generator = SplitMix64(seed: 6_006)  // seeded: a failure replays
        var hits = 0, incomplete = 0
        let wanted = Self.wantedSets.map { HTMLScanner.Wanted($0) }
        for round in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                // Junk, or a tag made of likely parts (junk alone rarely makes an attribute).
                if Bool.random(using: &generator) { bytes += Self.pieces.randomElement(using: &generator)!; continue }
                bytes += Array(["<a", "<IMG", "<p", "<script", "<title", "<x-é", "<Style", "<a/"].randomElement(using: &generator)!.utf8)
                for _ in 0..<Int.random(in: 0...4, using: &generator) {
                    bytes += Array([" ", "\n", "/", " \t"].randomElement(using: &generator)!.utf8)
                    bytes += Array(["href", "HREF", "id", "name", "src", "srcset", "poster", "class", "title", "data-x", "x",
                                    "data-pagefind-ignore", "aria-label", "hre", "é"].randomElement(using: &generator)!.utf8)
                    bytes += Array(["=", " = ", "", "=\n"].randomElement(using: &generator)!.utf8)
                    bytes += Array(["\"../a/\"", "'#t&amp;x'", "../b/", "\"a > b\"", "'it\"s'", "\"é&#233;\"", "x&y", "\"",
                                    "\"\"", "'"].randomElement(using: &generator)!.utf8)
                }
                if Int.random(in: 0..<4, using: &generator) > 0 { bytes += [0x3E] }
            }
            // Long runs too, so the words hand over to memchr.
            if round % 5 == 0 {
                bytes += Array(repeating: Self.pieces.randomElement(using: &generator)!.first ?? 0x61, count: Int.random(in: 0...100, using: &generator))
                for _ in 0..<Int.random(in: 0...10, using: &generator) { bytes += Self.pieces.randomElement(using: &generator)! }
            }
            let w = wanted[round % wanted.count]
            bytes.withUnsafeBufferPointer { buffer in
                var new: [Hit] = [], old: [Hit] = []
                let newComplete = HTMLScanner.scanRanges(buffer, wanted: w) { new.append(Hit($0)) }
                let oldComplete = Reference.scanRanges(buffer, wanted: w) { old.append(Hit($0)) }
                let shown = String(decoding: bytes, as: UTF8.self)
                XCTAssertEqual(new, old, shown)
                XCTAssertEqual(newComplete, oldComplete, shown)
                hits += new.count
                if !newComplete { incomplete += 1 }
            }
        }
        // The generator reaches both answers and plenty of attributes.
        XCTAssertGreaterThan(hits, 10_000)
        XCTAssertGreaterThan(incomplete, 2_000)
        XCTAssertLessThan(incomplete, 18_000)
    }

    /// The generated pages of `OutputScanEquivalenceTests` (what `build` writes), cut at every
    /// byte position: the same hits and "complete" as the old tokenizer.
    func testTokenizerAgreesOnPagesCutAnywhere() {
        var generator = SplitMix64(seed: 66)
        for _ in 0..<150 {
            let bytes = Array(OutputScanEquivalenceTests.page(&generator, chunks: 1...8).utf8)
            for cut in 0...bytes.count {
                bytes.withUnsafeBufferPointer { all in
                    let buffer = UnsafeBufferPointer(rebasing: all[..<cut])
                    var new: [Hit] = [], old: [Hit] = []
                    let newComplete = HTMLScanner.scanRanges(buffer, wanted: HTMLScanner.linkWanted) { new.append(Hit($0)) }
                    let oldComplete = Reference.scanRanges(buffer, wanted: HTMLScanner.linkWanted) { old.append(Hit($0)) }
                    XCTAssertEqual(new, old)
                    XCTAssertEqual(newComplete, oldComplete)
                }
            }
        }
    }
}
