import Markdown

/// `cite.quote-qualifier`: a limiting word written just outside a quotation's opening mark.
///
/// `cite.quote-mismatch` proves that the words inside the quotation marks are the source's. It
/// cannot see a word placed just before them that changes what they mean: "kept available only
/// "until their base models are deprecated"" quotes the source exactly, yet turns a commitment
/// up to a date into a cutoff. This rule catches that one shape, and only where the excerpt lets
/// it be sure: the quotation is a fragment from inside an excerpt (so the source's own words
/// before it are known), the word just before the opening mark is one of a few limiting words,
/// and the source has no such word just before the fragment. A paraphrase that drifts from its
/// source without quotation marks is beyond any rule on the text; a reviewer still has to read it.
enum QuoteQualifiers {
    /// Words that narrow or generalise the words after them.
    static let limiting: Set<String> = ["only", "solely", "just", "merely", "exclusively", "never", "always", "all", "every", "entirely"]
    /// How many of the excerpt's words before the fragment may hold the same word.
    static let window = 3

    /// A limiting word that the source does not have before the quoted words.
    struct Finding: Equatable {
        /// The writer's word, lower case.
        var word: String
        /// The excerpt's last words before the quoted fragment, for the note.
        var sourceBefore: String
        /// The id of the source whose excerpt holds the fragment.
        var sourceID: String
    }

    /// The finding for a quotation that already matches an excerpt of `sources`, or nil.
    /// Nil as well when the quotation starts an excerpt: the source's words before it are
    /// unknown, so nothing can be said about a word in front of it.
    static func finding(for quote: Quotation, in characters: [ProseCharacter],
                        sources: [(id: String, excerpts: [String])]) -> Finding? {
        guard let word = limitingWord(before: quote, in: characters) else { return nil }
        let parts = Quotations.pieces(quote.text)
        guard let first = parts.first else { return nil }
        var candidate: Finding?
        for source in sources {
            for excerpt in source.excerpts.map(Quotations.normalize) where Quotations.appearsInOrder(parts, in: excerpt) {
                guard let range = excerpt.range(of: first) else { continue }
                let before = words(in: String(excerpt[..<range.lowerBound]))
                // The quotation starts the excerpt, or the source says it too: no finding.
                if before.isEmpty || before.suffix(window).contains(word) { return nil }
                if candidate == nil {
                    candidate = Finding(word: word, sourceBefore: before.suffix(window).joined(separator: " "), sourceID: source.id)
                }
            }
        }
        return candidate
    }

    /// The word just before the opening quotation mark, lower-cased, when it is a limiting
    /// word and only spaces separate it from the mark (`says: "…"` has no such word).
    static func limitingWord(before quote: Quotation, in characters: [ProseCharacter]) -> String? {
        guard let position = quote.position,
              let open = characters.firstIndex(where: { $0.position == position && $0.role == .text }) else { return nil }
        var index = open - 1
        var sawSpace = false
        while index >= 0, characters[index].role != .ignored, characters[index].character.isWhitespace {
            sawSpace = true
            index -= 1
        }
        guard sawSpace else { return nil }
        var word = ""
        while index >= 0, characters[index].role == .text, characters[index].character.isLetter {
            word.insert(characters[index].character, at: word.startIndex)
            index -= 1
        }
        let lowered = word.lowercased()
        return limiting.contains(lowered) ? lowered : nil
    }

    /// Words of normalised text: letters and digits, lower case.
    static func words(in text: String) -> [String] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.lowercased() }
    }
}
