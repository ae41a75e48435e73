import GroundworkModel
import GroundworkParse

/// Docusaurus' conventions for a page (issue 17 item 2): the front matter fields other tools
/// write, read in a docs folder, and the URL a Docusaurus site gives a doc, so links written
/// as site paths (`/docs/guides/intro`, `../guides/intro`) find the page.
package enum DocusaurusRoutes {
    /// Front matter of other tools applied in a docs folder: `description` as the summary,
    /// `sidebar_position` (Docusaurus, fractional allowed) as the order, `sidebar_label` as
    /// the title of a page with neither `title` nor a heading. `hide_title` changes only
    /// Docusaurus' page header: accepted, not applied.
    static func apply(_ fields: [String: String], to frontMatter: inout FrontMatter) {
        if frontMatter.summary == nil, let description = fields["description"], !description.isEmpty { frontMatter.summary = description }
        if frontMatter.order == nil, let position = fields["sidebar_position"].flatMap(Double.init) {
            // Scaled like `_category_` positions, so pages and folders interleave as in the sidebar.
            frontMatter.order = Int((position * 1000).rounded())
        }
    }

    /// A folder without `index.md`/`README.md` takes its index page as Docusaurus does: the
    /// doc its `_category_` `link` names (`{type: doc, id: intro}`), else the doc named like
    /// the folder (`guides/guides.md`).
    static func claimCategoryIndexes(_ parsed: [ParsedPage], config: SiteConfig, claimed: inout [String: String]) {
        var byFolder: [String: [ParsedPage]] = [:]
        for page in parsed { byFolder[SiteResolver.folderOf(page.relativePath), default: []].append(page) }
        for (folder, pages) in byFolder.sorted(by: { $0.key < $1.key }) where !folder.isEmpty && claimed[folder] == nil {
            func id(_ page: ParsedPage) -> String {
                let stem = strippingNumberPrefix(SiteResolver.stem(page.relativePath))
                return page.frontMatter.otherFields["id"] ?? stem
            }
            let wanted = config.folderIndexDocs[folder.lowercased()]
            let folderName = strippingNumberPrefix(SiteResolver.fileName(folder)).lowercased()
            let chosen = wanted.flatMap { wanted in pages.first { id($0) == wanted || folder + "/" + id($0) == wanted } }
                ?? pages.first { strippingNumberPrefix(SiteResolver.stem($0.relativePath)).lowercased() == folderName }
            if let chosen { claimed[folder] = SiteResolver.fileName(chosen.relativePath) }
        }
    }

    /// `01-intro` → `intro`: Docusaurus' default number prefix parser.
    package static func strippingNumberPrefix(_ name: String) -> String {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return name }
        var rest = name.dropFirst(digits.count).drop { $0 == " " }
        guard let separator = rest.first, separator == "-" || separator == "_" || separator == "." else { return name }
        // Versions and dates are not prefixes (`9-0`, `2021-01-01`): Docusaurus ignores a
        // number followed by a separator and another digit.
        if digits.count == name.count - rest.count, let next = rest.dropFirst().first, next.isASCII, next.isNumber { return name }
        rest = rest.drop { $0 == "-" || $0 == "_" || $0 == "." || $0 == " " }
        guard let first = rest.first, first != "-", first != "_", first != "." else { return name }
        return String(rest)
    }

    /// The site paths Docusaurus serves `page` at, lower-cased, without leading slash, with
    /// a trailing one: with the route base (`docs/guides/intro/`) and without it (what a
    /// relative link from a sibling resolves to here).
    static func routes(of page: Page, base: String) -> [String] {
        let parts = page.relativePath.split(separator: "/").map(String.init)
        let folders = parts.dropLast().map(strippingNumberPrefix)
        let stem = strippingNumberPrefix(SiteResolver.stem(page.relativePath))
        let id = page.frontMatter.otherFields["id"] ?? stem
        var path: String
        if let slug = page.frontMatter.otherFields["slug"] {
            path = slug.hasPrefix("/") ? slug : (folders + [slug]).joined(separator: "/")
        } else if ["index", "readme"].contains(stem.lowercased()) || (folders.last.map { $0.lowercased() == stem.lowercased() } ?? false) {
            // A folder's index page, or a page named like its folder: the folder's URL.
            path = folders.joined(separator: "/")
        } else {
            path = (folders + [id]).joined(separator: "/")
        }
        let clean = path.split(separator: "/").joined(separator: "/").lowercased()
        var keys = [clean.isEmpty ? "" : clean + "/"]
        if !base.isEmpty { keys.append(base.lowercased() + "/" + keys[0]) }
        // The file's own path without extension also names it (`./guides/intro`).
        let plain = (parts.dropLast() + [SiteResolver.stem(page.relativePath)]).joined(separator: "/").lowercased() + "/"
        if !keys.contains(plain) { keys.append(plain) }
        return keys
    }
}

extension LinkResolver {
    /// What a Docusaurus site makes of a link the file tree alone cannot place (nil: resolve
    /// it as usual): a relative path that climbs out of the docs into `static/`
    /// (`../../static/img/x.png`, served at `/img/x.png`), and a relative link without
    /// extension, which the browser resolves against the page's route, not its file
    /// (`./android` on a page whose `slug` is `/plugins/workflow` is `/plugins/android`).
    func docusaurusTarget(_ decodedPath: String, fragment: String?, from page: Page, isImage: Bool) -> LinkTarget? {
        guard !decodedPath.hasPrefix("/") else { return nil }
        var components = SiteResolver.folderOf(page.relativePath).split(separator: "/").map(String.init)
        var escaped: [String]?
        for segment in decodedPath.split(separator: "/", omittingEmptySubsequences: true) {
            if escaped != nil { escaped!.append(String(segment)); continue }
            switch segment {
            case ".": continue
            case "..": if components.isEmpty { escaped = [] } else { components.removeLast() }
            default: components.append(String(segment))
            }
        }
        if let escaped {
            // Out of the docs: only the static folder is known there.
            let prefix = (site.config.docusaurusStatic ?? "static").split(separator: "/").map(String.init)
            guard escaped.count > prefix.count, Array(escaped.prefix(prefix.count)) == prefix else { return nil }
            let path = escaped.dropFirst(prefix.count).joined(separator: "/")
            if let real = site.assets[path.lowercased()] { return .asset(real, fragment: fragment) }
            return .broken(.assetMissing, message: isImage ? "no image file for '\(decodedPath)'" : "no file for link '\(decodedPath)'",
                           notes: ["Docusaurus serves it from \(prefix.joined(separator: "/"))/\(path)"])
        }
        // Only links the file tree cannot place: a file or page that exists there wins.
        let lower = components.joined(separator: "/").lowercased()
        let name = SiteResolver.fileName(decodedPath)
        let lowerName = name.lowercased()
        if !isImage, lowerName.hasSuffix(".md") || lowerName.hasSuffix(".mdx"), site.pageByPath[lower] == nil {
            // Docusaurus tries a Markdown file link from the page's folder, then from the
            // docs folder's root (`api/Store.md` from `usage/x.md`).
            var fromRoot: [String] = []
            for segment in decodedPath.split(separator: "/", omittingEmptySubsequences: true) {
                switch segment {
                case ".": continue
                case "..": if fromRoot.isEmpty { return nil } else { fromRoot.removeLast() }
                default: fromRoot.append(String(segment))
                }
            }
            guard let index = site.pageByPath[fromRoot.joined(separator: "/").lowercased()] else { return nil }
            return check(fragment: fragment, onPage: index, from: page)
        }
        guard !isImage, !name.contains("."), site.pageByPath[lower + ".md"] == nil, site.pageByPath[lower + ".mdx"] == nil,
              site.pageByURL[lower + "/"] == nil, !site.folders.contains(lower),
              let route = DocusaurusRoutes.routes(of: page, base: "").first else { return nil }
        var routeComponents = route.split(separator: "/").map(String.init).dropLast()
        for segment in decodedPath.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if routeComponents.isEmpty { return nil } else { routeComponents.removeLast() }
            default: routeComponents.append(String(segment))
            }
        }
        let key = routeComponents.joined(separator: "/").lowercased() + "/"
        guard let index = site.pageByURL[key] else { return nil }
        return check(fragment: fragment, onPage: index, from: page)
    }
}
