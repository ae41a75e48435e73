import GroundworkModel
import Markdown

/// The ids of a page's definition terms, when the site gives terms ids
/// (`SiteConfig.definitionTermIDs`, Hugo's `autoDefinitionTermID`): each made from the term's
/// text as a heading id is (the site's heading id style), and made unique against every id
/// the page already has (headings, footnotes, attribute lists), as a repeated heading is
/// (`x`, `x-1`). So `#publishdir` reaches the term `publishDir`, and the HTML's ids stay unique.
///
/// Headings claim their ids first (goldmark claims them in document order): a term that
/// shares a heading's text gets the suffix, never the heading.
enum DefinitionTermIDs {
    static func ids(in document: Document, style: HeadingIDStyle, used: inout Set<String>) -> [String] {
        var ids: [String] = []
        // BlockWalker's order is the renderer's, which hands these out one term at a time.
        BlockWalker.forEachBlock(document.blocks) { block in
            guard case .definitionList(let list) = block else { return }
            for item in list.items {
                for term in item.terms {
                    ids.append(HeadingSlugs.unique(HeadingSlugs.slug(term.inlines.plainText, style: style), style: style, used: &used))
                }
            }
        }
        return ids
    }
}
