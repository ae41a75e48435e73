import XCTest
import TestSupport
@testable import GroundworkCore
@testable import GroundworkRender
import Markdown
import Templating

/// The page body takes each link's target from what the link graph recorded instead of
/// resolving it again (issue 21): pages must render exactly as when every link is resolved.
final class RecordedLinkTargetsTests: XCTestCase {
    /// Pages with every kind of link (pages, anchors, sections, assets, wiki links and embeds,
    /// external, broken, refused schemes, raw HTML), in every container the renderer visits,
    /// some of them out of document order (footnotes, definition lists) and the same link
    /// written twice.
    static func generatedSite(seed: UInt64) throws -> TempSite {
        let pieces = [
            "[a](p1.md)", "[b](p2.md#part)", "[b2](p2.md#nowhere)", "[c](missing.md)", "[d](https://example.com/x?a=1&b=2)",
            "![alt *x*](img.png)", "![gone](none.png)", "[self](#part)", "[sec](sub/)", "[sec2](sub/_index.md)",
            "[[P1]]", "[[p2#Part]]", "[[Nowhere]]", "[[P1|label]]", "![[img.png]]", "![[p2]]", "[bad](javascript:alert(1))",
            "[mail](mailto:x@example.com)", "[e](p%20space.md)", "[f](sub/deep.md#top)", "[g](../outside.md)",
            "<a href=\"p1.md\">h</a>", "<img src=\"img.png\" alt=\"i\">", "*[e](p1.md)*", "~~[f](p2.md)~~",
            "[g <i>h</i>](p1.md)", "[asset](files/doc.pdf#page=2)", "[t](p1.md \"Title & more\")", "[^n]", "text",
            "[é](p1.md)", "[ümlaut](ü.md)", "**[x](p2.md#part)**{ #anchored }",
        ]
        let blocks = [
            "%", "- %\n- %", "> %", "> [!note] %\n> %", "| h % |\n| - |\n| % |", "Term %\n: %\n\nTerm2 %\n: %",
            "<div>\n%\n</div>", "## %", "1. %\n\n   > %", "[^n]: % and %", "- [ ] %\n- [x] %",
        ]
        var generator = SeededGenerator(state: seed)
        var files = [
            "p1.md": "---\ntitle: P1\n---\n\nOne.\n",
            "p2.md": "---\ntitle: P2\n---\n\n## Part\n\nTwo.\n",
            "p space.md": "---\ntitle: Spaced\n---\n\nThree.\n",
            "ü.md": "---\ntitle: Umlaut\n---\n\nFour.\n",
            "sub/_index.md": "---\ntitle: Sub\n---\n\nSub.\n",
            "sub/deep.md": "---\ntitle: Deep\n---\n\n## Top\n\nDeep.\n",
            "img.png": "png",
            "files/doc.pdf": "pdf",
        ]
        for page in 0..<16 {
            var text = "---\ntitle: Page \(page)\n---\n\n## Part\n\n"
            for _ in 0..<(3 + generator.next(8)) {
                text += generator.filling(blocks[generator.next(blocks.count)], from: pieces) + "\n\n"
            }
            files[page % 3 == 0 ? "sub/g\(page).md" : "g\(page).md"] = text
        }
        return try TempSite(files, name: "recordedLinks\(seed)")
    }

    /// Every page's body rendered with the link graph's targets is the body rendered
    /// resolving each link; and the records were really taken (not resolved again for want
    /// of a match).
    func testRecordedTargetsRenderAsResolving() throws {
        var taken = 0, links = 0
        for seed: UInt64 in 1...8 {
            let temp = try Self.generatedSite(seed: seed)
            defer { temp.remove() }
            let options = temp.options()
            let analysis = try Groundwork.analyze(options)
            let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                        templates: try TemplateSet(directory: options.templates), today: options.today,
                                        searchEnabled: false)
            for page in analysis.site.pages {
                func body(recorded: Bool) -> String {
                    var body = PageBodyRenderer(site: analysis.site, page: page, resolver: LinkResolver(site: analysis.site),
                                                citations: CitationNumbering(library: analysis.sources),
                                                glossary: GlossaryLinker(glossary: renderer.glossary, site: analysis.site))
                    if recorded { body.recorded = RecordedLinks(analysis.links.occurrences[page.index]) }
                    return body.render(page.document)
                }
                XCTAssertEqual(body(recorded: true), body(recorded: false), "seed \(seed): \(page.relativePath)")
                // The whole page, as `build` renders it, holds that body.
                XCTAssertTrue(try renderer.renderPageHTML(page).html.contains(body(recorded: false)), "seed \(seed): \(page.relativePath)")
                var records = RecordedLinks(analysis.links.occurrences[page.index])
                var answered = 0
                InlineWalker.forEach(in: page.document) { inline, _ in
                    switch inline {
                    case .link(let link): answered += records.target(.link, raw: link.destination, at: link.range?.start) == nil ? 0 : 1
                    case .image(let link): answered += records.target(.image, raw: link.destination, at: link.range?.start) == nil ? 0 : 1
                    case .wikiLink(let wiki): answered += records.target(.wiki, raw: wiki.raw, at: wiki.range?.start) == nil ? 0 : 1
                    default: return
                    }
                    links += 1
                }
                taken += answered
            }
        }
        XCTAssertGreaterThan(links, 500)
        // Nearly every link has a position, so nearly every one is taken from the records.
        XCTAssertGreaterThan(taken, links * 9 / 10)
    }

    /// A record never stands in for another link: another text, kind or place finds nothing.
    func testRecordsAnswerOnlyTheirOwnLink() {
        let at = SourcePosition(line: 3, column: 5)
        let records = [
            LinkOccurrence(kind: .link, raw: "a.md", location: Location(file: "f", line: 3, column: 5), target: .page(1, fragment: nil), altText: ""),
            LinkOccurrence(kind: .image, raw: "b.png", location: Location(file: "f", line: 4, column: 1), target: .asset("b.png", fragment: nil), altText: ""),
        ]
        var links = RecordedLinks(records)
        XCTAssertNil(links.target(.link, raw: "b.md", at: at))
        XCTAssertNil(links.target(.image, raw: "a.md", at: at))
        XCTAssertNil(links.target(.wiki, raw: "a.md", at: at))
        XCTAssertNil(links.target(.link, raw: "a.md", at: SourcePosition(line: 3, column: 6)))
        XCTAssertNil(links.target(.link, raw: "a.md", at: nil))
        // Out of order, then in order again.
        XCTAssertEqual("\(links.target(.image, raw: "b.png", at: SourcePosition(line: 4, column: 1)) as Any)", "\(LinkTarget.asset("b.png", fragment: nil) as LinkTarget?)")
        XCTAssertEqual("\(links.target(.link, raw: "a.md", at: at) as Any)", "\(LinkTarget.page(1, fragment: nil) as LinkTarget?)")
        var none = RecordedLinks.none
        XCTAssertNil(none.target(.link, raw: "a.md", at: at))
    }

    /// `URLPaths.relative` as its definition: split both at `/`, drop the leading folders
    /// they share (compared as strings), climb out of the rest of `from`, then go down to
    /// `to`, each segment percent-encoded; a folder keeps its closing `/`.
    static func referenceRelative(from: String, to: String) -> String {
        let fromParts = from.split(separator: "/").map(String.init)
        var toParts = to.split(separator: "/").map(String.init)
        let file = to.isEmpty || to.hasSuffix("/") ? nil : toParts.popLast()
        var common = 0
        while common < fromParts.count, common < toParts.count, fromParts[common] == toParts[common] { common += 1 }
        var parts = Array(repeating: "..", count: fromParts.count - common) + toParts[common...].map(URLPaths.percentEncode)
        if let file {
            parts.append(URLPaths.percentEncode(file))
            return parts.joined(separator: "/")
        }
        return parts.isEmpty ? "./" : parts.joined(separator: "/") + "/"
    }

    /// The href written into the body as bytes, and the `String` one, are the reference's
    /// (escaped), for plain and non-ASCII, percent-encoded and odd URLs.
    func testRelativeHrefBytesAgreeWithReference() {
        let segments = ["", "a", "b", "sub", "p00001", "é", "e\u{301}", "x y", "a&b", "c\"d", "..", ".", "~t", "file.css", "%41"]
        var generator = SeededGenerator(state: 77)
        func url() -> String {
            var parts: [String] = []
            for _ in 0..<generator.next(4) { parts.append(segments[generator.next(segments.count)]) }
            let joined = parts.joined(separator: "/")
            return generator.next(3) == 0 || joined.isEmpty ? joined : joined + "/"
        }
        var plain = 0
        for _ in 0..<20_000 {
            let from = url(), to = url()
            let expected = Self.referenceRelative(from: from, to: to)
            XCTAssertEqual(URLPaths.relative(from: from, to: to), expected, "\(from) -> \(to)")
            var buffer = HTMLBuffer()
            buffer += "x"
            URLPaths.appendRelative(from: from, to: to, into: &buffer)
            XCTAssertEqual(buffer.string, "x" + HTML.escape(expected), "\(from) -> \(to)")
            if to.utf8.allSatisfy(URLPaths.isUnreservedOrSlash) && from.utf8.allSatisfy({ $0 < 0x80 }) { plain += 1 }
        }
        // Both ways were taken often: the bytes written in place, and the general one.
        XCTAssertGreaterThan(plain, 5_000)
        XCTAssertLessThan(plain, 15_000)
    }
}
