/// Attributes written on a block rather than in HTML: a Python-Markdown/MkDocs attribute list
/// (`{ #id }`, `{#id}`, `{: #id .class key=value }`) at the end of a heading or paragraph, or
/// an Obsidian block id (`^abc-123`) at the end of a paragraph or list item.
///
/// Only safe attributes survive: the id, classes, and the `key=value` pairs named in
/// `allowedKeys` (or `data-*`). Every other pair (`onclick`, `style`, `href`, …) is kept in
/// `refused` so that the reader is never handed it and the writer can be told.
public struct BlockAttributes: Sendable, Equatable {
    public enum Syntax: String, Sendable, Equatable {
        /// `{: #id .class key=value }` (Python-Markdown's attr_list).
        case attributeList
        /// `^abc-123` (Obsidian). The id is `^abc-123`, caret included: a valid HTML5 id, and
        /// the fragment Obsidian writes (`[[Page#^abc-123]]`), so both link forms match it as written.
        case blockID
    }

    public var syntax: Syntax
    public var id: String?
    public var classes: [String] = []
    /// Allowed `key=value` pairs, in written order (values unescaped; the renderer escapes).
    public var pairs: [Pair] = []
    /// Names of the pairs that were dropped as unsafe (`onclick`, `style`, `href`, …).
    public var refused: [String] = []
    /// Where the `{` or `^` is written.
    public var position: SourcePosition?

    public struct Pair: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// Attribute names that carry no behaviour or styling. `data-*` is allowed too.
    public static let allowedKeys: Set<String> = ["title", "lang", "dir", "translate"]

    /// The characters an id or class may not contain (HTML5 allows anything but white space;
    /// these would break out of a link fragment or an attribute, or are list syntax).
    static let forbidden: Set<Character> = [" ", "\t", "\n", "}", "{", "\"", "<", ">", "'", "&", "`", "=", "#"]

    /// Parses `{…}` (the braces included) as an attribute list; nil when it is not a
    /// well-formed one (`{#}`, `{x}`, `{ }`), so the text stays literal.
    /// `onImage`: the list follows an image (`![a](p.png){ width=300 }`), which may also keep
    /// the sizes and loading hint `imageValue` accepts.
    public static func parseList(_ text: Substring, onImage: Bool = false) -> BlockAttributes? {
        guard text.first == "{", text.last == "}", text.count >= 3 else { return nil }
        var inner = text.dropFirst().dropLast()
        if inner.first == ":" { inner = inner.dropFirst() }
        var result = BlockAttributes(syntax: .attributeList)
        var sawToken = false
        // Declarations made from an image's validated `width=50%` and `align` (`imageAttribute`).
        var styles: [String] = []
        var rest = inner[...]
        func skipSpace() { while let c = rest.first, c == " " || c == "\t" { rest.removeFirst() } }
        skipSpace()
        while !rest.isEmpty {
            if rest.first == "#" || rest.first == "." {
                let marker = rest.removeFirst()
                let word = rest.prefix { $0 != " " && $0 != "\t" }
                rest = rest.dropFirst(word.count)
                guard !word.isEmpty, !word.contains(where: { forbidden.contains($0) }) else { return nil }
                if marker == "#" { result.id = String(word) } else { result.classes.append(String(word)) }
            } else {
                // key=value, key="value", key='value'
                let key = rest.prefix { $0 != "=" && $0 != " " && $0 != "\t" }
                guard let first = key.first, first.isASCII, first.isLetter || first == "_",
                      key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) }) else { return nil }
                rest = rest.dropFirst(key.count)
                guard rest.first == "=" else { return nil }
                rest.removeFirst()
                var value: Substring
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    rest.removeFirst()
                    guard let close = rest.firstIndex(of: quote) else { return nil }
                    value = rest[..<close]
                    rest = rest[rest.index(after: close)...]
                } else {
                    value = rest.prefix { $0 != " " && $0 != "\t" }
                    rest = rest.dropFirst(value.count)
                    guard !value.isEmpty, !value.contains(where: { "\"'<>`".contains($0) }) else { return nil }
                }
                guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
                let name = key.lowercased()
                switch name {
                case "id":
                    guard !value.isEmpty, !value.contains(where: { forbidden.contains($0) }) else { return nil }
                    result.id = String(value)
                case "class":
                    for word in value.split(separator: " ") where !word.contains(where: { forbidden.contains($0) }) {
                        result.classes.append(String(word))
                    }
                default:
                    if allowedKeys.contains(name) || (name.hasPrefix("data-") && name.count > 5) {
                        result.pairs.append(Pair(name: name, value: String(value)))
                    } else if onImage, let kept = imageAttribute(name: name, value: value) {
                        if kept.name == "style" { styles.append(kept.value) } else { result.pairs.append(Pair(name: kept.name, value: kept.value)) }
                    } else {
                        result.refused.append(name)
                    }
                }
            }
            sawToken = true
            skipSpace()
        }
        if !styles.isEmpty { result.pairs.append(Pair(name: "style", value: styles.joined(separator: "; "))) }
        return sawToken ? result : nil
    }

    /// Attributes an image keeps from its attribute list (MkDocs' attr_list, common in docs
    /// for sizing screenshots), when the value is one a browser reads safely; nil: refused.
    /// `width`/`height`: whole pixels (`300`; `300px` is written `300`), or a percentage up to
    /// 100 (`50%`), which HTML's attribute cannot hold, so it becomes the style declaration
    /// `width: 50%`. `loading`: `lazy` or `eager`. `align` (obsolete in HTML; Material for
    /// MkDocs floats images with it): `left`/`right` become `float: left`/`right`, and
    /// `top`/`middle`/`bottom` `vertical-align`. Only these fixed forms reach `style`.
    static func imageAttribute(name: String, value: Substring) -> (name: String, value: String)? {
        let digits = { (s: Substring) in !s.isEmpty && s.count <= 5 && s.allSatisfy { $0.isASCII && $0.isNumber } }
        let lower = value.lowercased()
        switch name {
        case "width", "height":
            if digits(value) { return (name, String(value)) }
            if value.hasSuffix("px"), digits(value.dropLast(2)) { return (name, String(value.dropLast(2))) }
            if value.hasSuffix("%"), digits(value.dropLast()), let n = Int(value.dropLast()), n <= 100 { return ("style", "\(name): \(n)%") }
            return nil
        case "loading": return ["lazy", "eager"].contains(lower) ? (name, lower) : nil
        case "align":
            if lower == "left" || lower == "right" { return ("style", "float: " + lower) }
            if ["top", "middle", "bottom"].contains(lower) { return ("style", "vertical-align: " + lower) }
            return nil
        default: return nil
        }
    }

    /// Where a trailing `^name` starts, reading back over the name's bytes only (this runs
    /// for every paragraph, so it never scans the whole text).
    static func blockIDCaret(_ text: Substring) -> Substring.Index? {
        let bytes = text.utf8
        var i = bytes.endIndex
        var length = 0
        while i > bytes.startIndex {
            let previous = bytes.index(before: i)
            let b = bytes[previous]
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-") {
                i = previous
                length += 1
            } else if b == UInt8(ascii: "^"), length > 0 {
                return previous
            } else {
                return nil
            }
        }
        return nil
    }

    /// Removes a trailing attribute list from a heading's inlines (`## Title {#id .x}`).
    static func extractFromHeading(_ inlines: inout [Inline]) -> BlockAttributes? {
        guard case .text(var last)? = inlines.last else { return nil }
        let trimmed = last.string.trimmingSpaces()
        guard trimmed.hasSuffix("}"), let open = trimmed.lastIndex(of: "{"),
              var attributes = parseList(trimmed[open...]) else { return nil }
        let leading = last.string.count - Substring(last.string).drop(while: { $0 == " " || $0 == "\t" }).count
        attributes.position = position(in: last, ofCharacter: leading + trimmed.distance(from: trimmed.startIndex, to: open))
        last.string = String(trimmed[..<open]).trimmingSpaces()
        if last.string.isEmpty {
            inlines.removeLast()
        } else {
            inlines[inlines.count - 1] = .text(last)
        }
        return attributes
    }

    /// Removes a trailing attribute list or Obsidian block id from a paragraph's inlines: at
    /// the end of its last line (after white space) or alone on its last line. A paragraph
    /// that is nothing but the marker keeps it as text.
    static func extractFromParagraph(_ inlines: inout [Inline]) -> BlockAttributes? {
        guard case .text(var last)? = inlines.last else { return nil }
        let string = last.string
        // Cheap first: an attribute list ends in `}`, a block id in a letter, digit or `-`.
        guard let lastByte = string.utf8.last, lastByte < 0x80, mayEndInMarker(string) else { return nil }
        let trimmed = Substring(string).trimmingSpacesSubstring()
        // The marker starts after white space in this text, or this text starts the line.
        let startsLine = inlines.count == 1 || inlines[inlines.count - 2].isBreak
        var markerStart: Substring.Index
        var attributes: BlockAttributes
        if trimmed.hasSuffix("}"), let open = trimmed.lastIndex(of: "{"), let parsed = parseList(trimmed[open...]) {
            markerStart = open
            attributes = parsed
        } else if let caret = blockIDCaret(trimmed) {
            markerStart = caret
            attributes = BlockAttributes(syntax: .blockID, id: String(trimmed[caret...]))
        } else {
            return nil
        }
        let before = trimmed[..<markerStart]
        let leading = string.count - Substring(string).drop(while: { $0 == " " || $0 == "\t" }).count
        if before.isEmpty {
            if startsLine {
                // Alone on its line: needs a line before it in this paragraph.
                guard inlines.count >= 3 else { return nil }
            } else {
                // After another inline (`a [link](x.md) ^id`): white space must separate them.
                guard leading > 0 else { return nil }
            }
        } else {
            guard before.last == " " || before.last == "\t" else { return nil }
        }
        attributes.position = position(in: last, ofCharacter: leading + trimmed.distance(from: trimmed.startIndex, to: markerStart))
        let kept = before.trimmingSpacesSubstring()
        if kept.isEmpty {
            inlines.removeLast()
            while inlines.last?.isBreak == true { inlines.removeLast() }
        } else {
            // Keep the text's leading white space as written (it follows another inline).
            last.string = String(string.prefix(leading)) + String(kept)
            inlines[inlines.count - 1] = .text(last)
        }
        return attributes
    }

    /// Whether the text's last byte before trailing spaces and tabs is `}` or what ends a block
    /// id (an ASCII letter, digit or `-`): true whenever `extractFromParagraph` can find a
    /// marker (its `Character` trim removes only such bytes), and false for the usual
    /// paragraph, which ends in punctuation, without the `Character` work.
    static func mayEndInMarker(_ string: String) -> Bool {
        for b in string.utf8.reversed() where b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") {
            return b == UInt8(ascii: "}") || b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
        }
        return false
    }

    /// Finds Python-Markdown's inline attribute lists: `{…}` written directly after (no space)
    /// a strong, emphasis, code span, link or image, as in `**`locale`**{ #mkdocs-locale }`
    /// or `[Start](x.md){ .md-button }`. Each is taken out of the text that follows and
    /// placed as `.attributeList` right after its element. Only the first `{…}` of the text
    /// counts, and only when it parses; anything else stays text.
    static func extractInline(_ inlines: [Inline]) -> [Inline] {
        // Only a text starting with `{` can be one: most lists have none, and are returned
        // as they are instead of copied (this runs for every paragraph and heading).
        guard inlines.contains(where: { if case .text(let t) = $0 { t.string.utf8.first == UInt8(ascii: "{") } else { false } }) else {
            return inlines
        }
        var output: [Inline] = []
        output.reserveCapacity(inlines.count)
        for inline in inlines {
            guard case .text(var text) = inline, text.string.utf8.first == UInt8(ascii: "{"),
                  let element = output.last, element.takesAttributeList,
                  let close = text.string.firstIndex(of: "}"),
                  var attributes = parseList(text.string[...close], onImage: element.isImage) else {
                output.append(inline)
                continue
            }
            attributes.position = text.range?.start
            output.append(.attributeList(attributes))
            let removed = text.string[...close].count
            text.string = String(text.string[text.string.index(after: close)...])
            if !text.string.isEmpty {
                // The rest of the text starts after the `}`, on the same line.
                if let start = text.range?.start {
                    text.range?.start = SourcePosition(line: start.line, column: start.column + removed)
                }
                output.append(.text(text))
            }
        }
        return output
    }

    /// The position of the `n`th character of a one-line text node (nil when unknown).
    private static func position(in text: Text, ofCharacter n: Int) -> SourcePosition? {
        guard let start = text.range?.start else { return nil }
        return SourcePosition(line: start.line, column: start.column + n)
    }
}

extension Inline {
    var isImage: Bool { if case .image = self { return true } else { return false } }

    /// Whether an attribute list written right after this inline applies to it.
    var takesAttributeList: Bool {
        switch self {
        case .strong, .emphasis, .code, .link, .image: return true
        default: return false
        }
    }
}

extension Document {
    /// Every attribute list and block id of the document's headings, paragraphs and list
    /// items, and the inline attribute lists of their text and of table cells, in document order (`position` filled from the block when the marker's is unknown).
    public var blockAttributes: [BlockAttributes] {
        guard mayHoldAttributes else { return [] }
        var found: [BlockAttributes] = []
        func add(_ attributes: BlockAttributes?, _ range: SourceRange?) {
            guard var attributes else { return }
            if attributes.position == nil { attributes.position = range?.start }
            found.append(attributes)
        }
        // Inline attribute lists (`**x**{ #id }`), inside any inline that has children.
        func inline(_ inlines: [Inline], _ range: SourceRange?) {
            for element in inlines {
                switch element {
                case .attributeList(let a): add(a, range)
                case .emphasis(let c), .strong(let c), .strikethrough(let c): inline(c, range)
                case .link(let l): inline(l.children, range)
                default: break
                }
            }
        }
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let p): inline(p.inlines, p.range); add(p.attributes, p.range)
                case .heading(let h): inline(h.inlines, h.range); add(h.attributes, h.range)
                case .codeBlock(let c): add(c.attributes, c.range)
                case .table(let t):
                    // The header row, then the others (without joining them into a new array).
                    for cell in t.header?.cells ?? [] { inline(cell.inlines, cell.range ?? t.range) }
                    for row in t.rows {
                        for cell in row.cells { inline(cell.inlines, cell.range ?? t.range) }
                    }
                case .blockQuote(let q): walk(q.blocks)
                case .list(let l):
                    for item in l.items {
                        add(item.attributes, item.range)
                        walk(item.blocks)
                    }
                case .footnoteDefinition(let f): walk(f.blocks)
                case .definitionList(let l):
                    for item in l.items {
                        for term in item.terms { inline(term.inlines, term.range) }
                        for definition in item.definitions { walk(definition.blocks) }
                    }
                default: break
                }
            }
        }
        walk(blocks)
        return found
    }

    /// Every explicit id a block declares — headings' `{#id}`, paragraphs' and list items'
    /// attribute lists and Obsidian block ids — and every inline attribute list's id, in
    /// document order.
    public var blockAttributeIDs: [String] { blockAttributes.compactMap(\.id) }
}
