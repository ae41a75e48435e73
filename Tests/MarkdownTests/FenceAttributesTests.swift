import Markdown
import XCTest

/// A fenced code block whose info string is an attribute list (`{ .sh .no-copy #example }`,
/// as pymdownx.superfences and Pandoc write it): FenceAttributes.swift.
final class FenceAttributesTests: XCTestCase {
    private func codeBlocks(_ source: String) -> [CodeBlock] {
        func collect(_ blocks: [Block]) -> [CodeBlock] {
            blocks.flatMap { block -> [CodeBlock] in
                switch block {
                case .codeBlock(let c): return [c]
                case .blockQuote(let q): return collect(q.blocks)
                case .list(let l): return l.items.flatMap { collect($0.blocks) }
                default: return []
                }
            }
        }
        return collect(MarkdownParser.parse(source).blocks)
    }

    func testFirstClassIsTheLanguageAndTheIDNamesTheBlock() throws {
        let code = try XCTUnwrap(codeBlocks("# T\n\n``` { .sh .no-copy #example }\nls\n```\n").first)
        XCTAssertEqual(code.language, "sh")
        XCTAssertEqual(code.extraClasses, ["no-copy"])
        XCTAssertEqual(code.attributes?.id, "example")
        XCTAssertEqual(code.attributes?.position, SourcePosition(line: 3, column: 5))
        XCTAssertEqual(code.info, "{ .sh .no-copy #example }", "the info string stays as written")
        XCTAssertEqual(MarkdownParser.parse("``` { .sh #a }\nls\n```\n\n```{#b}\nx\n```\n").blockAttributeIDs, ["a", "b"])
    }

    /// Pandoc's form (no space, `key="value"`); superfences' own decoration options are
    /// accepted silently; anything else outside the allow-list is refused, to be reported.
    func testPairsFollowTheAllowList() throws {
        let code = try XCTUnwrap(codeBlocks("```{.python #setup title=\"Set up\" hl_lines=\"2 3\" linenums=\"1\" onclick=x}\nx = 1\n```\n").first)
        XCTAssertEqual(code.language, "python")
        XCTAssertEqual(code.attributes?.id, "setup")
        XCTAssertEqual(code.attributes?.pairs.map { "\($0.name)=\($0.value)" }, ["title=Set up"])
        XCTAssertEqual(code.attributes?.refused, ["onclick"])
        XCTAssertEqual(code.attributes?.position, SourcePosition(line: 1, column: 4))
    }

    /// Neither superfences nor Pandoc reads braces after a language word, nor a malformed
    /// list: those info strings mean what they always did (the first word is the language).
    func testOtherInfoStringsAreUnchanged() {
        for (info, language) in [("python {#id .x}", "python"), ("yaml hl_lines=\"2\"", "yaml"), ("{=html}", "{=html}"),
                                 ("{ }", "{"), ("{#}", "{#}"), ("ruby", "ruby"), ("", "")] {
            let code = codeBlocks("```\(info)\nx\n```\n").first
            XCTAssertNil(code?.attributes, info)
            XCTAssertEqual(code?.language, language, info)
        }
        XCTAssertEqual(codeBlocks("    {#indented}\n").first?.attributes, nil, "indented code has no info string")
    }

    /// The `{` is found on the fence's own line inside containers (a quote, a list item).
    func testPositionsInsideContainers() {
        let blocks = codeBlocks("> ``` { .sh #q }\n> ls\n> ```\n\n- item\n\n    ~~~{#l}\n    x\n    ~~~\n")
        XCTAssertEqual(blocks.map { $0.attributes?.position }, [SourcePosition(line: 1, column: 7), SourcePosition(line: 7, column: 8)])
        XCTAssertEqual(blocks.map(\.language), ["sh", ""])
    }
}
