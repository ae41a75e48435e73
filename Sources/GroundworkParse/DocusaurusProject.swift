import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkSupport

/// A Docusaurus project around the folder `--content` names (issue 17 item 2). Its
/// `docusaurus.config.*` is JavaScript: it is read as text for one setting and never run.
package struct DocusaurusProject {
    var config: RawFile
    /// The folder holding the config: `sidebarPath` is relative to it.
    var configFolder: URL
    /// The docs folder, and how diagnostics name it.
    var docs: URL
    var docsDisplay: String
    /// `static/`: served at the site's root (`/img/logo.png` is `static/img/logo.png`).
    var staticFolder: URL
    var staticDisplay: String
    /// `static/` seen from the folder above the docs (`static`, `website/static`): a
    /// relative link that climbs out of the docs into it (`../../static/img/x.png`) names
    /// the file Docusaurus serves at `/img/x.png`.
    var staticFromDocsParent = "static"

    static let configNames = ["docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs"]

    /// The `routeBasePath` of the docs, `docs` unless the config names another (`'/'` → empty).
    /// Found by reading the text; a config that computes it is read as the default.
    package static func routeBasePath(in text: String) -> String {
        stringSetting("routeBasePath", in: text) ?? "docs"
    }

    /// The site's `title`, read from the text: the first line that starts with `title:` and a
    /// string literal (a top-level key in every generated config; `navbar.title` and the like
    /// come later). Nil when there is none, or it is computed.
    package static func siteTitle(in text: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("title:") else { continue }
            let rest = trimmed.dropFirst("title:".count).drop { $0 == " " || $0 == "\t" }
            guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
            let value = rest.dropFirst().prefix { $0 != quote }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    /// The path the site is served under, `baseUrl` (`/docs/` → `docs`; `/` → empty), and the
    /// docs' route base after it: what a site-absolute link to a doc starts with.
    package static func docsURLPrefix(in text: String) -> String {
        let parts = [stringSetting("baseUrl", in: text) ?? "", routeBasePath(in: text)]
        return parts.flatMap { $0.split(separator: "/") }.joined(separator: "/")
    }

    /// Where the site is served, `url` then `baseUrl` (`https://example.com/docs`, no trailing
    /// slash); nil unless `url` is an `http(s)://` string the text gives.
    package static func siteURL(in text: String) -> String? {
        guard let url = stringSetting("url", in: text, keepSlashes: true), url.hasPrefix("https://") || url.hasPrefix("http://"),
              url.count > "https://".count else { return nil }
        let base = stringSetting("baseUrl", in: text) ?? ""
        let host = url.hasSuffix("/") ? String(url.dropLast()) : url
        return base.isEmpty ? host : host + "/" + base
    }

    /// A setting written as a string literal (`key: '/docs/'`), or as a template literal of
    /// constants declared in the file (`` key: `${BASE}/` `` with `const BASE = '/docs'`).
    /// Slashes at the ends and repeated ones are dropped unless `keepSlashes` (a URL).
    static func stringSetting(_ key: String, in text: String, keepSlashes: Bool = false) -> String? {
        func literal(after marker: String, separator: Character) -> String? {
            var from = text.startIndex
            while let found = text.range(of: marker, range: from..<text.endIndex) {
                from = found.upperBound
                var rest = text[found.upperBound...].drop { $0 == " " || $0 == "\t" }
                guard rest.first == separator else { continue }
                rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
                guard let quote = rest.first, quote == "'" || quote == "\"" || quote == "`" else { continue }
                return String(rest.dropFirst().prefix { $0 != quote && $0 != "\n" })
            }
            return nil
        }
        guard var value = literal(after: key, separator: ":") else { return nil }
        // `${NAME}` from `NAME = '...'` in the same file; a name it cannot find makes the
        // setting unknown rather than wrong.
        while let open = value.range(of: "${"), let close = value[open.upperBound...].firstIndex(of: "}") {
            let name = String(value[open.upperBound..<close])
            guard let constant = literal(after: name, separator: "=") else { return nil }
            value.replaceSubrange(open.lowerBound...close, with: constant)
        }
        return keepSlashes ? value : value.split(separator: "/").joined(separator: "/")
    }
}

extension ContentLoader {
    /// `--content` names a Docusaurus project (a folder with `docusaurus.config.*` and
    /// `docs/`): the docs are its `docs/`. Or it names the docs folder, with the config in
    /// the folder above it, or in a `website/` folder beside it (the docs at the repository's
    /// root, the site in `website/`). Nil when there is no such config, or a site.yaml.
    static func docusaurusProject(root: URL, displayRoot: String) -> DocusaurusProject? {
        let fileManager = FileManager.default
        func config(in folder: URL, display: String) -> RawFile? {
            for name in DocusaurusProject.configNames {
                if let bytes = readBytes(folder.appendingPathComponent(name).path) {
                    return RawFile(relativePath: name, displayPath: ContentLoader.joinDisplay(display, name), bytes: bytes)
                }
            }
            return nil
        }
        guard ContentLoader.isFolder(root), !fileManager.fileExists(atPath: root.appendingPathComponent("site.yaml").path) else { return nil }
        if let file = config(in: root, display: displayRoot) {
            let docs = root.appendingPathComponent("docs")
            // A config without docs/ beside it: the folder named is read as it is.
            guard ContentLoader.isFolder(docs) else { return nil }
            return DocusaurusProject(config: file, configFolder: root, docs: docs, docsDisplay: ContentLoader.joinDisplay(displayRoot, "docs"),
                                     staticFolder: root.appendingPathComponent("static"), staticDisplay: ContentLoader.joinDisplay(displayRoot, "static"))
        }
        let parent = root.standardizedFileURL.deletingLastPathComponent()
        var parentDisplay = displayRoot
        while parentDisplay.count > 1 && parentDisplay.hasSuffix("/") { parentDisplay.removeLast() }
        if let slash = parentDisplay.lastIndex(of: "/") { parentDisplay = String(parentDisplay[..<slash]) }
        else { parentDisplay = parentDisplay == "." ? ".." : "." }
        for (folder, display) in [(parent, parentDisplay), (parent.appendingPathComponent("website"), ContentLoader.joinDisplay(parentDisplay, "website"))] {
            if let file = config(in: folder, display: display) {
                var project = DocusaurusProject(config: file, configFolder: folder, docs: root, docsDisplay: displayRoot,
                                                staticFolder: folder.appendingPathComponent("static"), staticDisplay: ContentLoader.joinDisplay(display, "static"))
                if folder.lastPathComponent == "website" { project.staticFromDocsParent = "website/static" }
                return project
            }
        }
        return nil
    }

    /// The files of `static/` as assets at the site's root, as Docusaurus serves them: links
    /// to `/img/x.png` find them, and the build copies them.
    static func addStaticFiles(of project: DocusaurusProject, to loaded: inout LoadedContent) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: project.staticFolder.path, isDirectory: &isDirectory), isDirectory.boolValue else { return }
        let statics = try loadFolder(root: project.staticFolder, displayRoot: project.staticDisplay)
        let taken = Set(loaded.assets.map { $0.relativePath.lowercased() } + loaded.pages.map { $0.relativePath.lowercased() })
        // Markdown in static/ is served as a file there, not rendered: an asset too.
        let files = statics.assets + statics.pages.map {
            AssetFile(relativePath: $0.relativePath, displayPath: $0.displayPath,
                      url: project.staticFolder.appendingPathComponent($0.relativePath))
        }
        for asset in files where !taken.contains(asset.relativePath.lowercased()) {
            loaded.assets.append(asset)
        }
        loaded.assets.sort { $0.relativePath < $1.relativePath }
        loaded.diagnostics += statics.diagnostics
    }
}
