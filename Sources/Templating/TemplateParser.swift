/// A template parsed by `TemplateParser`: its nodes, in order.
///
/// A class, so that sections, partials and inherited blocks share their templates instead of
/// copying them, and iterating a template retains each node once.
final class ParsedTemplate: Sendable {
    let nodes: [TemplateNode]
    /// No partial or block anywhere inside: its output depends on the context alone, not on
    /// which template includes it, so a `ReusableList` item's rendering can be kept.
    let selfContained: Bool
    /// `nodes` with each run of adjacent text nodes joined into one: what is rendered where
    /// no indentation is added (nearly always), one append instead of one per line of
    /// template text (issue 21: a page's ~350 appends were ~15 % of rendering it).
    let joinedNodes: [TemplateNode]
    /// `joinedNodes` again, unretained (this template holds them): walking a list of class
    /// references retains and releases each, ~600,000 pairs on 1,000 pages (perftmpl3); an
    /// unmanaged reference is lent to the renderer as it is.
    let joinedRefs: [Unmanaged<TemplateNode>]

    init(_ nodes: [TemplateNode]) {
        self.nodes = nodes
        var joined: [TemplateNode] = []
        for node in nodes {
            if node.kind == .text, let last = joined.last, last.kind == .text {
                joined[joined.count - 1] = TemplateNode(.text, text: last.text + node.text)
            } else {
                joined.append(node)
            }
        }
        joinedNodes = joined
        joinedRefs = joined.map { Unmanaged.passUnretained($0) }
        selfContained = nodes.allSatisfy { node in
            node.kind != .partial && node.kind != .blockExpansion && (node.template?.selfContained ?? true)
        }
    }
}

/// One node of a parsed template.
///
/// Token boundaries are kept exactly as swift-mustache makes them (text is cut at every tag
/// and after every line break, and whitespace before a tag is its own node): inside an
/// indented partial, indentation is added per node, so merging two text nodes would change
/// the output.
final class TemplateNode: @unchecked Sendable {  // immutable once made; `keys` is its own memory
    enum Kind: Sendable {
        /// `text`, as it is.
        case text
        /// `{{name}}` (`escaped`) or `{{{name}}}` / `{{&name}}`.
        case variable
        /// `{{#name}}…{{/name}}`: `template` is the body.
        case section
        /// `{{^name}}…{{/name}}`: `template` is the body.
        case invertedSection
        /// `{{$text}}…{{/text}}` outside a `{{<parent}}`: the block named `text`, with its
        /// default body `template`, replaced by an inheriting template's definition.
        case blockExpansion
        /// `{{>text}}`, or `{{<text}}…{{/text}}` with its block definitions in `inherits`.
        case partial
    }

    let kind: Kind
    /// The text, or the name of a block or partial.
    let text: String
    /// A text node's `text` as UTF-8, made once at load: rendering copies these bytes into
    /// the page with no `String` in between (perftmpl3). Empty for the other kinds.
    let utf8: [UInt8]
    /// What a variable or section looks up.
    let name: TemplateName
    let escaped: Bool
    let template: ParsedTemplate?
    /// For a partial or block on a line of its own: the whitespace before it, added to every
    /// line it renders (nil: inline).
    let indentation: String?
    /// For `{{<parent}}`: the blocks it defines.
    let inherits: [String: ParsedTemplate]?
    /// `name.keys` in memory this node owns, and whether the name has transforms: what every
    /// lookup reads, without retaining the name's arrays and strings (passing the
    /// `TemplateName` retained and released its strings on each of ~250 lookups a page;
    /// perftmpl5).
    let keys: UnsafeMutableBufferPointer<TemplateKey>
    let hasTransforms: Bool

    init(_ kind: Kind, text: String = "", name: TemplateName = TemplateName(written: "", name: "", transforms: []),
         escaped: Bool = false, template: ParsedTemplate? = nil, indentation: String? = nil,
         inherits: [String: ParsedTemplate]? = nil) {
        self.kind = kind
        self.text = text
        self.utf8 = kind == .text ? Array(text.utf8) : []
        self.name = name
        self.escaped = escaped
        self.template = template
        self.indentation = indentation
        self.inherits = inherits
        keys = .allocate(capacity: name.keys.count)
        _ = keys.initialize(from: name.keys)
        hasTransforms = !name.transforms.isEmpty
    }

    deinit { keys.deallocate() }
}

/// A name as written in a tag (`page.title`, `.`, `empty(pages)`, `last()`), split once.
struct TemplateName: Sendable, Equatable {
    enum Lookup: Sendable, Equatable {
        /// `.`: the top of the context stack.
        case current
        /// `first()` and friends: the position in the enclosing list.
        case sequence
        /// `.a.b`: from the top of the stack only.
        case fromTop
        /// `a.b`: from the first object on the stack, from the top, that has `a`.
        case stack
    }

    /// The tag's text, for error messages.
    var written: String
    var lookup: Lookup
    /// The dotted path, without empty parts.
    var path: [String]
    /// `path`, interned once here: lookups compare these numbers (`TemplateObject`).
    var keys: [TemplateKey]
    /// Transforms, outermost first (`empty(pages)`: `["empty"]`); applied innermost first.
    var transforms: [String]

    init(written: String, name: String, transforms: [String]) {
        self.written = written
        self.path = name.split(separator: ".").map(String.init)
        self.keys = path.map(TemplateKey.init)
        self.transforms = transforms
        if name == "." {
            lookup = .current
        } else if name.isEmpty, !transforms.isEmpty {
            lookup = .sequence
        } else if name.first == "." {
            lookup = .fromTop
        } else {
            lookup = .stack
        }
    }
}

/// Groundwork's Mustache parser (issue 20): the part of the language Groundwork's templates
/// use, parsed into its own tree (`ParsedTemplate`) instead of reading swift-mustache's private
/// token storage.
///
/// Supported: text, `{{name}}`, `{{{name}}}`, `{{&name}}`, sections, inverted sections,
/// transforms (`empty(x)`, `last()`), comments, partials (`{{>name}}`), inheritance
/// (`{{<parent}}{{$block}}…{{/block}}{{/parent}}` and `{{$block}}` defaults), and set
/// delimiters (`{{=<% %>=}}`). Not supported, and an error naming the tag: pragmas (`{{%…}}`)
/// and dynamic partials (`{{>*name}}`, `{{<*name}}`).
///
/// Whitespace follows swift-mustache 2.1.1 exactly, quirks included — standalone lines, the
/// indentation of partials and blocks, text cut into nodes at the same places — because
/// swift-mustache is the reference the equivalence tests compare with
/// (`TemplateEquivalenceTests`). It works on `Character`s, as swift-mustache does ("\r\n" is
/// one line break), split once into an array: stepping through a `String` by `Character`
/// found each grapheme boundary again and checked every index (~1,000 instructions a
/// character; parsing is serial at the start of every build, issue 21).
struct TemplateParser {
    /// A template the parser rejects: a syntax error or a feature it does not support.
    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var column: Int
        var message: String
        var description: String { "\(line):\(column): \(message)" }
    }

    /// Parses `text`.
    /// - Throws: `Failure` with the position where parsing stopped.
    static func parse(_ text: String) throws -> ParsedTemplate {
        var parser = TemplateParser(text: text)
        do {
            let tokens = try parser.parseLevel(Level())
            return ParsedTemplate(tokens.compactMap(\.node))
        } catch let error as Problem {
            let (line, column) = parser.lineAndColumn(of: error.position ?? parser.position)
            throw Failure(line: line, column: column, message: error.message)
        }
    }

    // MARK: State

    /// The template's `Character`s; positions are offsets into it.
    private let text: [Character]
    /// The template's UTF-8, and where each `Character` starts in it (and, last, its end):
    /// the text of a range of characters is made from these bytes (`string(_:)`).
    private let utf8: [UInt8]
    private let utf8Starts: [Int]
    /// Per character, the classes the parser asks about; and its byte when it is one byte
    /// (0 otherwise). Asking a `Character` (`isWhitespace`, `asciiValue`, `==`) cost hundreds
    /// of instructions each time; these are found once per character, the same answers.
    private let classes: [CharacterClass]
    private let bytes: [UInt8]
    private var position = 0
    /// Where the last opening delimiter read starts: errors about a tag point there.
    private var tagStart = 0

    private init(text: String) {
        var characters: [Character] = []
        var starts: [Int] = [0]
        characters.reserveCapacity(text.utf8.count)
        starts.reserveCapacity(text.utf8.count + 1)
        var offset = 0
        for character in text {
            characters.append(character)
            offset += character.utf8.count
            starts.append(offset)
        }
        let utf8 = Array(text.utf8)
        var classes: [CharacterClass] = []
        var bytes: [UInt8] = []
        classes.reserveCapacity(characters.count)
        bytes.reserveCapacity(characters.count)
        for index in characters.indices {
            let start = starts[index], length = starts[index + 1] - start
            if length == 1 {
                // One byte: an ASCII character (never the first byte of a longer one).
                classes.append(Self.asciiClasses[Int(utf8[start])])
                bytes.append(utf8[start])
            } else {
                classes.append(CharacterClass(characters[index]))
                bytes.append(0)
            }
        }
        self.text = characters
        self.utf8 = utf8
        self.utf8Starts = starts
        self.classes = classes
        self.bytes = bytes
    }

    /// What the parser asks of a character, answered once (`classes`).
    private struct CharacterClass: OptionSet {
        let rawValue: UInt8
        static let whitespace = CharacterClass(rawValue: 1 << 0)
        static let newline = CharacterClass(rawValue: 1 << 1)
        /// " " or "\t": the indentation before a tag.
        static let spaceOrTab = CharacterClass(rawValue: 1 << 2)
        /// "\n" or "\r\n" (one `Character`): where a text node ends.
        static let lineFeed = CharacterClass(rawValue: 1 << 3)
        /// `isNameCharacter`, or "(" or ")": a tag's name with its transforms.
        static let nameOrParenthesis = CharacterClass(rawValue: 1 << 4)
        /// `isPartialNameCharacter`.
        static let partialName = CharacterClass(rawValue: 1 << 5)

        init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The classes of `character`, asked of the `Character` itself.
        init(_ character: Character) {
            var classes: CharacterClass = []
            if character.isWhitespace { classes.insert(.whitespace) }
            if character.isNewline { classes.insert(.newline) }
            if character == " " || character == "\t" { classes.insert(.spaceOrTab) }
            if character == "\n" || character == "\r\n" { classes.insert(.lineFeed) }
            if TemplateParser.isNameCharacter(character) || character == "(" || character == ")" {
                classes.insert(.nameOrParenthesis)
            }
            if TemplateParser.isPartialNameCharacter(character) { classes.insert(.partialName) }
            self = classes
        }
    }

    /// The classes of each ASCII character, from the `Character` rules once.
    private static let asciiClasses: [CharacterClass] = (0..<128).map { CharacterClass(Character(Unicode.Scalar(UInt8($0)))) }

    /// Whether the character at `index` (in the text) is of `kind`.
    private func isAt(_ index: Int, _ kind: CharacterClass) -> Bool {
        index < text.count && classes[index].contains(kind)
    }

    /// The text of `characters`, a slice of `text` (slices keep `text`'s offsets): its
    /// bytes, where a `String` made of the `Character`s one by one took the generic path.
    private func string(_ characters: ArraySlice<Character>) -> String {
        String(decoding: utf8[utf8Starts[characters.startIndex]..<utf8Starts[characters.endIndex]], as: UTF8.self)
    }

    private struct Problem: Error {
        var message: String
        var position: Int?
    }

    /// What one nesting level (the template, a section, a block, a `{{<parent}}`) parses with.
    private struct Level {
        /// The section this level closes (nil: the whole template).
        var sectionName: String?
        var sectionTransforms: [String] = []
        /// At the start of a line: leading whitespace is read apart, and a tag alone on its
        /// line is standalone (its line disappears from the output).
        var atLineStart = true
        /// Inside `{{<parent}}…{{/parent}}` (at any depth).
        var inDefinition = false
        /// Directly inside `{{<parent}}`, where `{{$name}}` defines a block.
        var definitionTopLevel = false
        /// Inside a block definition: the first line's indentation, taken off the next lines.
        var definitionIndent: ArraySlice<Character>?
        var open = "{{"
        var close = "}}"

        func section(_ name: String, transforms: [String] = [], standalone: Bool) -> Level {
            var level = self
            level.sectionName = name
            level.sectionTransforms = transforms
            level.definitionTopLevel = false
            if !standalone { level.atLineStart = false }
            return level
        }

        func parentDefinition(_ name: String) -> Level {
            var level = self
            level.sectionName = name
            level.sectionTransforms = []
            level.atLineStart = true
            level.inDefinition = true
            level.definitionTopLevel = true
            return level
        }
    }

    /// A parsed item: a node, or a block definition (only directly inside `{{<parent}}`).
    private enum Token {
        case node(TemplateNode)
        case blockDefinition(String, ParsedTemplate)

        var node: TemplateNode? {
            if case .node(let node) = self { return node }
            return nil
        }
    }

    // MARK: Parsing

    /// Parses until the end of the template, or the close tag of `level.sectionName`.
    private mutating func parseLevel(_ start: Level) throws -> [Token] {
        var tokens: [Token] = []
        var level = start
        // Whitespace read at the start of the line, not yet placed: it becomes part of the
        // next text, its own node before an inline tag, a partial's indentation, or nothing
        // (a standalone tag's line is dropped).
        var pendingWhitespace: ArraySlice<Character> = []
        func flushWhitespace() {
            if !pendingWhitespace.isEmpty {
                tokens.append(.node(TemplateNode(.text, text: string(pendingWhitespace))))
                pendingWhitespace = []
            }
        }

        while position < text.count {
            if level.atLineStart {
                let whitespace = read(while: .spaceOrTab)
                if level.inDefinition && !level.definitionTopLevel {
                    // A block's lines lose the indentation of its first line.
                    if let indent = level.definitionIndent {
                        pendingWhitespace = whitespace.dropFirst(indent.count)
                    } else {
                        level.definitionIndent = whitespace
                    }
                } else {
                    pendingWhitespace = whitespace
                }
            }
            let before = try readText(level)
            if isAt(position, .newline), let character = current {
                tokens.append(.node(TemplateNode(.text, text: string(pendingWhitespace) + before + String(character))))
                level.atLineStart = true
                advance()
                continue
            }
            // A tag was found (its opening delimiter is read), or the template ended.
            if !before.isEmpty {
                tokens.append(.node(TemplateNode(.text, text: string(pendingWhitespace) + before)))
                pendingWhitespace = []
                level.atLineStart = false
            }
            guard let kind = current else { break }
            let tag = tagStart
            var standalone = false
            switch kind {
            case "#", "^":
                advance()
                let (written, name, transforms) = try readName(level)
                if isStandalone(level) {
                    standalone = true
                } else {
                    flushWhitespace()
                }
                let body = try parseLevel(level.section(name, transforms: transforms, standalone: standalone))
                let node = TemplateNode(kind == "#" ? .section : .invertedSection,
                                        name: TemplateName(written: written, name: name, transforms: transforms),
                                        template: ParsedTemplate(body.compactMap(\.node)))
                tokens.append(.node(node))

            case "/":
                advance()
                let namePosition = position
                let (_, name, transforms) = try readName(level)
                guard name == level.sectionName, transforms == level.sectionTransforms else {
                    let expected = level.sectionName.map { "'\($0)'" } ?? "no open section"
                    throw Problem(message: "closing tag '\(name)' does not match \(expected)", position: namePosition)
                }
                if !isStandalone(level) { flushWhitespace() }
                return tokens

            case "!":
                advance()
                try skipComment(level)
                standalone = isStandalone(level)

            case "{", "&":
                flushWhitespace()
                advance()
                let (written, name, transforms) = try readName(level)
                if kind == "{" {
                    guard current != nil else { throw Problem(message: "unfinished tag", position: tag) }
                    guard current == "}" else { throw Problem(message: "expected '}' to close '{{{'", position: position) }
                    advance()
                }
                tokens.append(.node(TemplateNode(.variable, name: TemplateName(written: written, name: name, transforms: transforms),
                                                 escaped: false)))

            case ">":
                advance()
                _ = read(while: .whitespace)
                if current == "*" {
                    throw Problem(message: "dynamic partials ('{{>*name}}') are not supported by Groundwork's template renderer",
                                  position: tag)
                }
                let name = try readPartialName(level)
                if !pendingWhitespace.isEmpty { tokens.append(.node(TemplateNode(.text, text: string(pendingWhitespace)))) }
                if isStandalone(level) {
                    standalone = true
                    tokens.append(.node(TemplateNode(.partial, text: name, indentation: string(pendingWhitespace))))
                } else {
                    tokens.append(.node(TemplateNode(.partial, text: name)))
                }
                pendingWhitespace = []

            case "<":
                advance()
                _ = read(while: .whitespace)
                let name = try readPartialName(level)
                if name.first == "*" {
                    throw Problem(message: "dynamic partials ('{{<*name}}') are not supported by Groundwork's template renderer",
                                  position: tag)
                }
                if !pendingWhitespace.isEmpty { tokens.append(.node(TemplateNode(.text, text: string(pendingWhitespace)))) }
                standalone = isStandalone(level)
                var inherits: [String: ParsedTemplate] = [:]
                for token in try parseLevel(level.parentDefinition(name)) {
                    switch token {
                    case .blockDefinition(let block, let template): inherits[block] = template
                    case .node(let node) where node.kind == .text: break
                    case .node:
                        throw Problem(message: "only block definitions ('{{$name}}') may be inside '{{<\(name)}}'", position: tag)
                    }
                }
                tokens.append(.node(TemplateNode(.partial, text: name, indentation: string(pendingWhitespace), inherits: inherits)))
                pendingWhitespace = []

            case "$":
                advance()
                let (_, name, transforms) = try readName(level)
                guard transforms.isEmpty else {
                    throw Problem(message: "a block name cannot have a transform", position: tag)
                }
                if level.definitionTopLevel {
                    standalone = isStandalone(level)
                    let body = try parseLevel(level.section(name, standalone: standalone))
                    tokens.append(.blockDefinition(name, ParsedTemplate(body.compactMap(\.node))))
                } else {
                    if !pendingWhitespace.isEmpty { tokens.append(.node(TemplateNode(.text, text: string(pendingWhitespace)))) }
                    standalone = isStandalone(level)
                    let body = try parseLevel(level.section(name, standalone: standalone))
                    tokens.append(.node(TemplateNode(.blockExpansion, text: name, template: ParsedTemplate(body.compactMap(\.node)),
                                                     indentation: string(pendingWhitespace))))
                    pendingWhitespace = []
                }

            case "=":
                advance()
                level = try readDelimiters(level)
                standalone = isStandalone(level)

            case "%":
                throw Problem(message: "pragmas ('{{%…}}') are not supported by Groundwork's template renderer", position: tag)

            default:
                flushWhitespace()
                let (written, name, transforms) = try readName(level)
                tokens.append(.node(TemplateNode(.variable, name: TemplateName(written: written, name: name, transforms: transforms),
                                                 escaped: true)))
            }
            level.atLineStart = standalone
        }
        if let open = level.sectionName {
            throw Problem(message: "section '\(open)' is not closed", position: text.count)
        }
        return tokens
    }

    /// Reads text up to a line break (not read) or an opening delimiter (read).
    private mutating func readText(_ level: Level) throws -> String {
        guard let first = level.open.first else { return "" }
        // The text is cut out of the template once at the end, not built `Character` by
        // `Character` (issue 21: parsing was a serial cost at the start of every build).
        let start = position
        // The delimiter's first character as its byte, when it is one byte (nearly always: "{{"):
        // a one-byte character equals it exactly when its byte does.
        let firstByte = first.utf8.count == 1 ? first.utf8.first! : 0
        while position < text.count {
            if classes[position].contains(.lineFeed) { break }
            if firstByte != 0 ? bytes[position] == firstByte : text[position] == first {
                let tag = position
                if try readString(level.open) {
                    tagStart = tag
                    return string(text[start..<tag])
                }
            }
            advance()
        }
        return string(text[start..<position])
    }

    /// Whether `character` may be in a name: swift-mustache's set
    /// (`0-9a-zA-Z.-_?*`), asked of the ASCII value (hashing a `Character` to look it up in a
    /// `Set` cost ~15,000 instructions a tag). "\r\n" has the ASCII value of "\n": not a name character.
    fileprivate static func isNameCharacter(_ character: Character) -> Bool {
        guard let byte = character.asciiValue else { return false }
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "?"), UInt8(ascii: "*"):
            return true
        default:
            return false
        }
    }

    /// A partial's name may also hold `(`, `)` and `/` (swift-mustache's set).
    fileprivate static func isPartialNameCharacter(_ character: Character) -> Bool {
        isNameCharacter(character) || character == "(" || character == ")" || character == "/"
    }

    /// Reads a name and the closing delimiter: the name as written, the name inside any
    /// transforms, and the transforms (`a(b(c))`: "c", ["a", "b"]).
    private mutating func readName(_ level: Level) throws -> (String, String, [String]) {
        _ = read(while: .whitespace)
        let start = position
        var rest = read(while: .nameOrParenthesis)
        let written = string(rest)
        _ = read(while: .whitespace)
        guard try readString(level.close) else { throw Problem(message: "unfinished tag", position: position) }
        // `outer(inner(name))`: one `(` after each transform, as many `)` at the end.
        var parts: [String] = []
        func word() -> String {
            let name = rest.prefix(while: Self.isNameCharacter)
            rest = rest.dropFirst(name.count)
            return string(name)
        }
        let first = word()
        if rest.isEmpty { return (written, written, []) }
        parts.append(first)
        let malformed = Problem(message: "malformed transform in '\(written)'", position: start)
        guard rest.first == "(" else { throw malformed }
        rest = rest.dropFirst()
        while true {
            let name = word()
            guard let next = rest.first else { throw malformed }
            if next == "(" {
                parts.append(name)
                rest = rest.dropFirst()
                continue
            }
            guard next == ")" else { throw malformed }
            let closing = rest.prefix(while: { $0 == ")" })
            guard closing.count == parts.count, closing.count == rest.count else { throw malformed }
            return (written, name, parts)
        }
    }

    private mutating func readPartialName(_ level: Level) throws -> String {
        _ = read(while: .whitespace)
        let name = string(read(while: .partialName))
        _ = read(while: .whitespace)
        guard try readString(level.close) else { throw Problem(message: "unfinished tag", position: position) }
        return name
    }

    /// Skips a comment's text and its closing delimiter. The search for the delimiter is
    /// swift-mustache's: after a partial match it resumes with the next character.
    private mutating func skipComment(_ level: Level) throws {
        let start = position
        let close = Array(level.close)
        var matched = 0
        while let character = current {
            if character == close[matched] {
                matched += 1
                if matched == close.count {
                    advance()
                    return
                }
            } else {
                matched = 0
            }
            advance()
        }
        throw Problem(message: "unfinished comment", position: start)
    }

    /// `{{=open close=}}`: the level with the new delimiters.
    private mutating func readDelimiters(_ level: Level) throws -> Level {
        let start = position
        let invalid = Problem(message: "malformed set-delimiter tag", position: start)
        _ = read(while: .whitespace)
        let open = read(while: { !$0.isWhitespace })
        guard current != nil else { throw invalid }
        _ = read(while: .whitespace)
        let close = read(while: { $0 != "=" && !$0.isWhitespace })
        guard current != nil else { throw invalid }
        _ = read(while: .whitespace)
        guard current == "=" else { throw invalid }
        advance()
        guard try readString(level.close), !open.isEmpty, !close.isEmpty else { throw invalid }
        var changed = level
        changed.open = string(open)
        changed.close = string(close)
        changed.definitionTopLevel = false
        return changed
    }

    /// Whether the tag just read is alone on its line (only at a line start): then the rest
    /// of the line, up to and including the line break, is read.
    private mutating func isStandalone(_ level: Level) -> Bool {
        guard level.atLineStart else { return false }
        guard position < text.count else { return true }
        var index = position
        while isAt(index, .spaceOrTab) { index += 1 }
        guard isAt(index, .newline) else { return false }
        position = index + 1
        return true
    }

    // MARK: Reading characters

    private var current: Character? { position < text.count ? text[position] : nil }

    private mutating func advance() { position += 1 }

    /// Reads the characters of `kind` from here.
    private mutating func read(while kind: CharacterClass) -> ArraySlice<Character> {
        let start = position
        while isAt(position, kind) { position += 1 }
        return text[start..<position]
    }

    private mutating func read(while predicate: (Character) -> Bool) -> ArraySlice<Character> {
        let start = position
        while let character = current, predicate(character) { advance() }
        return text[start..<position]
    }

    /// Reads `string` when the text continues with it. Fewer characters left than `string`
    /// has is an error (as in swift-mustache, where "{" at the very end does not parse).
    private mutating func readString(_ string: String) throws -> Bool {
        guard !string.isEmpty else { return true }
        let end = position + string.count
        guard end <= text.count else {
            throw Problem(message: "unexpected end of template", position: position)
        }
        // Compared as strings (canonical equivalence), as the `Substring` was.
        guard self.string(text[position..<end]) == string else { return false }
        position = end
        return true
    }

    private func lineAndColumn(of index: Int) -> (Int, Int) {
        var line = 1, column = 1
        for character in text[..<index] {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
