import GroundworkModel
import Markdown

// Fragments written the way a page's own tool resolves them (issue 17 item 4): GitHub's
// case-insensitive heading lookup for plain READMEs, Python-Markdown's footnote ids for MkDocs.

extension LinkResolver {
    /// A folder of plain Markdown (READMEs, no other tool's config) is written for GitHub,
    /// whose pages find a heading whatever the fragment's case (`#Slack` for "## Slack"):
    /// the heading's own id, which the built link then uses. Nil elsewhere: MkDocs' and
    /// Docusaurus' sites match case exactly, and so does a knowledge base.
    func caseInsensitiveAnchor(_ fragment: String, among anchors: Set<String>) -> String? {
        let config = site.config
        guard !config.isKnowledgeBase, config.docusaurusRouteBase == nil, config.headingIDs == .github else { return nil }
        let lower = fragment.lowercased()
        guard lower != fragment else { return nil }
        return anchors.contains(lower) ? lower : nil
    }
}

extension LinkResolver {
    /// MkDocs (Python-Markdown's `footnotes`) names a footnote `fn:label` and its first
    /// reference `fnref:label`: such a link finds the footnote here (`fn-N`, `fnref-N`), and
    /// the built link uses Groundwork's id. Nil outside a MkDocs project or for no footnote.
    func pythonMarkdownFootnote(_ fragment: String, on target: Page) -> String? {
        guard site.config.headingIDs != .github else { return nil }
        return pythonMarkdownFootnoteID(fragment, on: target)
    }

    private func pythonMarkdownFootnoteID(_ fragment: String, on target: Page) -> String? {
        let isReference = fragment.hasPrefix("fnref:")
        guard isReference || fragment.hasPrefix("fn:") else { return nil }
        let label = String(fragment.dropFirst(isReference ? 6 : 3))
        guard let number = FootnoteNumbering.numbers(in: target.document)[FootnoteDefinition.key(label)] else { return nil }
        return isReference ? FootnoteNumbering.referenceID(number, count: 1) : FootnoteNumbering.noteID(number)
    }
}
