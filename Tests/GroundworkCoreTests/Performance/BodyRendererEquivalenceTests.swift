import XCTest
import TestSupport
@testable import GroundworkCore
@testable import GroundworkRender
import Markdown
import Templating

/// The page body renderer (issue 21, perfbody5: its own byte storage, one list of raw HTML
/// elements left open for the page, text runs linked from the nodes, the glossary's linked
/// terms as a mask) against the renderer of main 0f3cc4c kept as `ReferencePageBodyRenderer`,
/// byte for byte, over seeded generated pages: glossary terms (split across soft breaks, with
/// plurals, capitals and non-ASCII text beside them), raw HTML left open and closed in every
/// container, attribute lists, links of every kind, citations, footnotes, code in highlighted
/// and plain languages, tables, callouts, task lists and definition lists.
final class BodyRendererEquivalenceTests: XCTestCase {
    static let pieces = [
        "risk", "risks", "Risk", "busy seller", "busy\nseller", "the busy seller", "first principle", "first\nprinciple",
        "careful reader", "policy", "policies", "RAG", "rag", "café risk", "é", "naïve", "text", "plain words here",
        "a & b", "x < y", "\"quoted\"", "it's", "*risk*", "**busy seller**", "~~policy~~", "`risk`", "risk{ #kept }",
        "**bold**{ .cls }", "[a](p1.md)", "[b](p2.md#part)", "[c](missing.md)", "[d](https://example.com/x?a=1&b=2)",
        "[risk](terms/risk.md)", "![alt *x*](img.png)", "[self](#part)", "[sec](sub/)", "[[P1]]", "[[p2#Part]]",
        "[[Nowhere]]", "![[img.png]]", "![[p2]]", "[bad](javascript:alert(1))", "[^n]", "[^missing]", "[@src-1]",
        "[@src-2, p. 4; @nope]", "<span>", "</span>", "<em>open", "</em>", "<a href=\"p1.md\">h</a>", "<b>x</b>",
        "<img src=\"img.png\" alt=\"i\">", "line  \nbreak", "\\\nhard", "<!-- c -->",
    ]
    static let blocks = [
        "%", "%\n%", "- %\n- %", "> %", "> [!note] %\n> %", "> [!tip]- %\n> %", "| h % |\n| - |\n| % |",
        "Term %\n: %\n\nTerm2 %\n: %", "<div>\n%\n</div>", "<div>\n\n%", "</div>", "## %", "### % { #h-id .c }",
        "1. %\n\n   > %", "[^n]: % and %", "- [ ] %\n- [x] %", "```yaml\nkey: value # c\n- %\n```",
        "```swift\nlet x = \"%\" // c\n```", "```unknown\n% <x>\n```", "    indented %", "---", "%\n{: #para-id }",
        "<details>\n<summary>%</summary>\n\n%\n\n</details>", "[TOC]", "* * *",
    ]

    static func generatedSite(seed: UInt64) throws -> TempSite {
        var generator = SeededGenerator(state: seed)
        var files = [
            "site.yaml": "title: T\n",
            "sources.yaml": "references:\n  - id: src-1\n    title: One & only\n  - id: src-2\n    title: Two\n",
            "p1.md": "---\ntitle: P1\n---\n\nOne.\n",
            "p2.md": "---\ntitle: P2\n---\n\n## Part\n\nTwo.\n",
            "sub/_index.md": "---\ntitle: Sub\n---\n\nSub.\n",
            "img.png": "png",
            "terms/risk.md": "---\ntitle: Risk\nterm: risk\nsummary: A \"risk\" & more.\n---\n\nRisk text.\n",
            "terms/seller.md": "---\ntitle: Seller\nterm: busy seller\nalso_known_as: [the busy seller]\n---\n\nSeller risk.\n",
            "terms/principle.md": "---\ntitle: Principle\nterm: first principle\n---\n\nP.\n",
            "terms/reader.md": "---\ntitle: Reader\nterm: careful reader\n---\n\nR.\n",
            "terms/policy.md": "---\ntitle: Policy\nterm: policy\n---\n\nP.\n",
            "terms/rag.md": "---\ntitle: RAG\nterm: RAG\n---\n\nR.\n",
        ]
        for page in 0..<12 {
            var text = "---\ntitle: Page \(page)\n---\n\n## Part\n\n"
            for _ in 0..<(3 + generator.next(10)) {
                text += generator.filling(blocks[generator.next(blocks.count)], from: pieces) + "\n\n"
            }
            files[page % 3 == 0 ? "sub/g\(page).md" : "g\(page).md"] = text
        }
        return try TempSite(files, name: "bodyEquivalence\(seed)")
    }

    func testBodiesAgreeWithReferenceRenderer() throws {
        var termLinks = 0, rawClosed = 0, pages = 0
        for seed: UInt64 in 1...10 {
            let temp = try Self.generatedSite(seed: seed)
            defer { temp.remove() }
            let options = temp.options()
            let analysis = try Groundwork.analyze(options)
            let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                        templates: try TemplateSet(directory: options.templates), today: options.today,
                                        searchEnabled: false)
            for page in analysis.site.pages {
                var body = PageBodyRenderer(site: analysis.site, page: page, resolver: LinkResolver(site: analysis.site),
                                            citations: CitationNumbering(library: analysis.sources),
                                            glossary: GlossaryLinker(glossary: renderer.glossary, site: analysis.site))
                body.recorded = RecordedLinks(analysis.links.occurrences[page.index])
                var reference = ReferencePageBodyRenderer(site: analysis.site, page: page, resolver: LinkResolver(site: analysis.site),
                                                          citations: CitationNumbering(library: analysis.sources),
                                                          glossary: GlossaryLinker(glossary: renderer.glossary, site: analysis.site))
                let expected = reference.render(page.document)
                XCTAssertEqual(String(decoding: body.renderBytes(page.document), as: UTF8.self), expected,
                               "seed \(seed): \(page.relativePath)")
                XCTAssertEqual(body.glossary.linked, reference.glossary.linked, "seed \(seed): \(page.relativePath)")
                XCTAssertEqual(body.citations.order, reference.citations.order, "seed \(seed): \(page.relativePath)")
                termLinks += expected.components(separatedBy: "class=\"term\"").count - 1
                rawClosed += expected.components(separatedBy: "</em></p>").count - 1
                pages += 1
            }
        }
        // The generated pages exercise what changed: term links and raw HTML closed by its container.
        XCTAssertGreaterThan(pages, 150)
        XCTAssertGreaterThan(termLinks, 200)
        XCTAssertGreaterThan(rawClosed, 10)
    }

    /// The body's byte storage answers as a plain `[UInt8]`: appends of every kind,
    /// growth past the reserved capacity, a copied buffer written on afterwards (each keeps
    /// its own bytes), `removeLast`, and the bytes taken at the end.
    func testBufferStorageAgreesWithArray() {
        let pieces = ["", "a", "<p>", "é", "🙂", "&<>\"'", String(repeating: "x", count: 40), "\n", "\r\n",
                      String(repeating: "long text without specials ", count: 12)]
        var generator = SeededGenerator(state: 91)
        for _ in 0..<3_000 {
            var buffer = HTMLBuffer(capacity: generator.next(3) == 0 ? 0 : generator.next(64))
            var expected: [UInt8] = []
            var copies: [(HTMLBuffer, [UInt8])] = []
            for _ in 0..<generator.next(30) {
                let piece = pieces[generator.next(pieces.count)]
                switch generator.next(6) {
                case 0:
                    buffer += piece
                    expected += Array(piece.utf8)
                case 1:
                    buffer.appendEscaped(piece)
                    expected += Array(BodyRenderingEquivalenceTests.referenceEscape(piece).utf8)
                case 2:
                    var bytes = piece
                    bytes.withUTF8 { buffer.append($0) }
                    expected += Array(piece.utf8)
                case 3:
                    buffer.append("<li>")
                    expected += Array("<li>".utf8)
                case 4:
                    copies.append((buffer, expected))
                default:
                    if buffer.endsWithLineFeed {
                        buffer.removeLast()
                        expected.removeLast()
                    }
                }
                XCTAssertEqual(buffer.count, expected.count)
            }
            XCTAssertEqual(buffer.bytes, expected)
            XCTAssertEqual(buffer.string, String(decoding: expected, as: UTF8.self))
            for (copy, bytes) in copies { XCTAssertEqual(copy.bytes, bytes) }
            // Taken without a copy; a copy taken before keeps its bytes, and the buffer is empty after.
            var taken = buffer
            XCTAssertEqual(taken.takeBytes(), expected)
            XCTAssertTrue(taken.isEmpty)
            XCTAssertEqual(buffer.bytes, expected)
        }
    }

    /// The short-piece copy (`HTMLBuffer.copyBytes`) against the bytes themselves, for every
    /// length up to 64, into a buffer whose bytes around the target must stay as they were.
    func testShortCopiesCopyExactlyTheirBytes() {
        var generator = SeededGenerator(state: 5)
        for n in 0...64 {
            for _ in 0..<20 {
                let source = (0..<n).map { _ in UInt8(generator.next(256)) }
                var target = [UInt8](repeating: 0xAA, count: n + 16)
                let offset = generator.next(8)
                source.withUnsafeBufferPointer { from in
                    target.withUnsafeMutableBufferPointer { to in
                        HTMLBuffer.copyBytes(from: from.baseAddress ?? UnsafePointer(to.baseAddress!), to: to.baseAddress! + offset, count: n)
                    }
                }
                XCTAssertEqual(Array(target[offset..<(offset + n)]), source, "length \(n)")
                XCTAssertTrue(target[..<offset].allSatisfy { $0 == 0xAA } && target[(offset + n)...].allSatisfy { $0 == 0xAA }, "length \(n)")
            }
        }
    }

    /// Numbers written as digits are `String(n)`; the unreserved-byte test is its definition.
    func testDecimalsAndUnreservedBytes() {
        var generator = SeededGenerator(state: 12)
        var numbers = [0, 1, 9, 10, 99, 100, 12345, Int.max, -1, -907, Int.min]
        for _ in 0..<2_000 { numbers.append(generator.next(1 << (1 + generator.next(40)))) }
        for number in numbers {
            var buffer = HTMLBuffer()
            buffer.append(decimal: number)
            XCTAssertEqual(buffer.string, String(number))
        }
        for byte in 0...255 {
            let scalar = Unicode.Scalar(UInt8(byte))
            let unreserved = byte < 128 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar))
            XCTAssertEqual(HTMLBuffer.isUnreserved(UInt8(byte)), unreserved, "byte \(byte)")
        }
    }

    /// The ASCII test of a text run, 32 bytes a turn, against a byte loop: a byte ≥ 0x80 or a
    /// carriage return at every offset of texts of every length up to 100.
    func testASCIITestAgreesWithByteLoop() {
        var generator = SeededGenerator(state: 17)
        let odd: [UInt8] = [0x0D, 0x80, 0xC3, 0xFF, 0x8D, 0x0C, 0x0E, 0x7F, 0x4D]
        for length in 0...100 {
            for _ in 0..<40 {
                var bytes = (0..<length).map { _ in UInt8(0x20 + generator.next(0x5F)) }
                if length > 0, generator.next(4) != 0 {
                    for _ in 0..<(1 + generator.next(2)) { bytes[generator.next(length)] = odd[generator.next(odd.count)] }
                }
                let expected = bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D }
                bytes.withUnsafeBufferPointer { XCTAssertEqual(GlossaryLinker.isASCIIWithoutCR($0), expected, "\(bytes)") }
            }
        }
    }
}
