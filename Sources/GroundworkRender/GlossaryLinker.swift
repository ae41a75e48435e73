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
    /// For each page of the site, its term's index in `entries`, or -1 (not a term page).
    let termOfPage: [Int32]

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
        var termOfPage = [Int32](repeating: -1, count: site.pages.count)
        for (term, page) in self.entries.enumerated() { termOfPage[page] = Int32(term) }
        self.termOfPage = termOfPage
        ascii = ASCIITables(phrases: self.phrases, terms: self.phrases.map { Int(termOfPage[$0.page]) }, termCount: self.entries.count,
                            tooltips: self.phrases.map { phrase in
            let target = site.pages[phrase.page]
            return HTML.escape(target.summary.isEmpty ? (target.frontMatter.term ?? target.title) : target.summary)
        })
    }

    /// The phrases that can match ASCII text, as a trie over their bytes with capitals
    /// folded to lower case and a space standing for any run of white space, so that one
    /// walk from a word start finds every phrase that may match there (`longestMatch`).
    /// Tables of plain values behind pointers, made once per glossary and never changed:
    /// matching reads them without reference counting or bounds checks.
    final class ASCIITables: @unchecked Sendable {
        /// The phrases with an ASCII form, in `Glossary.phrases` order: a smaller index wins.
        let phrases: UnsafeMutableBufferPointer<ASCIIPhrase>
        /// Their bytes (`ASCIIPhrase.start`, `count`).
        let bytes: UnsafeMutableBufferPointer<UInt8>
        /// For each phrase, its page's tooltip (summary, else term, else title), escaped.
        let tooltips: [String]
        /// For each byte below 0x80, its column in `transitions`: capitals share their lower
        /// case letter's, the six white-space bytes share the space's, and 0 is for bytes in no phrase.
        let columns: UnsafeMutableBufferPointer<UInt8>
        let columnCount: Int
        /// The column of white space (0 when no phrase has a space).
        let spaceColumn: UInt8
        /// `transitions[node * columnCount + column]`: the next node, 0 for none (node 0 is the root).
        let transitions: UnsafeMutableBufferPointer<Int32>
        let nodes: UnsafeMutableBufferPointer<Node>
        /// For each node, whether its `Node` lists any phrase (most do not).
        let listed: UnsafeMutableBufferPointer<Bool>
        /// Phrase indices, ascending within each node's ranges (`Node`).
        let lists: UnsafeMutableBufferPointer<Int32>
        /// For each byte: `wordCharacter` (continues a word), else `separator`, plus
        /// `escaped` for `& < > " '`, which HTML needs written as entities.
        let kinds: UnsafeMutableBufferPointer<UInt8>
        static let separator: UInt8 = 1, escaped: UInt8 = 2
        /// For each node, the terms that a walk through it may still have to do with (`TermMask`):
        /// those of the phrases through it, and every term that could start inside a match of
        /// one of those, and so on (`reach`). A word start whose walk reaches a node with none of
        /// them live is passed over as if nothing matched there (see `longestMatch`).
        let relevant: UnsafeMutableBufferPointer<TermMask>
        /// For each phrase, its term's `reach`.
        let phraseReach: UnsafeMutableBufferPointer<TermMask>
        /// Where a phrase may have matched, found a byte at a time (nil for very large glossaries).
        let automaton: Automaton?

        /// A trie node: the phrases whose bytes end here (`accepts`), and those whose last
        /// byte, a `y` that may be written `ies` (`policies`), would be the next one (`ies`):
        /// ranges of `lists`.
        struct Node {
            var acceptStart: Int32 = 0, acceptEnd: Int32 = 0
            var iesStart: Int32 = 0, iesEnd: Int32 = 0
        }

        init(phrases all: [Phrase], terms allTerms: [Int], termCount: Int, tooltips allTooltips: [String]) {
            var phrases: [ASCIIPhrase] = [], bytes: [UInt8] = [], tooltips: [String] = []
            for ((phrase, term), tooltip) in zip(zip(all, allTerms), allTooltips) {
                guard let ascii = phrase.ascii else { continue }  // never matches ASCII text
                phrases.append(ASCIIPhrase(start: bytes.count, count: ascii.count, caseSensitive: phrase.caseSensitive,
                                           endsWithLetter: phrase.endsWithLetter, page: phrase.page, term: term))
                bytes += ascii
                tooltips.append(tooltip)
            }
            func folded(_ b: UInt8) -> UInt8 { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b }
            // Columns: one per folded byte that some phrase uses.
            var columnOfByte = [UInt8](repeating: 0, count: 128)
            var columnCount = 1
            for byte in bytes where columnOfByte[Int(folded(byte))] == 0 {
                columnOfByte[Int(folded(byte))] = UInt8(columnCount)
                columnCount += 1
            }
            let spaceColumn = columnOfByte[0x20]
            var columns = [UInt8](repeating: 0, count: 128)
            for byte in 0..<128 {
                columns[byte] = Glossary.isASCIIWhitespace(UInt8(byte)) ? spaceColumn : columnOfByte[Int(folded(UInt8(byte)))]
            }
            let reach = Self.reach(phrases: phrases, bytes: bytes, termCount: termCount)
            // The trie, phrase by phrase in order, so each node's lists come out ascending.
            var children: [[Int32]] = [Array(repeating: 0, count: columnCount)]
            var accepts: [[Int32]] = [[]], ies: [[Int32]] = [[]]
            var relevant: [TermMask] = [0]
            for (index, phrase) in phrases.enumerated() {
                var node = 0
                for k in 0..<phrase.count {
                    let byte = bytes[phrase.start + k]
                    // Not for the phrase "y" itself: phrases are tried by their first character
                    // (`byFirstCharacter`), so "ies" is never tried as "y".
                    if k > 0, k == phrase.count - 1, byte == UInt8(ascii: "y"), !phrase.caseSensitive { ies[node].append(Int32(index)) }
                    let column = Int(columnOfByte[Int(folded(byte))])
                    if children[node][column] == 0 {
                        children[node][column] = Int32(children.count)
                        children.append(Array(repeating: 0, count: columnCount))
                        accepts.append([])
                        ies.append([])
                        relevant.append(0)
                    }
                    node = Int(children[node][column])
                    relevant[node] |= reach[index]
                }
                accepts[node].append(Int32(index))
            }
            var nodes: [Node] = [], lists: [Int32] = []
            for (accept, ie) in zip(accepts, ies) {
                var node = Node()
                node.acceptStart = Int32(lists.count); lists += accept; node.acceptEnd = Int32(lists.count)
                node.iesStart = Int32(lists.count); lists += ie; node.iesEnd = Int32(lists.count)
                nodes.append(node)
            }
            let kinds = (0..<256).map { (byte: Int) -> UInt8 in
                let b = UInt8(byte)
                if Glossary.isASCIIWordCharacter(b) { return 0 }
                return b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 ? Self.separator | Self.escaped : Self.separator
            }
            func copy<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(values.count, 1))
                _ = buffer.initialize(from: values)
                return UnsafeMutableBufferPointer(rebasing: buffer[0..<values.count])
            }
            self.phrases = copy(phrases)
            self.bytes = copy(bytes)
            self.tooltips = tooltips
            self.columns = copy(columns)
            self.columnCount = columnCount
            self.spaceColumn = spaceColumn
            self.transitions = copy(children.flatMap { $0 })
            self.nodes = copy(nodes)
            self.listed = copy(nodes.map { $0.acceptStart < $0.acceptEnd || $0.iesStart < $0.iesEnd })
            self.lists = copy(lists)
            self.kinds = copy(kinds)
            self.relevant = copy(relevant)
            self.phraseReach = copy(reach)
            let listed = nodes.map { $0.acceptStart < $0.acceptEnd || $0.iesStart < $0.iesEnd }
            self.automaton = Automaton(transitions: children.flatMap { $0 }, columns: columns, columnCount: columnCount,
                                       spaceColumn: spaceColumn, listed: listed, relevant: relevant)
        }

        /// For each phrase, the terms a walk that finds it may have to do with: its own, and
        /// every term with a phrase that could start at a word start inside a match of it
        /// (a match consumes its text, so such a phrase is not tried there), and so on. All
        /// terms when there are more than `TermMask` has bits.
        ///
        /// "Could start inside": the text of a match repeats the phrase's bytes (capitals
        /// folded, a white-space run where it has a space) but for its last byte and a plural
        /// ending, so a word start inside it is after a byte of the phrase that ends a word,
        /// and the phrase there must agree with the bytes after it up to the last one (what
        /// follows is unknown, so anything agrees).
        static func reach(phrases: [ASCIIPhrase], bytes: [UInt8], termCount: Int) -> [TermMask] {
            guard termCount <= TermMask.bitWidth else { return Array(repeating: ~0, count: phrases.count) }
            func folded(_ b: UInt8) -> UInt8 { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b }
            func canStart(_ q: ASCIIPhrase, inside p: ASCIIPhrase) -> Bool {
                for w in 1..<max(p.count, 1) where !Glossary.isASCIIWordCharacter(bytes[p.start + w - 1]) {
                    var agrees = true
                    for k in 0..<min(q.count, p.count - 1 - w) where folded(bytes[q.start + k]) != folded(bytes[p.start + w + k]) {
                        agrees = false
                        break
                    }
                    if agrees { return true }
                }
                return false
            }
            // The terms that can start inside a match of each term's phrases, then their closure.
            var inside = [TermMask](repeating: 0, count: termCount)
            for p in phrases {
                for q in phrases where canStart(q, inside: p) { inside[p.term] |= 1 << q.term }
            }
            var reach = (0..<termCount).map { TermMask(1) << $0 | inside[$0] }
            var changed = true
            while changed {
                changed = false
                for t in 0..<termCount {
                    var grown = reach[t]
                    for s in 0..<termCount where reach[t] & (1 << s) != 0 { grown |= reach[s] }
                    if grown != reach[t] { reach[t] = grown; changed = true }
                }
            }
            return phrases.map { reach[$0.term] }
        }

        deinit {
            phrases.baseAddress?.deallocate()
            bytes.baseAddress?.deallocate()
            columns.baseAddress?.deallocate()
            transitions.baseAddress?.deallocate()
            nodes.baseAddress?.deallocate()
            listed.baseAddress?.deallocate()
            lists.baseAddress?.deallocate()
            kinds.baseAddress?.deallocate()
            relevant.baseAddress?.deallocate()
            phraseReach.baseAddress?.deallocate()
        }

        /// The phrase that matches at `start` in `text` (all bytes below 0x80), as
        /// `Glossary.matchASCII` decides, with the smallest index, and its end; nil when none does.
        ///
        /// Walks the trie along the text from `start`. A phrase that matches there has its
        /// bytes along that walk (then plural endings follow), or its last `y` is met by an `i`
        /// (`ies`); so the phrases listed at the nodes passed are the only ones to try.
        ///
        /// Nil too, whatever matches, when every phrase that could be the answer is of a term
        /// not in `live`, nor is any term in its `reach`: the caller then goes on as if nothing
        /// matched (not consuming the match), which links exactly what consuming it would have.
        /// A match's consumption only matters for phrases that could start inside it; those
        /// are in its reach, and all dead, as is whatever could start inside them. So nothing
        /// the caller finds instead is a link, and the walks of both ways meet again after it.
        @inline(__always)
        func longestMatch(in text: UnsafeBufferPointer<UInt8>, at start: Int, live: TermMask) -> (phrase: Int, end: Int)? {
            let n = text.count
            // The first step: the root lists no phrase (none is empty, and see `ies` in init)
            // and has no space, so most word starts end here.
            var node = Int(transitions[Int(columns[Int(text[start])])])
            if node == 0 || relevant[node] & live == 0 { return nil }
            var j = start + 1
            var best = Int32.max, bestEnd = 0
            // The phrases listed at a node, in order, until one matches. The walk has compared
            // a phrase's bytes up to `j` as `matchASCII` does for phrases that are not
            // case-sensitive; only its ending is left to check. Acronyms are compared as written.
            @inline(__always) func tryList(_ from: Int32, _ to: Int32, ies: Bool) {
                var q = from
                while q < to {
                    let index = lists[Int(q)]
                    if index >= best { return }  // the lists ascend: no better one follows
                    let phrase = phrases[Int(index)]
                    let end: Int?
                    if phrase.caseSensitive {
                        let p = UnsafeBufferPointer(rebasing: bytes[phrase.start..<(phrase.start + phrase.count)])
                        end = Glossary.matchASCII(phrase, p, in: text, at: start)
                    } else if ies {
                        end = Glossary.iesEnding(in: text, at: j)
                    } else {
                        end = Glossary.ending(in: text, at: j, endsWithLetter: phrase.endsWithLetter)
                    }
                    if let end {
                        best = index
                        bestEnd = end
                        return
                    }
                    q += 1
                }
            }
            while true {
                if listed[node] {
                    let info = nodes[node]
                    if info.acceptStart < info.acceptEnd { tryList(info.acceptStart, info.acceptEnd, ies: false) }
                    if info.iesStart < info.iesEnd, j < n, text[j] | 0x20 == UInt8(ascii: "i") { tryList(info.iesStart, info.iesEnd, ies: true) }
                }
                guard j < n else { break }
                let column = columns[Int(text[j])]
                // Column 0 (a byte in no phrase) has no transitions.
                let next = transitions[node * columnCount + Int(column)]
                if next == 0 { break }
                // Past here only phrases of dead terms, and the one found (if any) is dead too.
                if relevant[Int(next)] & live == 0, best == Int32.max || phraseReach[Int(best)] & live == 0 { return nil }
                j += 1
                if column == spaceColumn {
                    while j < n && Glossary.isASCIIWhitespace(text[j]) { j += 1 }
                }
                node = Int(next)
            }
            return best == Int32.max ? nil : (Int(best), bestEnd)
        }
    }
    let ascii: ASCIITables

    /// A phrase that can match ASCII text: its bytes in `ascii.bytes`.
    struct ASCIIPhrase: Sendable {
        var start: Int
        var count: Int
        var caseSensitive: Bool
        var endsWithLetter: Bool
        var page: Int
        /// Its term's index in `entries`.
        var term: Int
    }

    /// A set of terms (indices in `entries`), one bit each, for glossaries of up to 64 terms;
    /// larger ones use all bits for every term (nothing is ever passed over).
    typealias TermMask = UInt64

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

    /// The end of a match of a phrase that is not case-sensitive, whose bytes the text
    /// repeats up to `j`: `j` at a word boundary, else after a plural `s` or `es` (phrases
    /// ending in a letter); nil when none. The same rules as the end of `matchASCII`.
    @inline(__always)
    static func ending(in text: UnsafeBufferPointer<UInt8>, at j: Int, endsWithLetter: Bool) -> Int? {
        let n = text.count
        @inline(__always) func boundary(_ end: Int) -> Bool { end == n || !isASCIIWordCharacter(text[end]) }
        if boundary(j) { return j }
        guard endsWithLetter else { return nil }
        if text[j] | 0x20 == UInt8(ascii: "s"), boundary(j + 1) { return j + 1 }
        if j + 1 < n, text[j] | 0x20 == UInt8(ascii: "e"), text[j + 1] | 0x20 == UInt8(ascii: "s"), boundary(j + 2) { return j + 2 }
        return nil
    }

    /// The end of a match of a phrase that is not case-sensitive, whose bytes the text
    /// repeats up to its final `y`, which is at `j` written `ies` (`policies`); nil when the
    /// text has no `ies` there followed by a word boundary. As in `matchASCII`.
    @inline(__always)
    static func iesEnding(in text: UnsafeBufferPointer<UInt8>, at j: Int) -> Int? {
        let n = text.count
        guard j + 2 < n, text[j] | 0x20 == UInt8(ascii: "i"), text[j + 1] | 0x20 == UInt8(ascii: "e"),
              text[j + 2] | 0x20 == UInt8(ascii: "s") else { return nil }
        return j + 3 == n || !isASCIIWordCharacter(text[j + 3]) ? j + 3 : nil
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
    /// The site's pages (what the linker reads of the site: term pages' URLs and terms). Not
    /// the whole `Site`: the linker is passed by value to its non-inlined methods, and a
    /// `Site` inside made each such call copy ~530 bytes (issue 21, perfbody5).
    private let pages: [Page]
    /// Term pages already linked on this page, as terms (`Glossary.TermMask`), for glossaries
    /// that fit one: a bit test where a `Set<Int>` was hashed at every link (issue 21).
    private var linkedTerms: Glossary.TermMask = 0
    /// Term pages already linked on this page, for glossaries with more terms than a mask holds.
    private var linkedBeyondMask: Set<Int> = []
    /// How many term pages are linked on this page.
    private var linkedCount = 0
    /// `glossary.ascii`, which `glossary` (a `let`) keeps alive as long as this linker: what
    /// `renderASCII` borrows for each text run without retaining it.
    private let unretainedTables: Unmanaged<Glossary.ASCIITables>

    /// Term pages already linked on this page.
    var linked: Set<Int> {
        guard fitsMask else { return linkedBeyondMask }
        return Set(glossary.entries.indices.filter { linkedTerms & (1 << $0) != 0 }.map { glossary.entries[$0] })
    }

    /// Whether every term has a bit of `linkedTerms`.
    private var fitsMask: Bool { glossary.entries.count <= Glossary.TermMask.bitWidth }

    /// Whether the term page `page` is linked on this page already.
    private func isLinked(_ page: Int) -> Bool {
        guard fitsMask else { return linkedBeyondMask.contains(page) }
        let term = glossary.termOfPage[page]
        return term >= 0 && linkedTerms & (1 << term) != 0
    }

    package init(glossary: Glossary, site: Site) {
        self.glossary = glossary
        self.pages = site.pages
        unretainedTables = Unmanaged.passUnretained(glossary.ascii)
    }

    /// A link the writer made to a term's page counts as its linked mention: later mentions
    /// of that term on the page stay plain.
    mutating func noteExplicitLink(to target: LinkTarget) {
        if case .page(let index, _) = target, pages[index].frontMatter.term != nil { noteLinked(index) }
    }

    /// Notes the term page `page` (`termOfPage[page] >= 0`) as linked on this page.
    private mutating func noteLinked(_ page: Int) {
        guard !isLinked(page) else { return }
        linkedCount += 1
        if fitsMask {
            linkedTerms |= 1 << glossary.termOfPage[page]
        } else {
            linkedBeyondMask.insert(page)
        }
    }

    /// The terms that may still be linked on the page at `pageIndex`: not linked yet and not
    /// its own. Every term when the glossary has too many for a mask.
    @inline(__always)
    func liveTerms(pageIndex: Int) -> Glossary.TermMask {
        let count = glossary.entries.count
        guard count <= Glossary.TermMask.bitWidth else { return ~0 }
        let all: Glossary.TermMask = count == Glossary.TermMask.bitWidth ? ~0 : (1 << count) - 1
        let own = glossary.termOfPage[pageIndex]
        return all & ~linkedTerms & ~(own >= 0 ? 1 << own : 0)
    }

    package mutating func render(_ text: String, into out: inout String, page: Page) {
        var buffer = HTMLBuffer()
        var text = text
        text.withUTF8 { render($0, into: &buffer, page: page) }
        out += buffer.string
    }

    /// Links the terms in `bytes` (the UTF-8 of whole characters) and appends the result to a
    /// page body being written: the ASCII path writes bytes, with no `String` made per run.
    mutating func render(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout HTMLBuffer, page: Page) {
        render(bytes, into: &out, pageIndex: page.index, pageURL: page.url)
    }

    /// `render(_:into:page:)` for the page at `pageIndex`, whose URL is `pageURL`: what the
    /// page body calls for each text run, with the two fields it reads rather than the page.
    mutating func render(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout HTMLBuffer, pageIndex: Int, pageURL: String) {
        // No term left to link on this page (after its first few paragraphs, often): the
        // text as it is, whatever its characters.
        guard !glossary.phrases.isEmpty, linkedCount < glossary.entries.count, liveTerms(pageIndex: pageIndex) != 0 else {
            out.appendEscaped(bytes)
            return
        }
        // ASCII without carriage returns (the usual case): one byte is one character.
        if Self.isASCIIWithoutCR(bytes) {
            renderASCII(bytes, into: &out, pageIndex: pageIndex, pageURL: pageURL)
        } else {
            var written = ""
            renderCharacters(String(decoding: bytes, as: UTF8.self), into: &written, pageIndex: pageIndex, pageURL: pageURL)
            out += written
        }
    }

    /// Whether every byte is ASCII and none is a carriage return, 32 then eight bytes at a time.
    static func isASCIIWithoutCR(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var k = 0
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101, cr: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        // Four words a turn, their tests OR-ed into one branch: a word a turn, then a byte, was
        // ~2 instructions a byte over every text run of every page (issue 21, perfbody5).
        // A CR byte is a zero byte of `word ^ cr`; `(x - ones) & ~x & high` is nonzero exactly
        // when `x` has a zero byte, so OR-ing it over the words loses no word's answer.
        @inline(__always) func flags(_ at: Int) -> UInt64 {
            let word = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
            let x = word ^ cr
            return word | ((x &- ones) & ~x)
        }
        while k + 32 <= n {
            if (flags(k) | flags(k + 8) | flags(k + 16) | flags(k + 24)) & high != 0 { return false }
            k += 32
        }
        if n >= 8 {
            // The rest a word at a time, the last word ending at the last byte: it may read
            // again bytes already tested, which changes no answer (a byte loop over the tail
            // was most of the cost of a typical run of ~120 bytes).
            while k + 8 <= n {
                if flags(k) & high != 0 { return false }
                k += 8
            }
            return k == n || flags(n - 8) & high == 0
        }
        // Fewer than eight bytes: one at a time.
        while k < n {
            if base[k] >= 0x80 || base[k] == 0x0D { return false }
            k += 1
        }
        return true
    }

    /// `render` by `Character`s: any text.
    package mutating func renderCharacters(_ text: String, into out: inout String, page: Page) {
        renderCharacters(text, into: &out, pageIndex: page.index, pageURL: page.url)
    }

    /// `renderCharacters(_:into:page:)` for the page at `pageIndex`, whose URL is `pageURL`.
    mutating func renderCharacters(_ text: String, into out: inout String, pageIndex: Int, pageURL: String) {
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
            if phrase.page != pageIndex && !isLinked(phrase.page) {
                flush(upTo: i)
                let target = pages[phrase.page]
                let href = URLPaths.relative(from: pageURL, to: target.url)
                let tooltip = target.summary.isEmpty ? (target.frontMatter.term ?? target.title) : target.summary
                out += "<a class=\"term\" href=\"\(HTML.escape(href))\" title=\"\(HTML.escape(tooltip))\">"
                out += HTML.escape(String(characters[i..<end]))
                out += "</a>"
                noteLinked(phrase.page)
                plainStart = end
            }
            i = end
        }
        flush(upTo: characters.count)
    }

    /// `renderASCII(_:into:pageIndex:pageURL:)` into a string (the tests compare it with the
    /// references this way).
    package mutating func renderASCII(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>, into out: inout String,
                                      pageIndex: Int, pageURL: String) {
        var buffer = HTMLBuffer()
        renderASCII(bytes, into: &buffer, pageIndex: pageIndex, pageURL: pageURL)
        out += buffer.string
    }

    /// The automaton two bytes a step (`Automaton.pairs`) from `j`, in the row `pairRow` of
    /// `pairs`, while no byte needs attention: where it stopped (the first of the two bytes
    /// that need it, or fewer than four bytes before `n`) and the row there.
    ///
    /// A function of its own, not part of `renderASCII`'s loop: there, among the loop's many
    /// values, the text's address was reloaded from the stack twice every four bytes; here
    /// everything stays in registers, and four steps (eight bytes) make a turn, ~2.6
    /// instructions a byte instead of ~4.5 (issue 21, perfbody5). The same steps in the same
    /// order as two steps a turn: only the loop around them changed.
    @inline(never)
    static func pairSteps(_ base: UnsafeRawPointer, count n: Int, from start: Int, pairRow row: Int,
                          pairs: UnsafePointer<Int32>, pairClass: UnsafePointer<UInt16>) -> (j: Int, pairRow: Int) {
        @inline(__always) func pair(_ at: Int) -> Int {
            Int(pairClass[Int(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt16.self)))])
        }
        var j = start, pairRow = row
        while j &+ 8 <= n {
            let p0 = pairs[pairRow &+ pair(j)]
            if p0 < 0 { return (j, pairRow) }
            let p1 = pairs[Int(p0) &+ pair(j &+ 2)]
            if p1 < 0 { return (j &+ 2, Int(p0)) }
            let p2 = pairs[Int(p1) &+ pair(j &+ 4)]
            if p2 < 0 { return (j &+ 4, Int(p1)) }
            let p3 = pairs[Int(p2) &+ pair(j &+ 6)]
            if p3 < 0 { return (j &+ 6, Int(p2)) }
            pairRow = Int(p3)
            j &+= 8
        }
        while j &+ 4 <= n {
            let p0 = pairs[pairRow &+ pair(j)]
            if p0 < 0 { return (j, pairRow) }
            let p1 = pairs[Int(p0) &+ pair(j &+ 2)]
            if p1 < 0 { return (j &+ 2, Int(p0)) }
            pairRow = Int(p1)
            j &+= 4
        }
        return (j, pairRow)
    }

    /// `render` for ASCII text without carriage returns, over its bytes; the same decisions.
    /// `bytes` are all below 0x80 and none is a carriage return (`isASCIIWithoutCR`).
    ///
    /// The automaton (`Glossary.Automaton`) reads the text a byte at a time up to the first
    /// place where a phrase may have matched; from the start of that stretch to there, every
    /// word start is tried as before (`tryWordStarts`), and the automaton goes on after.
    /// Word starts it passed are ones where no phrase matches, so the same ones link.
    /// Text without a link and without `& < > " '` is appended as it is, without escaping it
    /// byte by byte.
    mutating func renderASCII(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout HTMLBuffer, pageIndex: Int, pageURL: String) {
        // The tables as a parameter, borrowed from `unretainedTables`: read from `glossary`
        // here, they were retained and released once per text run (this method mutates `self`,
        // so the compiler cannot count on `glossary` staying put), and every render thread
        // shares them: their reference count's cache line went back and forth between the
        // cores (issue 21, perfarc7).
        unretainedTables._withUnsafeGuaranteedRef { tables in
            renderASCII(bytes, tables: tables, into: &out, pageIndex: pageIndex, pageURL: pageURL)
        }
    }

    /// `renderASCII(_:into:pageIndex:pageURL:)` with `glossary.ascii` as `tables`.
    private mutating func renderASCII(_ bytes: UnsafeBufferPointer<UInt8>, tables: Glossary.ASCIITables, into out: inout HTMLBuffer,
                                      pageIndex: Int, pageURL: String) {
        let n = bytes.count
        let kinds = tables.kinds
        var live = liveTerms(pageIndex: pageIndex)
        // No term left to link on this page: the text as it is (what dead matches would
        // consume does not matter, as nothing links).
        if live == 0 {
            out.appendEscaped(bytes)
            return
        }
        var plainStart = 0
        /// The last byte seen that HTML escapes (or a byte after it), or -1: text from
        /// `plainStart` that has none after it is appended without escaping.
        var lastEscaped = -1
        func flush(upTo end: Int) {
            guard end > plainStart else { return }
            let plain = UnsafeBufferPointer(rebasing: bytes[plainStart..<end])
            if lastEscaped >= plainStart { out.appendEscaped(plain) } else { out.append(plain) }
        }
        // `i` is where a phrase may start: the text's start, or after a byte that is not a
        // word character. Every byte before `i` has been looked at for escaping.
        var i = 0
        while i < n {
            // The automaton from the word start `i` to the first hit (`last`), if any;
            // without one (a very large glossary), every word start is tried.
            var last = n - 1
            // Called through `tables.automaton?`, which borrows the automaton: bound with
            // `if let`, it was retained and released at every stretch, and every render thread
            // shares it (its reference count's cache line went back and forth between the
            // cores; issue 21, perfarc7).
            if tables.automaton != nil {
                // No phrase matches at a word start from `i` on.
                guard let stretch = tables.automaton?.nextStretch(in: bytes, from: i, live: live, kinds: kinds,
                                                                  lastEscaped: &lastEscaped) else { break }
                (i, last) = stretch
            }
            // The word starts from `i` up to `last`, tried one by one.
            while i <= last {
                if let (index, end) = tables.longestMatch(in: bytes, at: i, live: live) {
                    let phrase = tables.phrases[index]
                    if phrase.page != pageIndex && !isLinked(phrase.page) {
                        flush(upTo: i)
                        out += "<a class=\"term\" href=\""
                        URLPaths.appendRelative(from: pageURL, to: pages[phrase.page].url, into: &out)
                        out += "\" title=\""
                        out += tables.tooltips[index]
                        out += "\">"
                        out.appendEscaped(UnsafeBufferPointer(rebasing: bytes[i..<end]))
                        out += "</a>"
                        noteLinked(phrase.page)
                        live = liveTerms(pageIndex: pageIndex)
                        plainStart = end
                        // Nothing more can link on this page: the rest as it is.
                        if live == 0 {
                            out.appendEscaped(UnsafeBufferPointer(rebasing: bytes[end..<n]))
                            return
                        }
                    } else {
                        // Left as text (already linked, or this page's own term): still consumed
                        // whole, so no shorter phrase inside it links.
                        for k in i..<end where kinds[Int(bytes[k])] & Glossary.ASCIITables.escaped != 0 { lastEscaped = max(lastEscaped, k) }
                    }
                    i = end
                    if kinds[Int(bytes[end - 1])] != 0 { continue }  // a phrase may start right after it
                }
                // On to the next byte that ends a word: a phrase may start after it.
                var k = i
                while k < n && kinds[Int(bytes[k])] == 0 { k += 1 }
                if k == n { i = n; break }
                if kinds[Int(bytes[k])] & Glossary.ASCIITables.escaped != 0 { lastEscaped = max(lastEscaped, k) }
                i = k + 1
            }
        }
        flush(upTo: n)
    }
}

extension Glossary.Automaton {
    /// The automaton over `bytes` from the word start `wordStart` to the first hit of a live term
    /// (`live`): the word start where that hit's stretch begins (`start(ofRow:endingAt:in:)`)
    /// and the hit's position, the last word start to try; nil when no phrase of a live term
    /// matches at a word start from `wordStart` on. Notes in `lastEscaped` the bytes it passes
    /// that HTML escapes (`kinds`). Part of `GlossaryLinker.renderASCII`, which calls it through
    /// the tables' optional, borrowing the automaton, without retaining it.
    @inline(__always)
    func nextStretch(in bytes: UnsafeBufferPointer<UInt8>, from wordStart: Int, live: Glossary.TermMask,
                     kinds: UnsafeMutableBufferPointer<UInt8>, lastEscaped: inout Int) -> (first: Int, last: Int)? {
        let n = bytes.count
        var row = Glossary.Automaton.rootRow
        var j = wordStart
        var found = false
        let base = UnsafeRawPointer(bytes.baseAddress!)
        scan: while true {
            // Two bytes a step (`Automaton.pairs`), two steps a turn, while no byte
            // needs attention (most text): a byte a step was ~6 instructions a byte.
            if let pairs {
                let classes = pairClassCount
                (j, row) = GlossaryLinker.pairSteps(base, count: n, from: j, pairRow: (row >> 7) &* classes,
                                                    pairs: UnsafePointer(pairs.baseAddress!), pairClass: UnsafePointer(pairClass.baseAddress!))
                row = (row / classes) &<< 7
            }
            // A byte a step: the two where one needs attention, or the last few.
            for _ in 0..<2 {
                guard j < n else { break scan }
                let entry = table[row &+ Int(bytes[j])]
                if entry < 0 {
                    row = Int(entry & Int32.max)
                    if kinds[Int(bytes[j])] & Glossary.ASCIITables.escaped != 0 { lastEscaped = max(lastEscaped, j) }
                    // A hit where every match concerns only terms that can no longer link
                    // is passed over (`Automaton.hitTerms`).
                    if hit[row >> 7], hitTerms[row >> 7] & live != 0 { found = true; break scan }
                } else {
                    row = Int(entry)
                }
                j &+= 1
            }
        }
        guard found else { return nil }
        return (start(ofRow: row, endingAt: j, in: bytes), j)
    }
}
