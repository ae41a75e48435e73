import XCTest
import TestSupport
@testable import GroundworkCore
import Markdown

/// The shortcuts taken in resolve and the link graph for speed (issue 21) must give exactly
/// what the plain code they replace gives.
final class ResolveFastPathTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Pages with links, images, wiki links, citations and raw HTML (inline and as blocks) in
    /// every container the walkers visit: lists, quotes, callout titles, tables, footnotes,
    /// definition lists, emphasis and link text.
    static func generatedSite(seed: UInt64) throws -> TempSite {
        let pieces = [
            "[a](p1.md)", "[b](p2.md#part)", "[c](missing.md)", "[d](https://example.com/x)", "![alt *x*](img.png)",
            "[[P1]]", "[[p2#Part]]", "[[Nowhere]]", "[@alpha]", "[@alpha, p. 4; @beta]", "<span id=\"x\">s</span>",
            "<a href=\"p1.md\">h</a>", "<img src=\"img.png\" alt=\"i\">", "*[e](p1.md) <b>b</b>*", "**[@beta]**",
            "~~[f](p2.md)~~", "[g <i>h</i> [@alpha]](p1.md)", "text", "[^n]", "`[x](y.md)`",
        ]
        let blocks = [
            "%", "- %\n- %", "> %", "> [!note] %\n> %", "| h % |\n| - |\n| % |", "Term %\n: %", "<div>\n%\n</div>",
            "<p><a href=\"p2.md#part\">x</a></p>", "## %", "1. %\n\n   > %", "[^n]: %",
        ]
        var generator = SeededGenerator(state: seed)
        var files = [
            "p1.md": "---\ntitle: P1\n---\n\nOne.\n",
            "p2.md": "---\ntitle: P2\n---\n\n## Part\n\nTwo.\n",
            "img.png": "png",
            "sources.yaml": "alpha:\n  title: Alpha\nbeta:\n  title: Beta\n",
        ]
        for page in 0..<12 {
            var text = "---\ntitle: Page \(page)\n---\n\n"
            for _ in 0..<(3 + generator.next(8)) {
                text += generator.filling(blocks[generator.next(blocks.count)], from: pieces) + "\n\n"
            }
            files["g\(page).md"] = text
        }
        return try TempSite(files, name: "resolveFastPath\(seed)")
    }

    static func describe(_ links: [LinkOccurrence]) -> [String] {
        links.map { "\($0.kind) \($0.raw.debugDescription) \($0.location) \($0.target) \($0.altText.debugDescription)" }
    }

    static func describe(_ citations: [CitationOccurrence]) -> [String] {
        citations.map { "\($0.item) \($0.location)" }
    }

    /// One walk for links and citations (and raw HTML sanitized only where the walk saw
    /// some) gives what `links(in:)` and `citations(in:)` give, page by page.
    func testOneWalkAgreesWithLinksAndCitations() throws {
        var sites: [(String, Site)] = []
        for seed: UInt64 in [1, 2, 3, 4, 5, 6] {
            let temp = try Self.generatedSite(seed: seed)
            defer { temp.remove() }
            sites.append(("generated \(seed)", try Groundwork.analyze(temp.options()).site))
        }
        for fixture in ["links/anchors-embeds", "links/anchor-missing", "anchors-embeds-html", "citations", "golden-site"] {
            let content = Self.fixtures.appendingPathComponent(fixture).appendingPathComponent("content")
            guard FileManager.default.fileExists(atPath: content.path) else { continue }
            let options = Options(content: content, contentDisplay: "content", templates: TempSite.repositoryTemplates,
                                  output: FileManager.default.temporaryDirectory, today: Day(year: 2026, month: 11, day: 29))
            sites.append((fixture, try Groundwork.analyze(options).site))
        }
        var linksSeen = 0, citationsSeen = 0, rawHTMLLinks = 0, pagesWithRawHTML = 0, pagesWithout = 0
        for (name, site) in sites {
            let resolver = LinkResolver(site: site)
            for page in site.pages {
                let both = LinkGraph.linksAndCitations(in: page, resolver: resolver)
                let links = LinkGraph.links(in: page, resolver: resolver)
                XCTAssertEqual(Self.describe(both.links), Self.describe(links), "\(name): \(page.relativePath)")
                XCTAssertEqual(Self.describe(both.citations), Self.describe(LinkGraph.citations(in: page)), "\(name): \(page.relativePath)")
                linksSeen += links.count
                citationsSeen += both.citations.count
                rawHTMLLinks += RawHTML.links(in: page, resolver: resolver).count
                // The raw HTML check skips a page the walk saw no raw HTML in: it has none.
                if both.sawRawHTML { pagesWithRawHTML += 1 } else {
                    XCTAssertTrue(RawHTML.containers(in: page.document).isEmpty, "\(name): \(page.relativePath)")
                    pagesWithout += 1
                }
            }
            // The graph keeps what the walk saw, page by page.
            XCTAssertEqual(LinkGraph(site: site).rawHTML, site.pages.map { LinkGraph.linksAndCitations(in: $0, resolver: resolver).sawRawHTML }, name)
        }
        XCTAssertGreaterThan(pagesWithRawHTML, 5)
        XCTAssertGreaterThan(pagesWithout, 20)
        // The input exercised what it is meant to.
        XCTAssertGreaterThan(linksSeen, 100)
        XCTAssertGreaterThan(citationsSeen, 20)
        XCTAssertGreaterThan(rawHTMLLinks, 10)
    }

    /// Incoming links listed without sets: the same sorted lists, self-links left out.
    func testIncomingListsAgreeWithSets() {
        var generator = SeededGenerator(state: 9)
        for _ in 0..<200 {
            let count = 1 + generator.next(12)
            var perPage: [[LinkOccurrence]] = []
            for _ in 0..<count {
                var links: [LinkOccurrence] = []
                for _ in 0..<generator.next(8) {
                    let target: LinkTarget = generator.next(4) == 0 ? .external("https://x.example")
                        : .page(generator.next(count), fragment: generator.next(2) == 0 ? nil : "f")
                    links.append(LinkOccurrence(kind: .link, raw: "", location: Location(file: "f", line: 1, column: 1),
                                                target: target, altText: ""))
                }
                perPage.append(links)
            }
            var sets = Array(repeating: Set<Int>(), count: count)
            for (from, links) in perPage.enumerated() {
                for link in links { if case .page(let to, _) = link.target, to != from { sets[to].insert(from) } }
            }
            let graph = LinkGraph(occurrences: perPage, citations: Array(repeating: [], count: count))
            XCTAssertEqual(graph.incoming, sets.map { $0.sorted() })
        }
    }

    /// The `slug` every URL segment goes through, as it was: `Character` by `Character`.
    static func slugByCharacters(_ component: String) -> String {
        var out = ""
        for character in component.lowercased() {
            if character.isWhitespace {
                out.append("-")
            } else if character.isLetter || character.isNumber || character == "-" || character == "_" || character == "." {
                out.append(character)
            }
        }
        return out.isEmpty ? "-" : out
    }

    func testASCIISlugAgreesWithCharacterSlug() {
        var pieces = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        pieces += ["\r\n", "É", "é", "ß", "İ", "\u{A0}", "\u{2003}", "٣", "e\u{301}", "日本", "\u{85}"]
        var generator = SeededGenerator(state: 21)
        var asciiInputs = 0
        for _ in 0..<40_000 {
            var text = ""
            for _ in 0..<generator.next(8) { text += pieces[generator.next(pieces.count)] }
            if text.utf8.allSatisfy({ $0 < 0x80 }) { asciiInputs += 1 }
            XCTAssertEqual(SiteResolver.slug(text), Self.slugByCharacters(text), text.debugDescription)
        }
        XCTAssertGreaterThan(asciiInputs, 10_000, "most inputs take the byte path")
    }

    /// A page without footnote definitions has no footnote ids (nothing walked); one with
    /// them numbers its references in order, as before.
    func testFootnoteIDsWithAndWithoutDefinitions() {
        let without = MarkdownParser.parse("Text[^a] and [^b].\n\n> Quote[^a]\n")
        XCTAssertEqual(FootnoteNumbering.ids(in: without), [])
        XCTAssertEqual(FootnoteNumbering.numbers(in: without), [:])
        let with = MarkdownParser.parse("Text[^b] and [^a][^b].\n\n[^a]: A.\n[^b]: B[^c].\n[^c]: C.\n")
        XCTAssertEqual(FootnoteNumbering.ids(in: with), ["fn-1", "fnref-1", "fnref-1-2", "fn-2", "fnref-2", "fn-3", "fnref-3"])
        XCTAssertEqual(FootnoteNumbering.numbers(in: with), ["b": 1, "a": 2, "c": 3])
    }

    /// A link's path made byte by byte agrees with the component-by-component way: the same
    /// path and lower-cased path, the same `..` climbing out.
    func testBytePathNormalizationAgreesWithComponents() {
        let pieces = ["a", "B", "/", "/", ".", "..", "./", "../", "//", "x.md", "Y.MD", "-", " ", "é", "\u{301}", "#"]
        let bases = ["p.md", "s001/p.md", "A/b/C.md", "a//b/c.md", "/lead.md", "x/./y.md", "é/p.md", ""]
        var generator = SeededGenerator(state: 33)
        var bytePaths = 0, climbs = 0
        for _ in 0..<30_000 {
            var path = ""
            for _ in 0..<generator.next(7) { path += pieces[generator.next(pieces.count)] }
            let base = bases[generator.next(bases.count)]
            let expected = LinkResolver.normalizeByComponents(path, from: base)
            XCTAssertEqual(LinkResolver.normalize(path, from: base), expected, "\(path.debugDescription) from \(base.debugDescription)")
            if ASCIIPath.normalized(path, base: base) != nil { bytePaths += 1 }
            if expected == .escapes { climbs += 1 }
        }
        XCTAssertGreaterThan(bytePaths, 10_000)
        XCTAssertGreaterThan(climbs, 1_000)
    }

    /// `plainRelative` over bytes: the same split (or none) as the `String.Index` scan it
    /// replaced.
    static func plainRelativeByIndexes(_ destination: String) -> (path: String, fragment: String?)? {
        let b = destination.utf8
        guard let first = b.first, let last = b.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 else { return nil }
        var hash: String.Index?
        var index = b.startIndex
        while index != b.endIndex {
            let c = b[index]
            if c >= 0x80 || c == UInt8(ascii: "%") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":") || c == UInt8(ascii: "\\") { return nil }
            if c == UInt8(ascii: "#"), hash == nil { hash = index }
            index = b.index(after: index)
        }
        if b.starts(with: "//".utf8) { return nil }
        guard let hash else { return (destination, nil) }
        return (String(destination[..<hash]), String(destination[b.index(after: hash)...]))
    }

    func testPlainRelativeAgreesWithIndexScan() {
        let pieces = ["a", "/", "#", "##", ".", "..", "?", ":", "%", "\\", " ", "\t", "é", "x.md", "\r\n", "//"]
        var generator = SeededGenerator(state: 44)
        var plain = 0
        for _ in 0..<30_000 {
            var text = ""
            for _ in 0..<generator.next(6) { text += pieces[generator.next(pieces.count)] }
            let old = Self.plainRelativeByIndexes(text), new = LinkResolver.plainRelative(text)
            XCTAssertEqual(new?.path, old?.path, text.debugDescription)
            XCTAssertEqual(new?.fragment, old?.fragment, text.debugDescription)
            XCTAssertEqual(new == nil, old == nil, text.debugDescription)
            if old != nil { plain += 1 }
        }
        XCTAssertGreaterThan(plain, 2_000)
    }

    /// A page's file name, stem and URL made over bytes agree with the `Character` way.
    func testFileNamesAndURLsAgreeWithCharacters() {
        func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
        func stem(_ path: String) -> String {
            let name = fileName(path)
            for ext in [".md", ".markdown", ".mdx"] where name.lowercased().hasSuffix(ext) { return String(name.dropLast(ext.count)) }
            return name
        }
        func url(_ path: String, isIndex: Bool) -> String {
            var components = path.split(separator: "/").dropLast().map { SiteResolver.slug(String($0)) }
            if !isIndex { components.append(SiteResolver.slug(stem(path))) }
            return components.isEmpty ? "" : components.joined(separator: "/") + "/"
        }
        let pieces = ["a", "B c", "/", "//", ".md", ".MD", ".markdown", ".mdx", "_index", "é", "\r\n", "-", "x.y"]
        var generator = SeededGenerator(state: 55)
        for _ in 0..<30_000 {
            var path = ""
            for _ in 0..<generator.next(6) { path += pieces[generator.next(pieces.count)] }
            XCTAssertEqual(SiteResolver.fileName(path), fileName(path), path.debugDescription)
            XCTAssertEqual(SiteResolver.stem(path), stem(path), path.debugDescription)
            let isIndex = generator.next(2) == 0
            XCTAssertEqual(SiteResolver.url(for: path, isIndex: isIndex), url(path, isIndex: isIndex), path.debugDescription)
        }
    }
}
