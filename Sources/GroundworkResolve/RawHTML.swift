import GroundworkDiagnostics
import GroundworkModel
import HTMLSanitizer
import Markdown

/// The raw HTML of a page as the sanitizer sees it (`HTMLSanitizer`): every piece cmark
/// handed over (HTML blocks and inline tags, in lists, quotes, table cells and footnotes),
/// with its position in the page, so that what the sanitizer removes, links to and declares
/// can be reported and checked at the page's line and column.
package enum RawHTML {
    /// One piece of raw HTML and where it starts in the page.
    package struct Piece {
        package var literal: String
        package var start: SourcePosition
        /// Columns before the text of the piece's later lines: the indentation of the block
        /// (of the paragraph, for an inline tag) that cmark removed from them.
        package var indent: Int

        /// The page position of a UTF-8 `offset` in the piece. Lines after the first are
        /// counted from the start of their line in the piece: cmark removes the indentation
        /// and `>` of a list item or quote from them, so there the column is the column
        /// inside the container. `\r\n` is one line break.
        package func position(of offset: Int) -> SourcePosition {
            let bytes = Array(literal.utf8.prefix(offset))
            var line = 0
            var lineStart = 0
            var i = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "\r") {
                    if bytes[i] == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                    line += 1
                    lineStart = i + 1
                }
                i += 1
            }
            let column = String(decoding: bytes[min(lineStart, bytes.count)...], as: UTF8.self).count + 1
            return line == 0 ? SourcePosition(line: start.line, column: start.column + column - 1)
                : SourcePosition(line: start.line + line, column: column + indent)
        }
    }

    /// Something the sanitizer removed, where it was written.
    package struct Removal: Sendable {
        package var position: SourcePosition
        package var what: String
        package var why: String
    }

    /// The raw HTML of a document by container, each container's pieces in order: the
    /// blocks of the document, of each list item, quote and footnote; the inlines of each
    /// paragraph, heading, table cell, emphasis, link and strikethrough. The renderer keeps
    /// raw HTML balanced within each container (`HTMLSanitizer.sanitize(_:open:)`), so the
    /// checks walk the same containers. An image's alt text is written as plain text: its
    /// inline HTML is not looked at.
    ///
    /// The walk goes by index and takes a node apart only when its case can hold raw HTML
    /// (issue 21): `for inline in list` copied every node, a retain and a release each, and
    /// most pages have no raw HTML at all.
    package static func containers(in document: Document) -> [[Piece]] {
        var groups: [[Piece]] = []
        func inlines(_ list: [Inline], blockStart: SourcePosition?) {
            var group: [Piece] = []
            for index in list.indices {
                switch list[index] {
                case .html(let code):
                    let start = code.range?.start ?? blockStart ?? SourcePosition(line: 1, column: 1)
                    group.append(Piece(literal: code.literal, start: start, indent: max(0, (blockStart?.column ?? 1) - 1)))
                case .emphasis(let children), .strong(let children), .strikethrough(let children):
                    inlines(children, blockStart: blockStart)
                case .link(let link):
                    inlines(link.children, blockStart: blockStart)
                case .text, .softBreak, .lineBreak, .code, .image, .citation, .wikiLink, .footnoteReference, .attributeList:
                    break
                }
            }
            if !group.isEmpty { groups.append(group) }
        }
        func blocks(_ list: [Block]) {
            var group: [Piece] = []
            for index in list.indices {
                switch list[index] {
                case .htmlBlock(let html):
                    let start = html.range?.start ?? SourcePosition(line: 1, column: 1)
                    group.append(Piece(literal: html.literal, start: start, indent: start.column - 1))
                case .paragraph(let p): inlines(p.inlines, blockStart: p.range?.start)
                case .heading(let h): inlines(h.inlines, blockStart: h.range?.start)
                case .table(let table):
                    if let header = table.header {
                        for cell in header.cells { inlines(cell.inlines, blockStart: table.range?.start) }
                    }
                    for row in table.rows {
                        for cell in row.cells { inlines(cell.inlines, blockStart: table.range?.start) }
                    }
                case .blockQuote(let quote): blocks(quote.blocks)
                case .list(let list): for item in list.items { blocks(item.blocks) }
                case .footnoteDefinition(let definition): blocks(definition.blocks)
                case .definitionList(let list):
                    for item in list.items {
                        for term in item.terms { inlines(term.inlines, blockStart: term.range?.start) }
                        for definition in item.definitions { blocks(definition.blocks) }
                    }
                case .codeBlock, .thematicBreak, .tableOfContents: break
                }
            }
            if !group.isEmpty { groups.append(group) }
        }
        blocks(document.blocks)
        return groups
    }

    /// Each piece of raw HTML of a document, sanitized as the renderer sanitizes it (balanced
    /// within its container), with the piece it came from.
    package static func sanitized(_ document: Document) -> [(piece: Piece, result: HTMLSanitizer.Result)] {
        var results: [(Piece, HTMLSanitizer.Result)] = []
        for group in containers(in: document) {
            var open: [String] = []
            for piece in group { results.append((piece, HTMLSanitizer.sanitize(piece.literal, open: &open))) }
        }
        return results
    }

    /// What the sanitizer removes from a page's raw HTML (nothing with `unsafe_html: true`).
    package static func removals(in page: Page, config: SiteConfig) -> [Removal] {
        guard !config.unsafeHTML else { return [] }
        var found: [Removal] = []
        for (piece, result) in sanitized(page.document) {
            for removal in result.removals {
                found.append(Removal(position: piece.position(of: removal.offset), what: removal.what, why: removal.why))
            }
        }
        return found
    }

    /// The links of the page's kept raw HTML (`href`, `src`, `srcset`, `poster`), resolved
    /// like Markdown links: an `<img src>` is an image (alt text checked), other sources are
    /// files the page embeds.
    package static func links(in page: Page, resolver: LinkResolver) -> [LinkOccurrence] {
        guard !resolver.site.config.unsafeHTML else { return [] }
        var found: [LinkOccurrence] = []
        for (piece, result) in sanitized(page.document) {
            for link in result.links where !isDataImage(link.url) {
                let start = piece.position(of: link.offset)
                let location = Location(file: page.file, line: start.line, column: start.column)
                let isImage = link.element == "img" && link.attribute == "src"
                found.append(LinkOccurrence(kind: isImage ? .image : .link, raw: link.url, location: location,
                                            target: resolver.resolve(link.url, from: page, isImage: link.isEmbedded),
                                            altText: link.alt))
            }
        }
        return found
    }

    /// A `data:` image the sanitizer let through: nothing to resolve.
    package static func isDataImage(_ url: String) -> Bool {
        url.utf8.count > 5 && url.prefix(5).lowercased() == "data:"
    }

    /// The ids (and `<a name>`) the page's kept raw HTML declares.
    package static func anchors(in page: Page) -> Set<String> {
        var ids: Set<String> = []
        for (_, result) in sanitized(page.document) {
            for anchor in result.anchors { ids.insert(anchor.name) }
        }
        return ids
    }

    /// Every id (and `<a name>`) the page's raw HTML declares, allowed or not (for
    /// `unsafe_html: true`, which writes raw HTML as is).
    package static func declaredAnchors(in page: Page) -> Set<String> {
        var ids: Set<String> = []
        for group in containers(in: page.document) {
            for piece in group { ids.formUnion(HTMLSanitizer.declaredAnchors(piece.literal)) }
        }
        return ids
    }
}
