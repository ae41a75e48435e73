import Foundation
import Templating

/// One good build of the site, held in memory for `groundwork serve`: the same files
/// `build` would write, without writing them. Each content page is rendered when first asked
/// for, the site pages (404, section indexes, tags, ...) all at once when the first of them is,
/// and both are then kept. Immutable from the outside and safe to share between requests.
public final class LiveSite: @unchecked Sendable {
    /// A file of the site: rendered bytes, or a file copied as is (an asset).
    public enum File: Sendable {
        case data(Data)
        case file(URL)
    }

    /// Counts good builds from 1; a page shows which one it came from.
    public let generation: Int
    public let pageCount: Int
    /// Diagnostics of this build (warnings only: a build with errors makes no LiveSite).
    public let diagnostics: [Diagnostic]
    private let renderer: SiteRenderer
    private let pageByOutputPath: [String: Int]
    private let copies: [String: URL]
    private let lock = NSLock()
    private var rendered: [String: Data] = [:]
    /// The site pages, rendered on first use (off the path from a save to the reload).
    private let siteFilesLock = NSLock()
    private var siteFilesStorage: Result<[String: Data], any Error>?
    /// Rendered pages kept at most (a writer browsing 10,000 pages should not keep them all).
    private static let cacheLimit = 1_000

    package init(generation: Int, analysis: Analysis, templates: TemplateSet, options: Options) throws {
        self.generation = generation
        pageCount = analysis.site.pages.count
        diagnostics = analysis.diagnostics
        renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                templates: templates, today: options.today, searchEnabled: false)
        var pages: [String: Int] = [:]
        for page in analysis.site.pages where pages[page.outputPath] == nil { pages[page.outputPath] = page.index }
        pageByOutputPath = pages
        // As `build` copies them: content assets, then the templates' assets.
        var copies: [String: URL] = [:]
        for asset in analysis.assets where copies[asset.relativePath] == nil { copies[asset.relativePath] = asset.url }
        for copy in Groundwork.templateAssets(options.templates) where copies[copy.to] == nil { copies[copy.to] = copy.from }
        self.copies = copies.filter { pages[$0.key] == nil }
    }

    /// Renders the site pages now (they are otherwise rendered on first use).
    public func prepare() throws {
        _ = try siteFiles()
    }

    private func siteFiles() throws -> [String: Data] {
        siteFilesLock.lock()
        defer { siteFilesLock.unlock() }
        if let siteFilesStorage { return try siteFilesStorage.get() }
        let result = Result { () throws -> [String: Data] in
            var files: [String: Data] = [:]
            for file in try renderer.renderSiteFiles() where pageByOutputPath[file.path] == nil { files[file.path] = file.contents }
            return files
        }
        siteFilesStorage = result
        return try result.get()
    }

    /// Whether the site has a file at this path (below the site root, no leading slash:
    /// `spectrum/rag/index.html`).
    public func contains(_ path: String) throws -> Bool {
        if pageByOutputPath[path] != nil || copies[path] != nil { return true }
        return try siteFiles()[path] != nil
    }

    /// Every path of the site, sorted.
    public func paths() throws -> [String] {
        let files = try siteFiles()
        return Set(Array(pageByOutputPath.keys) + Array(files.keys) + Array(copies.keys)).sorted()
    }

    /// The file at `path`, rendering a content page on first use; nil when there is none.
    public func file(at path: String) throws -> File? {
        if let index = pageByOutputPath[path] {
            lock.lock()
            let cached = rendered[path]
            lock.unlock()
            if let cached { return .data(cached) }
            let data = try renderer.renderPage(renderer.site.pages[index]).contents
            lock.lock()
            if rendered.count >= Self.cacheLimit { rendered.removeAll(keepingCapacity: true) }
            rendered[path] = data
            lock.unlock()
            return .data(data)
        }
        // Copied files before site pages, so that a page's styles never wait for the tag pages
        // to render. (`build` lets a rendered file win when both have one path; no site page
        // has the path of a template asset, and a content asset would need a reserved name.)
        if let url = copies[path] { return .file(url) }
        if let data = try siteFiles()[path] { return .data(data) }
        return nil
    }
}
