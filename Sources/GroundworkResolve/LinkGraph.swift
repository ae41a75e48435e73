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

    public init(site: Site) {
        let resolver = LinkResolver(site: site)
        let perPage = parallelMap(site.pages) { page in Self.linksAndCitations(in: page, resolver: resolver) }
        self.init(occurrences: perPage.map(\.links), citations: perPage.map(\.citations))
    }

    /// `links(in:resolver:)` and `citations(in:)` of one page from ONE walk of its inlines
    /// (walking a page's tree costs more than resolving its links: every enum payload the
    /// walk binds is retained and released). Its raw HTML is sanitized only when the walk
    /// saw some: most pages have none, and `RawHTML.links` walks the tree once more to find
    /// out. The same results, in the same order, as the two functions (`LinkGraphWalkTests`).
    package static func linksAndCitations(in page: Page, resolver: LinkResolver)
        -> (links: [LinkOccurrence], citations: [CitationOccurrence]) {
        var links: [LinkOccurrence] = []
        var citations: [CitationOccurrence] = []
        var sawRawHTML = false
        InlineWalker.forEach(in: page.document) { inline, context in
            func location(_ start: SourcePosition?) -> Location {
                let start = start ?? context.blockRange?.start ?? SourcePosition(line: 1, column: 1)
                return Location(file: page.file, line: start.line, column: start.column)
            }
            switch inline {
            case .link(let link):
                links.append(LinkOccurrence(kind: .link, raw: link.destination, location: location(link.range?.start),
                                            target: resolver.resolve(link.destination, from: page), altText: ""))
            case .image(let image):
                links.append(LinkOccurrence(kind: .image, raw: image.destination, location: location(image.range?.start),
                                            target: resolver.resolve(image.destination, from: page, isImage: true),
                                            altText: image.children.plainText))
            case .wikiLink(let wiki):
                links.append(LinkOccurrence(kind: .wiki, raw: wiki.raw, location: location(wiki.range?.start),
                                            target: resolver.resolve(wiki: wiki, from: page), altText: ""))
            case .citation(let citation):
                for item in citation.items {
                    citations.append((item, location(item.position ?? citation.range?.start)))
                }
            case .html:
                sawRawHTML = true
            default:
                break
            }
        }
        // Inline HTML is seen above wherever `RawHTML.containers` looks for it (the walk visits
        // the same blocks and inlines, and more); HTML blocks are not inlines: one look at the
        // blocks, without their inlines.
        if !sawRawHTML {
            BlockWalker.forEachBlock(page.document.blocks) { block in
                if case .htmlBlock = block { sawRawHTML = true }
            }
        }
        if sawRawHTML { links += RawHTML.links(in: page, resolver: resolver) }
        return (links, citations)
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
    package init(occurrences perPage: [[LinkOccurrence]], citations: [[CitationOccurrence]]) {
        self.citations = citations
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
