import Markdown

/// The parts of a call that a battle card can be written around (issue 19). A card is a tool
/// for a conversation, so four `##` section names are fixed and recognised: the renderer gives
/// each its own class (`bc-say`, `bc-ask`, `bc-objections`, `bc-next`) and the print layout
/// styles them as a talk track, discovery questions, objection → answer pairs and the offer
/// that closes the call. Any other heading is an ordinary card section, so older cards and
/// free-form cards keep working; no new syntax is needed.
public enum CardSectionKind: String, CaseIterable, Sendable {
    /// *What to say*: a short talk track, said in the seller's own words.
    case say
    /// *What to ask*: discovery questions; an item's leading **bold** text is the question and
    /// the rest is what the answer tells you.
    case ask
    /// *If they say*: objections; an item's leading **bold** text is what the buyer says and the
    /// rest is the answer, with its source (`card.answer-unsourced` otherwise).
    case objections
    /// *Next step*: what to offer before the call ends (a pilot, a workshop, a document).
    case next

    /// The heading text that selects this kind (compared case-insensitively).
    public var heading: String {
        switch self {
        case .say: return "What to say"
        case .ask: return "What to ask"
        case .objections: return "If they say"
        case .next: return "Next step"
        }
    }

    /// The class the card template puts on the section.
    public var cssClass: String { "bc-" + rawValue }

    /// The kind a heading's text names, or nil for any other heading. Case, surrounding
    /// spaces, a trailing ellipsis or colon and a plural "Next steps" do not matter, so
    /// "If they say …" and "Next steps:" are recognised.
    public static func kind(forHeading text: String) -> CardSectionKind? {
        var name = text.lowercased().cardTrimmed()
        while let last = name.last, last == "…" || last == "." || last == ":" || last.isWhitespace { name.removeLast() }
        if name == "next steps" { name = "next step" }
        return allCases.first { $0.heading.lowercased() == name }
    }

    /// The kind of a heading block (levels 1 and 2 start card sections), or nil.
    public static func kind(of block: Block) -> CardSectionKind? {
        guard case .heading(let heading) = block, heading.level <= 2 else { return nil }
        return kind(forHeading: heading.inlines.plainText)
    }
}
