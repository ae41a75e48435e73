import GroundworkModel
import Markdown
import Synchronization

/// The Markdown trees of a site's pages, held apart from the site so that `build` can let
/// each one go as soon as its page is rendered (issue 21, memory: at 50,000 pages the trees
/// are the largest part of the parsed site, and nothing rendered after a page reads its tree).
///
/// Why that is safe: a page's tree is read only when that page itself is rendered
/// (`renderPageHTML`; an embedded note, `![[page]]`, renders as a link with the page's title
/// and headings, which stay in the site), except a card's, which the cards index and the print
/// sheet read again: cards keep their trees in the site (`take(from:)` leaves them).
/// The site files rendered after the pages (tags, glossary, bibliography, sections) read
/// titles, summaries, headings and links, never bodies.
public final class PageBodies: Sendable {
    /// By page index; nil once taken back for rendering, or for a page whose tree stayed in the site.
    private let documents: Mutex<[Document?]>

    /// Moves every page's tree but the cards' out of `site` (leaving empty documents), so
    /// that this store holds the only reference to each. The caller must not keep another
    /// copy of the site's page list from before the move, or the trees stay alive through it.
    public init(takingFrom site: inout Site) {
        var documents = [Document?](repeating: nil, count: site.pages.count)
        for index in site.pages.indices where !site.pages[index].isCard {
            documents[index] = site.pages[index].document
            site.pages[index].document = Document(blocks: [])
        }
        self.documents = Mutex(documents)
    }

    /// The tree of the page at `index`, given out once: the store forgets it, so it is
    /// freed when the caller is done with it. Nil when the tree stayed in the site (cards)
    /// or was already taken.
    public func take(_ index: Int) -> Document? {
        documents.withLock { documents -> Document? in
            guard documents.indices.contains(index) else { return nil }
            let document = documents[index]
            documents[index] = nil
            return document
        }
    }
}
