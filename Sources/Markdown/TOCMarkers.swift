/// A table-of-contents marker alone in a paragraph: Python-Markdown's `toc` extension
/// (MkDocs) and GitLab write `[TOC]`; GitLab and Azure DevOps `[[_TOC_]]`; other wikis
/// (kubernetes/community) `[[TOC]]`. The renderer puts a nested list of the page's headings
/// there.
public struct TOCMarker: Sendable, Equatable {
    /// The marker as written (`[TOC]`, `[[_TOC_]]`, `[[TOC]]`).
    public var marker: String
    public var range: SourceRange?
}

/// Turns paragraphs that are only a table-of-contents marker into `Block.tableOfContents`.
///
/// The markers are recognised in every folder, not only where a tool's convention is seen:
/// the text `[TOC]` alone in a paragraph is never meant to be shown as is. Only what cmark left
/// as text counts, so a `[TOC]` that a link reference definition (`[toc]: url`) makes a link
/// stays that link. `[[TOC]]` is not a wiki link to a page named "TOC" (write `[[TOC|…]]`
/// or a path for that).
enum TOCMarkers {
    static let markers: Set<String> = ["[TOC]", "[[_TOC_]]", "[[TOC]]"]

    /// Cheap test first: few pages have `TOC` in them.
    static func mayHold(_ source: String) -> Bool {
        ByteSearch.contains(source, "TOC")
    }

    static func apply(_ blocks: [Block]) -> [Block] {
        blocks.map { block in
            switch block {
            case .paragraph(let p):
                if p.attributes == nil, let text = flatten(p.inlines)?.trimmingSpaces(), markers.contains(text) {
                    return .tableOfContents(TOCMarker(marker: text, range: p.range))
                }
                return block
            case .blockQuote(var q):
                q.blocks = apply(q.blocks)
                return .blockQuote(q)
            case .list(var l):
                l.items = l.items.map { item in
                    var item = item
                    item.blocks = apply(item.blocks)
                    return item
                }
                return .list(l)
            default:
                // Admonition and definition bodies were parsed on their own and have had
                // their markers turned already; footnote bodies likewise.
                return block
            }
        }
    }

    /// The paragraph's text as written, as far as a marker can be made of it: `[[_TOC_]]`
    /// comes out of cmark as text, emphasis, text; `[[TOC]]` as a wiki link.
    static func flatten(_ inlines: [Inline]) -> String? {
        var out = ""
        for inline in inlines {
            switch inline {
            case .text(let t): out += t.string
            case .emphasis(let children):
                guard let inner = flatten(children) else { return nil }
                out += "_" + inner + "_"
            case .wikiLink(let w) where !w.isEmbed: out += w.raw
            default: return nil
            }
            // Nothing longer than a marker (and a little space) is worth building.
            if out.utf8.count > 40 { return nil }
        }
        return out
    }
}
