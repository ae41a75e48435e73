import Foundation
import Synchronization
import Templating

/// One good build of the site, held in memory for `groundwork serve`: the same files
/// `build` would write, without writing them. Each content page is rendered when first asked
/// for, the site pages (404, section indexes, tags, ...) all at once when the first of them is,
/// and both are then kept. Immutable from the outside and safe to share between requests.
public final class LiveSite: Sendable {
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
    /// Content pages rendered so far, by output path.
    private let rendered = Mutex<[String: Data]>([:])
    /// Pages being rendered now, by output path: a request for one waits for that rendering
    /// instead of rendering it a second time (the edited page is rendered as soon as the
    /// build is done, and the browser's request usually arrives meanwhile).
    private let inFlight = Mutex<[String: DispatchGroup]>([:])
    /// Output path of each content page, by content-relative path.
    private let outputPathByContentPath: [String: String]
    /// The site pages, rendered on first use (off the path from a save to the reload); the
    /// lock is held while they render, so they render once.
    private let siteFilesStorage = Mutex<Result<[String: Data], any Error>?>(nil)
    /// Rendered pages kept at most (a writer browsing 10,000 pages should not keep them all).
    private static let cacheLimit = 1_000

    /// True when this site replaced one with the same pages, paths, URLs, titles, front
    /// matter, assets and templates (an edit of page bodies only): its site pages (tags,
    /// glossary, section indexes, ...) are then rendered only when one is asked for, not
    /// in the background after the reload (see `PreviewServer.apply`).
    public let shapeKept: Bool

    /// - Parameters:
    ///   - previous: the site this one replaces, when the pages' paths and URLs, titles,
    ///     front matter, the assets and the templates are all unchanged: its tables of paths
    ///     and its glossary are reused.
    ///   - sourcesKept: sources.yaml is also unchanged since `previous`: its renderer's
    ///     memo (nav, rendered nav fragments, reference contexts) is reused too.
    package init(generation: Int, analysis: Analysis, templates: TemplateSet, options: Options, previous: LiveSite? = nil,
                 sourcesKept: Bool = false) throws {
        self.generation = generation
        pageCount = analysis.site.pages.count
        diagnostics = analysis.diagnostics
        let sameShape = previous?.pageCount == analysis.site.pages.count
        shapeKept = sameShape
        var renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                    templates: templates, today: options.today, searchEnabled: false,
                                    glossary: sameShape ? previous?.renderer.glossary : nil)
        if sameShape, sourcesKept, let previous { renderer = renderer.reusingMemo(of: previous.renderer) }
        renderer.usesRecordedLinkTargets = false  // the patched link graph is not trusted for output
        self.renderer = renderer
        options.profiler?.lap("site: renderer")
        if let previous, sameShape {
            pageByOutputPath = previous.pageByOutputPath
            outputPathByContentPath = previous.outputPathByContentPath
            copies = previous.copies
            return
        }
        var pages: [String: Int] = [:]
        for page in analysis.site.pages where pages[page.outputPath] == nil { pages[page.outputPath] = page.index }
        pageByOutputPath = pages
        outputPathByContentPath = Dictionary(analysis.site.pages.map { ($0.relativePath, $0.outputPath) }, uniquingKeysWith: { a, _ in a })
        // As `build` copies them: content assets, then the templates' assets.
        var copies: [String: URL] = [:]
        for asset in analysis.assets where copies[asset.relativePath] == nil { copies[asset.relativePath] = asset.url }
        for copy in Groundwork.templateAssets([options.templates] + options.templateFallbacks) where copies[copy.to] == nil { copies[copy.to] = copy.from }
        self.copies = copies.filter { pages[$0.key] == nil }
    }

    /// Renders the site pages now (they are otherwise rendered on first use).
    public func prepare() throws {
        _ = try siteFiles()
    }

    private func siteFiles() throws -> [String: Data] {
        try siteFilesStorage.withLock { storage in
            if let storage { return try storage.get() }
            let result = Result { () throws -> [String: Data] in
                var files: [String: Data] = [:]
                for file in try renderer.renderSiteFiles() where pageByOutputPath[file.path] == nil { files[file.path] = file.contents }
                return files
            }
            storage = result
            return try result.get()
        }
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

    /// Renders these content pages (content-relative paths) now, so that the browser's
    /// request after the reload finds them rendered or being rendered. Site pages are not
    /// waited for: they follow (`prepare`).
    public func prerender(contentPaths: Set<String>) {
        for path in contentPaths.sorted() {
            guard let output = outputPathByContentPath[path] else { continue }
            _ = try? file(at: output)
        }
    }

    /// The file at `path`, rendering a content page on first use; nil when there is none.
    public func file(at path: String) throws -> File? {
        if let index = pageByOutputPath[path] {
            while true {
                if let cached = rendered.withLock({ $0[path] }) { return .data(cached) }
                // Someone is rendering it: wait for that, then read the cache (or render it
                // here if it was dropped from the cache or failed meanwhile).
                let (group, mine) = inFlight.withLock { inFlight -> (DispatchGroup, Bool) in
                    if let group = inFlight[path] { return (group, false) }
                    let group = DispatchGroup()
                    group.enter()
                    inFlight[path] = group
                    return (group, true)
                }
                if !mine {
                    group.wait()
                    if let cached = rendered.withLock({ $0[path] }) { return .data(cached) }
                    continue
                }
                defer {
                    _ = inFlight.withLock { $0.removeValue(forKey: path) }
                    group.leave()
                }
                // Rendered outside the locks: pages render side by side.
                let data = try renderer.renderPage(renderer.site.pages[index]).contents
                rendered.withLock { rendered in
                    if rendered.count >= Self.cacheLimit { rendered.removeAll(keepingCapacity: true) }
                    rendered[path] = data
                }
                return .data(data)
            }
        }
        // Copied files before site pages, so that a page's styles never wait for the tag pages
        // to render. (`build` lets a rendered file win when both have one path; no site page
        // has the path of a template asset, and a content asset would need a reserved name.)
        if let url = copies[path] { return .file(url) }
        if let data = try siteFiles()[path] { return .data(data) }
        return nil
    }
}
