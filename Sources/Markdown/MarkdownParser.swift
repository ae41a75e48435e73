import CCmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses CommonMark with libcmark and copies the tree into Swift values.
///
/// This is the only place in Groundwork that touches libcmark: the parser, document and
/// iterator are created and freed inside `parse`, and no C pointer escapes it.
public enum MarkdownParser {
    /// Containers nested deeper than this are flattened (their content is kept as
    /// paragraphs of the enclosing level) so that hostile input cannot exhaust the stack of
    /// the recursive passes that run over the tree later.
    public static let maximumNesting = 64

    /// Set by tests to build the tree without the tree builder's shortcuts, so that the tree
    /// made with them can be compared with the tree made without them.
    @TaskLocal static var shortcutsDisabled = false

    /// Parses a Markdown document.
    ///
    /// - Parameter source: the text to parse. Callers that strip front matter should replace
    ///   it with blank lines so that the positions reported here are the file's own.
    public static func parse(_ source: String) -> Document {
        // Bodies and cells parsed on their own see the page's reference definitions.
        var document = PageReferences.$current.withValue(PageReferences(source: source)) {
            parse(source, footnoteDefinitions: true)
        }
        // Every attribute list and block id comes from this text (cells, footnote and
        // admonition bodies are parts of it), so without these bytes there are none.
        document.mayHoldAttributes = ByteSearch.contains(source, byte: UInt8(ascii: "{"))
            || ByteSearch.contains(source, byte: UInt8(ascii: "^"))
            || ByteSearch.contains(source, byte: UInt8(ascii: "&"))
        return document
    }

    /// - Parameter footnoteDefinitions: false for the text of a footnote's body or a table
    ///   cell, where a definition is not looked for (so that hostile input cannot nest them
    ///   without bound, and a cell's text is never taken away).
    ///   - depth: how many admonition bodies enclose this text (Admonitions.swift).
    static func parse(_ source: String, footnoteDefinitions: Bool, depth: Int = 0) -> Document {
        // cmark ends a line at a lone carriage return too; the line tables here (and the
        // admonition and footnote passes) count "\n" only. A lone "\r" becomes "\n" so that
        // all of them count the same lines (those an editor shows).
        let normalized = depth == 0 ? normalizingLoneCarriageReturns(source) : source
        // Footnote definitions are taken out first (their lines blanked), so that cmark
        // never reads one as a link reference definition.
        var (source, footnotes) = footnoteDefinitions ? FootnoteDefinitions.extract(normalized) : (normalized, [])
        // MkDocs and Docusaurus admonitions likewise, each leaving a placeholder line.
        var admonitions: [Int: Block] = [:]
        if depth < Admonitions.maximumDepth { (source, admonitions) = Admonitions.extract(source, depth: depth, isPage: footnoteDefinitions && depth == 0) }
        // Definition lists likewise, with the same placeholder (DefinitionLists.swift).
        if depth < Admonitions.maximumDepth { DefinitionLists.extract(&source, into: &admonitions, depth: depth) }
        var document = parseBlocks(source, admonitions: admonitions)
        if TOCMarkers.mayHold(source) { document.blocks = TOCMarkers.apply(document.blocks) }
        document.blocks += footnotes.map { .footnoteDefinition(FootnoteDefinitions.parse($0)) }
        return document
    }

    /// The text with every "\r" not followed by "\n" replaced by "\n" (itself when none).
    static func normalizingLoneCarriageReturns(_ source: String) -> String {
        var source = source
        // `memchr` from one carriage return to the next: almost every page has none, or only
        // "\r\n", and a long page costs little even in a debug build.
        let lone = source.withUTF8 { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            var i = 0
            while i < buffer.count, let cr = memchr(base + i, 0x0D, buffer.count - i) {
                let at = base.distance(to: cr.assumingMemoryBound(to: UInt8.self))
                if at + 1 == buffer.count || base[at + 1] != 0x0A { return true }
                i = at + 2
            }
            return false
        }
        guard lone else { return source }
        var bytes = Array(source.utf8)
        for i in bytes.indices where bytes[i] == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A) { bytes[i] = 0x0A }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func parseBlocks(_ source: String, admonitions: [Int: Block]) -> Document {
        // One memmove from the string's contiguous storage (`Array(source.utf8)` took a
        // generic copy loop).
        var source = source
        let bytes = source.withUTF8 { utf8 in
            [UInt8](unsafeUninitializedCapacity: utf8.count) { buffer, count in
                if let from = utf8.baseAddress, utf8.count > 0 { buffer.baseAddress!.update(from: from, count: utf8.count) }
                count = utf8.count
            }
        }
        let lines = LineTable(bytes: bytes)
        let hints = PageHints(bytes: bytes)
        // libcmark's tree lives until the Swift tree is built from it (CmarkArena.swift).
        return bytes.withUnsafeBufferPointer { buffer in
            CmarkArena.withDocument(buffer, options: CMARK_OPT_SOURCEPOS) { root in
                guard let root else { return Document(blocks: []) }
                var builder = TreeBuilder(lines: lines, hints: hints)
                builder.admonitions = admonitions
                return builder.build(root: root)
            }
        }
    }
}

/// One open container while walking cmark's tree.
private struct Frame {
    var type: cmark_node_type
    var node: OpaquePointer
    var blocks: [Block] = []
    var inlines: [Inline] = []
    var items: [ListItem] = []
    /// True when this container is beyond `maximumNesting` and is being flattened.
    var flattened = false
    /// Whether a text among `inlines` holds a `[` or an emphasis is among them: noted as they
    /// are added, so that a paragraph or heading without them need not be walked again to
    /// learn that the inline extensions have nothing to do (`InlineExtensions.apply`).
    var mayHoldBracketOrEmphasis = false

    /// Makes room in the array this container's children go to for as many as cmark gives it
    /// (counted from its first child), so that the array is allocated once at about its
    /// final size instead of grown 1, 2, 4, 8... while it fills: with a text stored in
    /// place (`Inline`) each growth copied 40-byte elements (issue 21). Merged texts and
    /// removed markers can leave an array a little below its capacity, never above it;
    /// a pipe table split out of a paragraph grows its parent's array as before.
    mutating func reserveForChildren() {
        var count = 0
        var child = cmark_node_first_child(node)
        while let current = child {
            count += 1
            child = cmark_node_next(current)
        }
        guard count > 0 else { return }
        switch type {
        case CMARK_NODE_LIST: items.reserveCapacity(count)
        case CMARK_NODE_DOCUMENT, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_ITEM: blocks.reserveCapacity(count)
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            inlines.reserveCapacity(count)
        default: break
        }
    }

    // The children arrays moved out of a frame that is being closed (it is dropped right
    // after), rather than copied from it.

    mutating func takeBlocks() -> [Block] {
        var taken: [Block] = []
        swap(&taken, &blocks)
        return taken
    }

    mutating func takeInlines() -> [Inline] {
        var taken: [Inline] = []
        swap(&taken, &inlines)
        return taken
    }

    mutating func takeItems() -> [ListItem] {
        var taken: [ListItem] = []
        swap(&taken, &items)
        return taken
    }
}

private struct TreeBuilder {
    let lines: LineTable
    let extensions: InlineExtensions
    /// Parsed admonitions by the line of their placeholder heading (Admonitions.swift).
    var admonitions: [Int: Block] = [:]

    /// Whether the shortcuts below are taken (the inline position fast path, and the note of
    /// brackets and emphasis handed to `InlineExtensions.apply`); false only in tests that
    /// compare the trees made with and without them (`TreeShortcutTests`).
    let shortcuts: Bool

    init(lines: LineTable, hints: PageHints) {
        self.lines = lines
        self.extensions = InlineExtensions(lines: lines, hints: hints)
        self.shortcuts = !MarkdownParser.shortcutsDisabled
    }

    mutating func build(root: OpaquePointer) -> Document {
        guard let iter = cmark_iter_new(root) else { return Document(blocks: []) }
        defer { cmark_iter_free(iter) }
        var stack: [Frame] = []
        var document = Document(blocks: [])
        var depth = 0

        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            switch event {
            case CMARK_EVENT_ENTER:
                if type == CMARK_NODE_DOCUMENT {
                    stack.append(Frame(type: type, node: node))
                    stack[stack.count - 1].reserveForChildren()
                } else if Self.isContainer(type) {
                    if type == CMARK_NODE_PARAGRAPH, extensions.hints.mayHoldReferenceDefinitions {
                        let line = Int(cmark_node_get_start_line(node))
                        // Only when the definitions really were consumed: the paragraph's own
                        // first text does not begin that line.
                        let literal = cmark_node_first_child(node).flatMap { cmark_node_get_literal($0) }
                        let startsHere: Bool
                        if let fast = lines.lineStartsWithASCII(line, literal) {
                            startsHere = fast
                        } else {
                            let firstText = Self.string(literal)
                            let lineText = lines.lineText(line).drop(while: { $0 == " " })
                            startsHere = !firstText.isEmpty && lineText.hasPrefix(firstText)
                        }
                        referenceDefinitionShift = startsHere ? 0 : referenceDefinitionLines(at: line)
                    }
                    if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
                        inlineBlock = (Int(cmark_node_get_start_line(node)) + referenceDefinitionShift,
                                       Int(cmark_node_get_start_column(node)) - 1,
                                       openQuotes)
                    }
                    if type == CMARK_NODE_BLOCK_QUOTE { openQuotes += 1 }
                    depth += 1
                    let flatten = depth > MarkdownParser.maximumNesting
                        && type != CMARK_NODE_PARAGRAPH && type != CMARK_NODE_HEADING
                    // Made in place: a local frame appended would be copied (its arrays retained).
                    stack.append(Frame(type: type, node: node, flattened: flatten))
                    stack[stack.count - 1].reserveForChildren()
                } else {
                    appendLeaf(node: node, type: type, to: &stack)
                }
            case CMARK_EVENT_EXIT:
                guard var frame = stack.popLast() else { continue }
                if frame.type == CMARK_NODE_BLOCK_QUOTE { openQuotes -= 1 }
                if frame.type == CMARK_NODE_DOCUMENT {
                    document.blocks = frame.takeBlocks()
                    continue
                }
                depth -= 1
                if frame.flattened, !stack.isEmpty {
                    // Too deep: hand the content to the parent without a wrapper.
                    let top = stack.count - 1
                    let blocks = frame.blocks + frame.items.flatMap(\.blocks)
                    if stack[top].type == CMARK_NODE_LIST {
                        if !blocks.isEmpty { stack[top].items.append(ListItem(blocks: blocks, range: nil)) }
                    } else {
                        stack[top].blocks.append(contentsOf: blocks)
                    }
                    stack[top].inlines.append(contentsOf: frame.inlines)
                    stack[top].mayHoldBracketOrEmphasis = stack[top].mayHoldBracketOrEmphasis || frame.mayHoldBracketOrEmphasis
                    continue
                }
                close(&frame, into: &stack)
            default:
                break
            }
        }
        return document
    }

    static func isContainer(_ type: cmark_node_type) -> Bool {
        switch type {
        case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_ITEM, CMARK_NODE_PARAGRAPH,
            CMARK_NODE_HEADING, CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK, CMARK_NODE_IMAGE,
            CMARK_NODE_CUSTOM_BLOCK, CMARK_NODE_CUSTOM_INLINE:
            return true
        default:
            return false
        }
    }

    /// Lines of link reference definitions that open the paragraph being built (cmark 0.30
    /// reports that paragraph's inline positions as if they started on the first of them).
    var referenceDefinitionShift = 0

    /// The paragraph or heading whose inlines are being read: its first real line, cmark's
    /// block offset for it (start column - 1), and how many block quotes enclose it. cmark
    /// counts an inline's column on a continuation line from where that line's content starts
    /// after stripping its leading white space, plus the block offset; the real column needs
    /// the stripped prefix back (e.g. `    more [x](y.md)` after a paragraph's first line).
    var inlineBlock: (firstLine: Int, blockOffset: Int, quoteDepth: Int)?
    /// Block quotes open around the node being read.
    var openQuotes = 0

    func range(of node: OpaquePointer) -> SourceRange? {
        let sl = Int(cmark_node_get_start_line(node)), sc = Int(cmark_node_get_start_column(node))
        let el = Int(cmark_node_get_end_line(node)), ec = Int(cmark_node_get_end_column(node))
        guard let start = lines.position(line: sl, byteColumn: sc) else { return nil }
        let end = lines.position(line: el, byteColumn: max(ec, 1)) ?? start
        return SourceRange(start: start, end: end)
    }

    /// Where the `{` of a fence's attribute list is: the first `{` on the fence's line after
    /// the fence's start (the fence characters themselves are never `{`).
    func fenceBracePosition(of node: OpaquePointer) -> SourcePosition? {
        let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
        guard line >= 1, line <= lines.lineStarts.count, column >= 1 else { return nil }
        let text = lines.lineText(line).utf8
        guard column - 1 <= text.count,
              let brace = text.dropFirst(column - 1).firstIndex(of: UInt8(ascii: "{")) else { return nil }
        return lines.position(line: line, byteColumn: text.distance(from: text.startIndex, to: brace) + 1)
    }

    /// An inline node's range with cmark 0.30's two position bugs corrected (NOTES.md).
    func inlineRange(of node: OpaquePointer) -> SourceRange? {
        let sl = Int(cmark_node_get_start_line(node)), sc = Int(cmark_node_get_start_column(node))
        let el = Int(cmark_node_get_end_line(node)), ec = Int(cmark_node_get_end_column(node))
        guard sl > 0, sc > 0 else { return nil }
        // The usual inline, on one line: when `correctedPosition` would take its shortcut for
        // both ends (an ASCII line that is not a continuation line, both columns within it),
        // both columns are the byte columns, and the line is looked up once (issue 21).
        if shortcuts, sl == el {
            let line = sl + referenceDefinitionShift
            if line >= 1, line <= lines.lineStarts.count, lines.lineIsASCII[line - 1],
               inlineBlock.map({ line <= $0.firstLine }) ?? true {
                let lineLength = lines.lineByteLength(line)
                let endColumn = max(ec, 1)
                if sc <= lineLength + 1, endColumn <= lineLength + 1 {
                    return SourceRange(start: SourcePosition(line: line, column: sc), end: SourcePosition(line: line, column: endColumn))
                }
            }
        }
        guard let start = correctedPosition(line: sl, byteColumn: sc) else { return nil }
        let end = correctedPosition(line: el, byteColumn: max(ec, 1)) ?? start
        return SourceRange(start: start, end: end)
    }

    private func correctedPosition(line reportedLine: Int, byteColumn: Int) -> SourcePosition? {
        let line = reportedLine + referenceDefinitionShift
        guard line >= 1, line <= lines.lineStarts.count else { return lines.position(line: reportedLine, byteColumn: byteColumn) }
        // After a backslash hard break cmark keeps counting columns from the previous line:
        // a column past the end of its line is really on a later line.
        let lineLength = lines.lineByteLength(line)  // `lineText(line).utf8.count`, without making the string
        // The usual case, a column within an ASCII line that is not a paragraph's continuation
        // line: the column is the byte column (what `lines.position` below returns for it,
        // without its checks again; this runs twice for every inline of every page).
        if shortcuts, byteColumn >= 1, byteColumn <= lineLength + 1, lines.lineIsASCII[line - 1],
           inlineBlock.map({ line <= $0.firstLine }) ?? true {
            return SourcePosition(line: line, column: byteColumn)
        }
        if byteColumn > lineLength + 1, let offset = lines.offset(line: line, byteColumn: byteColumn) {
            let (realLine, realColumn) = lines.lineAndByteColumn(ofOffset: min(offset, max(lines.bytes.count - 1, 0)))
            // Continuation lines lose their indentation in cmark's count.
            let indent = continuationContentStart(line: realLine)
            return lines.position(line: realLine, byteColumn: realColumn + indent)
        }
        if let block = inlineBlock, line > block.firstLine, byteColumn - block.blockOffset >= 1 {
            // A continuation line: the column within its stripped content, moved to where
            // that content really starts.
            let index = byteColumn - block.blockOffset - 1
            return lines.position(line: line, byteColumn: continuationContentStart(line: line) + index + 1)
        }
        return lines.position(line: line, byteColumn: byteColumn)
    }

    /// Byte offset where a paragraph continuation line's content starts: after the enclosing
    /// block quotes' `>` markers (fewer on a lazy line) and any white space.
    func continuationContentStart(line: Int) -> Int {
        guard line >= 1, line <= lines.lineStarts.count else { return 0 }
        // Reads only the line's prefix, straight from the bytes: this runs for every inline
        // on a continuation line, and lines can be long.
        let bytes = lines.bytes
        let start = lines.lineStarts[line - 1]
        let end = line < lines.lineStarts.count ? lines.lineStarts[line] : bytes.count
        var i = start
        var depth = inlineBlock?.quoteDepth ?? 0
        while depth > 0 {
            var j = i
            var spaces = 0
            while j < end, bytes[j] == 0x20, spaces < 3 { j += 1; spaces += 1 }
            guard j < end, bytes[j] == UInt8(ascii: ">") else { break }
            j += 1
            if j < end, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            i = j
            depth -= 1
        }
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return i - start
    }

    /// How many link reference definition lines open a paragraph reported at `line`.
    func referenceDefinitionLines(at line: Int) -> Int {
        var count = 0
        while line + count <= lines.lineStarts.count, lines.firstByteAfterSpaces(line + count) == UInt8(ascii: "["),
              Self.isReferenceDefinition(lines.lineText(line + count)) {
            count += 1
        }
        return count
    }

    static func isReferenceDefinition(_ text: String) -> Bool {
        let trimmed = text.drop(while: { $0 == " " })
        guard text.count - trimmed.count <= 3, trimmed.first == "[",
              let close = trimmed.firstIndex(of: "]") else { return false }
        let after = trimmed[trimmed.index(after: close)...]
        return after.first == ":" && !after.dropFirst().trimmingSpacesSubstring().isEmpty
    }

    /// Whether some line after the first holds both `|` and `-` (a delimiter row could be
    /// there): a byte test, so that ordinary paragraphs cost nothing more.
    func mayHoldPipeTable(lines range: ClosedRange<Int>) -> Bool {
        let bytes = lines.bytes
        for n in (range.lowerBound + 1)...range.upperBound where n <= lines.lineStarts.count {
            let start = lines.lineStarts[n - 1]
            let end = n < lines.lineStarts.count ? lines.lineStarts[n] : bytes.count
            var bar = false, dash = false
            for i in start..<end {
                if bytes[i] == UInt8(ascii: "|") { bar = true } else if bytes[i] == UInt8(ascii: "-") { dash = true }
            }
            if bar && dash { return true }
        }
        return false
    }

    /// The first source line an inline is known to start on.
    static func firstLine(of inline: Inline) -> Int? {
        switch inline {
        case .text(let t): return t.range?.start.line
        case .code(let c), .html(let c): return c.range?.start.line
        case .link(let l), .image(let l): return l.range?.start.line
        case .emphasis(let c), .strong(let c), .strikethrough(let c): return c.lazy.compactMap(firstLine(of:)).first
        case .citation(let c): return c.range?.start.line
        case .wikiLink(let w): return w.range?.start.line
        case .footnoteReference(let f): return f.range?.start.line
        case .attributeList(let a): return a.position?.line
        case .softBreak, .lineBreak: return nil
        }
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    mutating func appendLeaf(node: OpaquePointer, type: cmark_node_type, to stack: inout [Frame]) {
        guard !stack.isEmpty else { return }
        let literal = Self.string(cmark_node_get_literal(node))
        let top = stack.count - 1
        switch type {
        case CMARK_NODE_TEXT:
            if !stack[top].mayHoldBracketOrEmphasis, ByteSearch.contains(literal, byte: UInt8(ascii: "[")) {
                stack[top].mayHoldBracketOrEmphasis = true
            }
            let text = Text(string: literal, range: inlineRange(of: node))
            // Merge adjacent text nodes so that extension syntax is never split between two.
            // (The last inline's case is tested before it is copied: almost never a text.)
            if let last = stack[top].inlines.indices.last, case .text = stack[top].inlines[last],
               case .text(var previous) = stack[top].inlines[last] {
                previous.string += literal
                if let r = previous.range, let e = text.range?.end {
                    previous.range = SourceRange(start: r.start, end: e)
                }
                stack[top].inlines[stack[top].inlines.count - 1] = .text(previous)
            } else {
                stack[top].inlines.append(.text(text))
            }
        case CMARK_NODE_SOFTBREAK:
            stack[top].inlines.append(.softBreak)
        case CMARK_NODE_LINEBREAK:
            stack[top].inlines.append(.lineBreak)
        case CMARK_NODE_CODE:
            stack[top].inlines.append(.code(Code(literal: literal, range: inlineRange(of: node))))
        case CMARK_NODE_HTML_INLINE:
            stack[top].inlines.append(.html(Code(literal: literal, range: inlineRange(of: node))))
        case CMARK_NODE_CODE_BLOCK:
            let info = Self.string(cmark_node_get_fence_info(node))
            let nodeRange = range(of: node)
            if info.trimmingSpaces().lowercased() == "table" {
                stack[top].blocks.append(.table(TableParser.parse(literal, blockRange: nodeRange, lines: lines)))
            } else {
                var code = CodeBlock(info: info, literal: literal, range: nodeRange)
                if extensions.hints.mayHoldAttributes, var attributes = BlockAttributes.parseFenceInfo(info) {
                    attributes.position = fenceBracePosition(of: node) ?? nodeRange?.start
                    code.attributes = attributes
                }
                stack[top].blocks.append(.codeBlock(code))
            }
        case CMARK_NODE_HTML_BLOCK:
            stack[top].blocks.append(.htmlBlock(HTMLBlock(literal: literal, range: range(of: node))))
        case CMARK_NODE_THEMATIC_BREAK:
            stack[top].blocks.append(.thematicBreak(range(of: node)))
        default:
            break
        }
    }

    mutating func close(_ frame: inout Frame, into stack: inout [Frame]) {
        guard !stack.isEmpty else { return }
        let top = stack.count - 1
        let node = frame.node
        let isInline = frame.type == CMARK_NODE_LINK || frame.type == CMARK_NODE_IMAGE
        let nodeRange = isInline ? inlineRange(of: node) : range(of: node)
        switch frame.type {
        case CMARK_NODE_PARAGRAPH:
            var paragraphRange = nodeRange
            if referenceDefinitionShift > 0, var r = paragraphRange {
                r.start = SourcePosition(line: r.start.line + referenceDefinitionShift, column: 1)
                paragraphRange = r
            }
            referenceDefinitionShift = 0
            if let r = paragraphRange, r.end.line > r.start.line, mayHoldPipeTable(lines: r.start.line...r.end.line) {
                let rows = (r.start.line...r.end.line).map { n -> PipeTable.Line in
                    let text = lines.lineText(n)
                    let skip = n == r.start.line ? r.start.column - 1 : continuationContentStart(line: n)
                    return PipeTable.Line(number: n, text: String(text.dropFirst(skip)), column: skip + 1)
                }
                if let (header, alignments) = PipeTable.find(rows) {
                    let headerLine = rows[header].number
                    if header > 0 {
                        // The lines before the header row stay a paragraph.
                        var before = Array(frame.inlines.prefix { Self.firstLine(of: $0).map { $0 < headerLine } ?? true })
                        while before.last?.isBreak == true { before.removeLast() }
                        let end = SourcePosition(line: headerLine - 1, column: max(lines.lineText(headerLine - 1).count, 1))
                        stack[top].blocks.append(.paragraph(Paragraph(inlines: extensions.apply(before), range: SourceRange(start: r.start, end: end))))
                    }
                    let tableRange = SourceRange(start: SourcePosition(line: headerLine, column: rows[header].column), end: r.end)
                    stack[top].blocks.append(.table(PipeTable.build(rows, header: header, alignments: alignments, range: tableRange)))
                    break
                }
            }
            var inlines = extensions.apply(frame.takeInlines(), bracketOrEmphasis: shortcuts ? frame.mayHoldBracketOrEmphasis : nil)
            let attributes = extensions.hints.mayHoldAttributes ? BlockAttributes.extractFromParagraph(&inlines) : nil
            stack[top].blocks.append(.paragraph(Paragraph(inlines: inlines, range: paragraphRange, attributes: attributes)))
        case CMARK_NODE_HEADING:
            if !admonitions.isEmpty, cmark_node_get_heading_level(node) == 6,
               let admonition = admonitions[Int(cmark_node_get_start_line(node))] {
                // The placeholder of an MkDocs or Docusaurus admonition: the line is ours.
                stack[top].blocks.append(admonition)
                break
            }
            var inlines = extensions.apply(frame.takeInlines(), bracketOrEmphasis: shortcuts ? frame.mayHoldBracketOrEmphasis : nil)
            let attributes = extensions.hints.mayHoldAttributes ? BlockAttributes.extractFromHeading(&inlines) : nil
            let level = Int(cmark_node_get_heading_level(node))
            stack[top].blocks.append(.heading(Heading(level: level, inlines: inlines, explicitID: attributes?.id,
                                                      range: nodeRange, attributes: attributes)))
        case CMARK_NODE_BLOCK_QUOTE:
            var blocks = frame.takeBlocks()
            let callout = Callouts.extract(from: &blocks)
            stack[top].blocks.append(.blockQuote(BlockQuote(callout: callout?.0, blocks: blocks, range: nodeRange, header: callout?.1)))
        case CMARK_NODE_ITEM:
            var item = ListItem(blocks: frame.takeBlocks(), range: nodeRange)
            if extensions.hints.mayHoldTaskMarker { item.task = TaskList.extractMarker(from: &item.blocks, lines: lines) }
            // A block id or attribute list ending the item names the item (in a tight list its
            // paragraph has no element of its own to carry it).
            // (Without the bytes of one in the text there is none: the paragraph is not copied out.)
            if extensions.hints.mayHoldAttributes, case .paragraph(var last)? = item.blocks.last, let attributes = last.attributes {
                last.attributes = nil
                item.attributes = attributes
                item.blocks[item.blocks.count - 1] = .paragraph(last)
            }
            stack[top].items.append(item)
        case CMARK_NODE_LIST:
            let list = ListBlock(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0,
                items: frame.takeItems(),
                range: nodeRange)
            stack[top].blocks.append(.list(list))
        case CMARK_NODE_EMPH:
            stack[top].inlines.append(.emphasis(frame.takeInlines()))
            stack[top].mayHoldBracketOrEmphasis = true
        case CMARK_NODE_STRONG:
            stack[top].inlines.append(.strong(frame.takeInlines()))
            stack[top].mayHoldBracketOrEmphasis = true
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            let link = Link(
                destination: Self.string(cmark_node_get_url(node)),
                title: Self.string(cmark_node_get_title(node)),
                children: frame.takeInlines(),
                range: nodeRange)
            stack[top].inlines.append(frame.type == CMARK_NODE_LINK ? .link(link) : .image(link))
        default:
            // Custom nodes never come out of the parser; keep their content if they do.
            stack[top].blocks.append(contentsOf: frame.blocks)
            stack[top].inlines.append(contentsOf: frame.inlines)
            stack[top].mayHoldBracketOrEmphasis = stack[top].mayHoldBracketOrEmphasis || frame.mayHoldBracketOrEmphasis
        }
    }
}

extension Substring {
    func trimmingSpacesSubstring() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        if let trimmed = trimmingSpacesByBytes() { return trimmed }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

extension String {
    /// `trimmingSpaces()` over UTF-8 bytes, or nil where bytes and `Character`s could
    /// disagree: a "\r\n" (one `Character`) among the trimmed bytes, or a non-ASCII byte
    /// next to them (a combining mark joins the space before it). It runs for every table
    /// cell and row.
    fileprivate func trimmingSpacesByBytes() -> String? {
        var copy = self
        return copy.withUTF8 { u -> String? in
            func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
            var lo = 0, hi = u.count
            while lo < hi, blank(u[lo]) { lo += 1 }
            while hi > lo, blank(u[hi - 1]) { hi -= 1 }
            if lo == 0 && hi == u.count { return self }
            if lo < hi, u[lo] >= 0x80 || u[hi - 1] >= 0x80 { return nil }
            for i in 0..<lo where u[i] == 0x0D && i + 1 < u.count && u[i + 1] == 0x0A { return nil }
            for i in hi..<u.count where u[i] == 0x0D && i + 1 < u.count && u[i + 1] == 0x0A { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: u[lo..<hi]), as: UTF8.self)
        }
    }
}
