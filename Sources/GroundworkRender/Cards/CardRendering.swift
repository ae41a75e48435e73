import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Battle cards (issue 7): the card's own page (`card` template), the cards index
/// (`cards-index`) and the print sheet (`cards-print`, every card on its own printed page).
///
/// A card body is split into sections at its `#`/`##` headings. Every list item and paragraph
/// becomes a row; a row that cites sources is a claim and gets one status badge per cited
/// source (confirmed / partial / unverified), next to the numbered marker. The card's sources
/// are listed compactly with their status, and a "check before citing" line is shown for the
/// card and for every cited source that has a `review_by`. Sections named after the parts of a
/// call (What to say, What to ask, If they say, Next step: `CardSectionKind`) carry their kind
/// as a class, so the print layout can style each part.
extension SiteRenderer {
    /// The folder whose pages are battle cards.
    package static let cardsFolder = "cards"

    /// Where the print sheet is written: `cards/print/`, or the first of `cards/print-sheet/`,
    /// `cards/print-sheet-2/`, ... that no page has (a card named `print.md` takes
    /// `cards/print/`; a writer's page at a generated page's URL wins, so without a free URL the
    /// sheet would not be written at all).
    var cardsPrintURL: String {
        if site.pageByURL["cards/print/"] == nil { return "cards/print/" }
        if site.pageByURL["cards/print-sheet/"] == nil { return "cards/print-sheet/" }
        var n = 2
        while site.pageByURL["cards/print-sheet-\(n)/"] != nil { n += 1 }
        return "cards/print-sheet-\(n)/"
    }

    /// The battle cards in reading order: the cards folder's pages, then its sub-folders', depth first.
    func cardPages() -> [Page] {
        var result: [Page] = []
        var seen = Set<Int>()
        func walk(_ path: String) {
            guard let section = site.sections[path] else { return }
            for index in section.pages where site.pages[index].isCard && seen.insert(index).inserted {
                result.append(site.pages[index])
            }
            for sub in section.subsections { walk(sub) }
        }
        walk(Self.cardsFolder)
        for page in site.pages where page.isCard && !seen.contains(page.index) { result.append(page) }
        return result
    }

    // MARK: One card

    /// The `card` context of one card, rendered as seen from `url` (its own page or the print
    /// sheet). `idPrefix` keeps ids unique when several cards share one page.
    func cardContext(_ page: Page, at url: String, idPrefix: String = "", number: Int? = nil, of total: Int? = nil) -> [String: Any] {
        var shown = page
        shown.url = url
        var body = PageBodyRenderer(site: site, page: shown, resolver: LinkResolver(site: site),
                                    citations: CitationNumbering(library: sources),
                                    glossary: GlossaryLinker(glossary: glossary, site: site))
        body.idPrefix = idPrefix
        body.footnotesAtEnd = false
        body.unfoldCallouts = true

        var sections: [[String: Any]] = []
        var heading = ""
        var kind: CardSectionKind?
        var rows: [[String: Any]] = []
        func closeSection() {
            guard !heading.isEmpty || !rows.isEmpty else { return }
            let claims = rows.contains { ($0["has_claims"] as? Bool) == true }
            // `kind` is the class of a recognised call section (see CardSectionKind), or false.
            sections.append(["heading": heading, "blocks": rows, "has_claims": claims, "kind": kind?.cssClass ?? false])
            heading = ""
            kind = nil
            rows = []
        }
        func badges(for blocks: [Block]) -> [[String: Any]] {
            citedKeys(in: blocks).compactMap { key in
                guard let index = sources.byID[key], let number = body.citations.number(for: key) else { return nil }
                var badge: [String: Any] = ["number": number, "anchor": idPrefix + "ref-" + key]
                badge.merge(statusContext(sources.sources[index].status)) { _, new in new }
                return badge
            }
        }
        for block in page.document.blocks {
            switch block {
            case .footnoteDefinition:
                // Shown after the last section, with the footnotes the card referenced.
                continue
            case .heading(let h) where h.level <= 2:
                closeSection()
                heading = body.render(Document(blocks: [block]))
                kind = CardSectionKind.kind(of: block)
            case .list(let list):
                let items = list.items.map { item -> [String: Any] in
                    let html = body.render(Document(blocks: item.blocks))
                    let marks = badges(for: item.blocks)
                    return ["html": html, "badges": marks, "is_claim": !marks.isEmpty]
                }
                rows.append(["is_list": true, "tag": list.ordered ? "ol" : "ul",
                             "start": list.ordered && list.start != 1 ? " start=\"\(list.start)\"" : "",
                             "items": items, "has_claims": items.contains { ($0["is_claim"] as? Bool) == true }])
            case .heading:
                // A `###` (or deeper) heading groups items inside a section (e.g. the discovery
                // questions by topic): shown as a sub-label, not as a row with a bullet.
                rows.append(["is_list": false, "is_heading": true, "html": body.render(Document(blocks: [block])),
                             "badges": [] as [[String: Any]], "is_claim": false, "has_claims": false])
            default:
                let html = body.render(Document(blocks: [block]))
                var marks: [[String: Any]] = []
                if case .paragraph = block { marks = badges(for: [block]) }
                rows.append(["is_list": false, "is_heading": false, "html": html, "badges": marks, "is_claim": !marks.isEmpty, "has_claims": !marks.isEmpty])
            }
        }
        let footnotes = body.renderFootnotes()
        if !footnotes.isEmpty {
            rows.append(["is_list": false, "is_heading": false, "html": footnotes, "badges": [] as [[String: Any]], "is_claim": false, "has_claims": false])
        }
        closeSection()

        // The card's sources in citation order, each with its status and check-before-citing date.
        var sourceList: [[String: Any]] = []
        for (offset, key) in body.citations.order.enumerated() {
            guard let index = sources.byID[key] else { continue }
            let source = sources.sources[index]
            var context = ReferenceFormatter.context(for: source, number: offset + 1)
            context["anchor"] = idPrefix + "ref-" + key
            context.merge(statusContext(source.status)) { _, new in new }
            if let publisher = source.containerTitle ?? source.publisher { context["publisher"] = publisher }
            if let host = source.url.flatMap({ URL(string: $0)?.host }) {
                context["host"] = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
            } else if let doi = source.doi {
                context["host"] = "doi:" + doi
            }
            // Absent fields are set to false, so the template does not find the card's own
            // (Mustache looks a missing name up in the enclosing contexts).
            for field in ["publisher", "year", "host", "review_by"] where context[field] == nil { context[field] = false }
            context["overdue"] = source.reviewBy.map { $0 < today } ?? false
            sourceList.append(context)
        }

        let words = CardWords.count(in: page.document)
        var context: [String: Any] = [
            "title": page.title,
            "summary": page.summary,
            "href": URLPaths.relative(from: url, to: page.url),
            "id": idPrefix + "battle-card",
            "id_prefix": idPrefix,
            "sections": sections,
            "sources": sourceList,
            "has_sources": !sourceList.isEmpty,
            "words": words,
            "max_words": site.config.cardsMaxWords,
            "site_title": site.config.title,
            "print_href": URLPaths.relative(from: url, to: cardsPrintURL),
            "on_sheet": !idPrefix.isEmpty,
        ]
        context["review_by"] = orFalse(page.frontMatter.reviewBy?.description)
        context["overdue"] = page.frontMatter.reviewBy.map { $0 < today } ?? false
        context["owner"] = orFalse(page.frontMatter.owner)
        // On its own page, the id of the heading the title came from (links to it were
        // checked against it); on the print sheet ids are prefixed and nobody links there.
        context["title_id"] = idPrefix.isEmpty ? orFalse(page.titleID) : false
        if let number, let total {
            context["number"] = number
            context["total"] = total
        } else {
            let cards = cardPages()
            if let position = cards.firstIndex(where: { $0.index == page.index }) {
                context["number"] = position + 1
                context["total"] = cards.count
            }
        }
        let statuses = sourceList.compactMap { $0["status"] as? String }
        context["claims"] = sections.reduce(0) { count, section in
            count + ((section["blocks"] as? [[String: Any]]) ?? []).reduce(0) { n, row in
                if let items = row["items"] as? [[String: Any]] { return n + items.filter { ($0["is_claim"] as? Bool) == true }.count }
                return n + (((row["is_claim"] as? Bool) == true) ? 1 : 0)
            }
        }
        context["status_counts"] = SourceStatus.allCases.compactMap { status -> [String: Any]? in
            let n = statuses.filter { $0 == status.rawValue }.count
            guard n > 0 else { return nil }
            var count: [String: Any] = ["count": n]
            count.merge(statusContext(status)) { _, new in new }
            return count
        }
        return context
    }

    /// A value for a template context, or `false` when there is none: Mustache would otherwise
    /// look a missing name up in the enclosing contexts (a source would show the card's date).
    func orFalse(_ value: Any?) -> Any { value ?? false }

    /// How a status is shown: the class suffix and a label that reads in black and white.
    func statusContext(_ status: SourceStatus?) -> [String: Any] {
        switch status {
        case .confirmed?: return ["status": "confirmed", "status_label": "Confirmed"]
        case .partial?: return ["status": "partial", "status_label": "Partial"]
        case .unverified?: return ["status": "unverified", "status_label": "Unverified"]
        case nil: return ["status": "none", "status_label": "No status"]
        }
    }

    /// Source ids cited in these blocks, first use first, each once.
    func citedKeys(in blocks: [Block]) -> [String] {
        var keys: [String] = []
        InlineWalker.forEach(blocks: blocks) { inline, _ in
            guard case .citation(let citation) = inline else { return }
            for item in citation.items where !keys.contains(item.key) { keys.append(item.key) }
        }
        return keys
    }

    // MARK: Index and print sheet

    /// For the cards folder's index page: fills `cards` (and print links) and returns the
    /// `cards-index` template, or nil for any other section or when that template is missing.
    func cardsIndexTemplate(sectionPath: String, url: String, context: inout [String: Any]) -> String? {
        guard sectionPath == Self.cardsFolder, templates.contains("cards-index") else { return nil }
        let cards = cardPages()
        context["cards"] = cards.enumerated().map { offset, page -> [String: Any] in
            var card: [String: Any] = ["title": page.title, "summary": page.summary, "number": offset + 1,
                                       "href": URLPaths.relative(from: url, to: page.url),
                                       "words": CardWords.count(in: page.document)]
            card["review_by"] = orFalse(page.frontMatter.reviewBy?.description)
            card["overdue"] = page.frontMatter.reviewBy.map { $0 < today } ?? false
            let keys = citedKeys(in: page.document.blocks)
            card["sources_text"] = keys.count == 1 ? "1 source" : "\(keys.count) sources"
            return card
        }
        context["has_cards"] = !cards.isEmpty
        context["card_count"] = cards.count
        context["max_words"] = site.config.cardsMaxWords
        let print = URLPaths.relative(from: url, to: cardsPrintURL)
        context["print_href"] = print
        context["print_letter_href"] = print + "?paper=letter"
        context["print_a4_href"] = print + "?paper=a4"
        return "cards-index"
    }

    /// The print sheet (every card, each on its own printed page), when there are cards and a
    /// `cards-print` template.
    func cardsPrintSheet() throws -> OutputFile? {
        let cards = cardPages()
        guard !cards.isEmpty, templates.contains("cards-print") else { return nil }
        let url = cardsPrintURL
        var context = baseContext(url: url, title: "Battle cards: print sheet", currentPage: nil, currentSection: Self.cardsFolder)
        context["cards"] = cards.enumerated().map { offset, page in
            cardContext(page, at: url, idPrefix: "card-\(offset + 1)-", number: offset + 1, of: cards.count)
        }
        context["card_count"] = cards.count
        context["max_words"] = site.config.cardsMaxWords
        context["index_href"] = URLPaths.relative(from: url, to: site.sections[Self.cardsFolder]?.url ?? Self.cardsFolder + "/")
        let html = prefixingIDs(try templates.render("cards-print", context: context), cards: cards.count)
        return OutputFile(path: url + "index.html", contents: Data(html.utf8), template: "cards-print")
    }

    /// Ids inside each card of the print sheet (heading ids, `#ref-` targets) get the card's
    /// prefix, so several cards on one page keep their ids unique and their links working.
    /// Each card sits between `<!--card:PREFIX-->` and `<!--/card-->` markers.
    func prefixingIDs(_ html: String, cards: Int) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count + 1024)
        var rest = Substring(html)
        while let open = rest.range(of: "<!--card:") {
            out += rest[..<open.lowerBound]
            guard let prefixEnd = rest[open.upperBound...].range(of: "-->"),
                  let close = rest[prefixEnd.upperBound...].range(of: "<!--/card-->") else { break }
            let prefix = String(rest[open.upperBound..<prefixEnd.lowerBound])
            var card = String(rest[prefixEnd.upperBound..<close.lowerBound])
            // Generated HTML escapes `"` inside attribute values and text, so these patterns
            // only match real attributes. Ids the template already prefixed are left alone.
            card = card.replacingOccurrences(of: " id=\"", with: " id=\"\u{1}")
                .replacingOccurrences(of: " id=\"\u{1}" + prefix, with: " id=\"" + prefix)
                .replacingOccurrences(of: " id=\"\u{1}", with: " id=\"" + prefix)
                .replacingOccurrences(of: "href=\"#", with: "href=\"#\u{1}")
                .replacingOccurrences(of: "href=\"#\u{1}" + prefix, with: "href=\"#" + prefix)
                .replacingOccurrences(of: "href=\"#\u{1}", with: "href=\"#" + prefix)
            out += card
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }
}
