import Foundation
import Templating

/// The outcome of one incremental rebuild.
public struct RebuildOutcome: Sendable {
    /// Every diagnostic of the new state (severity overrides applied, sorted), plus template
    /// errors; `report.failed` means the site was not replaced.
    public var report: Report
    /// The new site, when the build has no errors; nil when it failed or nothing changed.
    public var site: LiveSite?
    /// False when no input changed since the previous rebuild (nothing was redone).
    public var changed: Bool
    /// Pages parsed again (the rest came from the cache).
    public var reparsed: Int
    /// True when the content folder was read again in full (files created, deleted or renamed).
    public var fullReload: Bool
    /// Where the time went, in milliseconds, in stage order.
    public var timings: [(stage: String, milliseconds: Double)]

    /// Whether the build has errors (the last good site stays served).
    public var failed: Bool { report.failed || report.configurationFailed }
    public var totalMilliseconds: Double { timings.reduce(0) { $0 + $1.milliseconds } }
}

/// Rebuilds a site again and again as its files change, redoing only what changed: the pages
/// whose bytes changed are parsed again (parsed pages are cached by path and content), then
/// resolution, the link graph and every cross-page check run over the whole site, as in
/// `check`. Rendering is left to the returned `LiveSite`, which renders the site pages (404,
/// section indexes, ...) at once and each content page when it is first asked for.
///
/// Not for concurrent use: one caller (the preview's rebuild thread) calls `rebuild`; the
/// `LiveSite`s it returns are immutable and may be shared freely.
public final class IncrementalBuilder: @unchecked Sendable {
    public let options: Options
    private let lock = NSLock()
    private var loaded: LoadedContent?
    /// Page index in `loaded.pages` by content-relative path.
    private var pageIndex: [String: Int] = [:]
    private var assetPaths: Set<String> = []
    private var folders: Set<String> = []
    /// Whether a page or folder is a symbolic link (then a file can change under another path).
    private var hasSymlinks = false
    private var parseCache: [String: CachedParse] = [:]
    private var templates: TemplateSet?
    private var templateDiagnostic: Diagnostic?
    private var generation = 0
    private var lastAnalysis: Analysis?
    /// site.yaml as of `lastAnalysis` (a change there can change how every link resolves).
    private var previousSiteYAML: [UInt8]?
    private let sourcesCache = SourcesCache()

    private struct CachedParse {
        var displayPath: String
        var bytes: [UInt8]
        var page: ParsedPage
        var diagnostics: [Diagnostic]
    }

    public init(options: Options) {
        self.options = options
    }

    /// Rebuilds after a change.
    /// - Parameters:
    ///   - changedPaths: content-relative paths a watcher saw change (modified, created,
    ///     deleted, renamed), or nil when unknown (the first build, a watcher overflow): then
    ///     the whole content folder is read again. Only pages whose bytes differ are parsed.
    ///   - templatesChanged: reload the templates.
    /// - Throws: `EnvironmentError` when the content folder cannot be read.
    public func rebuild(changedPaths: Set<String>?, templatesChanged: Bool) throws -> RebuildOutcome {
        lock.lock()
        defer { lock.unlock() }
        var timer = StageTimer()
        func lap(_ stage: String) { timer.lap(stage) }

        // 1. Templates (few files: compiled again whenever any changed).
        let templatesDirty = templatesChanged || templates == nil && templateDiagnostic == nil
        if templatesDirty {
            loadTemplates()
            lap("templates")
        }

        // 2. Content: patch the files that changed in place, or read the folder again.
        var contentDirty = false
        var fullReload = false
        if let changedPaths, loaded != nil {
            switch patch(changedPaths) {
            case .unchanged: break
            case .patched: contentDirty = true
            case .structural:
                try reloadAll()
                contentDirty = true
                fullReload = true
            }
        } else {
            try reloadAll()
            contentDirty = true
            fullReload = true
        }
        lap(fullReload ? "read (whole folder)" : "read")
        if !contentDirty && !templatesDirty, let lastAnalysis {
            // Nothing changed (an editor touched a file, or wrote the same bytes).
            let report = Groundwork.report(lastAnalysis.diagnostics + (templateDiagnostic.map { [$0] } ?? []),
                                           config: lastAnalysis.site.config,
                                           pageCount: lastAnalysis.site.pages.count, options: options)
            return RebuildOutcome(report: report, site: nil, changed: false, reparsed: 0, fullReload: false,
                                  timings: timer.timings)
        }
        // 3. Parse (only cache misses), resolve, link graph, checks — unless only templates
        //    changed: the analysis does not depend on them.
        var reparsed = 0
        let analysis: Analysis
        if !contentDirty, let previous = lastAnalysis {
            analysis = previous
        } else {
            var parseTime = 0.0
            var linkTime = 0.0
            var changedPages: Set<String> = []
            var relinked = 0
            let previous = lastAnalysis
            let configChanged = previousSiteYAML != loaded!.siteYAML?.bytes
            analysis = try Groundwork.analyze(loaded!, options: options, parse: { files in
                let start = ContinuousClock.now
                defer { parseTime = Self.milliseconds(start.duration(to: .now)) }
                let result = parse(files)
                reparsed = result.reparsed
                changedPages = result.changed
                return result.pages
            }, linkGraph: { site in
                let start = ContinuousClock.now
                defer { linkTime = Self.milliseconds(start.duration(to: .now)) }
                let (graph, count) = Self.linkGraph(site, previous: configChanged ? nil : previous, changed: changedPages)
                relinked = count
                return graph
            }, parseSources: sourcesCache.parse)
            lap("resolve + checks")
            timer.timings[timer.timings.count - 1].1 -= parseTime + linkTime
            timer.timings.insert(("parse", parseTime), at: timer.timings.count - 1)
            timer.timings.insert(("links (\(relinked) pages)", linkTime), at: timer.timings.count - 1)
            previousSiteYAML = loaded!.siteYAML?.bytes
        }
        lastAnalysis = analysis

        var diagnostics = analysis.diagnostics
        if let templateDiagnostic { diagnostics.append(templateDiagnostic) }
        var report = Groundwork.report(diagnostics, config: analysis.site.config, pageCount: analysis.site.pages.count,
                                       options: { var o = options; o.only = []; return o }())
        guard !report.failed, !report.configurationFailed, let templates else {
            return RebuildOutcome(report: report, site: nil, changed: true, reparsed: reparsed, fullReload: fullReload,
                                  timings: timer.timings)
        }

        // 4. Pages are rendered on request (see `LiveSite`).
        do {
            generation += 1
            let site = try LiveSite(generation: generation, analysis: analysis, templates: templates, options: options)
            lap("site")
            return RebuildOutcome(report: report, site: site, changed: true, reparsed: reparsed, fullReload: fullReload,
                                  timings: timer.timings)
        } catch {
            let message = (error as? EnvironmentError)?.message ?? (error as? TemplateError)?.description ?? "\(error)"
            report.diagnostics.append(Diagnostic(code: "template.invalid", severity: .error,
                                                 file: options.templates.path, line: 1, column: 1, message: message))
            report.failed = true
            return RebuildOutcome(report: report, site: nil, changed: true, reparsed: reparsed, fullReload: fullReload,
                                  timings: timer.timings)
        }
    }

    /// Wall time of consecutive stages: `lap` closes the stage that just ended.
    package struct StageTimer {
        var timings: [(String, Double)] = []
        private var clock = ContinuousClock.now

        mutating func lap(_ stage: String) {
            let now = ContinuousClock.now
            timings.append((stage, IncrementalBuilder.milliseconds(clock.duration(to: now))))
            clock = now
        }
    }

    package static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    // MARK: Templates

    private func loadTemplates() {
        do {
            let set = try TemplateSet(directory: options.templates)
            templates = set
            templateDiagnostic = nil
            for name in SiteRenderer.requiredTemplates where !set.contains(name) {
                templateDiagnostic = Diagnostic(code: "template.invalid", severity: .error,
                                                file: set.directory.appendingPathComponent(name + ".mustache").path,
                                                line: 1, column: 1, message: "missing template '\(name)'")
                templates = nil
                break
            }
        } catch let error as TemplateError {
            templates = nil
            templateDiagnostic = Diagnostic(code: "template.invalid", severity: .error, file: error.file,
                                            line: error.line ?? 1, column: error.column ?? 1, message: error.message)
        } catch {
            templates = nil
            templateDiagnostic = Diagnostic(code: "template.invalid", severity: .error, file: options.templates.path,
                                            line: 1, column: 1, message: "\(error)")
        }
    }

    // MARK: Content

    private enum PatchResult { case unchanged, patched, structural }

    /// Applies in-place modifications to the loaded content. Anything else — a file or folder
    /// created, deleted or renamed, a symbolic link — asks for a full reload.
    private func patch(_ paths: Set<String>) -> PatchResult {
        guard var content = loaded, !hasSymlinks else { return .structural }
        let fileManager = FileManager.default
        var changed = false
        for path in paths.sorted() {
            let components = path.split(separator: "/")
            guard !components.isEmpty else { return .structural }
            let url = options.content.appendingPathComponent(path)
            var info = stat()
            let exists = lstat(url.path, &info) == 0
            let isRegular = exists && (info.st_mode & S_IFMT) == S_IFREG
            let known = pageIndex[path] != nil || assetPaths.contains(path) || folders.contains(path)
                || (path == "site.yaml" && content.siteYAML != nil) || (path == "sources.yaml" && content.sourcesYAML != nil)
            if !known {
                // The loader skips hidden files and folders (editor swap files, `.git`).
                if components.contains(where: { $0.hasPrefix(".") }) { continue }
                // Created and deleted again before we looked (vim's `4913` probe): no change.
                if !exists { continue }
                return .structural
            }
            guard isRegular else { return .structural }  // deleted, replaced by a folder or a link
            if assetPaths.contains(path) { changed = true; continue }
            guard let data = fileManager.contents(atPath: url.path) else { return .structural }
            let bytes = [UInt8](data)
            if path == "site.yaml" {
                if content.siteYAML!.bytes != bytes { content.siteYAML!.bytes = bytes; changed = true }
            } else if path == "sources.yaml" {
                if content.sourcesYAML!.bytes != bytes { content.sourcesYAML!.bytes = bytes; changed = true }
            } else if let index = pageIndex[path] {
                if content.pages[index].bytes != bytes { content.pages[index].bytes = bytes; changed = true }
            } else {
                return .structural  // a known folder whose path is now a file
            }
        }
        loaded = content
        return changed ? .patched : .unchanged
    }

    private func reloadAll() throws {
        let content = try ContentLoader.load(root: options.content, displayRoot: options.contentDisplay)
        loaded = content
        pageIndex = [:]
        for (index, page) in content.pages.enumerated() { pageIndex[page.relativePath] = index }
        assetPaths = Set(content.assets.map(\.relativePath))
        folders = []
        for path in content.pages.map(\.relativePath) + content.assets.map(\.relativePath) {
            var folder = path
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                folders.insert(folder)
            }
        }
        // Symbolic links inside the content mean a file can change under another path: patching
        // by path is not safe then, and every change reloads the folder (see `patch`).
        hasSymlinks = (content.pages.map(\.relativePath) + Array(folders)).contains { path in
            var info = stat()
            return lstat(options.content.appendingPathComponent(path).path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
        }
    }

    /// The link graph, redoing only the pages a change can affect: the changed pages, the pages
    /// that linked to them (their anchors may have changed), pages with a broken link (the
    /// change may fix it), and — when a changed page's title, term or aliases changed — every
    /// page with a wiki link. Anything else (pages added, removed or reordered, site.yaml
    /// changed, no previous graph) resolves every page. Returns the graph and how many pages
    /// were resolved.
    package static func linkGraph(_ site: Site, previous: Analysis?, changed: Set<String>) -> (LinkGraph, Int) {
        guard let previous, previous.site.pages.count == site.pages.count, previous.links.occurrences.count == site.pages.count,
              zip(previous.site.pages, site.pages).allSatisfy({ $0.relativePath == $1.relativePath && $0.url == $1.url })
        else { return (LinkGraph(site: site), site.pages.count) }
        var redo = Set<Int>()
        var wikiKeysChanged = false
        for page in site.pages where changed.contains(page.relativePath) {
            redo.insert(page.index)
            redo.formUnion(previous.links.incoming[page.index])
            let old = previous.site.pages[page.index]
            if old.title != page.title || old.frontMatter.term != page.frontMatter.term
                || old.frontMatter.alsoKnownAs != page.frontMatter.alsoKnownAs || old.frontMatter.aliases != page.frontMatter.aliases {
                wikiKeysChanged = true
            }
        }
        for (index, links) in previous.links.occurrences.enumerated() where !redo.contains(index) {
            for link in links {
                if case .broken = link.target { redo.insert(index); break }
                if wikiKeysChanged && link.kind == .wiki { redo.insert(index); break }
            }
        }
        let resolver = LinkResolver(site: site)
        let indexes = redo.sorted()
        let fresh = parallelMap(indexes) { LinkGraph.links(in: site.pages[$0], resolver: resolver) }
        let freshCitations = parallelMap(indexes) { LinkGraph.citations(in: site.pages[$0]) }
        var graph = previous.links
        for (offset, from) in indexes.enumerated() {
            // Move this page's entries in `incoming` from its old targets to its new ones.
            let before = Self.targets(of: graph.occurrences[from], from: from)
            let after = Self.targets(of: fresh[offset], from: from)
            for to in before.subtracting(after) {
                if let position = graph.incoming[to].firstIndex(of: from) { graph.incoming[to].remove(at: position) }
            }
            for to in after.subtracting(before) {
                let position = graph.incoming[to].firstIndex { $0 > from } ?? graph.incoming[to].endIndex
                graph.incoming[to].insert(from, at: position)
            }
            graph.occurrences[from] = fresh[offset]
            graph.citations[from] = freshCitations[offset]
        }
        return (graph, indexes.count)
    }

    /// The pages a page's links lead to (itself excepted), as `LinkGraph.incoming` counts them.
    private static func targets(of links: [LinkOccurrence], from: Int) -> Set<Int> {
        var result = Set<Int>()
        for link in links {
            if case .page(let to, _) = link.target, to != from { result.insert(to) }
        }
        return result
    }

    /// Parses the pages whose bytes are not in the cache; the cache keeps exactly `files`.
    private func parse(_ files: [RawFile]) -> (pages: [(ParsedPage, [Diagnostic])], reparsed: Int, changed: Set<String>) {
        var misses: [Int] = []
        for (index, file) in files.enumerated() {
            // `==` on arrays sharing storage (every unchanged page after a patch) is O(1).
            guard let cached = parseCache[file.relativePath], cached.displayPath == file.displayPath, cached.bytes == file.bytes
            else { misses.append(index); continue }
        }
        let parsed = parallelMap(misses.map { files[$0] }) { PageParser.parse($0) }
        for (offset, index) in misses.enumerated() {
            let file = files[index]
            parseCache[file.relativePath] = CachedParse(displayPath: file.displayPath, bytes: file.bytes,
                                                        page: parsed[offset].0, diagnostics: parsed[offset].1)
        }
        if parseCache.count != files.count {
            // Files went away: forget them.
            let kept = Set(files.map(\.relativePath))
            parseCache = parseCache.filter { kept.contains($0.key) }
        }
        let pages = files.map { file -> (ParsedPage, [Diagnostic]) in
            let cached = parseCache[file.relativePath]!
            return (cached.page, cached.diagnostics)
        }
        return (pages, misses.count, Set(misses.map { files[$0].relativePath }))
    }

    // MARK: Profiling

    /// Runs the cross-page stages once more on the current state, timing each on its own
    /// (for BENCHMARKS.md: where a rebuild's time goes). Returns an empty list before the
    /// first rebuild.
    public func profileStages() -> [(stage: String, milliseconds: Double)] {
        lock.lock()
        defer { lock.unlock() }
        guard let loaded, let lastAnalysis else { return [] }
        var timer = StageTimer()
        func lap(_ stage: String) { timer.lap(stage) }
        var bag = DiagnosticBag()
        var config = lastAnalysis.site.config
        if let file = loaded.siteYAML, case .text(let text) = TextDecoding.decode(file.bytes) {
            config = SiteConfig.parse(text, file: file.displayPath, defaultTitle: config.title, bag: &bag)
        }
        lap("site.yaml")
        var sources = lastAnalysis.sources
        if let file = loaded.sourcesYAML, case .text(let text) = TextDecoding.decode(file.bytes) {
            sources = SourceLibrary.parse(text, file: file.displayPath, bag: &bag)
        }
        lap("sources.yaml")
        let pages = loaded.pages.map { parseCache[$0.relativePath]!.page }
        lap("cache lookup")
        let (site, _) = SiteResolver.resolve(pages: pages, assets: loaded.assets, config: config,
                                             displayRoot: options.contentDisplay)
        lap("resolve")
        let links = LinkGraph(site: site)
        lap("link graph (all pages)")
        let context = CheckContext(site: site, links: links, sources: sources, today: options.today)
        for (index, check) in Checker.all.enumerated() {
            _ = check(context)
            lap("check #\(index + 1)")
        }
        _ = Audiences.unknownNames(pages: pages, sources: sources, config: config)
        _ = Audiences.leaks(site: site, links: links, sources: sources, audiences: config.audiences)
        lap("audiences")
        return timer.timings
    }
}
