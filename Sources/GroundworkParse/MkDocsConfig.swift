import GroundworkDiagnostics
import GroundworkModel
import Yams

/// What Groundwork reads of a MkDocs project's `mkdocs.yml` (issue 17 item 2): the site's
/// name, the docs folder, and the nav's order and titles. Everything else in it (theme,
/// plugins, extensions) is MkDocs' business and ignored.
public struct MkDocsConfig: Sendable, Equatable {
    /// One page the nav lists: its path below the docs folder and the title the nav gives it
    /// (nil: the page's own title).
    public struct NavPage: Sendable, Equatable {
        public var path: String
        public var title: String?
        /// The titles of the nav sections it is nested in, outermost first.
        public var sections: [String]
    }

    /// `site_name`.
    public var siteName: String?
    /// `docs_dir`, default `docs`.
    public var docsDir = "docs"
    /// `hooks:`: Python files MkDocs runs on every page (they may rewrite its Markdown and
    /// HTML, and so make ids Groundwork never sees), as written in mkdocs.yml.
    public var hooks: [String] = []
    /// The nav's pages in reading order (external links and `.html` entries left out).
    public var navPages: [NavPage] = []
    /// `markdown_extensions`, by name in the order listed (`toc`, `attr_list`, `pymdownx.snippets`).
    public var extensions: [String] = []
    /// The `toc` extension's settings that decide heading ids (MkDocsExtensions.swift).
    public var toc = TocSettings()
    /// The nav's folder entries (`- User Guide: user-guide/`): title and place (MkDocsExtensions.swift).
    public var navFolders: [NavFolder] = []
    /// The nav as a tree, as MkDocs shows it (ExplicitNavReading.swift); empty without `nav:`.
    public var navTree: [ExplicitNavItem] = []

    /// Reads mkdocs.yml text. A file Yams cannot read is reported as `config.invalid` at it
    /// (MkDocs would refuse it too); `!!python/name:` and `!ENV` tags are read as plain values.
    package static func parse(_ text: String, file: String, bag: inout DiagnosticBag) -> MkDocsConfig {
        var config = MkDocsConfig()
        guard let root = YAMLSupport.compose(text, file: file, lineOffset: 0, code: .configInvalid, bag: &bag),
              let pairs = YAMLSupport.pairs(root) else { return config }
        for (key, _, value) in pairs {
            switch key {
            case "site_name": config.siteName = YAMLSupport.string(value)
            case "docs_dir": if let dir = YAMLSupport.string(value), !dir.isEmpty { config.docsDir = dir }
            case "nav": config.navPages = navPages(value, sections: []); config.navFolders = navFolders(value)
                config.navTree = navTree(value)
            case "markdown_extensions": (config.extensions, config.toc) = extensions(value)
            case "hooks": config.hooks = (value.sequence ?? []).compactMap(YAMLSupport.string)
            default: continue
            }
        }
        return config
    }

    /// `pymdownx.snippets`' `base_path` (a string or a list; MkDocs' default `.`), relative to
    /// the folder of mkdocs.yml; nil when the extension is not configured with one.
    package static func snippetBasePaths(in text: String) -> [String]? {
        var bag = DiagnosticBag()
        guard let root = YAMLSupport.compose(text, file: "mkdocs.yml", lineOffset: 0, code: .configInvalid, bag: &bag),
              let pairs = YAMLSupport.pairs(root),
              let extensions = pairs.first(where: { $0.0 == "markdown_extensions" })?.2.sequence else { return nil }
        for item in extensions {
            guard let options = YAMLSupport.pairs(item)?.first(where: { $0.0 == "pymdownx.snippets" })?.2,
                  let base = YAMLSupport.pairs(options)?.first(where: { $0.0 == "base_path" })?.2 else { continue }
            if let one = YAMLSupport.string(base) { return [one] }
            if let list = base.sequence { return list.compactMap { YAMLSupport.string($0) } }
        }
        return nil
    }

    /// Only `docs_dir`, without diagnostics: where the docs are, before anything is loaded.
    package static func docsDir(in text: String) -> String {
        var bag = DiagnosticBag()
        return parse(text, file: "mkdocs.yml", bag: &bag).docsDir
    }

    /// The nav's entries: `- page.md`, `- Title: page.md`, `- Section: [entries]`.
    static func navPages(_ node: Node, sections: [String]) -> [NavPage] {
        guard let items = node.sequence else { return [] }
        var pages: [NavPage] = []
        for item in items {
            if let path = YAMLSupport.string(item) {
                if let page = navPage(path, title: nil, sections: sections) { pages.append(page) }
            } else if let pairs = YAMLSupport.pairs(item) {
                for (title, _, value) in pairs {
                    if let path = YAMLSupport.string(value) {
                        if let page = navPage(path, title: title, sections: sections) { pages.append(page) }
                    } else {
                        pages += navPages(value, sections: sections + [title])
                    }
                }
            }
        }
        return pages
    }

    static func navPage(_ path: String, title: String?, sections: [String]) -> NavPage? {
        let lower = path.lowercased()
        // Links to other sites belong to the rendered nav, not to the pages' order.
        guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown"), !path.contains("://") else { return nil }
        var clean = path
        while clean.hasPrefix("./") { clean.removeFirst(2) }
        while clean.hasPrefix("/") { clean.removeFirst() }
        return NavPage(path: clean, title: title, sections: sections)
    }
}
