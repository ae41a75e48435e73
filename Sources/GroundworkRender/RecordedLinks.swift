import GroundworkResolve
import Markdown

/// The targets the link graph recorded for one page's links (`LinkGraph.occurrences`), for
/// the body renderer to take instead of resolving every link a second time.
///
/// Why (issue 21): `check`'s stages resolve each link once for the link graph; resolving it
/// again while rendering was an eighth of the page body's instructions.
///
/// A link is looked up by what it is (link, image or wiki link), where it is written (the
/// start of its node) and what it says (its destination, or a wiki link's text), so that a
/// record can never stand in for another link: the target found is the one resolving would
/// give, because resolving reads only those (the page, the kind and the text). A link with no
/// position, or with no record (the page's graph is empty, a card rendered at another URL),
/// answers nil and the renderer resolves it as before.
struct RecordedLinks {
    private let occurrences: [LinkOccurrence]
    /// Where the next link in document order is expected: the renderer meets links in the
    /// order the link graph's walk recorded them, except where it renders out of order
    /// (footnotes at the end, a definition list's terms and definitions interleaved).
    private var next = 0

    /// Records that answer nothing: every link is resolved.
    static let none = RecordedLinks([])

    /// - Parameter occurrences: the links the link graph recorded for the page being rendered.
    init(_ occurrences: [LinkOccurrence]) {
        self.occurrences = occurrences
    }

    /// The recorded target of the link of `kind` written as `raw` at `position`; nil when no
    /// record matches (the caller resolves it).
    mutating func target(_ kind: LinkOccurrence.Kind, raw: String, at position: SourcePosition?) -> LinkTarget? {
        guard let position, !occurrences.isEmpty else { return nil }
        func matches(_ occurrence: LinkOccurrence) -> Bool {
            occurrence.kind == kind && occurrence.location.line == position.line
                && occurrence.location.column == position.column && occurrence.raw == raw
        }
        if next < occurrences.count, matches(occurrences[next]) {
            next += 1
            return occurrences[next - 1].target
        }
        // Out of document order: any record of the same link. Two records that match are of
        // the same text at the same place, so they hold the same target.
        for index in occurrences.indices where matches(occurrences[index]) {
            next = index + 1
            return occurrences[index].target
        }
        return nil
    }
}
