/// The page's link reference definitions, for the text Groundwork parses apart from the page.
///
/// CommonMark makes a link reference definition count for the whole document, wherever it
/// sits (a definition inside a block quote defines the label for every paragraph). But
/// admonition bodies (Admonitions.swift), footnote bodies (Footnotes.swift) and table cells
/// (TableParser.swift) are each handed to cmark on their own, so `[text][label]`, `[label][]`
/// and `[label]` there would not see a definition written elsewhere on the page, and would
/// stay literal text that is neither rendered as a link nor checked. As definition lists do
/// (DefinitionLists.swift), each such text is parsed with the page's one-line definitions
/// added: before a body, then a blank line (the blocks parsed from them are dropped and the
/// positions moved back), or after a cell's single line.
///
/// The definitions are read once per page, and only when a body or a cell that could hold a
/// reference link is parsed: most pages have neither.
final class PageReferences: @unchecked Sendable {
    // @unchecked: one page is parsed synchronously by one task; `cached` is only written
    // during that parse, never shared between tasks.

    /// The page being parsed (set by `MarkdownParser.parse(_:)` for the whole parse,
    /// including every body and cell parsed inside it).
    @TaskLocal static var current: PageReferences?

    private var source: String
    private var cached: [String]?

    init(source: String) {
        self.source = source
    }

    /// The page's text once its admonitions are taken out: a definition written in an
    /// admonition's body is then on its line at the left (Admonitions.swift), and counts.
    func setSource(_ text: String) {
        guard cached == nil else { return }
        source = text
    }

    /// The page's one-line definitions, as written (`[label]: url "title"`), in page order.
    var definitions: [String] {
        if let cached { return cached }
        var found: [String] = []
        if ByteSearch.contains(source, "]:") {
            let normalized = MarkdownParser.normalizingLoneCarriageReturns(source)
            let lines = normalized.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
            found = DefinitionLists.referenceDefinitions(lines.map(DefinitionLists.read))
        }
        cached = found
        return found
    }

    /// The current page's definitions, or none outside a page parse.
    static var currentDefinitions: [String] {
        current?.definitions ?? []
    }

    /// Parses a body (an admonition's or a footnote's) with the page's definitions before it,
    /// and returns its blocks with the body's own positions (line 1 is the body's first line),
    /// as if it had been parsed alone.
    static func parseBody(_ body: String, depth: Int) -> [Block] {
        // Only a body with a `]` can hold a reference link.
        let references = ByteSearch.contains(body, byte: UInt8(ascii: "]")) ? currentDefinitions : []
        guard !references.isEmpty else {
            return MarkdownParser.parse(body, footnoteDefinitions: false, depth: depth).blocks
        }
        let prefixLines = references.count + 1
        let local = MarkdownParser.parse(references.joined(separator: "\n") + "\n\n" + body, footnoteDefinitions: false, depth: depth)
        // A definition line cmark did not take as one (a title it rejects) makes a block of
        // its own before the blank line: it is the page's text, not the body's.
        return local.blocks
            .filter { DefinitionLists.startLine(of: $0).map { $0 > prefixLines } ?? true }
            .map { $0.mapPositions { SourcePosition(line: $0.line - prefixLines, column: $0.column) } }
    }

    /// A single line of inline text (a table cell, a title) as cmark reads it, with the
    /// page's definitions after it, so that its reference links resolve as the page's do.
    static func parseLine(_ text: String) -> Document {
        let references = ByteSearch.contains(text, byte: UInt8(ascii: "]")) ? currentDefinitions : []
        guard !references.isEmpty else { return MarkdownParser.parse(text, footnoteDefinitions: false) }
        return MarkdownParser.parse(text + "\n\n" + references.joined(separator: "\n"), footnoteDefinitions: false)
    }
}
