import Foundation

/// The site's glossary: every page with a `term`, and the phrases that name it.
public struct Glossary: Sendable {
    public struct Phrase: Sendable {
        public var text: String
        public var page: Int
    }
    /// Phrases (terms and their `also_known_as`), longest first so "fine-tuning" beats "tuning".
    public var phrases: [Phrase]
    /// Term pages, sorted by term.
    public var entries: [Int]

    public init(site: Site) {
        var phrases: [Phrase] = []
        var entries: [Int] = []
        for page in site.pages {
            guard let term = page.frontMatter.term else { continue }
            entries.append(page.index)
            for text in [term] + page.frontMatter.alsoKnownAs where !text.trimmingCharacters(in: .whitespaces).isEmpty {
                phrases.append(Phrase(text: text, page: page.index))
            }
        }
        self.phrases = phrases.sorted { ($0.text.count, $1.text) > ($1.text.count, $0.text) }
        self.entries = entries.sorted { (site.pages[$0].frontMatter.term ?? "").lowercased() < (site.pages[$1].frontMatter.term ?? "").lowercased() }
    }
}

/// Links the first mention of each glossary term on a page to its definition, with the
/// term's summary as a tooltip. Text is escaped as it is written.
struct GlossaryLinker {
    let glossary: Glossary
    let site: Site
    /// Term pages already linked on this page.
    private var linked: Set<Int> = []

    init(glossary: Glossary, site: Site) {
        self.glossary = glossary
        self.site = site
    }

    mutating func render(_ text: String, into out: inout String, page: Page) {
        var rest = Substring(text)
        while !rest.isEmpty {
            guard let (range, phrase) = firstMention(in: rest, page: page) else { break }
            out += HTML.escape(String(rest[..<range.lowerBound]))
            let target = site.pages[phrase.page]
            let href = URLPaths.relative(from: page.url, to: target.url)
            out += "<a class=\"term\" href=\"\(HTML.escape(href))\" title=\"\(HTML.escape(target.summary))\">"
            out += HTML.escape(String(rest[range]))
            out += "</a>"
            linked.insert(phrase.page)
            rest = rest[range.upperBound...]
        }
        out += HTML.escape(String(rest))
    }

    private func firstMention(in text: Substring, page: Page) -> (Range<Substring.Index>, Glossary.Phrase)? {
        var best: (Range<Substring.Index>, Glossary.Phrase)?
        for phrase in glossary.phrases where phrase.page != page.index && !linked.contains(phrase.page) {
            var searchStart = text.startIndex
            while let range = text.range(of: phrase.text, options: [.caseInsensitive], range: searchStart..<text.endIndex) {
                if isWordBoundary(text, range) {
                    if best == nil || range.lowerBound < best!.0.lowerBound { best = (range, phrase) }
                    break
                }
                searchStart = range.upperBound
            }
        }
        return best
    }

    private func isWordBoundary(_ text: Substring, _ range: Range<Substring.Index>) -> Bool {
        if range.lowerBound > text.startIndex {
            let before = text[text.index(before: range.lowerBound)]
            if before.isLetter || before.isNumber || before == "-" { return false }
        }
        if range.upperBound < text.endIndex {
            let after = text[range.upperBound]
            if after.isLetter || after.isNumber || after == "-" { return false }
        }
        return true
    }
}
