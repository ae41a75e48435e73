// Walkers over the tree, beside it (as swift-markdown keeps its walkers): every pass sees
// blocks and inlines in the same order.

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
            case .blockQuote(let quote):
                // A callout's written title (its links and citations are checked too).
                if let title = quote.header?.title { visit(title, Context(inHeading: false, blockRange: quote.range), body) }
            case .definitionList(let list):
                for item in list.items {
                    for term in item.terms { visit(term.inlines, Context(inHeading: false, blockRange: term.range), body) }
                }
            case .table(let table):
                // The header row, then the others: without joining them into a new array,
                // which cost an allocation (and a retain per row) per table on every walk.
                if let header = table.header { visit(cellsOf: header, body) }
                for row in table.rows { visit(cellsOf: row, body) }
            default:
                break
            }
        }
    }

    private static func visit(cellsOf row: Table.Row, _ body: (Inline, Context) -> Void) {
        for cell in row.cells { visit(cell.inlines, Context(inHeading: false, blockRange: cell.range), body) }
    }

    package static func visit(_ inlines: [Inline], _ context: Context, _ body: (Inline, Context) -> Void) {
        for inline in inlines {
            body(inline, context)
            switch inline {
            case .emphasis(let children), .strong(let children), .strikethrough(let children): visit(children, context, body)
            case .link(let link), .image(let link): visit(link.children, context, body)
            default: break
            }
        }
    }
}

/// Walks blocks in document order (pre-order), so every pass sees headings in the same order.
public enum BlockWalker {
    public static func forEachHeading(in document: Document, _ body: (Heading) -> Void) {
        forEachBlock(document.blocks) { block in
            if case .heading(let heading) = block { body(heading) }
        }
    }

    public static func forEachBlock(_ blocks: [Block], _ body: (Block) -> Void) {
        for block in blocks {
            body(block)
            switch block {
            case .blockQuote(let quote): forEachBlock(quote.blocks, body)
            case .list(let list): for item in list.items { forEachBlock(item.blocks, body) }
            case .footnoteDefinition(let definition): forEachBlock(definition.blocks, body)
            case .definitionList(let list):
                for item in list.items { for definition in item.definitions { forEachBlock(definition.blocks, body) } }
            default: break
            }
        }
    }
}
