import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Citation, quotation, claim and freshness checks (issue 4): every citation names a
/// complete source, every quotation is in its source's excerpts, every statistic is cited,
/// and nothing is past its review date.
public enum CitationChecks {
    /// `cite.unknown-key`: a citation names no source; at the key's `@`.
    public struct UnknownKeys: PageCheck {
        public var name: String { "citation keys" }
        public var codes: [DiagnosticCode] { [.citeUnknownKey] }

        public init() {}

        public var reads: PageCheckInputs { [.links, .sources] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            let items = context.citationItemsByPage[page.index]
            guard items.contains(where: { context.sources.byID[$0.item.key] == nil }) else { return [] }
            let ids = context.sources.sources.map(\.id)
            for (item, location) in items where context.sources.byID[item.key] == nil {
                let hint = Suggestions.closest(to: item.key, in: ids)
                let notes = hint.map { ["did you mean '@\($0)'?"] }
                    ?? (ids.isEmpty ? ["add the source to sources.yaml"] : ["add the source to \(context.sources.file.isEmpty ? "sources.yaml" : context.sources.file)"])
                bag.add(.citeUnknownKey, at: location, "no source '\(item.key)' for citation", notes: notes)
            }
            return bag.items
        }
    }

    /// `cite.source-incomplete` (a record without title, URL or DOI, or `accessed`) and
    /// `cite.unused-source` (a record no page cites); at the record in sources.yaml.
    public struct SourceRecords: Check {
        public var name: String { "source records" }
        public var codes: [DiagnosticCode] { [.citeSourceIncomplete, .citeUnusedSource] }

        public init() {}

        public func run(_ context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            let sources = context.sources.sources
            // The sources no page cites: every source, less each key cited, until none is left
            // (a site citing all its sources stops early). The preview runs this after every edit.
            var uncited = Set<String>(minimumCapacity: sources.count)
            for index in sources.indices { uncited.insert(sources[index].id) }
            for items in context.citationItemsByPage {
                if uncited.isEmpty { break }
                for (item, _) in items { uncited.remove(item.key) }
            }
            // By index: iterating the sources would copy each record.
            for index in sources.indices {
                var missing: [String] = []
                if CitationChecks.isBlank(sources[index].title) { missing.append("a title") }
                if CitationChecks.isBlank(sources[index].url) && CitationChecks.isBlank(sources[index].doi) {
                    missing.append("a URL or DOI")
                }
                // A malformed date has already been reported where it is written.
                if sources[index].accessed == nil && sources[index].fieldLocations["accessed"] == nil { missing.append("an 'accessed' date") }
                let id = sources[index].id
                if !missing.isEmpty {
                    bag.add(.citeSourceIncomplete, at: sources[index].location,
                            "source '\(id)' lacks \(CitationChecks.list(missing))",
                            notes: ["every source needs a title, a URL or DOI, and the date it was last opened ('accessed')"])
                }
                if uncited.contains(id) {
                    bag.add(.citeUnusedSource, at: sources[index].location, "no page cites source '\(id)'",
                            notes: ["cite it where it supports a claim, or remove the record"])
                }
            }
            return bag.items
        }
    }

    /// Whether a field is missing or only white space and newlines: what
    /// `trimmingCharacters(in: .whitespacesAndNewlines).isEmpty` says, without making the
    /// trimmed string (ASCII text answers without Foundation).
    static func isBlank(_ text: String?) -> Bool {
        guard let text else { return true }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                switch scalar.value {
                case 0x09...0x0D, 0x20: continue
                default: return false
                }
            }
            if !CharacterSet.whitespacesAndNewlines.contains(scalar) { return false }
        }
        return true
    }

    /// `cite.quote-mismatch`, `cite.quote-qualifier`, `quote.unattributed` and
    /// `claim.unsourced`, page by page.
    public struct QuotesAndClaims: PageCheck {
        public var name: String { "quotations and statistics" }
        public var codes: [DiagnosticCode] { [.citeQuoteMismatch, .citeQuoteQualifier, .quoteUnattributed, .claimUnsourced] }

        public init() {}

        public var reads: PageCheckInputs { .sources }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            CitationChecks.checkProse(page, sources: context.sources)
        }
    }

    static func checkProse(_ page: Page, sources: SourceLibrary) -> [Diagnostic] {
        var bag = DiagnosticBag()
        // The closure below captures the file name, not the page: capturing the page made
        // the specialized walker copy the whole `Page` (a retain per field) for every unit.
        let file = page.file
        func location(_ position: SourcePosition?, _ unit: ProseUnit) -> Location {
            let p = position ?? unit.start
            return Location(file: file, line: p.line, column: p.column)
        }
        ProseExtractor.forEachUnit(in: page.document) { unit in
            // Every finding is about a quotation or a statistic in the unit's characters, and
            // none are read for prose without a quotation mark, a digit or a "-fold" word
            // (`ProseExtractor.mayQuoteOrCount`): most units end here, before their
            // citations are gathered into new arrays.
            guard !unit.characters.isEmpty else { return }
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
                        bag.add(.quoteUnattributed, at: location(quote.position, unit), "block quotation has no citation",
                                notes: ["cite the source inside the quotation or in the paragraph that introduces it, or use a callout for your own words"])
                    } else if quote.wordCount >= 6 {
                        let container = unit.kind == .tableCell ? "table row" : "paragraph"
                        bag.add(.quoteUnattributed, at: location(quote.position, unit),
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
                    bag.add(.citeQuoteMismatch, at: location(quote.position, unit),
                            "quotation \"\(Quotations.shorten(quote.text))\" is not in the excerpts of \(names.count == 1 ? "source" : "sources") \(Self.list(names))",
                            notes: notes)
                } else if unit.kind != .blockQuote,
                          let finding = QuoteQualifiers.finding(for: quote, in: unit.characters,
                                                                sources: checkable.map { ($0.id, $0.excerpts) }) {
                    // The words match; a limiting word just outside them may still change them.
                    bag.add(.citeQuoteQualifier, at: location(quote.position, unit),
                            "'\(finding.word)' before the quotation \"\(Quotations.shorten(quote.text))\" is not in source '\(finding.sourceID)'",
                            notes: ["the source has \"…\(finding.sourceBefore)\" before these words",
                                    "a limiting word outside the quotation marks changes what the source says: drop it, or rephrase to what the source says"])
                }
            }

            // A block quotation's statistics are checked in its paragraphs.
            if unit.kind != .blockQuote, !isCited, let statistic = Statistics.find(in: unit.characters).first {
                let container = unit.kind == .tableCell ? "table row" : "paragraph"
                bag.add(.claimUnsourced, at: location(statistic.position, unit),
                        "statistic '\(statistic.text)' has no citation in its \(container)",
                        notes: ["cite the source in the same \(container), e.g. [@key], or drop the figure"])
            }
        }
        return bag.items
    }

    /// `cite.unverified-on-card`: a battle card cites a source whose status is `unverified`.
    public struct UnverifiedOnCards: PageCheck {
        public var name: String { "unverified sources on cards" }
        public var codes: [DiagnosticCode] { [.citeUnverifiedOnCard] }

        public init() {}

        public var reads: PageCheckInputs { [.links, .sources] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            if page.isCard {
                for (item, location) in context.links.citations[page.index] {
                    guard let index = context.sources.byID[item.key], context.sources.sources[index].status == .unverified else { continue }
                    bag.add(.citeUnverifiedOnCard, at: location, "battle card cites '\(item.key)', whose status is unverified",
                            notes: ["verify the source (then update its status and excerpts), or take the claim off the card"])
                }
            }
            return bag.items
        }
    }

    /// `fresh.page-overdue`: a page's `review_by` is before today; at the date.
    public struct PageFreshness: PageCheck {
        public var name: String { "page review dates" }
        public var codes: [DiagnosticCode] { [.freshPageOverdue] }

        public init() {}

        public var reads: PageCheckInputs { [] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            do {
                guard let review = page.frontMatter.reviewBy, review < context.today else { return [] }
                let at = page.frontMatter.locations["review_by"] ?? Location(file: page.file, line: 1, column: 1)
                bag.add(.freshPageOverdue, at: at, "page was due for review on \(review) (today is \(context.today))",
                        notes: ["re-check the page and its sources, then move 'review_by' forward"])
            }
            return bag.items
        }
    }

    /// `fresh.source-overdue` (`review_by` before today) and `fresh.source-stale-access`
    /// (`accessed` more than `checks.max_source_age_days` ago); at the date in sources.yaml.
    public struct SourceFreshness: Check {
        public var name: String { "source review and access dates" }
        public var codes: [DiagnosticCode] { [.freshSourceOverdue, .freshSourceStaleAccess] }

        public init() {}

        public func run(_ context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            let maxAge = context.site.config.maxSourceAgeDays
            for source in context.sources.sources {
                if let review = source.reviewBy, review < context.today {
                    bag.add(.freshSourceOverdue, at: source.fieldLocations["review_by"] ?? source.location,
                            "source '\(source.id)' was due for review on \(review) (today is \(context.today))",
                            notes: ["re-open the source, update its status and excerpts, then move 'accessed' and 'review_by'"])
                }
                if let accessed = source.accessed {
                    let age = context.today.daysSinceEpoch - accessed.daysSinceEpoch
                    if age > maxAge {
                        bag.add(.freshSourceStaleAccess, at: source.fieldLocations["accessed"] ?? source.location,
                                "source '\(source.id)' was last opened \(age) days ago, on \(accessed) (the limit is \(maxAge) days)",
                                notes: ["re-open the source, check the page still says what is cited, and update 'accessed'"])
                    }
                }
            }
            return bag.items
        }
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
