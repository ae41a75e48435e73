import Foundation

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
        // The same lookup for each ASCII character, done once.
        byFirstASCII = (0..<128).map { byte in byFirst[Character(Unicode.Scalar(UInt8(byte)))] ?? [] }
    }

    /// Phrases by their first (lower-cased) character when that is an ASCII character (as
    /// `byFirstCharacter`, indexed by byte).
    var byFirstASCII: [[Phrase]] = []

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
    func matchASCII(_ phrase: Phrase, in text: UnsafeBufferPointer<UInt8>, lowered: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard let p = phrase.ascii else { return nil }
        let n = text.count
        var j = start, k = 0
        while k < p.count {
            if p[k] == 0x20 {
                guard j < n, Self.isASCIIWhitespace(text[j]) else { return nil }
                while j < n && Self.isASCIIWhitespace(text[j]) { j += 1 }
                k += 1
                continue
            }
            if k == p.count - 1, p[k] == UInt8(ascii: "y"), !phrase.caseSensitive, j + 2 < n,
               lowered[j] == UInt8(ascii: "i"), lowered[j + 1] == UInt8(ascii: "e"), lowered[j + 2] == UInt8(ascii: "s") {
                let end = j + 3
                if end == n || !Self.isASCIIWordCharacter(text[end]) { return end }
            }
            guard j < n, (phrase.caseSensitive ? text[j] : lowered[j]) == p[k] else { return nil }
            j += 1
            k += 1
        }
        func boundary(_ end: Int) -> Bool { end == n || !Self.isASCIIWordCharacter(text[end]) }
        if boundary(j) { return j }
        guard phrase.endsWithLetter else { return nil }
        if j < n, text[j] == UInt8(ascii: "s") || (!phrase.caseSensitive && text[j] == UInt8(ascii: "S")), boundary(j + 1) { return j + 1 }
        if !phrase.caseSensitive, j + 1 < n, lowered[j] == UInt8(ascii: "e"), lowered[j + 1] == UInt8(ascii: "s"), boundary(j + 2) { return j + 2 }
        return nil
    }

    /// Two or more letters, all capitals: an acronym.
    static func isAcronym(_ text: String) -> Bool {
        let letters = text.filter(\.isLetter)
        return letters.count >= 2 && letters.allSatisfy(\.isUppercase)
    }

    static func lower(_ character: Character) -> Character {
        let lowered = character.lowercased()
        return lowered.count == 1 ? Character(lowered) : character
    }

    /// Characters that continue a word: a phrase must not start or end next to one.
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_"
    }

    /// The end (exclusive) of `phrase` matched at `start` in `text`, including a plural ending
    /// (`models`, `boxes`, `policies`, `LLMs`); nil when it does not match there as whole words.
    func match(_ phrase: Phrase, in text: [Character], lowered: [Character], at start: Int) -> Int? {
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
struct GlossaryLinker {
    let glossary: Glossary
    let site: Site
    /// Term pages already linked on this page.
    private(set) var linked: Set<Int> = []

    init(glossary: Glossary, site: Site) {
        self.glossary = glossary
        self.site = site
    }

    /// A link the writer made to a term's page counts as its linked mention: later mentions
    /// of that term on the page stay plain.
    mutating func noteExplicitLink(to target: LinkTarget) {
        if case .page(let index, _) = target, site.pages[index].frontMatter.term != nil { linked.insert(index) }
    }

    mutating func render(_ text: String, into out: inout String, page: Page) {
        guard !glossary.phrases.isEmpty, linked.count < glossary.entries.count else {
            out += HTML.escape(text)
            return
        }
        var text = text
        // ASCII without carriage returns (the usual case): one byte is one character.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            text.withUTF8 { renderASCII($0, into: &out, page: page) }
            return
        }
        renderCharacters(text, into: &out, page: page)
    }

    /// `render` by `Character`s: any text.
    mutating func renderCharacters(_ text: String, into out: inout String, page: Page) {
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
    mutating func renderASCII(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout String, page: Page) {
        let n = bytes.count
        let loweredArray = bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
        loweredArray.withUnsafeBufferPointer { lowered in
            var plainStart = 0
            var i = 0
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            while i < n {
                if i > 0 && Glossary.isASCIIWordCharacter(bytes[i - 1]) { i += 1; continue }
                let candidates = glossary.byFirstASCII[Int(lowered[i])]
                if candidates.isEmpty { i += 1; continue }
                var found: (phrase: Glossary.Phrase, end: Int)?
                for phrase in candidates {
                    if let end = glossary.matchASCII(phrase, in: bytes, lowered: lowered, at: i) {
                        found = (phrase, end)
                        break
                    }
                }
                guard let (phrase, end) = found else { i += 1; continue }
                if phrase.page != page.index && !linked.contains(phrase.page) {
                    if i > plainStart { out += HTML.escape(text(plainStart..<i)) }
                    let target = site.pages[phrase.page]
                    let href = URLPaths.relative(from: page.url, to: target.url)
                    let tooltip = target.summary.isEmpty ? (target.frontMatter.term ?? target.title) : target.summary
                    out += "<a class=\"term\" href=\"\(HTML.escape(href))\" title=\"\(HTML.escape(tooltip))\">"
                    out += HTML.escape(text(i..<end))
                    out += "</a>"
                    linked.insert(phrase.page)
                    plainStart = end
                }
                i = end
            }
            if n > plainStart { out += HTML.escape(text(plainStart..<n)) }
        }
    }
}
