import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkSupport
import Markdown

/// Counts a battle card's words as a reader sees them, with where each word starts in the file.
///
/// What counts: the visible text of paragraphs, list items, headings, block quotes and
/// callouts, `table` cells and code. Link and wiki-link labels count; citation markers
/// (`[@key]` → `[1]`), images, raw HTML, generated labels (a callout's default "Note"; a title
/// the writer wrote counts) and the front
/// matter (title, summary) do not. A word is a run of characters between whitespace that
/// holds at least one letter or digit: `nine-fold`, `10,000` and `>99%` are one word each, a
/// lone `—` or `|` is none.
public enum CardWords {
    /// One counted word.
    public struct Word: Sendable, Hashable {
        public var text: String
        /// Where the word starts: 1-based line and column (characters) in the card's file.
        public var position: SourcePosition
        /// The title of the `##` (or deeper) section the word is in; empty before the first heading.
        public var section: String
    }

    /// Every counted word of a card body, in reading order.
    public static func words(in document: Document) -> [Word] {
        var collector = Collector()
        for block in document.blocks {
            if case .heading(let heading) = block { collector.section = heading.inlines.plainText.cardTrimmed() }
            collector.add(block)
        }
        return collector.words
    }

    /// The number of words of a card body.
    public static func count(in document: Document) -> Int { words(in: document).count }

    /// Whether a whitespace-separated token is a word (holds a letter or a digit).
    package static func isWord<S: StringProtocol>(_ token: S) -> Bool {
        token.contains { $0.isLetter || $0.isNumber }
    }

    /// Walks blocks, feeding each block's visible characters (with positions) to a tokenizer.
    struct Collector {
        var words: [Word] = []
        var section = ""
        /// The token being read and where it started.
        private var token = ""
        private var tokenStart: SourcePosition?

        mutating func add(_ block: Block) {
            switch block {
            case .paragraph(let p):
                addInlines(p.inlines, fallback: p.range?.start)
                endToken()
            case .heading(let h):
                addInlines(h.inlines, fallback: h.range?.start)
                endToken()
            case .blockQuote(let quote):
                // A callout's written title is printed on the card; a default one ("Note") is
                // a generated label.
                if let title = quote.header?.title, !title.isEmpty {
                    addInlines(title, fallback: quote.range?.start)
                    endToken()
                }
                for child in quote.blocks { add(child) }
            case .list(let list):
                for item in list.items { for child in item.blocks { add(child) } }
            case .codeBlock(let code):
                // A fenced block's first code line follows its fence; an indented one starts at once.
                let start = code.range?.start ?? SourcePosition(line: 1, column: 1)
                let firstLine = start.line + (isFenced(code) ? 1 : 0)
                for (offset, line) in code.literal.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    addText(String(line), at: SourcePosition(line: firstLine + offset, column: start.column))
                    endToken()
                }
            case .table(let table):
                for row in (table.header.map { [$0] } ?? []) + table.rows {
                    for cell in row.cells {
                        addInlines(cell.inlines, fallback: cell.range?.start ?? row.position)
                        endToken()
                    }
                }
            case .footnoteDefinition(let definition):
                // The reader sees footnotes at the end of the card.
                for child in definition.blocks { add(child) }
            case .definitionList(let list):
                for item in list.items {
                    for term in item.terms {
                        addInlines(term.inlines, fallback: term.range?.start)
                        endToken()
                    }
                    for definition in item.definitions { for child in definition.blocks { add(child) } }
                }
            case .htmlBlock, .thematicBreak, .tableOfContents:
                break
            }
        }

        /// Whether the code follows a fence line. Fenced code without an info string cannot be
        /// told from indented code here; its words are then placed one line early.
        private func isFenced(_ code: CodeBlock) -> Bool { !code.info.isEmpty }

        private mutating func addInlines(_ inlines: [Inline], fallback: SourcePosition?) {
            for inline in inlines {
                switch inline {
                case .text(let text):
                    addText(text.string, at: text.range?.start ?? fallback, end: text.range?.end)
                case .code(let code):
                    // Skip the opening backtick(s): the literal starts after them.
                    let start = code.range?.start ?? fallback
                    addText(code.literal, at: start.map { SourcePosition(line: $0.line, column: $0.column + 1) })
                case .softBreak, .lineBreak, .html, .image, .citation, .footnoteReference, .attributeList:
                    endToken()
                case .emphasis(let children), .strong(let children), .strikethrough(let children):
                    addInlines(children, fallback: fallback)
                case .link(let link):
                    addInlines(link.children, fallback: link.range?.start ?? fallback)
                case .wikiLink(let wiki):
                    // `[[target|label]]`: the label starts after the `|`; a bare target after `[[`.
                    let label = wiki.label ?? wiki.target
                    var at = wiki.range?.start ?? fallback
                    if let start = wiki.range?.start {
                        let skip = wiki.label == nil ? 2 : wiki.raw.count - 2 - label.count
                        at = SourcePosition(line: start.line, column: start.column + max(skip, 2))
                    }
                    addText(label, at: at)
                }
            }
        }

        /// Adds characters that start at `start`. Text nodes never span lines, so the n-th
        /// character is at column + n (clamped to the node's end when escapes or entities make
        /// the text shorter than its source).
        private mutating func addText(_ text: String, at start: SourcePosition?, end: SourcePosition? = nil) {
            var offset = 0
            for character in text {
                if character.isWhitespace {
                    endToken()
                } else {
                    if token.isEmpty {
                        var position = start.map { SourcePosition(line: $0.line, column: $0.column + offset) }
                            ?? SourcePosition(line: 1, column: 1)
                        if let end, end.line == position.line, position.column > end.column { position.column = end.column }
                        tokenStart = position
                    }
                    token.append(character)
                }
                offset += 1
            }
        }

        private mutating func endToken() {
            defer { token = ""; tokenStart = nil }
            guard !token.isEmpty, CardWords.isWord(token) else { return }
            words.append(Word(text: token, position: tokenStart ?? SourcePosition(line: 1, column: 1), section: section))
        }
    }
}

extension String {
    /// Without leading and trailing whitespace.
    func cardTrimmed() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
