import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse

/// What other tools' configuration tells the site (issue 17 item 2): MkDocs' nav sections and
/// `toc` slugs, Docusaurus' route base and `_category_` files. Each adds what it found to
/// `config.conventions`, which the mode line prints.
enum DocsConventions {
    /// `mkdocs.yml`: the site name, the nav's page titles and order, its sections' titles and
    /// order (given to the folder holding a section's pages), and the `toc` extension's ids.
    static func apply(_ mkdocs: MkDocsConfig, to config: inout SiteConfig) {
        if let name = mkdocs.siteName, !name.isEmpty { config.title = name }
        for (position, page) in mkdocs.navPages.enumerated() {
            let key = page.path.lowercased()
            if let title = page.title, config.navTitles[key] == nil { config.navTitles[key] = title }
            if config.navOrder[key] == nil { config.navOrder[key] = position + 1 }
        }
        // A nav section names the folder all its pages are in (their deepest common folder):
        // outer sections first, so a section spread over sibling folders does not rename
        // their parent over the section that holds it.
        var sectionPages: [[String]: [(position: Int, folder: String)]] = [:]
        for (position, page) in mkdocs.navPages.enumerated() where !page.sections.isEmpty {
            let folder = page.path.split(separator: "/").dropLast().joined(separator: "/").lowercased()
            for depth in 1...page.sections.count {
                sectionPages[Array(page.sections.prefix(depth)), default: []].append((position + 1, folder))
            }
        }
        for (titles, pages) in sectionPages.sorted(by: { ($0.key.count, $0.value[0].position) < ($1.key.count, $1.value[0].position) }) {
            let folder = DocsCommonFolder.of(pages.map(\.folder))
            guard !folder.isEmpty, config.folderTitles[folder] == nil else { continue }
            config.folderTitles[folder] = titles.last!
            config.folderOrder[folder] = pages.map(\.position).min()
        }
        for folder in mkdocs.navFolders where config.folderTitles[folder.path.lowercased()] == nil {
            config.folderTitles[folder.path.lowercased()] = folder.title
            config.folderOrder[folder.path.lowercased()] = folder.position
        }
        if !mkdocs.navTree.isEmpty { config.explicitNav = mkdocs.navTree }
        config.headingIDs = mkdocs.headingIDStyle
        var notes = ["mkdocs.yml"]
        if !mkdocs.navPages.isEmpty { notes.append(config.folderTitles.isEmpty ? "nav" : "nav with sections") }
        notes.append("toc ids " + slugName(mkdocs))
        // Extensions whose syntax changes what a page means, as listed (attr_list, admonition,
        // pymdownx.snippets ...); how each is honoured is its own feature's business.
        // The rest of the pymdownx family is counted, to keep the mode line one line.
        let named = ["attr_list", "admonition", "md_in_html", "pymdownx.snippets", "pymdownx.superfences", "pymdownx.tabbed",
                     "pymdownx.details"]
        var noted = mkdocs.extensions.filter { named.contains($0) }
        let others = mkdocs.extensions.filter { $0.hasPrefix("pymdownx.") && !named.contains($0) }.count
        if others > 0 { noted.append("\(others) other pymdownx") }
        if !noted.isEmpty { notes.append("extensions " + noted.joined(separator: ", ")) }
        config.mkdocsHooks = mkdocs.hooks
        if !mkdocs.hooks.isEmpty { notes.append("hooks not run") }
        config.conventions.append(notes.joined(separator: ", "))
    }

    static func slugName(_ mkdocs: MkDocsConfig) -> String {
        switch mkdocs.headingIDStyle {
        case .github: return "github"
        case .pythonMarkdown(let unicode, _): return unicode ? "slugify_unicode" : "slugify"
        case .pymdownx(let letterCase, _, _): return "pymdownx.slugs (case \(letterCase))"
        }
    }

    /// A Docusaurus project: its docs' route base (for links written as site URLs), and each
    /// folder's `_category_.json`/`.yml` label and position.
    static func applyDocusaurus(_ file: RawFile, assets: [AssetFile], to config: inout SiteConfig) {
        let text = String(decoding: file.bytes, as: UTF8.self)
        let base = DocusaurusProject.docsURLPrefix(in: text)
        config.docusaurusRouteBase = base
        config.docusaurusSiteURL = DocusaurusProject.siteURL(in: text)
        // The site's title is Docusaurus' own, as mkdocs.yml's `site_name` is MkDocs'.
        if let title = DocusaurusProject.siteTitle(in: text) { config.title = title }
        var categories = 0
        // Positions are fractional in Docusaurus (1.5): kept in order by scaling.
        for asset in assets {
            let name = asset.relativePath.split(separator: "/").last.map(String.init) ?? asset.relativePath
            guard name == "_category_.json" || name == "_category_.yml" || name == "_category_.yaml",
                  let bytes = try? Data(contentsOf: asset.url),
                  let category = DocusaurusCategory.parse(String(decoding: bytes, as: UTF8.self), isJSON: name.hasSuffix(".json")) else { continue }
            let folder = asset.relativePath.split(separator: "/").dropLast().joined(separator: "/").lowercased()
            categories += 1
            if let label = category.label, !label.isEmpty { config.folderTitles[folder] = label }
            if let position = category.position { config.folderOrder[folder] = Int((position * 1000).rounded()) }
            if category.linkType == "doc", let id = category.linkID, !id.isEmpty { config.folderIndexDocs[folder] = id }
        }
        var notes = ["Docusaurus (\(file.displayPath))", "routes /" + base]
        if categories > 0 { notes.append("_category_ files") }
        config.conventions.append(notes.joined(separator: ", "))
    }

    /// A Hugo site (HugoProject.swift): its title, its heading ids, Hugo's front matter fields,
    /// and its shortcodes (read by the parser). What the loader's one read of the configuration
    /// found wrong is reported here.
    static func applyHugo(_ hugo: HugoProject, to config: inout SiteConfig, bag: inout DiagnosticBag) {
        bag.append(contentsOf: hugo.configDiagnostics)
        if let title = hugo.title, !title.isEmpty { config.title = title }
        config.headingIDs = hugo.headingIDStyle
        config.isHugo = true
        config.aliasesDisabled = hugo.disableAliases
        if hugo.autoDefinitionTermID { config.definitionTermIDs = true }
        config.hugoLinkRenderHook = hugo.linkRenderHook
        config.hugoImageRenderHook = hugo.imageRenderHook
        let hooks = [hugo.linkRenderHook.map { _ in "link" }, hugo.imageRenderHook.map { _ in "image" }].compactMap { $0 }
        config.conventions.append("Hugo (\(hugo.configName)), ids \(hugo.autoHeadingIDType), shortcodes"
            + (hugo.autoDefinitionTermID ? ", definition term ids" : "")
            + (hooks.isEmpty ? "" : ", \(hooks.joined(separator: " and ")) render hook" + (hooks.count == 2 ? "s" : ""))
            + (hugo.disableAliases ? ", aliases disabled" : ""))
    }
}

extension DocsConventions {
    /// A Docusaurus project's sidebars file (DocusaurusSidebars.swift): read (JavaScript run
    /// with Node.js), laid onto the folder nav (DocusaurusSidebarNav.swift), and named in the
    /// mode line; when it cannot be read, the folder order stays and a warning says why.
    static func applyDocusaurusSidebars(config file: RawFile, folder: URL, pages: [ParsedPage], environment: [String: String],
                                        to config: inout SiteConfig, bag: inout DiagnosticBag) {
        let folderDisplay = file.displayPath.contains("/") ? String(file.displayPath[..<file.displayPath.lastIndex(of: "/")!]) : "."
        let (node, run) = NodeEvaluator.locate(environment: environment)
        let note: String
        switch DocusaurusSidebars.read(configText: String(decoding: file.bytes, as: UTF8.self), folder: folder,
                                       folderDisplay: folderDisplay, node: node, run: run) {
        case .none:
            return
        case .read(let sidebars):
            DocusaurusSidebarNav.apply(sidebars, pages: pages, to: &config, bag: &bag)
            note = fileName(sidebars.display) + (sidebars.sidebars.count == 1 ? "" : " (\(sidebars.sidebars.count) sidebars)")
        case .disabled(let display):
            note = fileName(display) + " not run (GROUNDWORK_NODE=off): folder order"
        case .unread(let display, let reason):
            bag.add(.docusaurusSidebarsUnread, file: display, line: 1, column: 1,
                    "sidebars file not read (\(reason)); the nav keeps the folder order")
            note = fileName(display) + " not read: folder order"
        }
        if let index = config.conventions.lastIndex(where: { $0.hasPrefix("Docusaurus (") }) {
            config.conventions[index] += ", " + note
        } else {
            config.conventions.append(note)
        }
    }

    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
