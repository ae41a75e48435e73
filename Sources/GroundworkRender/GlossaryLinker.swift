import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Templating

/// The site's glossary: every page with a `term`, and the phrases that name it.
public struct Glossary: Sendable {
    public struct Phrase: Sendable {
        public var text: String
        public var page: Int
        /// The phrase as matched: lower-cased (unless `caseSensitive`), white space as one space.
        var characters: [Character]
        /// Acronyms (`RAG`, `RFT`) match only in capitals, so "rag" or "Rag" is never linked.
        var caseSensitive: Bool
        /// `characters` as the ASCII bytes equal to them, for matching ASCII text by bytes;
        /// nil when a character equals no ASCII character (the phrase never matches ASCII text).
        var ascii: [UInt8]?
        /// Whether the last character is a letter (plural endings apply).
        var endsWithLetter: Bool
    }
    /// Phrases (terms and their `also_known_as`), longest first so "fine-tuning" beats "tuning".
    public var phrases: [Phrase]
    /// Term pages, sorted by term.
    public var entries: [Int]
    /// Phrases by their first (lower-cased) character, longest first.
    var byFirstCharacter: [Character: [Phrase]]

    public init(site: Site) {
        var phrases: [Phrase] = []
        var entries: [Int] = []
        for page in site.pages {
            guard let term = page.frontMatter.term else { continue }
            entries.append(page.index)
            var seen: Set<String> = []
            for raw in [term] + page.frontMatter.alsoKnownAs {
                let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty, seen.insert(text).inserted else { continue }
                let caseSensitive = Self.isAcronym(text)
                var characters: [Character] = []
                for character in text {
                    if character.isWhitespace {
                        if characters.last != " " { characters.append(" ") }
                    } else {
                        characters.append(caseSensitive ? character : Self.lower(character))
                    }
                }
                phrases.append(Phrase(text: text, page: page.index, characters: characters, caseSensitive: caseSensitive,
                                      ascii: Self.asciiForm(characters), endsWithLetter: characters.last?.isLetter == true))
            }
        }
        self.phrases = phrases.sorted { ($0.characters.count, $1.text) > ($1.characters.count, $0.text) }
        self.entries = entries.sorted {
            let a = (site.pages[$0].frontMatter.term ?? "").lowercased(), b = (site.pages[$1].frontMatter.term ?? "").lowercased()
            return a != b ? a < b : $0 < $1
        }
        var byFirst: [Character: [Phrase]] = [:]
        for phrase in self.phrases {
            guard let first = phrase.characters.first else { continue }
            byFirst[Self.lower(first), default: []].append(phrase)
        }
        byFirstCharacter = byFirst
        // The same lookup for each ASCII character, done once, into flat tables of plain
        // values (no reference counting while matching).
        var bytes: [UInt8] = []
        var flat: [ASCIIPhrase] = []
        var ranges: [Range<Int>] = []
        for byte in 0..<128 {
            let start = flat.count
            for phrase in byFirst[Character(Unicode.Scalar(UInt8(byte)))] ?? [] {
                guard let ascii = phrase.ascii else { continue }  // never matches ASCII text
                let (prefix, mask) = Self.literalPrefix(ascii, caseSensitive: phrase.caseSensitive)
                flat.append(ASCIIPhrase(start: bytes.count, count: ascii.count, caseSensitive: phrase.caseSensitive,
                                        endsWithLetter: phrase.endsWithLetter, page: phrase.page, prefix: prefix, mask: mask))
                bytes += ascii
            }
            ranges.append(start..<flat.count)
        }
        let asciiBytes = bytes
        let asciiPhrases = flat
        let asciiCandidates = ranges
        // A cheap filter before matching: the (lower-cased) characters that can follow each
        // first character in some phrase. A superset: it only skips places where no phrase
        // can match.
        var second = Array(repeating: (UInt64(0), UInt64(0)), count: 128)
        var anyShort = Array(repeating: false, count: 128)
        func allow(_ first: Int, _ byte: UInt8) {
            let b = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if b < 64 { second[first].0 |= 1 << UInt64(b) } else if b < 128 { second[first].1 |= 1 << UInt64(b - 64) }
        }
        for first in 0..<128 {
            for k in ranges[first] {
                let phrase = flat[k]
                guard phrase.count >= 2 else { anyShort[first] = true; continue }
                let next = bytes[phrase.start + 1]
                if next == 0x20 {
                    for w: UInt8 in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20] { allow(first, w) }
                } else {
                    allow(first, next)
                }
                // "policy" → "policies": the `y` of a two-letter phrase may be an `i`.
                if phrase.count == 2, next == UInt8(ascii: "y") { allow(first, UInt8(ascii: "i")) }
            }
        }
        ascii = ASCIITables(candidates: asciiCandidates, phrases: asciiPhrases, bytes: asciiBytes, second: second, hasShort: anyShort)
    }

    /// The phrases as tables for ASCII text, in one object (copying the glossary into each
    /// page's linker then retains one reference, not five arrays).
    final class ASCIITables: Sendable {
        /// `byFirstCharacter` for each ASCII character, in the same order: ranges of `phrases`.
        let candidates: [Range<Int>]
        let phrases: [ASCIIPhrase]
        let bytes: [UInt8]
        /// For each first character: the characters that may follow it, as a 128-bit set.
        let second: [(UInt64, UInt64)]
        /// For each first character: whether a one-character phrase starts with it.
        let hasShort: [Bool]

        init(candidates: [Range<Int>], phrases: [ASCIIPhrase], bytes: [UInt8], second: [(UInt64, UInt64)], hasShort: [Bool]) {
            self.candidates = candidates
            self.phrases = phrases
            self.bytes = bytes
            self.second = second
            self.hasShort = hasShort
        }
    }
    var ascii: ASCIITables



    /// A phrase that can match ASCII text: its bytes in `ascii.bytes`.
    struct ASCIIPhrase: Sendable {
        var start: Int
        var count: Int
        var caseSensitive: Bool
        var endsWithLetter: Bool
        var page: Int
        /// The phrase's first bytes that the text must repeat exactly (lower-cased unless
        /// `caseSensitive`), little-endian in a word, and the mask of those bytes: a match
        /// needs `text word & mask == prefix`, which rules most candidates out with one
        /// comparison before `matchASCII` (see `literalPrefix`).
        var prefix: UInt64 = 0
        var mask: UInt64 = 0
    }

    /// `ASCIIPhrase.prefix` and `mask` of a phrase's bytes: its bytes up to eight, stopping
    /// before a space (one or more white-space characters of any kind match it) and before a
    /// final `y` of a phrase that is not case-sensitive (`policies` matches `policy`). Up to
    /// there `matchASCII` compares byte `k` of the phrase with byte `start + k` of the text.
    static func literalPrefix(_ ascii: [UInt8], caseSensitive: Bool) -> (prefix: UInt64, mask: UInt64) {
        var prefix: UInt64 = 0, mask: UInt64 = 0
        for (k, byte) in ascii.prefix(8).enumerated() {
            if byte == 0x20 { break }
            if k == ascii.count - 1, byte == UInt8(ascii: "y"), !caseSensitive { break }
            prefix |= UInt64(byte) << UInt64(8 * k)
            mask |= 0xFF << UInt64(8 * k)
        }
        return (prefix, mask)
    }

    /// The eight bytes of `text` from `start` (zero bytes past its end), as loaded for
    /// `ASCIIPhrase.prefix`, and the same with capitals lower-cased. ASCII text only.
    @inline(__always)
    static func words(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (raw: UInt64, lowered: UInt64) {
        var raw: UInt64 = 0
        if start + 8 <= text.count {
            raw = UnsafeRawPointer(text.baseAddress! + start).loadUnaligned(as: UInt64.self).littleEndian
        } else {
            for k in 0..<(text.count - start) { raw |= UInt64(text[start + k]) << UInt64(8 * k) }
        }
        // Each byte is below 0x80: adding 0x3F sets its high bit from `A` up, adding 0x25
        // from `[` up, and no sum carries into the next byte. 0x80 >> 2 is the 0x20 of lower case.
        let high: UInt64 = 0x8080_8080_8080_8080
        let upper = (raw &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(raw &+ 0x2525_2525_2525_2525) & high
        return (raw, raw | (upper >> 2))
    }

    /// The ASCII bytes equal to each character (`Character` equality, so a character
    /// canonically equivalent to an ASCII one counts), or nil.
    static func asciiForm(_ characters: [Character]) -> [UInt8]? {
        var bytes: [UInt8] = []
        for character in characters {
            if let ascii = character.asciiValue, character.unicodeScalars.count == 1 {
                bytes.append(ascii)
            } else if let byte = (0..<128).first(where: { Character(Unicode.Scalar(UInt8($0))) == character }) {
                bytes.append(UInt8(byte))
            } else {
                return nil
            }
        }
        return bytes
    }

    static func isASCIIWhitespace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    static func isASCIIWordCharacter(_ b: UInt8) -> Bool {
        (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
    }

    /// `match` for ASCII text without carriage returns, where characters are bytes.
    static func matchASCII(_ phrase: ASCIIPhrase, _ p: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>,
                           at start: Int) -> Int? {
        let n = text.count
        @inline(__always) func lowered(_ j: Int) -> UInt8 {
            let b = text[j]
            return b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        }
        var j = start, k = 0
        while k < p.count {
            if p[k] == 0x20 {
                guard j < n, Self.isASCIIWhitespace(text[j]) else { return nil }
                while j < n && Self.isASCIIWhitespace(text[j]) { j += 1 }
                k += 1
                continue
            }
            if k == p.count - 1, p[k] == UInt8(ascii: "y"), !phrase.caseSensitive, j + 2 < n,
               lowered(j) == UInt8(ascii: "i"), lowered(j + 1) == UInt8(ascii: "e"), lowered(j + 2) == UInt8(ascii: "s") {
                let end = j + 3
                if end == n || !Self.isASCIIWordCharacter(text[end]) { return end }
            }
            guard j < n, (phrase.caseSensitive ? text[j] : lowered(j)) == p[k] else { return nil }
            j += 1
            k += 1
        }
        func boundary(_ end: Int) -> Bool { end == n || !isASCIIWordCharacter(text[end]) }
        if boundary(j) { return j }
        guard phrase.endsWithLetter else { return nil }
        if j < n, text[j] == UInt8(ascii: "s") || (!phrase.caseSensitive && text[j] == UInt8(ascii: "S")), boundary(j + 1) { return j + 1 }
        if !phrase.caseSensitive, j + 1 < n, lowered(j) == UInt8(ascii: "e"), lowered(j + 1) == UInt8(ascii: "s"), boundary(j + 2) { return j + 2 }
        return nil
    }

    /// Two or more letters, all capitals: an acronym.
    static func isAcronym(_ text: String) -> Bool {
        let letters = text.filter(\.isLetter)
        return letters.count >= 2 && letters.allSatisfy(\.isUppercase)
    }

    package static func lower(_ character: Character) -> Character {
        let lowered = character.lowercased()
        return lowered.count == 1 ? Character(lowered) : character
    }

    /// Characters that continue a word: a phrase must not start or end next to one.
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_"
    }

    /// The end (exclusive) of `phrase` matched at `start` in `text`, including a plural ending
    /// (`models`, `boxes`, `policies`, `LLMs`); nil when it does not match there as whole words.
    package func match(_ phrase: Phrase, in text: [Character], lowered: [Character], at start: Int) -> Int? {
        let p = phrase.characters
        var j = start, k = 0
        while k < p.count {
            if p[k] == " " {
                guard j < text.count, text[j].isWhitespace else { return nil }
                while j < text.count && text[j].isWhitespace { j += 1 }
                k += 1
                continue
            }
            // "policy" → "policies".
            if k == p.count - 1, p[k] == "y", !phrase.caseSensitive, j + 2 < text.count,
               lowered[j] == "i", lowered[j + 1] == "e", lowered[j + 2] == "s" {
                let end = j + 3
                if end == text.count || !Self.isWordCharacter(text[end]) { return end }
            }
            guard j < text.count, (phrase.caseSensitive ? text[j] : lowered[j]) == p[k] else { return nil }
            j += 1
            k += 1
        }
        func boundary(_ end: Int) -> Bool { end == text.count || !Self.isWordCharacter(text[end]) }
        if boundary(j) { return j }
        guard p.last?.isLetter == true else { return nil }
        // Plural endings: "s" after anything, "es" after a letter (not for acronyms).
        if j < text.count, text[j] == "s" || (!phrase.caseSensitive && text[j] == "S"), boundary(j + 1) { return j + 1 }
        if !phrase.caseSensitive, j + 1 < text.count, lowered[j] == "e", lowered[j + 1] == "s", boundary(j + 2) { return j + 2 }
        return nil
    }
}

/// Links the first mention of each glossary term on a page to its definition, with the
/// term's summary as a tooltip. Text is escaped as it is written.
///
/// A mention is a term or one of its `also_known_as`, matched case-insensitively (acronyms
/// only in capitals), as whole words, across line breaks, with a plural ending. At each
/// position the longest phrase wins and is consumed whole, so "reinforcement fine-tuning"
/// never links its "fine-tuning" part. A page never links to itself. The caller passes only
/// text outside headings, links and code.
package struct GlossaryLinker {
    package let glossary: Glossary
    package let site: Site
    /// Term pages already linked on this page.
    private(set) var linked: Set<Int> = []

    package init(glossary: Glossary, site: Site) {
        self.glossary = glossary
        self.site = site
    }

    /// A link the writer made to a term's page counts as its linked mention: later mentions
    /// of that term on the page stay plain.
    mutating func noteExplicitLink(to target: LinkTarget) {
        if case .page(let index, _) = target, site.pages[index].frontMatter.term != nil { linked.insert(index) }
    }

    package mutating func render(_ text: String, into out: inout String, page: Page) {
        guard !glossary.phrases.isEmpty, linked.count < glossary.entries.count else {
            out += HTML.escape(text)
            return
        }
        var text = text
        // ASCII without carriage returns (the usual case): one byte is one character.
        // Only the page's index and URL go into the closure (capturing the page copies it).
        let (pageIndex, pageURL) = (page.index, page.url)
        let ascii = text.withUTF8 { bytes in
            guard Self.isASCIIWithoutCR(bytes) else { return false }
            renderASCII(bytes, into: &out, pageIndex: pageIndex, pageURL: pageURL)
            return true
        }
        if !ascii { renderCharacters(text, into: &out, page: page) }
    }

    /// Whether every byte is ASCII and none is a carriage return, eight bytes at a time.
    static func isASCIIWithoutCR(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var k = 0
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101, cr: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        while k + 8 <= n {
            let word = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
            let x = word ^ cr  // a zero byte where there is a CR
            if word & high != 0 || (x &- ones) & ~x & high != 0 { return false }
            k += 8
        }
        while k < n {
            if base[k] >= 0x80 || base[k] == 0x0D { return false }
            k += 1
        }
        return true
    }

    /// `render` by `Character`s: any text.
    package mutating func renderCharacters(_ text: String, into out: inout String, page: Page) {
        let characters = Array(text)
        let lowered = characters.map(Glossary.lower)
        var plainStart = 0
        var i = 0
        func flush(upTo end: Int) {
            if end > plainStart { out += HTML.escape(String(characters[plainStart..<end])) }
        }
        while i < characters.count {
            if i > 0 && Glossary.isWordCharacter(characters[i - 1]) { i += 1; continue }
            guard let candidates = glossary.byFirstCharacter[lowered[i]] else { i += 1; continue }
            var found: (phrase: Glossary.Phrase, end: Int)?
            for phrase in candidates {
                if let end = glossary.match(phrase, in: characters, lowered: lowered, at: i) {
                    found = (phrase, end)
                    break
                }
            }
            guard let (phrase, end) = found else { i += 1; continue }
            if phrase.page != page.index && !linked.contains(phrase.page) {
                flush(upTo: i)
                let target = site.pages[phrase.page]
                let href = URLPaths.relative(from: page.url, to: target.url)
                let tooltip = target.summary.isEmpty ? (target.frontMatter.term ?? target.title) : target.summary
                out += "<a class=\"term\" href=\"\(HTML.escape(href))\" title=\"\(HTML.escape(tooltip))\">"
                out += HTML.escape(String(characters[i..<end]))
                out += "</a>"
                linked.insert(phrase.page)
                plainStart = end
            }
            i = end
        }
        flush(upTo: characters.count)
    }

    /// `render` for ASCII text without carriage returns, over its bytes; the same decisions.
    /// Every byte must be below 0x80 (`isASCIIWithoutCR`): `Glossary.words` lower-cases eight at a time.
    package mutating func renderASCII(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout String, page: Page) {
        renderASCII(bytes, into: &out, pageIndex: page.index, pageURL: page.url)
    }

    package mutating func renderASCII(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout String, pageIndex: Int, pageURL: String) {
        let n = bytes.count
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b }
        let tables = glossary.ascii
        var linked = self.linked
        defer { self.linked = linked }
        // The tables as plain buffers for the whole run (no reference counting per character).
        tables.candidates.withUnsafeBufferPointer { candidatesByFirst in
        tables.hasShort.withUnsafeBufferPointer { hasShort in
        tables.second.withUnsafeBufferPointer { second in
        tables.phrases.withUnsafeBufferPointer { phrases in
        tables.bytes.withUnsafeBufferPointer { phraseBytes in
        asciiWordCharacters.withUnsafeBufferPointer { isWord in
            var plainStart = 0
            var i = 0
            while i < n {
                if i > 0 && isWord[Int(bytes[i - 1])] { i += 1; continue }
                let first = Int(lower(bytes[i]))
                let candidates = candidatesByFirst[first]
                if candidates.isEmpty { i += 1; continue }
                if i + 1 < n, !hasShort[first] {
                    // Can some phrase starting with this character continue with the next one?
                    let next = lower(bytes[i + 1])
                    let set = second[first]
                    let allowed = next < 64 ? set.0 & (1 << UInt64(next)) != 0 : (next < 128 && set.1 & (1 << UInt64(next - 64)) != 0)
                    if !allowed { i += 1; continue }
                }
                var found: (phrase: Glossary.ASCIIPhrase, end: Int)?
                let (raw, lowered) = Glossary.words(bytes, at: i)
                for k in candidates {
                    let phrase = phrases[k]
                    // Most candidates differ in their first bytes: ruled out without a call.
                    guard (phrase.caseSensitive ? raw : lowered) & phrase.mask == phrase.prefix else { continue }
                    let p = UnsafeBufferPointer(rebasing: phraseBytes[phrase.start..<(phrase.start + phrase.count)])
                    if let end = Glossary.matchASCII(phrase, p, in: bytes, at: i) {
                        found = (phrase, end)
                        break
                    }
                }
                guard let (phrase, end) = found else { i += 1; continue }
                if phrase.page != pageIndex && !linked.contains(phrase.page) {
                    if i > plainStart { HTMLEscape.escape(UnsafeBufferPointer(rebasing: bytes[plainStart..<i]), into: &out) }
                    let target = site.pages[phrase.page]
                    let href = URLPaths.relative(from: pageURL, to: target.url)
                    let tooltip = target.summary.isEmpty ? (target.frontMatter.term ?? target.title) : target.summary
                    out += "<a class=\"term\" href=\"\(HTML.escape(href))\" title=\"\(HTML.escape(tooltip))\">"
                    HTMLEscape.escape(UnsafeBufferPointer(rebasing: bytes[i..<end]), into: &out)
                    out += "</a>"
                    linked.insert(phrase.page)
                    plainStart = end
                }
                i = end
            }
            if n > plainStart { HTMLEscape.escape(UnsafeBufferPointer(rebasing: bytes[plainStart..<n]), into: &out) }
        }
        }
        }
        }
        }
        }
    }
}

/// `Glossary.isASCIIWordCharacter` for every byte, as one load.
private let asciiWordCharacters: [Bool] = (0..<256).map { Glossary.isASCIIWordCharacter(UInt8($0)) }
