import Markdown

/// A page after parsing: typed front matter and a Markdown tree whose positions are the
/// file's own lines and columns.
public struct ParsedPage: Sendable {
    public var relativePath: String
    public var file: String
    public var frontMatter: FrontMatter
    /// True when the file had a front matter block.
    public var hasFrontMatter: Bool
    public var document: Document
    /// Whether the file decoded; undecodable files have an empty document.
    public var decoded: Bool
}

/// Stage 2: decodes, splits front matter and parses Markdown. Pure; runs concurrently.
public enum PageParser {
    public static func parse(_ file: RawFile) -> (ParsedPage, [Diagnostic]) {
        var bag = DiagnosticBag()
        var page = ParsedPage(relativePath: file.relativePath, file: file.displayPath, frontMatter: FrontMatter(),
                              hasFrontMatter: false, document: Document(blocks: []), decoded: false)
        let text: String
        switch TextDecoding.decode(file.bytes) {
        case .invalid(let line, let column, let reason):
            bag.add("page.encoding", file: file.displayPath, line: line, column: column, reason)
            return (page, bag.items)
        case .text(let decoded):
            text = decoded
        }
        page.decoded = true
        let split = FrontMatterSplitter.split(text)
        switch split {
        case .none:
            page.document = MarkdownParser.parse(text)
        case .unterminated:
            bag.add("page.front-matter", file: file.displayPath, line: 1, column: 1,
                    "front matter is not closed", notes: ["end it with a line holding only '---'"])
            page.document = MarkdownParser.parse(text)
        case .some(let yaml, let body):
            page.hasFrontMatter = true
            page.frontMatter = FrontMatter.parse(yaml, file: file.displayPath, lineOffset: 1, bag: &bag)
            page.document = MarkdownParser.parse(body)
        }
        return (page, bag.items)
    }
}

/// Splits `---` front matter from the body. The body keeps one empty line for every front
/// matter line, so Markdown positions are the file's positions without any offset.
enum FrontMatterSplitter {
    enum Split {
        case none
        case unterminated
        case some(yaml: String, body: String)
    }

    static func split(_ text: String) -> Split {
        guard text.hasPrefix("---") else { return .none }
        // "\r\n" is one Character in Swift: split on every line ending cmark knows.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        guard let first = lines.first, first.trimmingTrailingCR() == "---" else { return .none }
        guard let close = lines.indices.dropFirst().first(where: {
            let l = lines[$0].trimmingTrailingCR().trimmingTrailingSpaces()
            return l == "---" || l == "..."
        }) else { return .unterminated }
        let yaml = lines[1..<close].map { String($0.trimmingTrailingCR()) }.joined(separator: "\n")
        for i in 0...close { lines[i] = "" }
        return .some(yaml: yaml, body: lines.joined(separator: "\n"))
    }
}

extension Substring {
    func trimmingTrailingCR() -> Substring { last == "\r" ? dropLast() : self }
    func trimmingTrailingSpaces() -> Substring {
        var s = self
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
