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

    /// Every piece of raw HTML in a document, in document order (blocks, then inline tags).
    package static func pieces(in document: Document) -> [Piece] {
        var pieces: [Piece] = []
        BlockWalker.forEachBlock(document.blocks) { block in
            if case .htmlBlock(let html) = block {
                let start = html.range?.start ?? SourcePosition(line: 1, column: 1)
                pieces.append(Piece(literal: html.literal, start: start, indent: start.column - 1))
            }
        }
        InlineWalker.forEach(in: document) { inline, context in
            if case .html(let code) = inline {
                let start = code.range?.start ?? context.blockRange?.start ?? SourcePosition(line: 1, column: 1)
                pieces.append(Piece(literal: code.literal, start: start, indent: max(0, (context.blockRange?.start.column ?? 1) - 1)))
            }
        }
        return pieces
    }

    /// What the sanitizer removes from a page's raw HTML (nothing with `unsafe_html: true`).
    package static func removals(in page: Page, config: SiteConfig) -> [Removal] {
        guard !config.unsafeHTML else { return [] }
        var found: [Removal] = []
        for piece in pieces(in: page.document) {
            for removal in HTMLSanitizer.sanitize(piece.literal).removals {
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
        for piece in pieces(in: page.document) {
            for link in HTMLSanitizer.sanitize(piece.literal).links where !isDataImage(link.url) {
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
        for piece in pieces(in: page.document) {
            for anchor in HTMLSanitizer.sanitize(piece.literal).anchors { ids.insert(anchor.name) }
        }
        return ids
    }

    /// Every id (and `<a name>`) the page's raw HTML declares, allowed or not (for
    /// `unsafe_html: true`, which writes raw HTML as is).
    package static func declaredAnchors(in page: Page) -> Set<String> {
        var ids: Set<String> = []
        for piece in pieces(in: page.document) { ids.formUnion(HTMLSanitizer.declaredAnchors(piece.literal)) }
        return ids
    }
}
