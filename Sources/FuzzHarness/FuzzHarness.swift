import Foundation
import GroundworkCore
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

    /// Inline syntax: citations, wiki links, callouts, heading ids, in a parsed document.
    public static func inline(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = MarkdownParser.parse(text).dump()
        _ = MarkdownParser.parse("> [!NOTE]\n> " + text).dump()
    }

    /// `table` blocks.
    public static func table(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = MarkdownParser.parse("```table\n" + text + "\n```\n").dump()
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
