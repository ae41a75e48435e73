import Foundation
import Markdown
import TestSupport
import XCTest

/// Admonitions in three dialects (issue 16 item 4): MkDocs `!!!`/`???`, Docusaurus `:::`,
/// GitHub/Obsidian `> [!type]`, all made into callout block quotes with positions in the file.
final class AdmonitionTests: XCTestCase {
    func testAdmonitionFixtureMatchesGoldenTree() throws {
        let url = MarkdownParserTests.fixtures.appendingPathComponent("admonitions.md")
        let document = MarkdownParser.parse(try String(contentsOf: url, encoding: .utf8))
        assertGolden(document.dump(), MarkdownParserTests.fixtures.appendingPathComponent("admonitions.tree").path)
    }

    /// The first link of a document, wherever it sits (body or title).
    private func links(_ document: Document) -> [Link] {
        var found: [Link] = []
        InlineWalker.forEach(in: document) { inline, _ in
            if case .link(let link) = inline { found.append(link) }
        }
        return found
    }

    func testMkDocsBodyLinkKeepsItsLineAndColumn() {
        let source = "# T\n\n!!! note \"Title\"\n    Text and [bad](missing.md).\n\n    More [b2](b2.md)\n"
        let found = links(MarkdownParser.parse(source))
        XCTAssertEqual(found.map(\.destination), ["missing.md", "b2.md"])
        // Line 4: `    Text and [bad]` — the link starts at column 14 of the file.
        XCTAssertEqual(found.first?.range?.start, SourcePosition(line: 4, column: 14))
        XCTAssertEqual(found.last?.range?.start, SourcePosition(line: 6, column: 10))
    }

    func testCRLFPositionsMatchLF() {
        let lf = "Intro\n!!! warning \"A [t](t.md)\"\n    Body [x](x.md)\n\n    - item [y](y.md)\n\n:::tip\nIn [z](z.md)\n:::\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertEqual(MarkdownParser.parse(lf).dump(), MarkdownParser.parse(crlf).dump())
        XCTAssertEqual(links(MarkdownParser.parse(crlf)).map { "\($0.range!.start)" }, ["2:16", "3:10", "5:12", "8:4"])
    }

    /// A lone carriage return ends a line for cmark; the admonition pass counts it the same
    /// (found by Fuzz/Admonition: positions fell outside the text).
    func testLoneCarriageReturnsEndLines() {
        let found = links(MarkdownParser.parse("Intro\r!!! note\r    Body [x](x.md)\r"))
        XCTAssertEqual(found.first?.range?.start, SourcePosition(line: 3, column: 10))
    }

    func testNestedMkDocsPositions() {
        let source = "!!! note\n    !!! tip\n        Deep [d](d.md)\n"
        let document = MarkdownParser.parse(source)
        XCTAssertEqual(links(document).first?.range?.start, SourcePosition(line: 3, column: 14))
        guard case .blockQuote(let outer) = document.blocks.first, case .blockQuote(let inner)? = outer.blocks.first else {
            return XCTFail(document.dump())
        }
        XCTAssertEqual(outer.callout, .note)
        XCTAssertEqual(inner.callout, .tip)
        XCTAssertEqual(inner.header?.typeRange?.start, SourcePosition(line: 2, column: 9))
    }

    func testCodeFencesHideMarkers() {
        let source = "```\n!!! note\n    not a body\n:::tip\n:::\n```\n"
        let document = MarkdownParser.parse(source)
        guard case .codeBlock(let code) = document.blocks.first, document.blocks.count == 1 else { return XCTFail(document.dump()) }
        XCTAssertEqual(code.literal, "!!! note\n    not a body\n:::tip\n:::\n")
    }

    /// Words after the type other than Material's `inline`/`end` would not be shown: the
    /// line stays text rather than lose them.
    func testUnquotedWordsAfterTheTypeKeepTheLineText() {
        XCTAssertTrue(MarkdownParser.parse("??? what is this\n").dump().contains("??? what is this"))
        guard case .blockQuote(let quote)? = MarkdownParser.parse("!!! note inline end \"Side\"\n    x\n").blocks.first else {
            return XCTFail()
        }
        guard case .text(let title)? = quote.header?.title?.first else { return XCTFail() }
        XCTAssertEqual(title.string, "Side")
        XCTAssertEqual(title.range?.start, SourcePosition(line: 1, column: 22))
    }

    /// MkDocs steps: an admonition indented four spaces under a numbered item stays in the
    /// item; indented four spaces with no list above, it is indented code.
    func testMarkerIndentedInsideAListItem() {
        let source = "1. Step one\n\n    !!! note \"In the step\"\n        Body [x](x.md)\n\n2. Step two\n\n- item\n\n    :::tip\n    Tip [y](y.md)\n    :::\n"
        let document = MarkdownParser.parse(source)
        guard case .list(let steps) = document.blocks.first, case .blockQuote(let note)? = steps.items.first?.blocks.last,
              case .list(let items)? = document.blocks.dropFirst().first, case .blockQuote(let tip)? = items.items.first?.blocks.last else {
            return XCTFail(document.dump())
        }
        XCTAssertEqual(steps.items.count, 2, document.dump())
        XCTAssertEqual(note.callout, .note)
        XCTAssertEqual(note.range?.start, SourcePosition(line: 3, column: 5))
        XCTAssertEqual(tip.callout, .tip)
        XCTAssertEqual(links(document).map { "\($0.range!.start)" }, ["4:14", "11:9"])
        let code = MarkdownParser.parse("Text\n\n    !!! note\n        not an admonition\n")
        guard case .codeBlock = code.blocks.last else { return XCTFail(code.dump()) }
    }

    /// Raw HTML blocks are not read as Markdown, so a marker inside one stays in it (and
    /// no placeholder is left there); after the blank line that ends the block it counts.
    func testMarkersInsideRawHTMLBlocksStayText() {
        let document = MarkdownParser.parse("<div>\n!!! note\n    in html\n</div>\n\n!!! tip\n    after\n")
        guard case .htmlBlock(let html) = document.blocks.first, case .blockQuote(let tip)? = document.blocks.last else {
            return XCTFail(document.dump())
        }
        XCTAssertEqual(html.literal, "<div>\n!!! note\n    in html\n</div>\n")
        XCTAssertEqual(tip.callout, .tip)
    }

    func testUnclosedDocusaurusFenceStaysText() {
        let document = MarkdownParser.parse(":::tip Title\nnever closed\n")
        guard case .paragraph = document.blocks.first else { return XCTFail(document.dump()) }
        XCTAssertTrue(document.dump().contains(":::tip Title"), document.dump())
    }

    func testTypeStylesAndTitles() {
        XCTAssertEqual(CalloutKind.style(ofType: "TLDR"), .note)
        XCTAssertEqual(CalloutKind.style(ofType: "danger"), .caution)
        XCTAssertEqual(CalloutKind.style(ofType: "faq"), .question)
        XCTAssertEqual(CalloutKind.style(ofType: "whatever"), .neutral)
        let header = CalloutHeader(type: "my-TYPE", typeRange: nil, title: nil, fold: nil, dialect: .github)
        XCTAssertEqual(header.defaultTitle, "My-type")
    }

    func testObsidianFoldAndTitle() {
        let document = MarkdownParser.parse("> [!faq]+ Why *this*?\n> Because.\n")
        guard case .blockQuote(let quote) = document.blocks.first else { return XCTFail(document.dump()) }
        XCTAssertEqual(quote.callout, .question)
        XCTAssertEqual(quote.header?.fold, .open)
        XCTAssertEqual(quote.header?.title?.count, 3, document.dump())
        guard case .text(let first)? = quote.header?.title?.first else { return XCTFail(document.dump()) }
        XCTAssertEqual(first.string, "Why ")
        XCTAssertEqual(first.range?.start, SourcePosition(line: 1, column: 11))
        XCTAssertEqual(quote.blocks.count, 1)
    }

    /// Nesting beyond `Admonitions.maximumDepth` stays text instead of recursing without bound.
    func testDeepNestingIsBounded() {
        let source = (0..<40).map { _ in ":::note\n" }.joined() + (0..<40).map { _ in ":::\n" }.joined()
        var depth = 0
        var blocks = MarkdownParser.parse(source).blocks
        while case .blockQuote(let q)? = blocks.first { depth += 1; blocks = q.blocks }
        XCTAssertEqual(depth, 16)
    }
}
