import Foundation

/// Redirects from old URLs: an entry of a page's `aliases:` that is a path (it has a `/`:
/// `/old/setup/`, `guides/install.html`) writes a small page at that path which sends readers
/// on to the page. An entry without a `/` stays what it always was: another name wiki links can
/// use. So a renamed or moved page keeps its old URL working by listing it in `aliases`.
public enum Redirects {
    /// One redirect: the file it writes and the page it leads to.
    struct Redirect {
        var outputPath: String
        var page: Int
        var alias: String
    }

    /// Whether an alias is an old URL rather than another name.
    static func isURL(_ alias: String) -> Bool { alias.contains("/") }

    /// The file an old-URL alias writes: `/old/setup/` and `/old/setup` → `old/setup/index.html`,
    /// `/guides/install.html` → `guides/install.html`. Nil for an alias that cannot be a path
    /// inside the site (a scheme, `..`, a query or fragment, the root itself).
    static func outputPath(for alias: String) -> String? {
        var path = alias.trimmingCharacters(in: .whitespaces)
        guard !path.contains("://"), !path.contains("?"), !path.contains("#"), !path.contains("\\") else { return nil }
        while path.hasPrefix("/") { path.removeFirst() }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }),
              !parts.dropLast().contains(where: \.isEmpty) else { return nil }
        let lower = path.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return path }
        return path.hasSuffix("/") ? path + "index.html" : path + "/index.html"
    }

    /// Paths the generator writes itself (besides pages and section indexes): an alias there
    /// would be overwritten or would overwrite them.
    static func isReserved(_ path: String) -> Bool {
        let lower = path.lowercased()
        return ["404.html", "sitemap.xml", "sources.json", SiteRenderer.glossaryURL + "index.html",
                SiteRenderer.bibliographyURL + "index.html"].contains(lower)
            || ["assets/", "pagefind/", SiteRenderer.tagsURL].contains { lower.hasPrefix($0) }
    }

    /// Every page's URL aliases in page order; with the first claim on each path winning.
    /// `diagnostics` gets `page.alias-invalid` and `page.alias-collision` findings.
    static func collect(site: Site, diagnostics: inout DiagnosticBag) -> [Redirect] {
        var taken: [String: String] = [:]  // output path → what is there, for messages
        for page in site.pages { taken[page.outputPath] = "the page \(page.file)" }
        for section in site.sections.values where section.indexPage == nil {
            taken[section.url + "index.html"] = "the index of section '\(section.path)'"
        }
        for asset in site.assets.values { taken[asset] = "the file \(site.displayRoot)/\(asset)" }
        var redirects: [Redirect] = []
        for page in site.pages {
            let at = page.frontMatter.locations["aliases"] ?? Location(file: page.file, line: 1, column: 1)
            for alias in page.frontMatter.aliases where isURL(alias) {
                guard let path = outputPath(for: alias) else {
                    diagnostics.add("page.alias-invalid", at: at, "alias '\(alias)' is not a path inside the site",
                                    notes: ["write an old URL as a path from the site root, e.g. /old/page/"])
                    continue
                }
                if let owner = taken[path] ?? taken[path.lowercased()] {
                    diagnostics.add("page.alias-collision", at: at, "alias '\(alias)' is the URL of \(owner)",
                                    notes: ["remove the alias, or move what is at that URL"])
                    continue
                }
                if isReserved(path) {
                    diagnostics.add("page.alias-collision", at: at, "alias '\(alias)' is a URL Groundwork writes itself",
                                    notes: ["choose another path"])
                    continue
                }
                taken[path] = "the alias '\(alias)' of \(page.file)"
                redirects.append(Redirect(outputPath: path, page: page.index, alias: alias))
            }
        }
        return redirects
    }

    /// The check: aliases that cannot be written, or that collide with a page, a generated
    /// page, a file or another alias.
    static let check: Check = { context in
        var bag = DiagnosticBag()
        _ = collect(site: context.site, diagnostics: &bag)
        return bag.items
    }

    /// A redirect page: a refresh to the page, its canonical URL, and a plain link for readers
    /// whose browser does not follow the refresh. Not a template: it has no theme to show.
    static func page(for redirect: Redirect, site: Site) -> String {
        let target = site.pages[redirect.page]
        let from = redirect.outputPath.hasSuffix("/index.html")
            ? String(redirect.outputPath.dropLast("index.html".count))
            : String(redirect.outputPath[..<(redirect.outputPath.lastIndex(of: "/").map { redirect.outputPath.index(after: $0) } ?? redirect.outputPath.startIndex)])
        var href = URLPaths.relative(from: from, to: target.url)
        if href.isEmpty { href = "./" }
        var canonical = href
        if !site.config.baseURL.isEmpty {
            canonical = (site.config.baseURL.hasSuffix("/") ? site.config.baseURL : site.config.baseURL + "/") + URLPaths.percentEncode(target.url)
        }
        let title = HTML.escape(target.title)
        return """
        <!DOCTYPE html>
        <html lang="\(HTML.escape(site.config.language))">
        <head>
        <meta charset="utf-8">
        <title>\(title) · \(HTML.escape(site.config.title))</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <meta http-equiv="refresh" content="0; url=\(HTML.escape(href))">
        <link rel="canonical" href="\(HTML.escape(canonical))">
        </head>
        <body>
        <main>
        <h1>\(title)</h1>
        <p>This page has moved to <a href="\(HTML.escape(href))">\(title)</a>.</p>
        </main>
        </body>
        </html>

        """
    }
}

extension SiteRenderer {
    /// The redirect pages of every page's URL aliases (Redirects). Those the check reported are
    /// not written, so a page is never replaced even when the check is turned off.
    func redirectFiles() -> [OutputFile] {
        var ignored = DiagnosticBag()
        return Redirects.collect(site: site, diagnostics: &ignored).map { redirect in
            OutputFile(path: redirect.outputPath, contents: Data(Redirects.page(for: redirect, site: site).utf8), template: nil)
        }
    }
}
