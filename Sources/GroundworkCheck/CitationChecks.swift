import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Citation, quotation, claim and freshness checks (issue 4): every citation names a
/// complete source, every quotation is in its source's excerpts, every statistic is cited,
/// and nothing is past its review date.
public enum CitationChecks {
    public static let all: [Check] = [
        unknownKeys,
        sourceRecords,
        quotesAndClaims,
        unverifiedOnCards,
        pageFreshness,
        sourceFreshness,
    ]

    /// `cite.unknown-key`: a citation names no source; at the key's `@`.
    public static let unknownKeys: Check = { context in
        var bag = DiagnosticBag()
        let ids = context.sources.sources.map(\.id)
        for items in context.citationItemsByPage {
            for (item, location) in items where context.sources.byID[item.key] == nil {
                let hint = Suggestions.closest(to: item.key, in: ids)
                let notes = hint.map { ["did you mean '@\($0)'?"] }
                    ?? (ids.isEmpty ? ["add the source to sources.yaml"] : ["add the source to \(context.sources.file.isEmpty ? "sources.yaml" : context.sources.file)"])
                bag.add("cite.unknown-key", at: location, "no source '\(item.key)' for citation", notes: notes)
            }
        }
        return bag.items
    }

    /// `cite.source-incomplete` (a record without title, URL or DOI, or `accessed`) and
    /// `cite.unused-source` (a record no page cites); at the record in sources.yaml.
    public static let sourceRecords: Check = { context in
        var bag = DiagnosticBag()
        var cited: Set<String> = []
        for items in context.citationItemsByPage {
            for (item, _) in items { cited.insert(item.key) }
        }
        for source in context.sources.sources {
            var missing: [String] = []
            if (source.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { missing.append("a title") }
            if (source.url ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && (source.doi ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                missing.append("a URL or DOI")
            }
            // A malformed date has already been reported where it is written.
            if source.accessed == nil && source.fieldLocations["accessed"] == nil { missing.append("an 'accessed' date") }
            if !missing.isEmpty {
                bag.add("cite.source-incomplete", at: source.location,
                        "source '\(source.id)' lacks \(Self.list(missing))",
                        notes: ["every source needs a title, a URL or DOI, and the date it was last opened ('accessed')"])
            }
            if !cited.contains(source.id) {
                bag.add("cite.unused-source", at: source.location, "no page cites source '\(source.id)'",
                        notes: ["cite it where it supports a claim, or remove the record"])
            }
        }
        return bag.items
    }

    /// `cite.quote-mismatch`, `quote.unattributed` and `claim.unsourced`, page by page.
    public static let quotesAndClaims: Check = { context in
        parallelMap(context.site.pages) { page in
            Self.checkProse(page, sources: context.sources)
        }.flatMap { $0 }
    }

    package static func checkProse(_ page: Page, sources: SourceLibrary) -> [Diagnostic] {
        var bag = DiagnosticBag()
        func location(_ position: SourcePosition?, _ unit: ProseUnit) -> Location {
            let p = position ?? unit.start
            return Location(file: page.file, line: p.line, column: p.column)
        }
        ProseExtractor.forEachUnit(in: page.document) { unit in
            let citations = unit.allCitations
            let isCited = !citations.isEmpty

            var quotations: [Quotation] = []
            switch unit.kind {
            case .blockQuote:
                if let quote = Quotations.block(unit.characters, start: unit.start) { quotations = [quote] }
            case .paragraph, .tableCell:
                if !unit.insideQuotation { quotations = Quotations.inline(in: unit.characters) }
            }

            // Sources with excerpts: their quotations can be verified.
            var keys: [String] = []
            for citation in citations {
                for item in citation.items where !keys.contains(item.key) { keys.append(item.key) }
            }
            let checkable = keys.compactMap { key -> Source? in
                guard let index = sources.byID[key], !sources.sources[index].excerpts.isEmpty else { return nil }
                return sources.sources[index]
            }
            for quote in quotations {
                if !isCited {
                    if unit.kind == .blockQuote {
                        bag.add("quote.unattributed", at: location(quote.position, unit), "block quotation has no citation",
                                notes: ["cite the source inside the quotation or in the paragraph that introduces it, or use a callout for your own words"])
                    } else if quote.wordCount >= 6 {
                        let container = unit.kind == .tableCell ? "table row" : "paragraph"
                        bag.add("quote.unattributed", at: location(quote.position, unit),
                                "quotation of \(quote.wordCount) words has no citation in its \(container)",
                                notes: ["cite the source in the same \(container), or rewrite it in your own words"])
                    }
                    continue
                }
                guard !checkable.isEmpty else { continue }
                let excerpts = checkable.flatMap(\.excerpts)
                if let reason = Quotations.mismatch(quote.text, excerpts: excerpts) {
                    let names = checkable.map { "'\($0.id)'" }
                    var notes = [reason]
                    if let closest = Quotations.closestExcerpt(to: quote.text, in: excerpts) {
                        notes.append("closest excerpt: \"\(Quotations.shorten(closest, limit: 90))\"")
                    }
                    notes.append("quote an excerpt word for word ('…' marks a gap), cite the source that has it, or paraphrase without quotation marks")
                    bag.add("cite.quote-mismatch", at: location(quote.position, unit),
                            "quotation \"\(Quotations.shorten(quote.text))\" is not in the excerpts of \(names.count == 1 ? "source" : "sources") \(Self.list(names))",
                            notes: notes)
                }
            }

            // A block quotation's statistics are checked in its paragraphs.
            if unit.kind != .blockQuote, !isCited, let statistic = Statistics.find(in: unit.characters).first {
                let container = unit.kind == .tableCell ? "table row" : "paragraph"
                bag.add("claim.unsourced", at: location(statistic.position, unit),
                        "statistic '\(statistic.text)' has no citation in its \(container)",
                        notes: ["cite the source in the same \(container), e.g. [@key], or drop the figure"])
            }
        }
        return bag.items
    }

    /// `cite.unverified-on-card`: a battle card cites a source whose status is `unverified`.
    public static let unverifiedOnCards: Check = { context in
        var bag = DiagnosticBag()
        for page in context.site.pages where page.isCard {
            for (item, location) in context.links.citations[page.index] {
                guard let index = context.sources.byID[item.key], context.sources.sources[index].status == .unverified else { continue }
                bag.add("cite.unverified-on-card", at: location, "battle card cites '\(item.key)', whose status is unverified",
                        notes: ["verify the source (then update its status and excerpts), or take the claim off the card"])
            }
        }
        return bag.items
    }

    /// `fresh.page-overdue`: a page's `review_by` is before today; at the date.
    public static let pageFreshness: Check = { context in
        var bag = DiagnosticBag()
        for page in context.site.pages {
            guard let review = page.frontMatter.reviewBy, review < context.today else { continue }
            let at = page.frontMatter.locations["review_by"] ?? Location(file: page.file, line: 1, column: 1)
            bag.add("fresh.page-overdue", at: at, "page was due for review on \(review) (today is \(context.today))",
                    notes: ["re-check the page and its sources, then move 'review_by' forward"])
        }
        return bag.items
    }

    /// `fresh.source-overdue` (`review_by` before today) and `fresh.source-stale-access`
    /// (`accessed` more than `checks.max_source_age_days` ago); at the date in sources.yaml.
    public static let sourceFreshness: Check = { context in
        var bag = DiagnosticBag()
        let maxAge = context.site.config.maxSourceAgeDays
        for source in context.sources.sources {
            if let review = source.reviewBy, review < context.today {
                bag.add("fresh.source-overdue", at: source.fieldLocations["review_by"] ?? source.location,
                        "source '\(source.id)' was due for review on \(review) (today is \(context.today))",
                        notes: ["re-open the source, update its status and excerpts, then move 'accessed' and 'review_by'"])
            }
            if let accessed = source.accessed {
                let age = context.today.daysSinceEpoch - accessed.daysSinceEpoch
                if age > maxAge {
                    bag.add("fresh.source-stale-access", at: source.fieldLocations["accessed"] ?? source.location,
                            "source '\(source.id)' was last opened \(age) days ago, on \(accessed) (the limit is \(maxAge) days)",
                            notes: ["re-open the source, check the page still says what is cited, and update 'accessed'"])
                }
            }
        }
        return bag.items
    }

    /// "a", "a and b", "a, b and c".
    package static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
