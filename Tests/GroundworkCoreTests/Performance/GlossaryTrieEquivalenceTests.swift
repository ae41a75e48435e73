import XCTest
import TestSupport
@testable import GroundworkCore
@testable import GroundworkRender
import Templating

/// The glossary linker's one-pass trie walk over ASCII bytes (`GlossaryLinker.renderASCII`)
/// against two references on random glossaries and texts: the algorithm it replaced (a match
/// attempt with every phrase of the first letter at every word start, `ReferenceASCIILinker`
/// below, kept here only as the reference) and the `Character` path (`renderCharacters`),
/// which the linker still uses for other text. Output and the set of linked terms must agree.
final class GlossaryTrieEquivalenceTests: XCTestCase {
    typealias Generator = SeededGenerator

    /// Pieces phrases are made of: prefixes of one another, letters whose plural endings
    /// (`s`, `es`, `y` → `ies`) make other pieces, capitals (acronyms), punctuation, `&`.
    static let pieces = ["a", "ab", "abc", "b", "ba", "policy", "polic", "poli", "ty", "t", "y", "ie", "s", "es",
                         "AI", "LLM", "L", "R&D", "x-y", "x_y", "the", "the busy", "busy", "seller", "team", "teams",
                         "9", "v2", "c++", ".net", "@b", "[a", "fine-tuning", "tuning", "fine"]

    func testTrieWalkAgreesWithReferences() throws {
        let (sites, comparedTexts, linkedTexts, _) = try compareWithReferences(seed: 21, glossaries: 14, runs: 6)
        // The inputs did what they are for.
        XCTAssertGreaterThan(sites, 10)
        XCTAssertGreaterThan(comparedTexts, 3_000)
        XCTAssertGreaterThan(linkedTexts, 1_000)
    }

    /// Passing over word starts where only dead terms can match (`Glossary.ASCIITables.reach`,
    /// `longestMatch(in:at:live:)`) links what consuming their matches did: long pages of runs,
    /// so that most terms are linked early and the rest of the page is read with few live ones.
    func testPassingOverDeadTermsLinksTheSame() throws {
        let (sites, comparedTexts, linkedTexts, withoutLive) = try compareWithReferences(seed: 77, glossaries: 12, runs: 40)
        XCTAssertGreaterThan(sites, 8)
        XCTAssertGreaterThan(comparedTexts, 10_000)
        XCTAssertGreaterThan(linkedTexts, 1_000)
        XCTAssertGreaterThan(withoutLive, 1_000, "texts read after every term but the page's own was linked")
    }

    /// Long texts, so that the automaton (`Glossary.Automaton`) reads far between the places
    /// where a phrase may match, and stops, hands over to the trie walk and starts again many
    /// times in one text; also checked directly: no word start it passes over has a match.
    func testAutomatonOverLongTextsLinksTheSame() throws {
        let (sites, comparedTexts, linkedTexts, _) = try compareWithReferences(seed: 2026, glossaries: 12, runs: 3, words: 120)
        XCTAssertGreaterThan(sites, 8)
        XCTAssertGreaterThan(comparedTexts, 800)
        XCTAssertGreaterThan(linkedTexts, 500)
    }

    /// From every word start of `bytes`, the automaton's first hit: every word start before
    /// the start of its stretch has no phrase matching (`longestMatch` with every term live),
    /// and without a hit none after it has. Returns how many hits it checked.
    private func checkAutomaton(_ tables: Glossary.ASCIITables, on bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let automaton = tables.automaton else { XCTFail("no automaton"); return 0 }
        let n = bytes.count
        func isWordStart(_ s: Int) -> Bool { s == 0 || !Glossary.isASCIIWordCharacter(bytes[s - 1]) }
        // The first word start at or after each position where a phrase matches (n if none).
        var nextMatch = [Int](repeating: n, count: n + 1)
        for s in stride(from: n - 1, through: 0, by: -1) {
            nextMatch[s] = isWordStart(s) && tables.longestMatch(in: bytes, at: s, live: ~0) != nil ? s : nextMatch[s + 1]
        }
        var hits = 0
        for from in 0..<n where isWordStart(from) {
            var row = Glossary.Automaton.rootRow, j = from, stretchStart = n
            while j < n {
                row = Int(automaton.table[row + Int(bytes[j])] & Int32.max)
                if automaton.hit[row >> 7] {
                    stretchStart = automaton.start(ofRow: row, endingAt: j, in: bytes)
                    hits += 1
                    break
                }
                j += 1
            }
            XCTAssertGreaterThanOrEqual(stretchStart, from)
            if nextMatch[from] < stretchStart {
                XCTFail("a match at \(nextMatch[from]) passed over from \(from): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                return hits
            }
        }
        return hits
    }

    /// Random glossaries, pages and texts (`runs` texts a page of up to `words` words), each
    /// text linked by the trie walk, by `ReferenceASCIILinker` and by `renderCharacters`,
    /// which must agree. Returns how many glossaries, texts, texts with a link, and texts read
    /// with no term live.
    private func compareWithReferences(seed: UInt64, glossaries: Int, runs: Int, words: Int = 14) throws -> (Int, Int, Int, Int) {
        var generator = Generator(state: seed)
        var linkedTexts = 0, comparedTexts = 0, sites = 0, withoutLive = 0, automatonHits = 0
        defer { if words > 14 { XCTAssertGreaterThan(automatonHits, 10_000, "hits checked") } }
        for _ in 0..<glossaries {
            // A glossary of 4-12 term pages, each with a term and 0-3 other names.
            var files = ["site.yaml": "title: T\n", "_index.md": "---\ntitle: Home\n---\n\nHome.\n",
                         "page.md": "---\ntitle: Page\n---\n\nText.\n"]
            var phrases: [String] = []
            for t in 0..<(4 + generator.next(9)) {
                var names: [String] = []
                for _ in 0..<(1 + generator.next(4)) {
                    var name = ""
                    for w in 0..<(1 + generator.next(3)) {
                        if w > 0 { name += [" ", " ", "", "  ", "-"][generator.next(5)] }
                        name += Self.pieces[generator.next(Self.pieces.count)]
                    }
                    if generator.next(5) == 0 { name = name.uppercased() }
                    if generator.next(6) == 0, !phrases.isEmpty {
                        name = phrases[generator.next(phrases.count)] + (generator.next(2) == 0 ? " " : "") + Self.pieces[generator.next(Self.pieces.count)]
                    }
                    names.append(name)
                }
                phrases += names
                let quoted = names.map { "\"\($0)\"" }
                files["terms/t\(t).md"] = "---\ntitle: T\(t)\nterm: \(quoted[0])\nalso_known_as: [\(quoted.dropFirst().joined(separator: ", "))]\n"
                    + (generator.next(3) == 0 ? "" : "summary: \"Says <\(t)> & 'more'\"\n") + "---\n\nText.\n"
            }
            let site = try TempSite(files)
            defer { site.remove() }
            let analysis = try Groundwork.analyze(site.options())
            let glossary = Glossary(site: analysis.site)
            guard !glossary.phrases.isEmpty else { continue }
            sites += 1
            // Texts: the phrases (cased, pluralised, cut short, run together) among other
            // pieces and separators (white space of all kinds, word characters, HTML's five).
            let separators = [" ", " ", "  ", "\n", "\t", "\u{0B}", "\u{0C}", ", ", ".", "-", "_", "&", "<", ">", "\"", "'",
                              "\u{1C}", "(", ")", "/", ""]
            for pageChoice in 0..<3 {
                // The page itself, and term pages (their own term never links).
                let candidates = analysis.site.pages.filter { $0.relativePath == "page.md" || $0.frontMatter.term != nil }
                let page = candidates[pageChoice == 0 ? 0 : generator.next(candidates.count)]
                for _ in 0..<40 {
                    var fast = GlossaryLinker(glossary: glossary, site: analysis.site)
                    var old = ReferenceASCIILinker(glossary: glossary, site: analysis.site)
                    var slow = GlossaryLinker(glossary: glossary, site: analysis.site)
                    for _ in 0..<runs {
                        var text = ""
                        for _ in 0..<generator.next(words) {
                            var word = generator.next(3) == 0 ? Self.pieces[generator.next(Self.pieces.count)]
                                                              : glossary.phrases[generator.next(glossary.phrases.count)].text
                            switch generator.next(9) {
                            case 0: word = word.uppercased()
                            case 1: word = word.capitalized
                            case 2: word += ["s", "es", "S", "ES", "ies", "s-", "'s"][generator.next(7)]
                            case 3 where word.hasSuffix("y"): word = String(word.dropLast()) + ["ies", "IES", "iest"][generator.next(3)]
                            case 4: word = String(word.dropLast(generator.next(3)))
                            case 5: word = word.replacingOccurrences(of: " ", with: [" \n ", "\t", "  ", "\n", "-"][generator.next(5)])
                            default: break
                            }
                            text += word + separators[generator.next(separators.count)]
                        }
                        guard text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { continue }
                        if fast.liveTerms(pageIndex: page.index) == 0 { withoutLive += 1 }
                        var a = "", b = "", c = ""
                        text.utf8.withContiguousStorageIfAvailable { bytes in
                            fast.renderASCII(text, bytes, into: &a, pageIndex: page.index, pageURL: page.url)
                            old.render(bytes, into: &b, page: page)
                            if words > 14 { automatonHits += checkAutomaton(glossary.ascii, on: bytes) }
                        }
                        slow.renderCharacters(text, into: &c, page: page)
                        XCTAssertEqual(a, b, "against the old algorithm: \(text.debugDescription)")
                        XCTAssertEqual(a, c, "against Characters: \(text.debugDescription)")
                        XCTAssertEqual(fast.linked, old.linked, text.debugDescription)
                        XCTAssertEqual(fast.linked, slow.linked, text.debugDescription)
                        comparedTexts += 1
                        if a.contains("class=\"term\"") { linkedTexts += 1 }
                        if a != b || a != c { return (sites, comparedTexts, linkedTexts, withoutLive) }
                    }
                }
            }
        }
        return (sites, comparedTexts, linkedTexts, withoutLive)
    }

    /// `render` (which picks the byte or the `Character` path) gives what the `Character`
    /// path gives on non-ASCII text and text with carriage returns.
    func testRenderAgreesWithCharactersOnAnyText() throws {
        let site = try TempSite([
            "site.yaml": "title: T\n", "page.md": "---\ntitle: Page\n---\n\nText.\n",
            "terms/a.md": "---\ntitle: A\nterm: café model\nalso_known_as: [model, \"\u{212A}V\"]\n---\n\nText.\n",
            "terms/b.md": "---\ntitle: B\nterm: policy\n---\n\nText.\n",
        ])
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        let glossary = Glossary(site: analysis.site)
        let page = try XCTUnwrap(analysis.site.pages.first { $0.relativePath == "page.md" })
        let words = ["café", "CAFÉ", "model", "models", "cafe\u{301}", "policies", "KV", "\u{212A}V", "é", "\r\n", "\r", " ", "—", "policy"]
        var generator = Generator(state: 8)
        var withoutLive = 0
        for _ in 0..<100 {
            // Several texts a page, so that later ones are read with every term linked.
            var viaRender = GlossaryLinker(glossary: glossary, site: analysis.site)
            var viaCharacters = GlossaryLinker(glossary: glossary, site: analysis.site)
            for _ in 0..<5 {
                var text = ""
                for _ in 0..<generator.next(8) { text += words[generator.next(words.count)] + [" ", "\n", ""][generator.next(3)] }
                if viaRender.liveTerms(pageIndex: page.index) == 0 { withoutLive += 1 }
                var a = "", b = ""
                viaRender.render(text, into: &a, page: page)
                viaCharacters.renderCharacters(text, into: &b, page: page)
                XCTAssertEqual(a, b, text.debugDescription)
                XCTAssertEqual(viaRender.linked, viaCharacters.linked, text.debugDescription)
            }
        }
        XCTAssertGreaterThan(withoutLive, 50)
    }
}

/// The ASCII glossary linking this branch replaced, kept as the reference for the trie walk:
/// at every word start, each phrase whose first (lower-cased) character is the text's is tried
/// in `Glossary.phrases` order, and the first that matches wins. Tests only.
struct ReferenceASCIILinker {
    let glossary: Glossary
    let site: Site
    private(set) var linked: Set<Int> = []

    init(glossary: Glossary, site: Site) {
        self.glossary = glossary
        self.site = site
    }

    static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    static func isWordCharacter(_ b: UInt8) -> Bool {
        (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
    }

    /// The old `Glossary.matchASCII`, unchanged.
    static func match(_ phrase: Glossary.Phrase, _ p: [UInt8], in text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let n = text.count
        func lowered(_ j: Int) -> UInt8 {
            let b = text[j]
            return b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
        }
        var j = start, k = 0
        while k < p.count {
            if p[k] == 0x20 {
                guard j < n, isWhitespace(text[j]) else { return nil }
                while j < n && isWhitespace(text[j]) { j += 1 }
                k += 1
                continue
            }
            if k == p.count - 1, p[k] == UInt8(ascii: "y"), !phrase.caseSensitive, j + 2 < n,
               lowered(j) == UInt8(ascii: "i"), lowered(j + 1) == UInt8(ascii: "e"), lowered(j + 2) == UInt8(ascii: "s") {
                let end = j + 3
                if end == n || !isWordCharacter(text[end]) { return end }
            }
            guard j < n, (phrase.caseSensitive ? text[j] : lowered(j)) == p[k] else { return nil }
            j += 1
            k += 1
        }
        func boundary(_ end: Int) -> Bool { end == n || !isWordCharacter(text[end]) }
        if boundary(j) { return j }
        guard phrase.endsWithLetter else { return nil }
        if j < n, text[j] == UInt8(ascii: "s") || (!phrase.caseSensitive && text[j] == UInt8(ascii: "S")), boundary(j + 1) { return j + 1 }
        if !phrase.caseSensitive, j + 1 < n, lowered(j) == UInt8(ascii: "e"), lowered(j + 1) == UInt8(ascii: "s"), boundary(j + 2) { return j + 2 }
        return nil
    }

    mutating func render(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout String, page: Page) {
        let n = bytes.count
        var plainStart = 0, i = 0
        while i < n {
            if i > 0 && Self.isWordCharacter(bytes[i - 1]) { i += 1; continue }
            let first = Glossary.lower(Character(Unicode.Scalar(bytes[i])))
            var found: (phrase: Glossary.Phrase, end: Int)?
            for phrase in glossary.byFirstCharacter[first] ?? [] {
                guard let ascii = phrase.ascii else { continue }
                if let end = Self.match(phrase, ascii, in: bytes, at: i) {
                    found = (phrase, end)
                    break
                }
            }
            guard let (phrase, end) = found else { i += 1; continue }
            if phrase.page != page.index && !linked.contains(phrase.page) {
                if i > plainStart { HTMLEscape.escape(UnsafeBufferPointer(rebasing: bytes[plainStart..<i]), into: &out) }
                let target = site.pages[phrase.page]
                let href = URLPaths.relative(from: page.url, to: target.url)
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
