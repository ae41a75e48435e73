import GroundworkModel
import Yams

/// `mkdocs.yml`'s `markdown_extensions`: which are listed, and the `toc` extension's settings,
/// which decide the heading ids links are written against (issue 17 item 2).
extension MkDocsConfig {
    /// The `toc` extension's options Groundwork reads. `permalink` and `toc_depth` change
    /// only what MkDocs shows (a `¶` link, the table of contents), never an id: they are
    /// recorded for the mode line, not applied.
    public struct TocSettings: Sendable, Equatable {
        /// `slugify`: the Python function named (`pymdownx.slugs.uslugify`,
        /// `markdown.extensions.toc.slugify_unicode`), with its keyword arguments when it is
        /// written `!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}`.
        public var slugify: String?
        public var slugifyArguments: [String: String] = [:]
        /// `separator`, default `-`.
        public var separator = "-"
        public var permalink: String?
        public var tocDepth: String?
    }

    /// A nav entry naming a folder (`- User Guide: user-guide/`): the folder's title, and its
    /// place among the nav's pages (the number of pages listed before it, plus one).
    public struct NavFolder: Sendable, Equatable {
        public var path: String
        public var title: String
        public var position: Int
    }

    /// The nav's folder entries, in order.
    static func navFolders(_ node: Node) -> [NavFolder] {
        var folders: [NavFolder] = []
        var pagesBefore = 0
        func walk(_ node: Node) {
            for item in node.sequence ?? [] {
                if let path = YAMLSupport.string(item) {
                    if navPage(path, title: nil, sections: []) != nil { pagesBefore += 1 }
                    continue
                }
                for (title, _, value) in YAMLSupport.pairs(item) ?? [] {
                    if let path = YAMLSupport.string(value) {
                        if navPage(path, title: title, sections: []) != nil {
                            pagesBefore += 1
                        } else if path.hasSuffix("/"), !path.contains("://") {
                            let clean = path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
                            if !clean.isEmpty { folders.append(NavFolder(path: clean, title: title, position: pagesBefore + 1)) }
                        }
                    } else {
                        walk(value)
                    }
                }
            }
        }
        walk(node)
        return folders
    }

    /// The heading-id style the `toc` settings make (Python-Markdown's default when absent).
    public var headingIDStyle: HeadingIDStyle {
        let name = toc.slugify ?? "markdown.extensions.toc.slugify"
        let function = name.split(separator: ".").last.map(String.init) ?? name
        let isPymdownx = name.hasPrefix("pymdownx.")
        func argument(_ key: String) -> Bool {
            ["true", "yes", "1"].contains(toc.slugifyArguments[key]?.lowercased() ?? "")
        }
        switch (isPymdownx, function) {
        case (false, "slugify_unicode"): return .pythonMarkdown(unicode: true, separator: toc.separator)
        case (false, _): return .pythonMarkdown(unicode: false, separator: toc.separator)
        case (true, "slugify"):
            return .pymdownx(case: toc.slugifyArguments["case"] ?? "none", separator: toc.separator,
                             percentEncode: argument("percent_encode"))
        case (true, "uslugify_cased"), (true, "uslugify_cased_encoded"):
            return .pymdownx(case: "none", separator: toc.separator, percentEncode: function.hasSuffix("encoded"))
        case (true, "gfm"), (true, "gfm_encoded"):
            return .pymdownx(case: "lower-ascii", separator: toc.separator, percentEncode: function.hasSuffix("encoded"))
        default:  // uslugify, uslugify_encoded
            return .pymdownx(case: "lower", separator: toc.separator, percentEncode: function.hasSuffix("encoded"))
        }
    }

    /// The extensions listed: `- name` or `- name: {options}` (a mapping of names is read too).
    static func extensions(_ node: Node) -> ([String], TocSettings) {
        var names: [String] = []
        var toc = TocSettings()
        var entries: [(String, Node?)] = []
        if let items = node.sequence {
            for item in items {
                if let name = YAMLSupport.string(item) { entries.append((name, nil)) }
                else if let pairs = YAMLSupport.pairs(item) { entries += pairs.map { ($0.key, $0.value) } }
            }
        } else if let pairs = YAMLSupport.pairs(node) {
            entries = pairs.map { ($0.key, $0.value) }
        }
        for (name, options) in entries {
            names.append(name)
            guard name == "toc" || name == "markdown.extensions.toc", let options, let pairs = YAMLSupport.pairs(options) else { continue }
            for (key, _, value) in pairs {
                switch key {
                case "slugify":
                    (toc.slugify, toc.slugifyArguments) = pythonCallable(value)
                case "separator": if let text = YAMLSupport.string(value) { toc.separator = text }
                case "permalink": toc.permalink = YAMLSupport.string(value) ?? ""
                case "toc_depth": toc.tocDepth = YAMLSupport.string(value)
                default: continue
                }
            }
        }
        return (names, toc)
    }

    /// A Python callable as mkdocs.yml names one: `!!python/name:module.function` (the name
    /// is in the tag), `!!python/object/apply:module.function {kwds: {...}}`, or a plain string.
    static func pythonCallable(_ node: Node) -> (String?, [String: String]) {
        let tag = node.tag.description
        for prefix in ["python/name:", "python/object/apply:"] {
            if let range = tag.range(of: prefix) {
                let name = String(tag[range.upperBound...])
                var arguments: [String: String] = [:]
                if let pairs = YAMLSupport.pairs(node) {
                    for (key, _, value) in pairs where key == "kwds" {
                        for (argument, _, text) in YAMLSupport.pairs(value) ?? [] {
                            if let text = YAMLSupport.string(text) { arguments[argument] = text }
                        }
                    }
                }
                return (name, arguments)
            }
        }
        if let text = YAMLSupport.string(node), !text.isEmpty { return (text, [:]) }
        return (nil, [:])
    }
}
