import Markdown

/// Numbers a page's footnotes as its rendered HTML shows them: in the order of first
/// reference, GitHub's way. The renderer (`PageBodyRenderer`) numbers with it while it writes
/// the page, and the resolver uses it (`ids(in:)`) to know the footnote ids a page will have
/// (`fn-1`, `fnref-1`, `fnref-1-2`) before anything is rendered, so links to them resolve.
/// One numbering, so the two can never disagree.
public struct FootnoteNumbering: Sendable {
    /// The page's definitions by key; the first of duplicates wins.
    public private(set) var definitions: [String: FootnoteDefinition] = [:]
    /// The keys in the order of their first reference: `order[n - 1]` is footnote `n`.
    public private(set) var order: [String] = []
    /// How often each key has been referenced so far.
    public private(set) var referenceCounts: [String: Int] = [:]
    private var numbers: [String: Int] = [:]

    /// A numbering of `document`'s footnote definitions, none referenced yet.
    public init(document: Document) {
        // By index, binding only definitions: `for case ... in blocks` copies every block.
        for index in document.blocks.indices {
            if case .footnoteDefinition(let definition) = document.blocks[index], definitions[definition.key] == nil {
                definitions[definition.key] = definition
            }
        }
    }

    /// Records one reference to `key`: its footnote's number and which reference to it this
    /// is (1 for the first). Nil when the page has no definition for it (nothing is shown).
    public mutating func reference(_ key: String) -> (number: Int, count: Int)? {
        guard definitions[key] != nil else { return nil }
        let number: Int
        if let known = numbers[key] {
            number = known
        } else {
            order.append(key)
            number = order.count
            numbers[key] = number
        }
        let count = (referenceCounts[key] ?? 0) + 1
        referenceCounts[key] = count
        return (number, count)
    }

    /// The id of footnote `number`'s item in the footnotes section: `fn-1`.
    public static func noteID(_ number: Int) -> String { "fn-\(number)" }

    /// The id of the `count`th reference to footnote `number`: `fnref-1`, then `fnref-1-2`.
    public static func referenceID(_ number: Int, count: Int) -> String {
        count == 1 ? "fnref-\(number)" : "fnref-\(number)-\(count)"
    }

    /// Every footnote id `document` renders with: each shown footnote's `fn-N` and the ids
    /// of its references. Visits the inlines in the order the renderer writes them: the
    /// body (without its definitions), then each footnote's text in number order, which may
    /// number footnotes referenced only from other footnotes.
    public static func ids(in document: Document) -> [String] {
        var numbering = FootnoteNumbering(document: document)
        // Only a reference to a definition numbers a footnote: a page without definitions
        // (most pages) has no footnote ids, and its inlines need no walk.
        guard !numbering.definitions.isEmpty else { return [] }
        let body = document.blocks.filter {
            if case .footnoteDefinition = $0 { return false }
            return true
        }
        numbering.referenceAll(in: body)
        var index = 0
        while index < numbering.order.count {
            let key = numbering.order[index]
            index += 1
            if let definition = numbering.definitions[key] { numbering.referenceAll(in: definition.blocks) }
        }
        var ids: [String] = []
        for (offset, key) in numbering.order.enumerated() {
            let number = offset + 1
            ids.append(noteID(number))
            for count in 1...max(numbering.referenceCounts[key] ?? 1, 1) {
                ids.append(referenceID(number, count: count))
            }
        }
        return ids
    }

    /// Each shown footnote's number by key, as `ids(in:)` numbers them: for links written
    /// against another tool's footnote ids (Python-Markdown's `#fn:label`).
    public static func numbers(in document: Document) -> [String: Int] {
        var numbering = FootnoteNumbering(document: document)
        guard !numbering.definitions.isEmpty else { return [:] }
        numbering.referenceAll(in: document.blocks.filter {
            if case .footnoteDefinition = $0 { return false }
            return true
        })
        var index = 0
        while index < numbering.order.count {
            let key = numbering.order[index]
            index += 1
            if let definition = numbering.definitions[key] { numbering.referenceAll(in: definition.blocks) }
        }
        return numbering.numbers
    }

    /// References every footnote reference the renderer shows in `blocks`, in order.
    private mutating func referenceAll(in blocks: [Block]) {
        BlockWalker.forEachBlock(blocks) { block in
            switch block {
            case .paragraph(let p): referenceAll(in: p.inlines)
            case .heading(let h): referenceAll(in: h.inlines)
            case .table(let table):
                for row in (table.header.map { [$0] } ?? []) + table.rows {
                    for cell in row.cells { referenceAll(in: cell.inlines) }
                }
            default: break
            }
        }
    }

    private mutating func referenceAll(in inlines: [Inline]) {
        for inline in inlines {
            switch inline {
            case .footnoteReference(let reference): _ = self.reference(reference.key)
            case .emphasis(let children), .strong(let children), .strikethrough(let children): referenceAll(in: children)
            case .link(let link): referenceAll(in: link.children)
            // An image's text is its alt attribute, plain text: a reference in it is not shown.
            default: break
            }
        }
    }
}
