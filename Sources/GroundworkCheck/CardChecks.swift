import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport

/// Checks on battle cards (issue 7). `cite.unverified-on-card` lives with the citation checks.
public enum CardChecks {
    public static let all: [Check] = [tooLong]

    /// `card.too-long`: a card has more words than `cards.max_words` (CardWords counts them as a
    /// reader sees them). Reported at the first word over the budget — where the card spills
    /// over — with the total, how many words to cut, and the count per section.
    public static let tooLong: Check = { context in
        let budget = context.site.config.cardsMaxWords
        var bag = DiagnosticBag()
        for page in context.site.pages where page.isCard {
            let words = CardWords.words(in: page.document)
            guard words.count > budget else { continue }
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
            bag.add("card.too-long", file: page.file, line: first.position.line, column: first.position.column,
                    "battle card has \(words.count) words, \(words.count - budget) over cards.max_words (\(budget)); word \(budget + 1), the first over, is here",
                    notes: ["words by section: " + perSection.joined(separator: ", ")])
        }
        return bag.items
    }
}
