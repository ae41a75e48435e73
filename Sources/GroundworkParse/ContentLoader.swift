import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkSupport

/// What the load stage found in the content folder.
public struct LoadedContent: Sendable {
    public var root: URL
    public var displayRoot: String
    public var siteYAML: RawFile?
    public var sourcesYAML: RawFile?
    /// Whether the folder is an Obsidian vault (it holds `.obsidian/`): links by bare file
    /// name resolve anywhere in it, as Obsidian resolves them.
    public var obsidianVault = false
    /// A MkDocs project's `mkdocs.yml`, in the folder `--content` named (the docs are then its
    /// `docs_dir`) or beside the docs folder it names.
    public var mkdocsYAML: RawFile?
    /// An mdBook book's `book.toml`, in the folder `--content` named (the pages are then in
    /// its `src`) or beside the `src` folder it names.
    public var bookTOML: RawFile?
    /// An mdBook book's `SUMMARY.md`: its nav, not a page (mdBook does not render it).
    public var summaryMD: RawFile?
    /// Where pages' includes are looked up (mdBook `{{#include}}`, MkDocs snippets).
    public var includeSettings: IncludeSettings?
    /// A Docusaurus project's `docusaurus.config.{js,ts,mjs,cjs}` (read as text for its
    /// `routeBasePath`, never run), when the docs are its `docs/` (DocusaurusProject.swift).
    public var docusaurusConfig: RawFile?
    /// The folder holding it, where its `sidebarPath` (DocusaurusSidebars.swift) is looked up.
    public var docusaurusConfigFolder: URL?
    /// Its `static/` folder seen from the folder above the docs (`static`, `website/static`).
    public var docusaurusStatic: String?
    /// The settings read from a Hugo site's configuration (HugoProject.swift), when the folder
    /// is its content folder.
    public var hugo: HugoProject?
    public var pages: [RawFile]
    /// Where each page's bytes are still to be read, in `pages` order, when the loader was
    /// asked not to read them (`load(readingPages: false)`: `check` and `build` read each page
    /// in the parse's workers, right before parsing it); nil when `pages` hold their bytes.
    public var unreadPagePaths: [String]?
    public var assets: [AssetFile]
    public var diagnostics: [Diagnostic]

    package init(root: URL, displayRoot: String, siteYAML: RawFile?, sourcesYAML: RawFile?, pages: [RawFile], assets: [AssetFile],
                 diagnostics: [Diagnostic]) {
        self.root = root
        self.displayRoot = displayRoot
        self.siteYAML = siteYAML
        self.sourcesYAML = sourcesYAML
        self.pages = pages
        self.assets = assets
        self.diagnostics = diagnostics
    }
}

/// Stage 1: walks the content folder in a stable order and reads every file.
public enum ContentLoader {
    /// - Parameters:
    ///   - root: the content folder.
    ///   - displayRoot: how diagnostics name it (what the user typed, e.g. `content`).
    ///   - readingPages: false leaves the pages' bytes empty and their paths in
    ///     `unreadPagePaths`, for a caller that reads each page where it parses it (the
    ///     reading, ~100 ms at 10,000 pages, then shares the cores with the parse instead of
    ///     being a stage of its own, and no page's bytes wait in memory for their parse).
    public static func load(root: URL, displayRoot: String, readingPages: Bool = true) throws -> LoadedContent {
        var (root, displayRoot, mkdocs) = mkdocsProject(root: root, displayRoot: displayRoot)
        var book: RawFile?, bookRoot: URL?
        if mkdocs == nil { (root, displayRoot, book, bookRoot) = MdBook.project(root: root, displayRoot: displayRoot) }
        let docusaurus = mkdocs == nil && book == nil ? docusaurusProject(root: root, displayRoot: displayRoot) : nil
        if let docusaurus { (root, displayRoot) = (docusaurus.docs, docusaurus.docsDisplay) }
        let hugo = mkdocs == nil && book == nil && docusaurus == nil ? hugoProject(root: root, displayRoot: displayRoot) : nil
        if let hugo { (root, displayRoot) = (hugo.content, hugo.contentDisplay) }
        var loaded = try loadFolder(root: root, displayRoot: displayRoot, readingPages: readingPages)
        loaded.mkdocsYAML = loaded.siteYAML == nil ? mkdocs : nil
        if let docusaurus, loaded.siteYAML == nil {
            loaded.docusaurusConfig = docusaurus.config
            loaded.docusaurusConfigFolder = docusaurus.configFolder
            loaded.docusaurusStatic = docusaurus.staticFromDocsParent
            try addStaticFiles(of: docusaurus, to: &loaded)
        }
        var projectRoot = root
        var snippetBasePaths: [String]?
        if let mkdocs = loaded.mkdocsYAML {
            // MkDocs runs in the folder of mkdocs.yml: snippets' base paths are relative to it.
            let text = String(decoding: mkdocs.bytes, as: UTF8.self)
            projectRoot = mkdocsFolder(docs: root, docsDir: MkDocsConfig.docsDir(in: text))
            snippetBasePaths = MkDocsConfig.snippetBasePaths(in: text)
        }
        if loaded.siteYAML == nil, let book, let bookRoot {
            loaded.bookTOML = book
            projectRoot = bookRoot
            if let index = loaded.pages.firstIndex(where: { $0.relativePath == "SUMMARY.md" }) {
                var summary = loaded.pages.remove(at: index)
                if let path = loaded.unreadPagePaths?.remove(at: index) {
                    // Read now: it is the book's nav, read before any page is parsed.
                    if let bytes = readBytes(path) {
                        summary.bytes = bytes
                        loaded.summaryMD = summary
                    } else {
                        var bag = DiagnosticBag()
                        bag.add(.fileUnreadable, file: summary.displayPath, line: 1, column: 1, "cannot read file")
                        loaded.diagnostics += bag.items
                    }
                } else {
                    loaded.summaryMD = summary
                }
            }
        }
        loaded.includeSettings = IncludeSettings(root: root, displayRoot: displayRoot, projectRoot: projectRoot,
                                                 snippetBasePaths: snippetBasePaths)
        loaded.includeSettings?.tomlFrontMatter = loaded.siteYAML == nil
        if let hugo, loaded.siteYAML == nil {
            loaded.hugo = hugo.project
            try addHugoFiles(project: hugo.projectFolder, display: hugo.projectDisplay, to: &loaded)
            loaded.includeSettings?.hugoShortcodes = true
        }
        return loaded
    }

    /// The MkDocs project folder of a docs folder: `docs_dir` climbed back up.
    static func mkdocsFolder(docs: URL, docsDir: String) -> URL {
        var folder = docs.standardizedFileURL
        for segment in docsDir.split(separator: "/") where segment != "." { _ = segment; folder.deleteLastPathComponent() }
        return folder
    }

    /// `--content` may name a MkDocs project (a folder with `mkdocs.yml` and no `site.yaml`):
    /// the docs are its `docs_dir`. Or it names the docs folder, with `mkdocs.yml` beside it
    /// naming that folder as `docs_dir`. Returns the folder to load, as the user would name it,
    /// and the mkdocs.yml found.
    static func mkdocsProject(root: URL, displayRoot: String) -> (URL, String, RawFile?) {
        let fileManager = FileManager.default
        guard ContentLoader.isFolder(root), !fileManager.fileExists(atPath: root.appendingPathComponent("site.yaml").path) else { return (root, displayRoot, nil) }
        let inside = root.appendingPathComponent("mkdocs.yml")
        if let bytes = readBytes(inside.path) {
            let dir = MkDocsConfig.docsDir(in: String(decoding: bytes, as: UTF8.self))
            let docs = root.appendingPathComponent(dir).standardizedFileURL
            if ContentLoader.isFolder(docs), docs.path != root.standardizedFileURL.path {
                return (docs, ContentLoader.joinDisplay(displayRoot, dir), RawFile(relativePath: "mkdocs.yml", displayPath: ContentLoader.joinDisplay(displayRoot, "mkdocs.yml"), bytes: bytes))
            }
            return (root, displayRoot, nil)
        }
        let parent = root.standardizedFileURL.deletingLastPathComponent()
        if let bytes = readBytes(parent.appendingPathComponent("mkdocs.yml").path) {
            let dir = MkDocsConfig.docsDir(in: String(decoding: bytes, as: UTF8.self))
            guard parent.appendingPathComponent(dir).standardizedFileURL.path == root.standardizedFileURL.path else { return (root, displayRoot, nil) }
            var parentDisplay = displayRoot
            while parentDisplay.count > 1 && parentDisplay.hasSuffix("/") { parentDisplay.removeLast() }
            let shown: String
            if let slash = parentDisplay.lastIndex(of: "/") { shown = String(parentDisplay[...slash]) + "mkdocs.yml" }
            else { shown = parentDisplay == "." ? "../mkdocs.yml" : "mkdocs.yml" }
            return (root, displayRoot, RawFile(relativePath: "mkdocs.yml", displayPath: shown, bytes: bytes))
        }
        return (root, displayRoot, nil)
    }

    static func loadFolder(root: URL, displayRoot: String, readingPages: Bool = true) throws -> LoadedContent {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw EnvironmentError("content folder '\(displayRoot)' not found")
        }
        guard isDirectory.boolValue else {
            // The path exists: "not found" would send the user looking for the wrong thing.
            throw EnvironmentError("content folder '\(displayRoot)' is a file, not a folder; give --content the folder that holds the Markdown files")
        }
        guard fileManager.isReadableFile(atPath: root.path) else {
            throw EnvironmentError("content folder '\(displayRoot)' is not readable")
        }
        let realRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
        var result = LoadedContent(root: root, displayRoot: displayRoot, siteYAML: nil, sourcesYAML: nil, pages: [], assets: [], diagnostics: [])
        var bag = DiagnosticBag()
        var visited: Set<String> = [realRoot]
        let isKnowledgeBase = fileManager.fileExists(atPath: root.appendingPathComponent("site.yaml").path)
        var pageFiles: [(relativePath: String, shown: String, realPath: String)] = []

        func display(_ relative: String) -> String {
            displayRoot.isEmpty || displayRoot == "." ? relative : (displayRoot.hasSuffix("/") ? displayRoot + relative : displayRoot + "/" + relative)
        }

        func walk(_ directory: URL, relative: String) {
            let directoryPath = directory.path
            guard let entries = listDirectory(directoryPath) else {
                bag.add(.fileUnreadable, file: display(relative.isEmpty ? "." : relative), line: 1, column: 1, "cannot read folder")
                return
            }
            let base = directoryPath.hasSuffix("/") ? directoryPath : directoryPath + "/"
            for (name, type) in entries.sorted(by: { $0.name < $1.name }) where !name.hasPrefix(".") {
                let relativePath = relative.isEmpty ? name : relative + "/" + name
                let shown = display(relativePath)
                var realPath = base + name  // `directory.appendingPathComponent(name).path`
                // What the folder listing says about the entry spares a stat: a regular file
                // or a folder that is no symbolic link (most of 10,000 pages' loading time was
                // spent asking Foundation for each file's attributes).
                var status = stat()
                if type == UInt8(DT_REG) {
                    status.st_mode = S_IFREG
                } else if type == UInt8(DT_DIR) {
                    status.st_mode = S_IFDIR
                }
                let known = type == UInt8(DT_REG) || type == UInt8(DT_DIR)
                let isLink = !known && lstat(realPath, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
                if isLink {
                    let url = directory.appendingPathComponent(name)
                    realPath = url.resolvingSymlinksInPath().standardizedFileURL.path
                    guard realPath == realRoot || realPath.hasPrefix(realRoot + "/") else {
                        bag.add(.linkEscapesRoot, file: shown, line: 1, column: 1,
                                "symbolic link points outside the content folder; it is skipped")
                        continue
                    }
                }
                guard known || stat(realPath, &status) == 0 else {
                    bag.add(.fileUnreadable, file: shown, line: 1, column: 1, "broken symbolic link; it is skipped")
                    continue
                }
                if (status.st_mode & S_IFMT) == S_IFDIR {
                    // A symlink loop, or a second way into a folder already read.
                    guard visited.insert(realPath).inserted else { continue }
                    walk(directory.appendingPathComponent(name), relative: relativePath)
                    continue
                }
                // FIFOs, sockets and devices would block or never end: only regular files are read.
                guard (status.st_mode & S_IFMT) == S_IFREG else {
                    bag.add(.fileUnreadable, file: shown, line: 1, column: 1, "not a regular file; it is skipped")
                    continue
                }
                let lower = name.lowercased()
                if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") || (lower.hasSuffix(".mdx") && !isKnowledgeBase) {
                    // `.mdx` (Docusaurus) is read as Markdown in docs mode (PageParser: its
                    // import/export lines are set aside and reported); a knowledge base has none.
                    // Read below, on every core.
                    pageFiles.append((relativePath, shown, realPath))
                } else if relative.isEmpty && (name == "site.yaml" || name == "sources.yaml") {
                    guard let bytes = readBytes(realPath) else {
                        bag.add(.fileUnreadable, file: shown, line: 1, column: 1, "cannot read file")
                        continue
                    }
                    let file = RawFile(relativePath: relativePath, displayPath: shown, bytes: bytes)
                    if name == "site.yaml" { result.siteYAML = file } else { result.sourcesYAML = file }
                } else {
                    result.assets.append(AssetFile(relativePath: relativePath, displayPath: shown, url: URL(fileURLWithPath: realPath)))
                }
            }
        }
        walk(root, relative: "")
        var vaultMarker: ObjCBool = false
        result.obsidianVault = fileManager.fileExists(atPath: root.appendingPathComponent(".obsidian").path, isDirectory: &vaultMarker)
            && vaultMarker.boolValue
        guard readingPages else {
            result.pages = pageFiles.map { RawFile(relativePath: $0.relativePath, displayPath: $0.shown, bytes: []) }
            result.unreadPagePaths = pageFiles.map(\.realPath)
            result.diagnostics = bag.items
            return result
        }
        let read = parallelMap(pageFiles) { file in readBytes(file.realPath) }
        for (file, bytes) in zip(pageFiles, read) {
            guard let bytes else {
                bag.add(.fileUnreadable, file: file.shown, line: 1, column: 1, "cannot read file")
                continue
            }
            result.pages.append(RawFile(relativePath: file.relativePath, displayPath: file.shown, bytes: bytes))
        }
        result.diagnostics = bag.items
        return result
    }
}

extension ContentLoader {
    /// Whether `url` is a folder (the project detectors: MkDocs, mdBook, Docusaurus).
    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `name` inside the folder the user named as `display` ("docs" + "x.md" → "docs/x.md";
    /// "." or "" → "x.md").
    static func joinDisplay(_ display: String, _ name: String) -> String {
        display.isEmpty || display == "." ? name : (display.hasSuffix("/") ? display + name : display + "/" + name)
    }
}
