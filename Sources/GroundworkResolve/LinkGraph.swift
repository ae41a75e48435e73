import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkSupport
import Markdown

/// One link written in a page, already resolved.
public struct LinkOccurrence: Sendable {
    public enum Kind: Sendable { case link, image, wiki }
    public var kind: Kind
    public var raw: String
    public var location: Location
    public var target: LinkTarget
    /// For images: the alt text.
    public var altText: String

    package init(kind: Kind, raw: String, location: Location, target: LinkTarget, altText: String) {
        self.kind = kind
        self.raw = raw
        self.location = location
        self.target = target
        self.altText = altText
    }
}

/// One citation item written in a page (`[@key, p. 4]` holds one per key), with where its
/// key is written.
public typealias CitationOccurrence = (item: Citation.Item, location: Location)

/// What the resolver records about every page, once, for the checks and the renderer to read:
/// every link resolved, who links to whom, and every citation. Built once per build so checks
/// (broken links, orphans, unknown keys) and rendering (backlinks, the bibliography) never
/// re-scan all pages.
public struct LinkGraph: Sendable {
    /// Links by page index.
    public var occurrences: [[LinkOccurrence]]
    /// Pages that link to each page (sorted, without self-links).
    public var incoming: [[Int]]
    /// Citation items by page index, in document order (headings and table cells included).
    public var citations: [[CitationOccurrence]]
    /// By page index: whether the link walk saw raw HTML (an HTML block or inline HTML) in
    /// the page. Empty when the graph was put together from links alone, which rules nothing
    /// out. Read through `mayHoldRawHTML(_:)`.
    public var rawHTML: [Bool]

    /// False when the page's tree holds no raw HTML, so that the raw HTML check passes over
    /// it without walking its tree again (most pages have none). The walk that decides
    /// it goes into every container `RawHTML.containers` reads, and more.
    public func mayHoldRawHTML(_ page: Int) -> Bool { rawHTML.isEmpty || rawHTML[page] }

    public init(site: Site) {
        let resolver = LinkResolver(site: site)
        let perPage = parallelMap(site.pages) { page in Self.linksAndCitations(in: page, resolver: resolver) }
        self.init(occurrences: perPage.map(\.links), citations: perPage.map(\.citations), rawHTML: perPage.map(\.sawRawHTML))
    }

    /// `links(in:resolver:)` and `citations(in:)` of one page from ONE walk of its tree
    /// (walking a page's tree costs more than resolving its links). Its raw HTML is
    /// sanitized only when the walk saw some (`sawRawHTML`): most pages have none. The same
    /// results, in the same order, as the two functions (`ResolveFastPathTests`).
    package static func linksAndCitations(in page: Page, resolver: LinkResolver)
        -> (links: [LinkOccurrence], citations: [CitationOccurrence], sawRawHTML: Bool) {
        var walk = LinkWalk()
        walk.blocks(page.document.blocks, page: page, resolver: resolver)
        if walk.sawRawHTML { walk.links += RawHTML.links(in: page, resolver: resolver) }
        return (walk.links, walk.citations, walk.sawRawHTML)
    }

    /// Every citation item of one page, with its location: at the key's `@`.
    package static func citations(in page: Page) -> [CitationOccurrence] {
        var found: [CitationOccurrence] = []
        InlineWalker.forEach(in: page.document) { inline, context in
            guard case .citation(let citation) = inline else { return }
            for item in citation.items {
                let start = item.position ?? citation.range?.start ?? context.blockRange?.start ?? SourcePosition(line: 1, column: 1)
                found.append((item, Location(file: page.file, line: start.line, column: start.column)))
            }
        }
        return found
    }

    /// The links of one page, resolved (`groundwork serve` redoes only the pages a change touches).
    package static func links(in page: Page, resolver: LinkResolver) -> [LinkOccurrence] {
        var found: [LinkOccurrence] = []
        InlineWalker.forEach(in: page.document) { inline, context in
            func location(_ range: SourceRange?) -> Location {
                let start = range?.start ?? context.blockRange?.start ?? SourcePosition(line: 1, column: 1)
                return Location(file: page.file, line: start.line, column: start.column)
            }
            switch inline {
            case .link(let link):
                found.append(LinkOccurrence(kind: .link, raw: link.destination, location: location(link.range),
                                            target: resolver.resolve(link.destination, from: page), altText: ""))
            case .image(let image):
                found.append(LinkOccurrence(kind: .image, raw: image.destination, location: location(image.range),
                                            target: resolver.resolve(image.destination, from: page, isImage: true),
                                            altText: image.children.plainText))
            case .wikiLink(let wiki):
                found.append(LinkOccurrence(kind: .wiki, raw: wiki.raw, location: location(wiki.range),
                                            target: resolver.resolve(wiki: wiki, from: page), altText: ""))
            default:
                break
            }
        }
        // `href`, `src` and the like in raw HTML, as the sanitizer keeps them.
        found += RawHTML.links(in: page, resolver: resolver)
        return found
    }

    /// The graph of already resolved links (page by page, in page order).
    /// `rawHTML`: by page, whether it holds raw HTML; empty for "may hold some" on every page.
    package init(occurrences perPage: [[LinkOccurrence]], citations: [[CitationOccurrence]], rawHTML: [Bool] = []) {
        precondition(rawHTML.isEmpty || rawHTML.count == perPage.count)
        self.citations = citations
        self.rawHTML = rawHTML
        // Pages are visited in order, so each list is already sorted: a page that links to
        // the same page twice is dropped by comparing with the list's last entry (no sets).
        var incoming = Array(repeating: [Int](), count: perPage.count)
        for (from, links) in perPage.enumerated() {
            for link in links {
                if case .page(let to, _) = link.target, to != from, incoming[to].last != from { incoming[to].append(from) }
            }
        }
        occurrences = perPage
        self.incoming = incoming
    }

    /// Every http(s) URL written in the pages, with where each is written, in page order.
    /// `pages` limits the pages looked at (e.g. to the files `--only` names).
    public func externalLinks(pages: Set<Int>? = nil) -> [(url: String, locations: [Location])] {
        var order: [String] = []
        var locations: [String: [Location]] = [:]
        for (index, links) in occurrences.enumerated() where pages?.contains(index) ?? true {
            for link in links {
                // Only web addresses are fetched: not e-mail, telephone or application links.
                guard case .external(let url) = link.target, let scheme = LinkResolver.scheme(of: url),
                      scheme == "http" || scheme == "https" else { continue }
                if locations[url] == nil { order.append(url) }
                locations[url, default: []].append(link.location)
            }
        }
        return order.map { ($0, locations[$0]!) }
    }
}

/// The walk behind `LinkGraph.linksAndCitations`: `InlineWalker.forEach` (blocks in
/// pre-order, each block's inlines, each inline before its children) written out as plain
/// recursion over array indexes, with no closure per block and per inline.
///
/// Why (issue 21): the closure walk copied every block and every inline it passed to its
/// visitor, a retain and a release of a node that at 10,000 pages is no longer in the cache;
/// that was most of the link graph's time. Here a node is taken apart only when its case
/// holds links, citations or other nodes: a text node (most of them) is passed over on its
/// case alone, which the enum value itself holds, without reading the node.
private struct LinkWalk {
    var links: [LinkOccurrence] = []
    var citations: [CitationOccurrence] = []
    /// An HTML block or inline HTML was seen: the page's raw HTML must be read for links.
    var sawRawHTML = false

    /// `BlockWalker.forEachBlock` order: a block, then the blocks inside it.
    mutating func blocks(_ blocks: [Block], page: Page, resolver: LinkResolver) {
        for index in blocks.indices {
            switch blocks[index] {
            case .paragraph(let p):
                inlines(p.inlines, blockRange: p.range, page: page, resolver: resolver)
            case .heading(let h):
                inlines(h.inlines, blockRange: h.range, page: page, resolver: resolver)
            case .blockQuote(let quote):
                // A callout's written title (its links and citations are checked too).
                if let title = quote.header?.title { inlines(title, blockRange: quote.range, page: page, resolver: resolver) }
                self.blocks(quote.blocks, page: page, resolver: resolver)
            case .list(let list):
                for item in list.items.indices { self.blocks(list.items[item].blocks, page: page, resolver: resolver) }
            case .footnoteDefinition(let definition):
                self.blocks(definition.blocks, page: page, resolver: resolver)
            case .definitionList(let list):
                // Every item's terms, then every item's definitions, as the block walk goes.
                for item in list.items {
                    for term in item.terms { inlines(term.inlines, blockRange: term.range, page: page, resolver: resolver) }
                }
                for item in list.items {
                    for definition in item.definitions { self.blocks(definition.blocks, page: page, resolver: resolver) }
                }
            case .table(let table):
                if let header = table.header { cells(of: header, page: page, resolver: resolver) }
                for row in table.rows.indices { cells(of: table.rows[row], page: page, resolver: resolver) }
            case .htmlBlock:
                sawRawHTML = true
            case .codeBlock, .thematicBreak, .tableOfContents:
                break
            }
        }
    }

    private mutating func cells(of row: Table.Row, page: Page, resolver: LinkResolver) {
        for cell in row.cells.indices {
            inlines(row.cells[cell].inlines, blockRange: row.cells[cell].range, page: page, resolver: resolver)
        }
    }

    /// An inline, then the inlines inside it. `blockRange` is where a node without a
    /// position is reported (the enclosing paragraph, heading, title, term or cell).
    private mutating func inlines(_ inlines: [Inline], blockRange: SourceRange?, page: Page, resolver: LinkResolver) {
        func location(_ start: SourcePosition?) -> Location {
            let start = start ?? blockRange?.start ?? SourcePosition(line: 1, column: 1)
            return Location(file: page.file, line: start.line, column: start.column)
        }
        for index in inlines.indices {
            switch inlines[index] {
            case .link(let link):
                links.append(LinkOccurrence(kind: .link, raw: link.destination, location: location(link.range?.start),
                                            target: resolver.resolve(link.destination, from: page), altText: ""))
                self.inlines(link.children, blockRange: blockRange, page: page, resolver: resolver)
            case .image(let image):
                links.append(LinkOccurrence(kind: .image, raw: image.destination, location: location(image.range?.start),
                                            target: resolver.resolve(image.destination, from: page, isImage: true),
                                            altText: image.children.plainText))
                self.inlines(image.children, blockRange: blockRange, page: page, resolver: resolver)
            case .wikiLink(let wiki):
                links.append(LinkOccurrence(kind: .wiki, raw: wiki.raw, location: location(wiki.range?.start),
                                            target: resolver.resolve(wiki: wiki, from: page), altText: ""))
            case .citation(let citation):
                for item in citation.items {
                    citations.append((item, location(item.position ?? citation.range?.start)))
                }
            case .html:
                sawRawHTML = true
            case .emphasis(let children), .strong(let children), .strikethrough(let children):
                self.inlines(children, blockRange: blockRange, page: page, resolver: resolver)
            case .text, .softBreak, .lineBreak, .code, .footnoteReference, .attributeList:
                break
            }
        }
    }
}
