/// The JavaScript in a Docusaurus `.mdx` page (issue 17 item 2): MDX's ESM blocks, `import`
/// and `export` statements at the start of a line outside code, each running to the next
/// blank line. Groundwork cannot run them; they are blanked (line numbers stay the file's)
/// and reported once per page (`page.mdx-code`), so nothing vanishes unsaid.
enum MDXText {
    /// `text` with its ESM lines emptied, and the 1-based line numbers (within `text`) emptied.
    static func settingAsideESM(_ text: String) -> (text: String, lines: [Int]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var removed: [Int] = []
        var fence: String?
        var inStatement = false
        for i in lines.indices {
            let line = lines[i]
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if inStatement {
                if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { inStatement = false; continue }
                lines[i] = ""
                removed.append(i + 1)
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix { $0 == trimmed.first })
                continue
            }
            // At the line's start only: indented text is Markdown (code or a list's content).
            if line.hasPrefix("import ") || line.hasPrefix("export ") || line.hasPrefix("import{") {
                lines[i] = ""
                removed.append(i + 1)
                inStatement = true
            }
        }
        return removed.isEmpty ? (text, []) : (lines.joined(separator: "\n"), removed)
    }
}
