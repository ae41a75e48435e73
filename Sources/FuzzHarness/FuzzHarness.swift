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
