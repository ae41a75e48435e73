import Foundation
import Markdown
import TestSupport
import XCTest

/// Definition lists (PHP Markdown Extra / Python-Markdown `def_list` / goldmark) and
/// table-of-contents markers (issue 17): what is recognised, what stays as CommonMark reads
/// it, and positions inside definitions at the file's own line and column.
final class DefinitionListTests: XCTestCase {
    func testFixtureMatchesGoldenTree() throws {
        let url = MarkdownParserTests.fixtures.appendingPathComponent("definition-lists.md")
        let document = MarkdownParser.parse(try String(contentsOf: url, encoding: .utf8))
        assertGolden(document.dump(), MarkdownParserTests.fixtures.appendingPathComponent("definition-lists.tree").path)
    }

    private func links(_ document: Document) -> [String] {
        var found: [String] = []
        InlineWalker.forEach(in: document) { inline, _ in
            if case .link(let link) = inline { found.append("\(link.destination)@\(link.range.map { "\($0.start)" } ?? "?")") }
        }
        return found
    }

    private func lists(_ document: Document) -> [DefinitionList] {
        var found: [DefinitionList] = []
        BlockWalker.forEachBlock(document.blocks) { if case .definitionList(let l) = $0 { found.append(l) } }
        return found
    }

    func testLinkPositionsInsideDefinitionsLFAndCRLF() {
        let lf = """
            Intro paragraph.

            `publishDir`
            : (`string`) See [one](a.md).
              lazy [two](b.md)

            Term *two*

            :   Loose [three](c.md).

                Second [four](d.md) paragraph.

                - item [five](e.md)

            > Quoted
            > : def [six](f.md)

            """
        let expected = ["a.md@4:18", "b.md@5:8", "c.md@9:11", "d.md@11:12", "e.md@13:12", "f.md@16:9"]
        XCTAssertEqual(links(MarkdownParser.parse(lf)), expected)
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertEqual(links(MarkdownParser.parse(crlf)), expected)
        XCTAssertEqual(MarkdownParser.parse(lf).dump(), MarkdownParser.parse(crlf).dump())
    }

    /// A definition's body is parsed on its own, but reference links in it resolve against
    /// the page's definitions, as hugoDocs' `[content base name][]` does; a line that only
    /// looks like a definition adds nothing to the body.
    func testReferenceLinksInsideDefinitionsUseThePageDefinitions() {
        let lf = "[Term][z]\n: See [the docs][] and [x][y].\n\n    More [z][].\n\n[the docs]: a.md\n[y]: b.md \"T\"\n[z]: c.md\n[w]: <bad\n"
        for source in [lf, lf.replacingOccurrences(of: "\n", with: "\r\n")] {
            let document = MarkdownParser.parse(source)
            XCTAssertEqual(links(document), ["c.md@1:1", "a.md@2:7", "b.md@2:24", "c.md@4:10"], document.dump())
            XCTAssertEqual(lists(document).first?.items.first?.definitions.first?.blocks.count, 2, document.dump())
        }
    }

    func testTermsAndTightness() throws {
        let document = MarkdownParser.parse("A\nB\n: one\n: two\n\nC\n\n: three\n")
        let list = try XCTUnwrap(lists(document).first)
        XCTAssertEqual(document.blocks.count, 1, document.dump())
        XCTAssertEqual(list.items.map { $0.terms.map(\.inlines.plainText) }, [["A", "B"], ["C"]])
        XCTAssertEqual(list.items.map { $0.definitions.map(\.tight) }, [[true, true], [false]])
        XCTAssertEqual(list.items[0].terms[1].range?.start, SourcePosition(line: 2, column: 1))
        XCTAssertEqual(list.range?.start, SourcePosition(line: 1, column: 1))
    }

    /// A `:` line with no paragraph line before it stays what CommonMark makes of it.
    func testColonLinesWithoutATermStayParagraphs() {
        for source in [": first in page\n", "# Heading\n: after a heading\n", "- item\n: lazy in a list\n",
                       "    code\n: after code\n", "```\nTerm\n: in a fence\n```\n", "<div>\nTerm\n: in html\n</div>\n",
                       "Term\n:no space after the colon\n",
                       "<!--\n\nTerm\n: in a comment, after a blank line\n-->\n", "<pre>\n\nTerm\n: in pre\n</pre>\n", "Term\n:   \n", "[ref]: /url\n: after a reference\n"] {
            let document = MarkdownParser.parse(source)
            XCTAssertTrue(lists(document).isEmpty, source + "\n" + document.dump())
        }
    }

    func testNestedInAdmonitionFootnoteAndList() {
        let source = """
            !!! note
                Term
                : def [a](a.md)

            Text[^1].

            [^1]: Footnote.

                Term
                : def [b](b.md)

            1. Item

               Term
               : def [c](c.md)

            """
        let document = MarkdownParser.parse(source)
        XCTAssertEqual(lists(document).count, 3, document.dump())
        XCTAssertEqual(links(document), ["a.md@3:11", "c.md@15:10", "b.md@10:11"])
    }

    func testTableOfContentsMarkers() {
        for marker in ["[TOC]", "[[_TOC_]]", "[[TOC]]", "  [TOC]  "] {
            guard case .tableOfContents(let toc)? = MarkdownParser.parse("# A\n\n\(marker)\n").blocks.last else {
                return XCTFail(marker)
            }
            XCTAssertEqual(toc.marker, marker.trimmingCharacters(in: .whitespaces))
            XCTAssertEqual(toc.range?.start.line, 3)
        }
        // Not markers: with other text, in a heading, lower case, or a link a definition makes.
        for source in ["[TOC] and more\n", "# [TOC]\n", "[toc]\n", "[TOC]\n\n[toc]: /contents\n", "`[TOC]`\n", "[[TOC|Contents]]\n"] {
            var markers = 0
            BlockWalker.forEachBlock(MarkdownParser.parse(source).blocks) { if case .tableOfContents = $0 { markers += 1 } }
            XCTAssertEqual(markers, 0, source)
        }
    }

    /// Random input made of the characters definition lists, quotes, lists, fences and
    /// admonitions are made of: the parse ends, and every position lies inside the text.
    func testRandomInputNeverCrashesAndPositionsStayInside() {
        var generator = SplitMix64(seed: 17)
        let pieces = [": ", ":   ", "Term", "\n", "\n\n", "    ", "> ", "- ", "1. ", "```", "!!! note", "[x](y.md)", "\r\n", "\r", "\t", "[TOC]", "[[_TOC_]]", "*", "é"]
        for _ in 0..<400 {
            var source = ""
            for _ in 0..<Int.random(in: 1...40, using: &generator) { source += pieces.randomElement(using: &generator)! }
            let document = MarkdownParser.parse(source)
            let lineCount = source.unicodeScalars.filter { $0 == "\n" || $0 == "\r" }.count + 1
            BlockWalker.forEachBlock(document.blocks) { block in
                if case .definitionList(let list) = block, let range = list.range {
                    XCTAssertLessThanOrEqual(range.end.line, lineCount, source.debugDescription)
                    XCTAssertGreaterThanOrEqual(range.start.line, 1, source.debugDescription)
                }
            }
            InlineWalker.forEach(in: document) { inline, _ in
                if case .link(let link) = inline, let range = link.range {
                    XCTAssertLessThanOrEqual(range.start.line, lineCount, source.debugDescription)
                }
            }
        }
    }
}
