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
        let perPage = parallelMap(site.pages) { page in (Self.links(in: page, resolver: resolver), Self.citations(in: page)) }
        self.init(occurrences: perPage.map(\.0), citations: perPage.map(\.1))
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
        var incomingSets = Array(repeating: Set<Int>(), count: perPage.count)
        for (from, links) in perPage.enumerated() {
            for link in links {
                if case .page(let to, _) = link.target, to != from { incomingSets[to].insert(from) }
            }
        }
        occurrences = perPage
        incoming = incomingSets.map { $0.sorted() }
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
