import Markdown

/// Visits every inline of a document — paragraphs, headings, table cells, nested blocks —
/// in document order, telling the visitor whether the inline sits in a heading.
public enum InlineWalker {
    public struct Context: Sendable {
        public var inHeading: Bool
        /// The enclosing paragraph-like block's range (paragraph, heading or table cell).
        public var blockRange: SourceRange?
    }

    public static func forEach(in document: Document, _ body: (Inline, Context) -> Void) {
        forEach(blocks: document.blocks, body)
    }

    public static func forEach(blocks: [Block], _ body: (Inline, Context) -> Void) {
        BlockWalker.forEachBlock(blocks) { block in
            switch block {
            case .paragraph(let p):
                visit(p.inlines, Context(inHeading: false, blockRange: p.range), body)
            case .heading(let h):
                visit(h.inlines, Context(inHeading: true, blockRange: h.range), body)
            case .table(let table):
                for row in (table.header.map { [$0] } ?? []) + table.rows {
                    for cell in row.cells { visit(cell.inlines, Context(inHeading: false, blockRange: cell.range), body) }
                }
            default:
                break
            }
        }
    }

    static func visit(_ inlines: [Inline], _ context: Context, _ body: (Inline, Context) -> Void) {
        for inline in inlines {
            body(inline, context)
            switch inline {
            case .emphasis(let children), .strong(let children): visit(children, context, body)
            case .link(let link), .image(let link): visit(link.children, context, body)
            default: break
            }
        }
    }
}
