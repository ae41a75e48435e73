import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve

/// The pages that old URLs (`aliases` with a `/`, Redirects.swift in GroundworkResolve) write.
enum RedirectPages {
    /// A redirect page: a refresh to the page, its canonical URL, and a plain link for readers
    /// whose browser does not follow the refresh. Not a template: it has no theme to show.
    static func page(for redirect: Redirects.Redirect, site: Site) -> String {
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
            OutputFile(path: redirect.outputPath, contents: Data(RedirectPages.page(for: redirect, site: site).utf8), template: nil)
        }
    }
}
