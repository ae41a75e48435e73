import Markdown

/// Finds the few blocks of one kind in a page's tree — its headings, its tables, its block
/// quotes — in `BlockWalker` order (a block, then the blocks inside it), without handing
/// every block to a closure.
///
/// Why (issue 21): `BlockWalker.forEachBlock` copies each block it passes to its visitor, a
/// retain and a release of a node that, at 10,000 pages, has long left the cache; a check
/// that wants only the tables paid that for every paragraph of every page. Here a block is
/// read only when its case is the one wanted or holds other blocks: the case is held by the
/// enum value in the array, so a paragraph's node is never touched.
/// `BlockSearchTests` holds each search to `BlockWalker`'s answer.
package enum BlockSearch {
    /// The page's headings, in document order (also in lists, quotes, footnotes and definitions).
    package static func forEachHeading(in blocks: [Block], _ body: (Heading) -> Void) {
        walk(blocks, .heading) { block in
            if case .heading(let heading) = block { body(heading) }
        }
    }

    /// The page's tables (fenced `table` blocks and pipe tables), in document order.
    package static func forEachTable(in blocks: [Block], _ body: (Table) -> Void) {
        walk(blocks, .table) { block in
            if case .table(let table) = block { body(table) }
        }
    }

    /// The page's block quotes and callouts, each before the ones inside it.
    package static func forEachBlockQuote(in blocks: [Block], _ body: (BlockQuote) -> Void) {
        walk(blocks, .blockQuote) { block in
            if case .blockQuote(let quote) = block { body(quote) }
        }
    }

    private enum Kind { case heading, table, blockQuote }

    private static func walk(_ blocks: [Block], _ kind: Kind, _ body: (Block) -> Void) {
        for index in blocks.indices {
            switch blocks[index] {
            case .heading:
                if kind == .heading { body(blocks[index]) }
            case .table:
                if kind == .table { body(blocks[index]) }
            case .blockQuote(let quote):
                if kind == .blockQuote { body(blocks[index]) }
                walk(quote.blocks, kind, body)
            case .list(let list):
                for item in list.items.indices { walk(list.items[item].blocks, kind, body) }
            case .footnoteDefinition(let definition):
                walk(definition.blocks, kind, body)
            case .definitionList(let list):
                for item in list.items.indices {
                    for definition in list.items[item].definitions { walk(definition.blocks, kind, body) }
                }
            case .paragraph, .codeBlock, .htmlBlock, .thematicBreak, .tableOfContents:
                break
            }
        }
    }
}
