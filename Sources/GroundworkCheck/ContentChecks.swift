import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Checks on Markdown extensions.
public enum ContentChecks {
    /// `table.malformed`: every row of a `table` block must have the header's cell count.
    public struct Tables: PageCheck {
        public var name: String { "tables" }
        public var codes: [DiagnosticCode] { [.tableMalformed] }

        public init() {}

        public var reads: PageCheckInputs { [] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            do {
                var bag = DiagnosticBag()
                let file = page.file  // captured instead of the page, which would be copied
                BlockSearch.forEachTable(in: page.document.blocks) { table in
                    // A pipe table is padded or cut to its header's width, as GFM says.
                    guard !table.isPipeTable else { return }
                    guard let header = table.header else {
                        let start = table.range?.start ?? SourcePosition(line: 1, column: 1)
                        bag.add(.tableMalformed, file: file, line: start.line, column: start.column, "table block has no rows")
                        return
                    }
                    for row in table.rows where row.cells.count != header.cells.count {
                        bag.add(.tableMalformed, file: file, line: row.position.line, column: row.position.column,
                                "row has \(row.cells.count) cells; the header has \(header.cells.count)")
                    }
                }
                return bag.items
            }
        }
    }

    /// `footnote.missing` and `footnote.unused`: every `[^label]` reference has a definition
    /// on its page, and every definition is referenced (from the text or another footnote).
    public struct Footnotes: PageCheck {
        public var name: String { "footnotes" }
        public var codes: [DiagnosticCode] { [.footnoteMissing, .footnoteUnused] }

        public init() {}

        public var reads: PageCheckInputs { [] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            // Most pages cannot hold a footnote (their text has no `^`): no walk for them.
            guard page.document.mayHoldFootnotes else { return [] }
            do {
                var definitions: [FootnoteDefinition] = []
                // By index, binding only definitions: `for case ... in blocks` copies every block.
                for index in page.document.blocks.indices {
                    if case .footnoteDefinition(let definition) = page.document.blocks[index] { definitions.append(definition) }
                }
                var references: [FootnoteReference] = []
                FootnoteReferences.collect(page.document.blocks, into: &references)
                guard !definitions.isEmpty || !references.isEmpty else { return [] }
                var bag = DiagnosticBag()
                let defined = Set(definitions.map(\.key))
                for reference in references where !defined.contains(reference.key) {
                    let at = reference.range?.start ?? SourcePosition(line: 1, column: 1)
                    bag.add(.footnoteMissing, file: page.file, line: at.line, column: at.column,
                            "no definition for footnote '[^\(reference.label)]'")
                }
                let referenced = Set(references.map(\.key))
                var seen: Set<String> = []
                for definition in definitions {
                    let at = definition.range?.start ?? SourcePosition(line: 1, column: 1)
                    if !seen.insert(definition.key).inserted {
                        bag.add(.footnoteUnused, file: page.file, line: at.line, column: at.column,
                                "footnote '[^\(definition.label)]' is defined twice; this definition is never shown")
                    } else if !referenced.contains(definition.key) {
                        bag.add(.footnoteUnused, file: page.file, line: at.line, column: at.column,
                                "footnote '[^\(definition.label)]' is never referenced")
                    }
                }
                return bag.items
            }
        }
    }
}

/// The footnote references of a document, in the order `InlineWalker` visits them. This is
/// `InlineWalker.forEach` with the test inlined: the walker called a closure with a copy of
/// every inline (a retain and a release each), and most pages have no footnote at all.
/// Only the nodes that hold inlines are taken apart; every other inline is passed over on
/// its case alone.
enum FootnoteReferences {
    static func collect(_ blocks: [Block], into found: inout [FootnoteReference]) {
        for block in blocks {
            switch block {
            case .paragraph(let p): inlines(p.inlines, into: &found)
            case .heading(let h): inlines(h.inlines, into: &found)
            case .blockQuote(let quote):
                // A callout's written title, then its body (as `BlockWalker` goes).
                if let title = quote.header?.title { inlines(title, into: &found) }
                collect(quote.blocks, into: &found)
            case .list(let list):
                for item in list.items { collect(item.blocks, into: &found) }
            case .footnoteDefinition(let definition): collect(definition.blocks, into: &found)
            case .definitionList(let list):
                for item in list.items {
                    for term in item.terms { inlines(term.inlines, into: &found) }
                }
                for item in list.items {
                    for definition in item.definitions { collect(definition.blocks, into: &found) }
                }
            case .table(let table):
                if let header = table.header { for cell in header.cells { inlines(cell.inlines, into: &found) } }
                for row in table.rows { for cell in row.cells { inlines(cell.inlines, into: &found) } }
            case .codeBlock, .htmlBlock, .thematicBreak, .tableOfContents:
                break
            }
        }
    }

    private static func inlines(_ inlines: [Inline], into found: inout [FootnoteReference]) {
        for index in inlines.indices {
            switch inlines[index] {
            case .footnoteReference(let reference): found.append(reference)
            case .emphasis(let children), .strong(let children), .strikethrough(let children): self.inlines(children, into: &found)
            case .link(let link), .image(let link): self.inlines(link.children, into: &found)
            case .text, .softBreak, .lineBreak, .code, .html, .citation, .wikiLink, .attributeList:
                break
            }
        }
    }
}
