import Foundation
import GroundworkDiagnostics
import GroundworkModel

/// Redirects from old URLs: an entry of a page's `aliases:` that is a path (it has a `/`:
/// `/old/setup/`, `guides/install.html`) writes a small page at that path which sends readers
/// on to the page. An entry without a `/` stays what it always was: another name wiki links can
/// use. So a renamed or moved page keeps its old URL working by listing it in `aliases`.
public enum Redirects {
    /// One redirect: the file it writes and the page it leads to.
    package struct Redirect: Sendable {
        package var outputPath: String
        package var page: Int
        package var alias: String
    }

    /// Whether an alias is an old URL rather than another name.
    package static func isURL(_ alias: String) -> Bool { alias.contains("/") }

    /// The file an old-URL alias writes: `/old/setup/` and `/old/setup` → `old/setup/index.html`,
    /// `/guides/install.html` → `guides/install.html`. Nil for an alias that cannot be a path
    /// inside the site (a scheme, `..`, a query or fragment, the root itself).
    package static func outputPath(for alias: String) -> String? {
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
    package static func isReserved(_ path: String) -> Bool {
        let lower = path.lowercased()
        // The generated pages' URLs (GroundworkRender: ReaderPages, BibliographyRendering).
        return ["404.html", "sitemap.xml", "sources.json", "glossary/index.html", "bibliography/index.html"].contains(lower)
            || ["assets/", "pagefind/", "tags/"].contains { lower.hasPrefix($0) }
    }

    /// Every page's URL aliases in page order; with the first claim on each path winning.
    /// `diagnostics` gets `page.alias-invalid` and `page.alias-collision` findings.
    package static func collect(site: Site, diagnostics: inout DiagnosticBag) -> [Redirect] {
        var taken: [String: String] = [:]  // output path → what is there, for messages
        // By index, reading stored fields: `for page in site.pages` copied every page.
        for index in site.pages.indices { taken[site.pages[index].url + "index.html"] = "the page \(site.pages[index].file)" }
        for section in site.sections.values where section.indexPage == nil {
            taken[section.url + "index.html"] = "the index of section '\(section.path)'"
        }
        for asset in site.assets.values { taken[asset] = "the file \(site.displayRoot)/\(asset)" }
        var redirects: [Redirect] = []
        for index in site.pages.indices where site.pages[index].frontMatter.aliases.contains(where: isURL) {
            let page = site.pages[index]  // the few pages with an old-URL alias are copied
            let at = page.frontMatter.locations["aliases"] ?? Location(file: page.file, line: 1, column: 1)
            for alias in page.frontMatter.aliases where isURL(alias) {
                guard let path = outputPath(for: alias) else {
                    diagnostics.add(.pageAliasInvalid, at: at, "alias '\(alias)' is not a path inside the site",
                                    notes: ["write an old URL as a path from the site root, e.g. /old/page/"])
                    continue
                }
                if let owner = taken[path] ?? taken[path.lowercased()] {
                    diagnostics.add(.pageAliasCollision, at: at, "alias '\(alias)' is the URL of \(owner)",
                                    notes: ["remove the alias, or move what is at that URL"])
                    continue
                }
                if isReserved(path) {
                    diagnostics.add(.pageAliasCollision, at: at, "alias '\(alias)' is a URL Groundwork writes itself",
                                    notes: ["choose another path"])
                    continue
                }
                taken[path] = "the alias '\(alias)' of \(page.file)"
                redirects.append(Redirect(outputPath: path, page: page.index, alias: alias))
            }
        }
        return redirects
    }
}
