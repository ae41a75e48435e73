import Markdown
import XCTest

/// Link reference definitions are document-wide (CommonMark): text Groundwork parses apart
/// from the page (admonition bodies and titles, footnote bodies, pipe-table cells) resolves
/// `[text][label]`, `[label][]` and `[label]` against the page's definitions, with each link
/// at the file's own line and column; a definition inside an admonition body counts for the
/// page, as one inside a block quote does. And admonition markers inside raw HTML blocks that
/// a blank line does not end stay part of the HTML.
final class PageReferencesTests: XCTestCase {
    /// Every link's destination and start, in document order.
    private func links(_ document: Document) -> [String] {
        var found: [String] = []
        InlineWalker.forEach(in: document) { inline, _ in
            if case .link(let link) = inline {
                found.append("\(link.destination)@\(link.range.map { "\($0.start.line):\($0.start.column)" } ?? "-")")
            }
        }
        return found.sorted()
    }

    private func bothLineEndings(_ lf: String, _ check: (Document) -> Void) {
        for source in [lf, lf.replacingOccurrences(of: "\n", with: "\r\n")] { check(MarkdownParser.parse(source)) }
    }

    func testReferenceLinksInBodiesTitlesAndCellsUseThePageDefinitions() {
        let lf = """
            # T

            !!! note "Title [t][one]"
                Body [x][two] and [three] and [three][].

            :::tip
            Docusaurus [y][four]
            :::

            | a | b |
            |---|---|
            | [c][five] | z |

            Footnote[^1].

            [^1]: Note [f][six].

            [one]: 1.md
            [two]: 2.md
            [three]: 3.md "T"
            [four]: 4.md
            [five]: 5.md
            [six]: 6.md

            """
        bothLineEndings(lf) { document in
            XCTAssertEqual(links(document), ["1.md@3:17", "2.md@4:10", "3.md@4:23", "3.md@4:35", "4.md@7:12", "5.md@12:3", "6.md@16:12"].sorted(), document.dump())
        }
    }

    /// The page's definitions added to a body add no block to it, even a line that only looks
    /// like a definition; and a body's own definition still works.
    func testBodiesKeepTheirOwnBlocks() {
        let lf = "!!! note\n    Only [x] and [y].\n\n    [y]: y.md\n\n[x]: x.md\n[w]: <bad\n"
        bothLineEndings(lf) { document in
            XCTAssertEqual(links(document), ["x.md@2:10", "y.md@2:18"].sorted(), document.dump())
            guard case .blockQuote(let quote)? = document.blocks.first else { return XCTFail(document.dump()) }
            XCTAssertEqual(quote.blocks.count, 1, document.dump())
        }
    }

    /// `[a]: b` right after a line of text is that paragraph's text (a definition cannot
    /// interrupt a paragraph), in a body as on the page: it defines nothing.
    func testALineContinuingAParagraphDefinesNothing() {
        let lf = "Use [a] and [b].\n\n!!! note\n    Some text\n    [a]: a.md\n\nMore\n[b]: b.md\n\n:::tip\n[a] [b]\n:::\n"
        bothLineEndings(lf) { document in
            XCTAssertEqual(links(document), [], document.dump())
        }
    }

    /// A footnote holding an admonition (parsed apart from the page) does not stand in for
    /// the page when the next footnote looks up the page's definitions.
    func testAFootnoteWithAnAdmonitionIsNotThePage() {
        let lf = "A[^1] b[^2].\n\n[^1]: See:\n\n    !!! note\n        plain\n\n[^2]: Go [x].\n\n[x]: x.md\n"
        bothLineEndings(lf) { document in
            XCTAssertEqual(links(document), ["x.md@8:10"], document.dump())
        }
    }

    /// cmark: `> [a]: a.md` defines `a` for the whole page. An admonition body is the same.
    func testDefinitionInsideAnAdmonitionBodyCountsForThePage() {
        let lf = """
            Use [a] and [b][] here.

            !!! note
                [a]: a.md
            Text [a] after.

            :::tip
            [b]: b.md
            :::

            | x |
            |---|
            | [a] |

            !!! tip
                And [b] in another.

            > [c]: c.md

            :::note
            [c]
            :::

            """
        bothLineEndings(lf) { document in
            XCTAssertEqual(links(document), ["a.md@1:5", "a.md@13:3", "a.md@5:6", "b.md@1:13", "b.md@16:9", "c.md@21:1"].sorted(), document.dump())
        }
    }

    /// A marker after a blank line inside `<!-- … -->`, `<pre>`, `<script>`, `<style>`,
    /// `<textarea>` (raw HTML blocks a blank line does not end) is the HTML's text.
    func testNoAdmonitionInsideRawHTMLBlocks() {
        for (open, close) in [("<!--", "-->"), ("<pre>", "</pre>"), ("<script>", "</script>"),
                              ("<style>", "</style>"), ("<textarea>", "</textarea>"), ("<?php", "?>")] {
            for marker in ["!!! note\n    body", ":::tip\nbody\n:::", "> [!note]\n> body"] {
                let lf = "\(open)\n\n\(marker)\n\n\(close)\n\nAfter.\n"
                bothLineEndings(lf) { document in
                    XCTAssertEqual(document.blocks.count, 2, document.dump())
                    guard case .htmlBlock(let html)? = document.blocks.first else { return XCTFail(document.dump()) }
                    XCTAssertTrue(html.literal.contains(marker.components(separatedBy: "\n")[0]), document.dump())
                }
            }
        }
        // After the HTML block ends, markers are read again.
        let after = MarkdownParser.parse("<!--\n\n-->\n\n!!! note\n    body\n")
        guard case .blockQuote(let quote)? = after.blocks.last else { return XCTFail(after.dump()) }
        XCTAssertEqual(quote.header?.dialect, .mkdocs)
    }
}
