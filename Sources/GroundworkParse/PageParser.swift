import GroundworkDiagnostics
import GroundworkModel
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
    /// Where the lines of a page with includes came from (nil: no include, the document's
    /// positions are the file's own). `Groundwork.analyze` maps diagnostics back through it.
    public var includeMap: IncludeMap?
    /// The files its includes read, with their bytes (`serve` parses the page again when one changes).
    public var includedFiles: [IncludedFile] = []
    /// A Hugo page with shortcodes Groundwork does not run (`shortcode.unrendered`): their
    /// output, unknown here, may hold ids that links to the page name.
    public var hasUnrenderedShortcodes = false
    /// The paths a Hugo page's `ref`/`relref` shortcodes became (`HugoShortcodes.expand`).
    public var hugoRefPaths: Set<String> = []

    package init(relativePath: String, file: String, frontMatter: FrontMatter, hasFrontMatter: Bool, document: Document,
                 decoded: Bool) {
        self.relativePath = relativePath
        self.file = file
        self.frontMatter = frontMatter
        self.hasFrontMatter = hasFrontMatter
        self.document = document
        self.decoded = decoded
    }
}

/// Stage 2: decodes, splits front matter and parses Markdown. Pure; runs concurrently.
public enum PageParser {
    /// - Parameter includes: where includes are looked up; nil leaves `{{#include}}` and
    ///   `--8<--` as text (callers that parse one file without its folder).
    public static func parse(_ file: RawFile, includes: IncludeSettings? = nil) -> (ParsedPage, [Diagnostic]) {
        var bag = DiagnosticBag()
        var page = ParsedPage(relativePath: file.relativePath, file: file.displayPath, frontMatter: FrontMatter(),
                              hasFrontMatter: false, document: Document(blocks: []), decoded: false)
        var text: String
        switch TextDecoding.decode(file.bytes) {
        case .invalid(let line, let column, let reason):
            bag.add(.pageEncoding, file: file.displayPath, line: line, column: column, reason)
            return (page, bag.items)
        case .text(let decoded):
            text = decoded
        }
        page.decoded = true
        if file.relativePath.lowercased().hasSuffix(".mdx") {
            // Docusaurus MDX: its import/export lines are JavaScript (MDXText.swift).
            let (kept, lines) = MDXText.settingAsideESM(text)
            if let first = lines.first {
                text = kept
                bag.add(.pageMDXCode, file: file.displayPath, line: first, column: 1,
                        "MDX import/export lines are not run; \(lines.count) line\(lines.count == 1 ? "" : "s") left out of the page")
            }
        }
        // TOML front matter (`+++`, Hugo and Zola) in a folder of docs.
        var isTOML = false
        var split = FrontMatterSplitter.Split.none
        if includes?.tomlFrontMatter == true, case let toml = TOMLFrontMatter.split(text), !toml.isNone { (split, isTOML) = (toml, true) }
        else { split = FrontMatterSplitter.split(text) }
        // Includes are expanded in the body, before it is parsed (as mdBook and MkDocs do);
        // the front matter's lines are empty lines of the body, so they map to themselves.
        func markdown(_ body: String) -> Document {
            guard let includes else { return MarkdownParser.parse(body) }
            if includes.hugoShortcodes {
                // A Hugo site: shortcodes, which Hugo replaces before Markdown is read (HugoShortcodes.swift).
                guard let (text, map, diagnostics) = HugoShortcodes.expand(body, file: file.displayPath, refPaths: &page.hugoRefPaths) else {
                    return MarkdownParser.parse(body)
                }
                bag.append(contentsOf: diagnostics)
                page.includeMap = map
                page.hasUnrenderedShortcodes = diagnostics.contains { $0.code == .shortcodeUnrendered }
                return MarkdownParser.parse(text)
            }
            var expander = IncludeExpander(settings: includes)
            let expanded = expander.expandPage(body, relativePath: file.relativePath, file: file.displayPath)
            bag.append(contentsOf: expander.bag.items)
            page.includedFiles = expander.includedFiles
            guard let (text, map) = expanded else { return MarkdownParser.parse(body) }
            page.includeMap = map
            return MarkdownParser.parse(text)
        }
        switch split {
        case .none:
            page.document = markdown(text)
        case .unterminated:
            bag.add(.pageFrontMatter, file: file.displayPath, line: 1, column: 1,
                    "front matter is not closed", notes: ["end it with a line holding only '\(isTOML ? "+++" : "---")'"])
            page.document = markdown(text)
        case .some(let yaml, let body):
            page.hasFrontMatter = true
            page.frontMatter = isTOML ? TOMLFrontMatter.parse(yaml, file: file.displayPath, lineOffset: 1, bag: &bag)
                : FrontMatter.parse(yaml, file: file.displayPath, lineOffset: 1, bag: &bag)
            page.document = markdown(body)
        }
        return (page, bag.items)
    }
}

/// Splits `---` front matter from the body. The body keeps one empty line for every front
/// matter line, so Markdown positions are the file's positions without any offset.
package enum FrontMatterSplitter {
    package enum Split {
        case none
        case unterminated
        case some(yaml: String, body: String)

        var isNone: Bool { if case .none = self { return true } else { return false } }
    }

    package static func split(_ text: String) -> Split {
        var text = text
        return text.withUTF8 { split(bytes: $0) }
    }

    /// The same split over UTF-8 bytes, without splitting the text into `Character` lines
    /// (which was a quarter of all parsing time). Line endings are `\n`, `\r\n` and `\r`,
    /// as above: a `Character` never spans a line ending other than `\r\n`, so byte lines
    /// are the same lines.
    package static func split(bytes u: UnsafeBufferPointer<UInt8>) -> Split {
        let n = u.count
        let dash = UInt8(ascii: "-"), dot = UInt8(ascii: "."), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        /// The end of the line starting at `start` and where the next line starts (nil: no line ending).
        func line(from start: Int) -> (end: Int, next: Int?) {
            var i = start
            while i < n {
                let b = u[i]
                if b == lf { return (i, i + 1) }
                if b == cr { return (i, i + 1 < n && u[i + 1] == lf ? i + 2 : i + 1) }
                i += 1
            }
            return (n, nil)
        }
        /// Text with every line ending written as `\n`.
        func normalized(_ range: Range<Int>) -> String {
            let slice = UnsafeBufferPointer(rebasing: u[range])
            // `memchr`: the generic `contains` was 2 % of a `check` (issue 21).
            guard ByteSearch.contains(slice, byte: cr) else { return String(decoding: slice, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(slice.count)
            var i = slice.startIndex
            while i < slice.endIndex {
                let b = slice[i]
                if b == cr {
                    out.append(lf)
                    if i + 1 < slice.endIndex, slice[i + 1] == lf { i += 1 }
                } else {
                    out.append(b)
                }
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
        guard n >= 3, u[0] == dash, u[1] == dash, u[2] == dash else { return .none }
        let first = line(from: 0)
        guard first.end == 3 else { return .none }
        guard var start = first.next else { return .unterminated }
        let yamlStart = start
        var lineIndex = 1
        while true {
            let (end, next) = line(from: start)
            var trimmed = end
            while trimmed > start, u[trimmed - 1] == UInt8(ascii: " ") || u[trimmed - 1] == UInt8(ascii: "\t") { trimmed -= 1 }
            if trimmed - start == 3, (u[start] == dash && u[start + 1] == dash && u[start + 2] == dash)
                || (u[start] == dot && u[start + 1] == dot && u[start + 2] == dot) {
                // The YAML is the lines between the markers; the body keeps one empty line per
                // front matter line (`lines.joined` of the blanked lines, then the rest).
                var yamlEnd = start
                if yamlEnd > yamlStart { yamlEnd -= 1; if yamlEnd > yamlStart, u[yamlEnd] == lf, u[yamlEnd - 1] == cr { yamlEnd -= 1 } }
                let yaml = yamlEnd > yamlStart ? normalized(yamlStart..<yamlEnd) : ""
                guard let next else { return .some(yaml: yaml, body: String(repeating: "\n", count: lineIndex)) }
                let rest = UnsafeBufferPointer(rebasing: u[next..<n])
                guard !ByteSearch.contains(rest, byte: cr) else {
                    return .some(yaml: yaml, body: String(repeating: "\n", count: lineIndex + 1) + normalized(next..<n))
                }
                // Without a carriage return, the body is written once into a string of its
                // exact size: the blank lines, then the rest's bytes (not made into a string
                // and then copied again onto the blank lines).
                let body = String(unsafeUninitializedCapacity: lineIndex + 1 + rest.count) { out in
                    for i in 0...lineIndex { out[i] = lf }
                    if let base = rest.baseAddress, let target = out.baseAddress { (target + lineIndex + 1).update(from: base, count: rest.count) }
                    return lineIndex + 1 + rest.count
                }
                return .some(yaml: yaml, body: body)
            }
            guard let next else { return .unterminated }
            start = next
            lineIndex += 1
        }
    }
}
