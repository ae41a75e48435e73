import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkSupport
import TOMLKit
import Yams

/// A Hugo site around the folder `--content` names (issue 17): its configuration file
/// (`hugo.toml`, `hugo.yaml`, `hugo.json`, or the older `config.*`, at the project's root or in
/// `config/_default/`) and the settings of it Groundwork honours. Everything else in the
/// configuration (themes, outputs, params) is Hugo's business and ignored.
public struct HugoProject: Sendable, Equatable {
    /// The configuration file, as the user would name it.
    public var configDisplay: String
    /// Its file name (`hugo.toml`), for the mode line.
    public var configName: String
    /// `title`.
    public var title: String?
    /// `markup.goldmark.parser.autoHeadingIDType`: `github` (Hugo's default), `github-ascii`
    /// or `blackfriday`.
    public var autoHeadingIDType = "github"
    /// `disableAliases`: Hugo writes no redirect pages for front matter `aliases`.
    public var disableAliases = false
    /// `markup.goldmark.parser.autoDefinitionTermID`: each definition-list term gets an id,
    /// made like a heading's (hugoDocs links `#publishdir` to the term `publishDir`).
    public var autoDefinitionTermID = false
    /// What reading the configuration found wrong (`config.invalid`), kept from the one read
    /// that found the project, for the pipeline to report.
    public var configDiagnostics: [Diagnostic] = []
    /// `theme`: the site's themes (a name or a list), whose `layouts/` Hugo reads after the site's.
    public var themes: [String] = []
    /// The site's link render hook, relative to the project (`layouts/_markup/render-link.html`),
    /// found by `findRenderHooks`; nil when there is none.
    public var linkRenderHook: String?
    /// Its image render hook (`render-image.html`).
    public var imageRenderHook: String?

    /// Names Hugo looks for, in its order of preference.
    static let configNames = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"]

    /// The settings read from a configuration file's text; a file that cannot be read is
    /// `config.invalid` at the position the parser names (Hugo would refuse it too).
    package static func parse(_ text: String, name: String, file: String, bag: inout DiagnosticBag) -> (HugoProject, ContentSettings) {
        var project = HugoProject(configDisplay: file, configName: name)
        guard let root = settings(text, name: name, file: file, bag: &bag) else { return (project, ContentSettings()) }
        project.title = root["title"] as? String
        project.disableAliases = lookup(root, ["disableAliases"]) as? Bool ?? false
        if let type = lookup(root, ["markup", "goldmark", "parser", "autoHeadingIDType"]) as? String { project.autoHeadingIDType = type.lowercased() }
        project.autoDefinitionTermID = lookup(root, ["markup", "goldmark", "parser", "autoDefinitionTermID"]) as? Bool ?? false
        if let theme = lookup(root, ["theme"]) as? String { project.themes = [theme] }
        else if let themes = lookup(root, ["theme"]) as? [Any] { project.themes = themes.compactMap { $0 as? String } }
        var content = ContentSettings()
        if let dir = lookup(root, ["contentDir"]) as? String { content.contentDir = dir }
        content.defaultLanguage = lookup(root, ["defaultContentLanguage"]) as? String
        if let languages = root["languages"] as? [String: Any] {
            for (code, value) in languages {
                if let dir = (value as? [String: Any])?["contentDir"] as? String { content.languageDirs[code] = dir }
            }
        }
        // Module mounts (`source = 'content/en'`, `target = 'content'`): the folders Hugo reads
        // as content. hugoDocs mounts `content/en` this way.
        if let mounts = lookup(root, ["module", "mounts"]) as? [Any] {
            for case let mount as [String: Any] in mounts {
                if let source = mount["source"] as? String, let target = mount["target"] as? String, target == "content" {
                    content.mountedContent.append(source)
                }
            }
        }
        return (project, content)
    }

    /// Where a Hugo site keeps its pages.
    package struct ContentSettings: Sendable, Equatable {
        var contentDir = "content"
        var defaultLanguage: String?
        var languageDirs: [String: String] = [:]
        var mountedContent: [String] = []

        /// The content folders, relative to the project, in the order Groundwork prefers
        /// when `--content` names the project: the default language's own, then mounts,
        /// then `contentDir`.
        var folders: [String] {
            var result: [String] = []
            if let language = defaultLanguage, let dir = languageDirs[language] { result.append(dir) }
            result += mountedContent + languageDirs.keys.sorted().compactMap { languageDirs[$0] } + [contentDir]
            var seen: Set<String> = []
            return result.map(Self.normalized).filter { seen.insert($0).inserted }
        }

        static func normalized(_ path: String) -> String {
            path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        }
    }

    /// The configuration as nested dictionaries, whatever its format.
    static func settings(_ text: String, name: String, file: String, bag: inout DiagnosticBag) -> [String: Any]? {
        if name.hasSuffix(".toml") {
            do {
                return plain(try TOMLTable(string: text)) as? [String: Any]
            } catch let error as TOMLParseError {
                bag.add(.configInvalid, file: file, line: error.source.begin.line, column: error.source.begin.column, error.description)
            } catch {
                bag.add(.configInvalid, file: file, line: 1, column: 1, "\(error)")
            }
            return nil
        }
        if name.hasSuffix(".json") {
            guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
                bag.add(.configInvalid, file: file, line: 1, column: 1, "not valid JSON")
                return nil
            }
            return value as? [String: Any]
        }
        do {
            return try Yams.load(yaml: text) as? [String: Any]
        } catch let error as YamlError {
            if case .scanner(_, _, let mark, _) = error {
                bag.add(.configInvalid, file: file, line: mark.line, column: mark.column, "\(error)")
            } else if case .parser(_, _, let mark, _) = error {
                bag.add(.configInvalid, file: file, line: mark.line, column: mark.column, "\(error)")
            } else {
                bag.add(.configInvalid, file: file, line: 1, column: 1, "\(error)")
            }
        } catch {
            bag.add(.configInvalid, file: file, line: 1, column: 1, "\(error)")
        }
        return nil
    }

    /// A TOML value as Swift's: tables as dictionaries, arrays as arrays.
    static func plain(_ value: any TOMLValueConvertible) -> Any? {
        if let table = value.table {
            var result: [String: Any] = [:]
            for key in table.keys { if let item = table[key], let converted = plain(item) { result[key] = converted } }
            return result
        }
        if let array = value.array { return array.compactMap { plain($0) } }
        if let string = value.string { return string }
        if let bool = value.bool { return bool }
        if let int = value.int { return int }
        if let double = value.double { return double }
        return nil
    }

    /// A nested setting; Hugo's keys are case-insensitive.
    static func lookup(_ root: [String: Any], _ path: [String]) -> Any? {
        var current: Any = root
        for key in path {
            guard let table = current as? [String: Any],
                  let next = table[key] ?? table.first(where: { $0.key.lowercased() == key.lowercased() })?.value else { return nil }
            current = next
        }
        return current
    }

    /// Looks for the site's render hooks for links and images in `project` (the folder holding
    /// the configuration): in its `layouts/` first, then each theme's, at the two places Hugo
    /// reads them from (`_markup/` and the older `_default/_markup/`). Hugo's own embedded
    /// hooks are not counted: they resolve links as Groundwork does.
    public mutating func findRenderHooks(in project: URL) {
        func find(_ name: String) -> String? {
            let layouts = ["layouts"] + themes.filter { !$0.isEmpty && !$0.contains("..") }.map { "themes/\($0)/layouts" }
            for folder in layouts {
                for place in ["_markup", "_default/_markup"] {
                    let path = "\(folder)/\(place)/\(name)"
                    if FileManager.default.fileExists(atPath: project.appendingPathComponent(path).path) { return path }
                }
            }
            return nil
        }
        linkRenderHook = find("render-link.html")
        imageRenderHook = find("render-image.html")
    }

    /// The heading-id style Hugo's Goldmark uses: GitHub's for `github` and `github-ascii`
    /// (which differ only for non-ASCII letters), and for `blackfriday` too, the nearest
    /// Groundwork knows (a difference there is a known limit, see docs/content-format.md).
    public var headingIDStyle: HeadingIDStyle { .github }
}

extension ContentLoader {
    /// `--content` names a Hugo project (a folder with a Hugo configuration and its content
    /// folder), its content folder, or a language folder in it (`content/en`): the folder to
    /// load, as the user would name it, and the project. Nil when there is no configuration
    /// within two folders up, the folder named is not one of the project's content folders,
    /// or there is a site.yaml.
    static func hugoProject(root: URL, displayRoot: String)
        -> (content: URL, contentDisplay: String, project: HugoProject, projectFolder: URL, projectDisplay: String)? {
        guard ContentLoader.isFolder(root), !FileManager.default.fileExists(atPath: root.appendingPathComponent("site.yaml").path) else { return nil }
        func configFile(in folder: URL, display: String) -> RawFile? {
            for place in ["", "config/_default/"] {
                for name in HugoProject.configNames {
                    if let bytes = readBytes(folder.appendingPathComponent(place + name).path) {
                        return RawFile(relativePath: name, displayPath: ContentLoader.joinDisplay(display, place + name), bytes: bytes)
                    }
                }
            }
            return nil
        }
        var folder = root.standardizedFileURL
        var display = displayRoot
        var climbed: [String] = []
        for _ in 0...2 {
            if let file = configFile(in: folder, display: display) {
                var bag = DiagnosticBag()
                var (project, content) = HugoProject.parse(String(decoding: file.bytes, as: UTF8.self), name: file.relativePath,
                                                           file: file.displayPath, bag: &bag)
                project.findRenderHooks(in: folder)
                project.configDiagnostics = bag.items
                let named = climbed.reversed().joined(separator: "/")
                if named.isEmpty {
                    // The project itself: its first content folder that exists.
                    for dir in content.folders where !dir.isEmpty {
                        let pages = folder.appendingPathComponent(dir).standardizedFileURL
                        if ContentLoader.isFolder(pages) {
                            return (pages, ContentLoader.joinDisplay(displayRoot, dir), project, folder, display)
                        }
                    }
                    return nil
                }
                // A content folder, or a language folder directly inside one.
                let accepted = content.folders.contains { dir in
                    named == dir || (named.hasPrefix(dir + "/") && !named.dropFirst(dir.count + 1).contains("/"))
                }
                return accepted ? (root, displayRoot, project, folder, display) : nil
            }
            climbed.append(folder.lastPathComponent)
            let parent = folder.deletingLastPathComponent()
            guard parent.path != folder.path else { return nil }
            folder = parent
            while display.count > 1 && display.hasSuffix("/") { display.removeLast() }
            if display == "." || display.isEmpty { display = ".." }
            else if display == ".." || display.hasSuffix("/..") { display += "/.." }
            else if let slash = display.lastIndex(of: "/") { display = String(display[..<slash]) }
            else { display = "." }
        }
        return nil
    }

    /// Hugo serves `static/` at the site's root, and its `figure` shortcode and link and image
    /// render hooks find files in `assets/` by the same paths (`/images/x.png`): both are
    /// assets at the site's root, so such links resolve and the build copies the files.
    static func addHugoFiles(project: URL, display: String, to loaded: inout LoadedContent) throws {
        for name in ["static", "assets"] {
            let folder = project.appendingPathComponent(name)
            guard ContentLoader.isFolder(folder) else { continue }
            let files = try loadFolder(root: folder, displayRoot: ContentLoader.joinDisplay(display, name))
            let taken = Set(loaded.assets.map { $0.relativePath.lowercased() } + loaded.pages.map { $0.relativePath.lowercased() })
            // Markdown there is a file Hugo copies, not a page.
            let all = files.assets + files.pages.map {
                AssetFile(relativePath: $0.relativePath, displayPath: $0.displayPath, url: folder.appendingPathComponent($0.relativePath))
            }
            // Style sheets and scripts in `assets/` are Hugo Pipes' inputs (bundled, compiled,
            // fingerprinted and published where the templates say), so their relative `url()`s
            // name the published place, not this one: they are not files of the site as they
            // stand. `static/` is published as it is.
            let isPipesInput: (AssetFile) -> Bool = { file in
                name == "assets" && ["css", "scss", "sass", "js", "ts", "jsx", "tsx"].contains(
                    (file.relativePath as NSString).pathExtension.lowercased())
            }
            loaded.assets += all.filter { !taken.contains($0.relativePath.lowercased()) && !isPipesInput($0) }
            loaded.diagnostics += files.diagnostics
        }
        loaded.assets.sort { $0.relativePath < $1.relativePath }
    }
}
