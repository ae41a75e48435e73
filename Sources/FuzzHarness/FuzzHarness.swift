import Foundation
import GroundworkCore
import Markdown

/// What the libFuzzer targets run, kept in a normal library so that every crash they find
/// replays as an ordinary regression test (Tests/GroundworkCoreTests/FuzzRegressionTests).
public enum FuzzHarness {
    /// Front matter and YAML: any bytes as a page file.
    public static func frontMatter(_ bytes: [UInt8]) {
        let file = RawFile(relativePath: "fuzz.md", displayPath: "content/fuzz.md", bytes: Array("---\n".utf8) + bytes)
        _ = PageParser.parse(file)
    }

    /// Inline syntax: citations, wiki links, callouts, heading ids, in a parsed document.
    public static func inline(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = MarkdownParser.parse(text).dump()
        _ = MarkdownParser.parse("> [!NOTE]\n> " + text).dump()
    }

    /// Admonitions in every dialect: the input as a page, and as the body of an MkDocs,
    /// Docusaurus and Obsidian admonition (with a title). Each parse must also keep every
    /// position of a callout (type, title, body) inside the text it came from.
    public static func admonition(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        let indented = lines.map { "    " + String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        let quoted = lines.map { "> " + String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        let firstLine = lines.first.map { String(String.UnicodeScalarView($0)) } ?? ""
        for source in [
            text,
            "!!! note \"T *t*\"\n" + indented + "\n",
            "???+ tip\n" + indented + "\n",
            ":::tip " + firstLine + "\n" + text + "\n:::\n",
            "::::note[T]\n:::warning\n" + text + "\n:::\n::::\n",
            "> [!custom]- " + firstLine + "\n" + quoted + "\n",
        ] {
            let document = MarkdownParser.parse(source)
            _ = document.dump()
            // Lines as an editor counts them: "\n", "\r\n" or a lone "\r" ends one.
            let bytes = Array(source.utf8)
            var lineCount = 1
            for (i, b) in bytes.enumerated() where b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) { lineCount += 1 }
            checkCalloutPositions(document.blocks, lineCount: lineCount)
        }
    }

    /// Traps when a callout's positions fall outside the source's lines.
    static func checkCalloutPositions(_ blocks: [Block], lineCount: Int) {
        func check(_ range: SourceRange?) {
            guard let range else { return }
            precondition(range.start.line >= 1 && range.start.line <= lineCount && range.start.column >= 1,
                         "callout position \(range) outside 1...\(lineCount)")
        }
        BlockWalker.forEachBlock(blocks) { block in
            guard case .blockQuote(let quote) = block, let header = quote.header else { return }
            check(quote.range)
            check(header.typeRange)
            func visit(_ inlines: [Inline]) {
                for inline in inlines {
                    switch inline {
                    case .text(let t): check(t.range)
                    case .link(let link): check(link.range); visit(link.children)
                    case .emphasis(let c), .strong(let c), .strikethrough(let c): visit(c)
                    default: break
                    }
                }
            }
            visit(header.title ?? [])
            InlineWalker.forEach(blocks: quote.blocks) { inline, _ in
                if case .link(let link) = inline { check(link.range) }
            }
        }
    }

    /// `table` blocks.
    public static func table(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = MarkdownParser.parse("```table\n" + text + "\n```\n").dump()
    }

    /// The whole pipeline — load, parse, resolve, check, render — on a one-page site.
    public static func page(_ bytes: [UInt8], templates: URL, scratch: URL) {
        let content = scratch.appendingPathComponent("content")
        try? FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try? Data("---\ntitle: Home\n---\n[p](p.md)\n".utf8).write(to: content.appendingPathComponent("_index.md"))
        try? Data(bytes).write(to: content.appendingPathComponent("p.md"))
        let options = Options(content: content, contentDisplay: "content", templates: templates,
                              output: scratch.appendingPathComponent("_site"), today: Day(year: 2026, month: 11, day: 29))
        _ = try? Groundwork.renderInMemory(options)
    }
}
