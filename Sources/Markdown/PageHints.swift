#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one scan over the bytes cmark parses says an inline pass can never find in them, so
/// that the pass is skipped on every paragraph and heading of the text (issue 21).
///
/// A pass looks at cmark's text nodes, and a text node's bytes are the source's bytes except
/// where cmark decoded a backslash escape or an entity (`\~`, `&#126;`): so a text without
/// `\` and `&` holds a needle only when the source holds it, and with either byte nothing is
/// ruled out. Merging adjacent text nodes (`TreeBuilder.appendLeaf`) adds no byte between
/// them: cmark only splits a text where the split bytes stay text.
struct PageHints {
    /// Whether some text may hold `~` (strikethrough, `Strikethrough.swift`).
    var mayHoldTilde = true
    /// Whether some text may hold `www.`, `http://` or `https://` (GFM extended autolinks).
    var mayHoldAutolink = true
    /// Whether some text or fence info string may hold an attribute list or block id: a `{`
    /// (`{: #id .class }`, `{#id}`, fence attributes) or a `^` (Obsidian `^block-id`), the
    /// bytes `Document.mayHoldAttributes` looks for. Without them the tree builder skips
    /// looking for one at the end of every paragraph and heading and after every inline.
    var mayHoldAttributes = true
    /// Whether the text holds the bytes `]:`, without which no line is a link reference
    /// definition (`TreeBuilder.referenceDefinitionLines` needs a `]` followed by `:`): then
    /// the tree builder does not compare each paragraph's first text with its line.
    var mayHoldReferenceDefinitions = true
    /// Whether some text may hold a task list marker, `[ ]`, `[x]` or `[X]`
    /// (`TaskList.extractMarker`, which copies every list item's first paragraph to look).
    var mayHoldTaskMarker = true

    /// Every pass runs (the hints rule nothing out).
    static let none = PageHints()

    /// Set by tests to parse with `PageHints.none`, so that a tree made with the hints can be
    /// compared with the tree made without them.
    @TaskLocal static var disabled = false

    /// The hints for the text whose UTF-8 is `bytes` (the text handed to cmark).
    init(bytes: [UInt8]) {
        if Self.disabled { return }
        bytes.withUnsafeBufferPointer { buffer in
            // One pass over the `]`s for both: `]:` and `[ ]`, `[x]`, `[X]`.
            let brackets = Self.closingBrackets(buffer)
            mayHoldReferenceDefinitions = brackets.definition
            // Escapes and entities can make any character: then nothing is ruled out.
            if ByteSearch.contains(buffer, byte: UInt8(ascii: "\\")) || ByteSearch.contains(buffer, byte: UInt8(ascii: "&")) {
                return
            }
            mayHoldTilde = ByteSearch.contains(buffer, byte: UInt8(ascii: "~"))
            mayHoldTaskMarker = brackets.taskMarker
            mayHoldAttributes = ByteSearch.contains(buffer, byte: UInt8(ascii: "{")) || ByteSearch.contains(buffer, byte: UInt8(ascii: "^"))
            mayHoldAutolink = InlineExtensions.hasAutolinkPrefix(buffer)
        }
    }

    private init() {}

    /// Whether some `]` in `buffer` is followed by `:` (`definition`), and whether some is the
    /// end of `[ ]`, `[x]` or `[X]` (`taskMarker`): `memchr` from one `]` to the next.
    static func closingBrackets(_ buffer: UnsafeBufferPointer<UInt8>) -> (definition: Bool, taskMarker: Bool) {
        guard let base = buffer.baseAddress else { return (false, false) }
        var definition = false, taskMarker = false
        var i = 0
        while i < buffer.count, !(definition && taskMarker),
              let hit = memchr(base + i, Int32(UInt8(ascii: "]")), buffer.count - i) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if at + 1 < buffer.count, base[at + 1] == UInt8(ascii: ":") { definition = true }
            if at >= 2, base[at - 2] == UInt8(ascii: "["),
               base[at - 1] == UInt8(ascii: " ") || base[at - 1] == UInt8(ascii: "x") || base[at - 1] == UInt8(ascii: "X") {
                taskMarker = true
            }
            i = at + 1
        }
        return (definition, taskMarker)
    }
}
