import Foundation
import GroundworkCore
import HTMLSanitizer
import Markdown
import Templating

/// What the libFuzzer targets run, kept in a normal library so that every crash they find
/// replays as an ordinary regression test (Tests/GroundworkCoreTests/FuzzRegressionTests).
public enum FuzzHarness {
    /// Front matter and YAML: any bytes as a page file.
    public static func frontMatter(_ bytes: [UInt8]) {
        let file = RawFile(relativePath: "fuzz.md", displayPath: "content/fuzz.md", bytes: Array("---\n".utf8) + bytes)
        _ = PageParser.parse(file)
    }

    /// Inline syntax: citations, wiki links, callouts, heading ids, in a parsed document;
    /// and the endings of blocks — attribute lists (`{: #id }`), Obsidian block ids (`^id`)
    /// on headings, paragraphs and list items — and embeds (`![[…]]`) with their options.
    public static func inline(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = MarkdownParser.parse(text).dump()
        _ = MarkdownParser.parse("> [!NOTE]\n> " + text).dump()
        let ends = MarkdownParser.parse("## h " + text + "\n\np " + text + "\n{: " + text + " }\n\n- i ^" + text + "\n")
        _ = ends.dump()
        _ = ends.blockAttributes
        _ = BlockAttributes.parseList(Substring("{" + text + "}"))
        let embeds = MarkdownParser.parse("![[" + text + "]] ![[a.png|" + text + "]]\n")
        InlineWalker.forEach(in: embeds) { inline, _ in
            if case .wikiLink(let link) = inline { _ = (link.embedKind, link.embedOptions) }
        }
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

    /// The raw HTML sanitizer: any bytes as a piece of raw HTML. What it writes, parsed
    /// again, must need no removal of an element outside the allow-list, of an attribute or
    /// of a URL (nothing unsafe survives); a table part out of its table (`<tr>` moved out by
    /// the parser's error recovery) may be ignored the second time. Every offset it reports
    /// must lie inside the piece.
    public static func html(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let first = HTMLSanitizer.sanitize(text) { url, _ in url }
        let length = text.utf8.count
        for removal in first.removals { precondition(removal.offset >= 0 && removal.offset <= length, "removal offset \(removal.offset) outside the piece") }
        for link in first.links { precondition(link.offset >= 0 && link.offset <= length, "link offset outside the piece") }
        let again = HTMLSanitizer.sanitize(first.html)
        let unsafe = again.removals.filter { removal in
            let name = removal.what.dropFirst().prefix { $0 != ">" }
            return !(removal.why == "the parser ignores it here" && HTMLSanitizer.allowedElements.contains(String(name)))
        }
        precondition(unsafe.isEmpty, "sanitized HTML still needs removals: \(again.removals) in \(first.html.debugDescription)")
        // The same bytes as the pieces of one container (split at blank lines, as cmark
        // splits HTML blocks), balanced, then closed as the renderer closes a container.
        var open: [String] = []
        var joined = ""
        for piece in text.components(separatedBy: "\n\n") { joined += HTMLSanitizer.sanitize(piece, open: &open).html }
        for name in open.reversed() { joined += "</\(name)>" }
        var none: [String] = []
        let whole = HTMLSanitizer.sanitize(joined, open: &none)
        let unsafeWhole = whole.removals.filter { removal in
            // A tag of an allowed element that a whole parse ignores (an end tag closing an
            // element the parser already closed) is harmless; anything else is not.
            let name = removal.what.drop { $0 == "<" || $0 == "/" }.prefix { $0 != ">" }
            let benign = ["the parser ignores it here", "it closes no element opened before it in this block"]
            return !(benign.contains(removal.why) && HTMLSanitizer.allowedElements.contains(String(name)))
        }
        precondition(unsafeWhole.isEmpty, "balanced pieces still need removals: \(whole.removals) in \(joined.debugDescription)")
    }

    /// The whole pipeline — parse, resolve, check, render — on a one-page folder of docs
    /// (`p.md`, the input, linked from `_index.md`).
    public static func page(_ bytes: [UInt8], with fuzzer: PageFuzzer) {
        fuzzer.run(bytes)
    }
}

/// The whole-page target's per-process state: what does not depend on the input is done once,
/// when the fuzzer starts, so that each input costs only what the pipeline spends on it.
///
/// The templates are compiled once (compiling them is most of a one-page build), and the site
/// is given to the pipeline in memory as the load stage would hand it over (`LoadedContent`:
/// the files' paths and bytes); no file is written or read per input. From there each input
/// goes through the same stages as `build`: front matter and Markdown parsing, resolving,
/// every site check, rendering of every page and site file with the templates.
public final class PageFuzzer: Sendable {
    let templates: TemplateSet
    let options: Options
    let home: RawFile

    /// - Parameters:
    ///   - templates: the theme's folder (`templates/`).
    ///   - oneThread: run the whole process's pipeline stages on the calling thread (the
    ///     fuzzer: a one-page site is too small to share out, see `runsOnOneThread`); tests
    ///     that replay inputs leave it off.
    public init(templates: URL, oneThread: Bool = false) throws {
        if oneThread { runsOnOneThread.store(true, ordering: .relaxed) }
        let content = URL(fileURLWithPath: "/groundwork-fuzz/content")
        options = Options(content: content, contentDisplay: "content", templates: templates,
                          output: URL(fileURLWithPath: "/groundwork-fuzz/_site"), today: Day(year: 2026, month: 11, day: 29))
        self.templates = try Groundwork.loadTemplates(options)
        home = RawFile(relativePath: "_index.md", displayPath: "content/_index.md", bytes: Array("---\ntitle: Home\n---\n[p](p.md)\n".utf8))
    }

    /// One input, as the page `p.md`.
    public func run(_ bytes: [UInt8]) {
        let page = RawFile(relativePath: "p.md", displayPath: "content/p.md", bytes: bytes)
        let loaded = LoadedContent(root: options.content, displayRoot: options.contentDisplay, siteYAML: nil, sourcesYAML: nil,
                                   pages: [home, page], assets: [], diagnostics: [])
        _ = try? Groundwork.renderInMemory(loaded, templates: templates, options: options)
    }
}
