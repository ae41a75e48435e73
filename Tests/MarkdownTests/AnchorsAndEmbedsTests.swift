import Foundation
import Markdown
import TestSupport
import XCTest

/// Attribute lists (`{: #id .class }`), Obsidian block ids (`^id`) and embeds (`![[…]]`).
final class AnchorsAndEmbedsTests: XCTestCase {
    static let fixtures = MarkdownParserTests.fixtures

    /// Every form, with positions: the marker's own position, what stays literal (`{#}`, `{x}`,
    /// a paragraph that is only a list, `^bad_id!`), and `!` that is not an embed.
    func testFixtureMatchesGoldenTree() throws {
        let source = try String(contentsOf: Self.fixtures.appendingPathComponent("anchors-embeds.md"), encoding: .utf8)
        assertGolden(MarkdownParser.parse(source).dump(), Self.fixtures.appendingPathComponent("anchors-embeds.tree").path)
    }

    func testAttributeListGrammar() {
        let full = BlockAttributes.parseList("{: #x .a .b title=\"T t\" data-k='v' onclick=go style=x }")
        XCTAssertEqual(full?.id, "x")
        XCTAssertEqual(full?.classes, ["a", "b"])
        XCTAssertEqual(full?.pairs.map { "\($0.name)=\($0.value)" }, ["title=T t", "data-k=v"])
        XCTAssertEqual(full?.refused, ["onclick", "style"])
        XCTAssertEqual(BlockAttributes.parseList("{#y}")?.id, "y")
        XCTAssertEqual(BlockAttributes.parseList("{ #y }")?.id, "y")
        for malformed in ["{#}", "{}", "{ }", "{:}", "{x}", "{#a b=}", "{title=\"open}", "{#a\"b}", "{.}", "{#a<b}", "{on click=x}"] {
            XCTAssertNil(BlockAttributes.parseList(Substring(malformed)), malformed)
        }
    }

    func testEmbedOptions() {
        func options(_ text: String) -> String {
            let doc = MarkdownParser.parse(text + "\n")
            guard case .paragraph(let p)? = doc.blocks.first, case .wikiLink(let w)? = p.inlines.first, w.isEmbed else { return "not an embed" }
            let o = w.embedOptions
            return "\(w.embedKind) alt=\(o.alt ?? "-") w=\(o.width.map(String.init) ?? "-") h=\(o.height.map(String.init) ?? "-")"
        }
        XCTAssertEqual(options("![[a.png]]"), "image alt=- w=- h=-")
        XCTAssertEqual(options("![[a.PNG|300]]"), "image alt=- w=300 h=-")
        XCTAssertEqual(options("![[a.png|300x200]]"), "image alt=- w=300 h=200")
        XCTAssertEqual(options("![[a.png|A cat]]"), "image alt=A cat w=- h=-")
        XCTAssertEqual(options("![[a.png|A cat|40]]"), "image alt=A cat w=40 h=-")
        XCTAssertEqual(options("![[a.png|0]]"), "image alt=0 w=- h=-")
        XCTAssertEqual(options("![[v.webm]]"), "video alt=- w=- h=-")
        XCTAssertEqual(options("![[s.flac]]"), "audio alt=- w=- h=-")
        XCTAssertEqual(options("![[r.pdf]]"), "pdf alt=- w=- h=-")
        XCTAssertEqual(options("![[Other note]]"), "note alt=- w=- h=-")
        XCTAssertEqual(options("![[v1.2 plan]]"), "note alt=- w=- h=-")
        XCTAssertEqual(options("\\![[a.png]]"), "not an embed")
    }
}
