/// Attribute lists on fenced code blocks: an info string that is all one `{ … }`, as
/// pymdownx.superfences (with attr_list, MkDocs Material) and Pandoc write it:
/// ```` ``` { .sh .no-copy #example } ```` or ```` ```{.python #setup title="x"} ````.
///
/// Both tools accept the braces only as the whole info string (```` ```python {#id} ```` is
/// not an attribute list to either), so Groundwork reads only that form; any other info
/// string keeps its old meaning (the first word is the language, the rest is ignored).
/// The first class is the language (superfences and Pandoc agree); the id makes the block a
/// link target; other classes and the allowed `key=value` pairs go on the `<pre>`.
extension BlockAttributes {
    /// superfences' own options, which change only how the code is decorated (highlighted
    /// lines, line numbers), never what it says: accepted and not rendered, without a warning,
    /// as the same options written after a language word (```` ```yaml hl_lines="2" ````) are.
    public static let codeBlockOptions: Set<String> = ["hl_lines", "linenums"]

    /// The attribute list of a fence's info string, or nil when the info string is not one
    /// well-formed `{ … }` (it then stays an ordinary info string).
    static func parseFenceInfo(_ info: String) -> BlockAttributes? {
        let trimmed = Substring(info).trimmingSpacesSubstring()
        guard trimmed.first == "{", trimmed.last == "}", var attributes = parseList(trimmed) else { return nil }
        attributes.refused.removeAll { codeBlockOptions.contains($0) }
        return attributes
    }
}

extension CodeBlock {
    /// The language the code is highlighted and labelled as: the first class of an attribute
    /// list (`{ .sh .no-copy }` is `sh`), otherwise the info string's first word.
    public var language: String {
        if let attributes { return attributes.classes.first ?? "" }
        return info.split(separator: " ").first.map(String.init) ?? ""
    }

    /// The attribute list's classes after the language (`no-copy` in `{ .sh .no-copy }`).
    public var extraClasses: [String] { Array((attributes?.classes ?? []).dropFirst()) }
}
