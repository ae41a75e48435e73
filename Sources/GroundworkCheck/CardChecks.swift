import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Checks on battle cards (issue 7). `cite.unverified-on-card` lives with the citation checks.
public enum CardChecks {
    /// `card.answer-unsourced`: an item under a card's *If they say* section (an objection and
    /// its answer, see CardSectionKind) cites no source. A seller repeats that answer to a
    /// buyer who is pushing back, so it must rest on something the buyer can check; a claim
    /// with no public source belongs on a regular page, labelled as an estimate. A warning,
    /// so `check --strict` fails on it like every other content warning.
    public struct AnswerUnsourced: PageCheck {
        public var name: String { "unsourced answers on cards" }
        public var codes: [DiagnosticCode] { [.cardAnswerUnsourced] }

        public init() {}

        public var reads: PageCheckInputs { [] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            if page.isCard {
                var kind: CardSectionKind?
                for block in page.document.blocks {
                    if case .heading(let heading) = block, heading.level <= 2 {
                        kind = CardSectionKind.kind(of: block)
                        continue
                    }
                    guard kind == .objections, case .list(let list) = block else { continue }
                    for item in list.items {
                        var cites = false
                        InlineWalker.forEach(blocks: item.blocks) { inline, _ in
                            if case .citation = inline { cites = true }
                        }
                        guard !cites else { continue }
                        let start = item.range?.start ?? list.range?.start ?? SourcePosition(line: 1, column: 1)
                        bag.add(.cardAnswerUnsourced, file: page.file, line: start.line, column: start.column,
                                "the answer to this objection cites no source",
                                notes: ["cite the source the answer rests on, e.g. [@key], or move the point off the card"])
                    }
                }
            }
            return bag.items
        }
    }

    /// `card.too-long`: a card has more words than `cards.max_words` (CardWords counts them as a
    /// reader sees them). Reported at the first word over the budget — where the card spills
    /// over — with the total, how many words to cut, and the count per section.
    public struct TooLong: PageCheck {
        public var name: String { "card word budget" }
        public var codes: [DiagnosticCode] { [.cardTooLong] }

        public init() {}

        public var reads: PageCheckInputs { [] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            let budget = context.site.config.cardsMaxWords
            var bag = DiagnosticBag()
            if page.isCard {
                let words = CardWords.words(in: page.document)
                guard words.count > budget else { return [] }
                let first = words[budget]
                var sections: [(String, Int)] = []
                for word in words {
                    if let last = sections.last, last.0 == word.section {
                        sections[sections.count - 1].1 += 1
                    } else {
                        sections.append((word.section, 1))
                    }
                }
                let perSection = sections.map { "\($0.0.isEmpty ? "before the first heading" : "'\($0.0)'") \($0.1)" }
                bag.add(.cardTooLong, file: page.file, line: first.position.line, column: first.position.column,
                        "battle card has \(words.count) words, \(words.count - budget) over cards.max_words (\(budget)); word \(budget + 1), the first over, is here",
                        notes: ["words by section: " + perSection.joined(separator: ", ")])
            }
            return bag.items
        }
    }
}
