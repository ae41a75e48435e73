/// A position in a source file: 1-based line, 1-based column counted in characters
/// (Swift `Character`s, i.e. what a reader counts), not bytes.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    // Stored in 32 bits: every node of every parsed page holds a range of two positions,
    // and the parsed site is what a 50,000-page run holds at its peak (issue 21). Values
    // beyond Int32 (a line of over two billion characters) are clamped.
    private var storedLine: Int32
    private var storedColumn: Int32

    /// 1-based line.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    /// 1-based column, in characters.
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// The span a node covers in its source file. `end` is the last character, inclusive.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    public var description: String { "\(start)-\(end)" }
}

/// A parsed Markdown document: plain Swift values, no C pointers.
public struct Document: Sendable, Equatable {
    public var blocks: [Block]
    /// False when the parser saw that no attribute list or block id can be in the tree: its
    /// text held no `{` (attribute lists, fence attributes), `^` (Obsidian block ids) or `&`
    /// (an entity such as `&#123;` decodes to `{`). Then `blockAttributes`, walked twice for
    /// every page (resolve's ids, the check of them), returns at once (issue 21). True for a
    /// document made any other way; taking blocks away keeps it true to the tree.
    public var mayHoldAttributes = true

    public init(blocks: [Block]) { self.blocks = blocks }

    /// Two documents are equal when their trees are: `mayHoldAttributes` is a hint about how
    /// one was made, not part of what it says.
    public static func == (lhs: Document, rhs: Document) -> Bool { lhs.blocks == rhs.blocks }
}

/// A block-level node.
public indirect enum Block: Sendable, Equatable {
    case paragraph(Paragraph)
    case heading(Heading)
    case blockQuote(BlockQuote)
    case list(ListBlock)
    case codeBlock(CodeBlock)
    case table(Table)
    case htmlBlock(HTMLBlock)
    case thematicBreak(SourceRange?)
    /// A footnote definition, `[^label]: text` with indented continuation lines. The parser
    /// puts every definition after the document's other blocks, in source order; the
    /// renderer shows the referenced ones in a footnotes section at the end of the body.
    case footnoteDefinition(FootnoteDefinition)
    /// A definition list: terms and their definitions (DefinitionLists.swift).
    case definitionList(DefinitionList)
    /// A table-of-contents marker (`[TOC]`, `[[_TOC_]]`, `[[TOC]]`) alone in a paragraph: the
    /// renderer puts the page's headings there (TOCMarkers.swift).
    case tableOfContents(TOCMarker)
}

/// `[^label]: text`: the label as written (matched case-insensitively) and the body.
public struct FootnoteDefinition: Sendable, Equatable {
    public var label: String
    public var blocks: [Block]
    /// From the `[` of the label to the end of the last line of the body.
    public var range: SourceRange?

    public init(label: String, blocks: [Block], range: SourceRange?) {
        self.label = label
        self.blocks = blocks
        self.range = range
    }

    /// The key references and definitions are matched by (GFM: case-insensitive, white
    /// space collapsed, as for link labels).
    public var key: String { FootnoteDefinition.key(label) }

    public static func key(_ label: String) -> String {
        label.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}

public struct Paragraph: Sendable, Equatable {
    public var inlines: [Inline]
    public var range: SourceRange?
    /// A trailing `{: #id .class }` or Obsidian `^block-id`, removed from `inlines`.
    public var attributes: BlockAttributes? = nil
}

public struct Heading: Sendable, Equatable {
    public var level: Int
    public var inlines: [Inline]
    /// An explicit id written as a trailing `{#id}`; removed from `inlines`.
    public var explicitID: String?
    public var range: SourceRange?
    /// The whole trailing attribute list (`{: #id .class }`) `explicitID` came from.
    public var attributes: BlockAttributes? = nil
}

/// A callout's style: GitHub's five kinds (`> [!NOTE]` as a blockquote's first line), and the
/// styles other types map to (`CalloutKind.style(ofType:)`, Admonitions.swift); `neutral`
/// for a type name not known.
public enum CalloutKind: String, Sendable, Equatable, CaseIterable {
    case note = "NOTE", tip = "TIP", important = "IMPORTANT", warning = "WARNING", caution = "CAUTION"
    case success = "SUCCESS", question = "QUESTION", example = "EXAMPLE", quote = "QUOTE", neutral = "NEUTRAL"
}

public struct BlockQuote: Sendable, Equatable {
    /// Set when the quote opens with a callout marker; the marker is removed from `blocks`.
    public var callout: CalloutKind?
    public var blocks: [Block]
    public var range: SourceRange?
    /// A callout's type as written, title and folding, in any dialect (Admonitions.swift).
    public var header: CalloutHeader? = nil
}

public struct ListBlock: Sendable, Equatable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool
    public var items: [ListItem]
    public var range: SourceRange?
}

public struct ListItem: Sendable, Equatable {
    public var blocks: [Block]
    public var range: SourceRange?
    /// A GFM task list item (`- [ ] todo`, `- [x] done`): whether it is checked. Nil for an
    /// ordinary item. The `[ ]` marker is removed from the first paragraph.
    public var task: Bool? = nil
    /// A `^block-id` or `{: #id }` ending the item's last paragraph: it names the item.
    public var attributes: BlockAttributes? = nil
}

public struct CodeBlock: Sendable, Equatable {
    /// The fence's info string (empty for indented code).
    public var info: String
    public var literal: String
    public var range: SourceRange?
    /// An info string written as an attribute list (```` ``` { .sh #id } ````), read by
    /// FenceAttributes.swift: its first class is the language. Nil for any other info string.
    public var attributes: BlockAttributes? = nil
}

public struct HTMLBlock: Sendable, Equatable {
    public var literal: String
    public var range: SourceRange?
}

/// A `table` fenced block: pipe rows, the first row is the header.
public struct Table: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var inlines: [Inline]
        public var range: SourceRange?
    }
    public struct Row: Sendable, Equatable {
        public var cells: [Cell]
        /// Where the row's line starts.
        public var position: SourcePosition
    }
    /// A column's alignment, from a GFM delimiter row (`:---`, `:---:`, `---:`).
    public enum Alignment: String, Sendable, Equatable {
        case none, left, center, right
    }
    public var header: Row?
    public var rows: [Row]
    public var range: SourceRange?
    /// One per column for a GFM pipe table; empty for a fenced `table` block.
    public var alignments: [Alignment] = []
    /// True for a GFM pipe table (a paragraph with a delimiter row), whose rows are padded
    /// or cut to the header's width as GFM says; false for a fenced `table` block.
    public var isPipeTable = false
}

/// An inline node.
///
/// Only the cases with large payloads are boxed (`indirect`): a text, a code span, a break
/// or emphasis is stored in the array that holds it, so that building and walking the tree
/// allocates no box for the most common inlines (issue 21).
public enum Inline: Sendable, Equatable {
    case text(Text)
    case softBreak
    case lineBreak
    case code(Code)
    case html(Code)
    case emphasis([Inline])
    case strong([Inline])
    indirect case link(Link)
    indirect case image(Link)
    indirect case citation(Citation)
    indirect case wikiLink(WikiLink)
    /// GFM strikethrough: `~~text~~` (or `~text~`).
    case strikethrough([Inline])
    /// A footnote reference, `[^label]`.
    case footnoteReference(FootnoteReference)
    /// A Python-Markdown attribute list written right after an inline element with no space
    /// (`**locale**{ #mkdocs-locale }`, `[Go](x.md){ .button }`): it applies to the element
    /// just before it and shows nothing itself. Kept beside the element rather than inside
    /// it, so every walker that does not care about attributes still sees the element as is.
    indirect case attributeList(BlockAttributes)
}

/// `[^label]` in the text.
public struct FootnoteReference: Sendable, Equatable {
    public var label: String
    public var range: SourceRange?

    public var key: String { FootnoteDefinition.key(label) }
}

public struct Text: Sendable, Equatable {
    public var string: String
    public var range: SourceRange?
}

public struct Code: Sendable, Equatable {
    public var literal: String
    public var range: SourceRange?
}

/// A link or an image: `children` are the link text or the image's alt text.
public struct Link: Sendable, Equatable {
    public var destination: String
    public var title: String
    public var children: [Inline]
    public var range: SourceRange?
}

/// A Pandoc-style citation: `[@key]`, `[@key, p. 4]`, `[@a; @b]`.
public struct Citation: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var key: String
        /// Text after the key, e.g. `p. 4` (without the leading comma).
        public var locator: String
        /// Position of the `@`.
        public var position: SourcePosition?
    }
    public var items: [Item]
    /// The whole bracketed source text.
    public var raw: String
    public var range: SourceRange?
}

/// A wiki link: `[[target]]`, `[[target#fragment]]`, `[[target#fragment|label]]`.
public struct WikiLink: Sendable, Equatable {
    public var target: String
    public var fragment: String?
    public var label: String?
    public var raw: String
    public var range: SourceRange?
    /// An Obsidian embed, `![[target]]`: `raw` and `range` include the `!`.
    public var isEmbed = false
}

extension Inline {
    /// The plain text of an inline tree (what a reader sees, without markup).
    public var plainText: String {
        switch self {
        case .text(let t): return t.string
        case .softBreak, .lineBreak: return " "
        case .code(let c): return c.literal
        case .html: return ""
        case .emphasis(let c), .strong(let c): return c.plainText
        case .link(let l), .image(let l): return l.children.plainText
        case .citation(let c): return c.raw
        case .wikiLink(let w): return w.isEmbed ? (w.embedOptions.alt ?? w.target) : (w.label ?? w.target)
        case .strikethrough(let c): return c.plainText
        case .footnoteReference, .attributeList: return ""
        }
    }
}

extension Array where Element == Inline {
    /// The concatenated plain text of these inlines.
    public var plainText: String { map(\.plainText).joined() }
}
