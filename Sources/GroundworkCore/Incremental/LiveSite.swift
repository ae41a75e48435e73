import Foundation
import Templating

/// One good build of the site, held in memory for `groundwork serve`: the same files
/// `build` would write, without writing them. Site pages (404, section indexes, ...) are
/// rendered when it is made; content pages when first asked for, then kept. Immutable from
/// the outside and safe to share between requests.
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
    private let siteFiles: [String: Data]
    private let copies: [String: URL]
    private let lock = NSLock()
    private var rendered: [String: Data] = [:]
    /// Rendered pages kept at most (a writer browsing 10,000 pages should not keep them all).
    private static let cacheLimit = 1_000

    init(generation: Int, analysis: Analysis, templates: TemplateSet, options: Options) throws {
        self.generation = generation
        pageCount = analysis.site.pages.count
        diagnostics = analysis.diagnostics
        renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                templates: templates, today: options.today, searchEnabled: false)
        var pages: [String: Int] = [:]
        for page in analysis.site.pages where pages[page.outputPath] == nil { pages[page.outputPath] = page.index }
        pageByOutputPath = pages
        var files: [String: Data] = [:]
        for file in try renderer.renderSiteFiles() where pages[file.path] == nil { files[file.path] = file.contents }
        siteFiles = files
        // As `build` copies them: content assets, then the templates' assets; a rendered file wins.
        var copies: [String: URL] = [:]
        for asset in analysis.assets where copies[asset.relativePath] == nil { copies[asset.relativePath] = asset.url }
        for copy in Groundwork.templateAssets(options.templates) where copies[copy.to] == nil { copies[copy.to] = copy.from }
        self.copies = copies.filter { pages[$0.key] == nil && files[$0.key] == nil }
    }

    /// Whether the site has a file at this path (below the site root, no leading slash:
    /// `spectrum/rag/index.html`).
    public func contains(_ path: String) -> Bool {
        pageByOutputPath[path] != nil || siteFiles[path] != nil || copies[path] != nil
    }

    /// Every path of the site, sorted.
    public var paths: [String] {
        (Array(pageByOutputPath.keys) + Array(siteFiles.keys) + Array(copies.keys)).sorted()
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
        if let data = siteFiles[path] { return .data(data) }
        if let url = copies[path] { return .file(url) }
        return nil
    }
}
