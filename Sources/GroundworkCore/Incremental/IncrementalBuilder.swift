import Foundation
import GroundworkCheck
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkRender
import GroundworkResolve
import GroundworkSupport
import Synchronization
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
    /// Pages whose links were resolved again (the rest came from the previous link graph).
    public var relinked: Int
    /// True when the content folder was read again in full (files created, deleted or renamed).
    public var fullReload: Bool
    /// Pages whose check findings were worked out again (the most of any page check); the
    /// rest were kept from the previous rebuild.
    public var checkedPages = 0
    /// Content-relative paths of the pages parsed again (their rendering starts at once).
    public var changedPages: Set<String> = []
    /// The analysis the report was made of (site, links, sources), for callers that answer
    /// questions about the content (`groundwork lsp`); nil when nothing changed.
    public var analysis: Analysis?
    /// Where the time went, in milliseconds, in stage order (the pipeline's own stages and
    /// checks among them).
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
/// Meant for one caller at a time (the preview's rebuild thread); calls are serialised. The
/// `LiveSite`s it returns are immutable and may be shared freely.
public final class IncrementalBuilder: Sendable {
    public let options: Options
    /// Everything a rebuild reads and updates, behind one lock held for the whole rebuild.
    private let state: Mutex<State>

    /// - Parameter rendersSite: false for callers that want only the diagnostics and the
    ///   analysis (`groundwork lsp`): no templates are read and no `LiveSite` is made.
    public init(options: Options, rendersSite: Bool = true) {
        self.options = options
        var initial = State(options: options)
        initial.rendersSite = rendersSite
        state = Mutex(initial)
    }

    /// `rebuild`, reading the files named in `overlay` (content-relative path → bytes: the
    /// unsaved text of documents open in an editor) from there instead of from the disk. A path
    /// whose overlay entry was added, changed or removed must be among `changedPaths`.
    public func rebuild(changedPaths: Set<String>?, overlay: [String: [UInt8]]) throws -> RebuildOutcome {
        try state.withLock { state in
            state.overlay = overlay
            return try state.rebuild(changedPaths: changedPaths, templatesChanged: false)
        }
    }

    /// Rebuilds after a change.
    /// - Parameters:
    ///   - changedPaths: content-relative paths a watcher saw change (modified, created,
    ///     deleted, renamed), or nil when unknown (the first build, a watcher overflow): then
    ///     the whole content folder is read again. Only pages whose bytes differ are parsed.
    ///   - templatesChanged: reload the templates.
    /// - Throws: `EnvironmentError` when the content folder cannot be read.
    public func rebuild(changedPaths: Set<String>?, templatesChanged: Bool) throws -> RebuildOutcome {
        try state.withLock { state in try state.rebuild(changedPaths: changedPaths, templatesChanged: templatesChanged) }
    }
}

extension IncrementalBuilder {
    /// The link graph, redoing only the pages a change can affect: the changed pages, the pages
    /// that linked to them (their anchors may have changed), pages with a broken link (the
    /// change may fix it), and — when a changed page's title, term or aliases changed — every
    /// page with a wiki link. Anything else (pages added, removed or reordered, site.yaml
    /// changed, no previous graph) resolves every page. Returns the graph and how many pages
    /// were resolved.
    package static func linkGraph(_ site: Site, previous: Analysis?, changed: Set<String>) -> (LinkGraph, Int) {
        let (graph, redone) = linkGraphRedoing(site, previous: previous, changed: changed)
        return (graph, redone?.count ?? site.pages.count)
    }

    /// `linkGraph`, returning the indexes of the pages resolved again (nil: all of them).
    /// `samePages`: the caller knows the pages' paths and URLs are the previous ones.
    package static func linkGraphRedoing(_ site: Site, previous: Analysis?, changed: Set<String>,
                                         samePages: Bool = false) -> (LinkGraph, Set<Int>?) {
        guard let previous, previous.site.pages.count == site.pages.count, previous.links.occurrences.count == site.pages.count,
              samePages || site.pages.indices.allSatisfy({
                  previous.site.pages[$0].relativePath == site.pages[$0].relativePath && previous.site.pages[$0].url == site.pages[$0].url })
        else { return (LinkGraph(site: site), nil) }
        var redo = Set<Int>()
        var wikiKeysChanged = false
        // By index: iterating the pages would copy each one.
        for index in site.pages.indices where changed.contains(site.pages[index].relativePath) {
            redo.insert(index)
            redo.formUnion(previous.links.incoming[index])
            let old = previous.site.pages[index], page = site.pages[index]
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
        let walked = parallelMap(indexes) { LinkGraph.linksAndCitations(in: site.pages[$0], resolver: resolver) }
        let fresh = walked.map(\.links), freshCitations = walked.map(\.citations)
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
            if !graph.rawHTML.isEmpty { graph.rawHTML[from] = walked[offset].sawRawHTML }
        }
        return (graph, redo)
    }

    /// The pages a page's links lead to (itself excepted), as `LinkGraph.incoming` counts them.
    private static func targets(of links: [LinkOccurrence], from: Int) -> Set<Int> {
        var result = Set<Int>()
        for link in links {
            if case .page(let to, _) = link.target, to != from { result.insert(to) }
        }
        return result
    }
}

/// What the builder remembers between rebuilds.
private struct State {
    let options: Options
    var loaded: LoadedContent?
    /// Page index in `loaded.pages` by content-relative path.
    var pageIndex: [String: Int] = [:]
    var assetPaths: Set<String> = []
    var folders: Set<String> = []
    /// Whether a page or folder is a symbolic link (then a file can change under another path).
    var hasSymlinks = false
    var parseCache: [String: CachedParse] = [:]
    /// The parsed pages in `loaded.pages` order as of the last parse, and each one's parse
    /// diagnostics: patched in place page by page and handed to the pipeline as they are (a
    /// new array of 10,000 parsed pages per edit was a retain of every field of every page).
    var lastParsed: [ParsedPage]?
    var lastParseDiagnostics: [[Diagnostic]] = []
    /// The pages `patch` changed since the last parse (nil: the folder was read again, so look
    /// every page up in the cache).
    var patchedPages: Set<Int>? = []
    /// The pages replaced since the last analysis, as they were then, by loaded index: what
    /// the incremental analysis compares the new versions with (it used to keep every page's
    /// parse and bytes for that, which made patching them copy all of them).
    var replacedParses: [Int: ParsedPage] = [:]
    var replacedBytes: [Int: [UInt8]] = [:]
    var templates: TemplateSet?
    var templateDiagnostic: Diagnostic?
    var generation = 0
    var lastAnalysis: Analysis?
    /// site.yaml as of `lastAnalysis` (a change there can change how every link resolves).
    var previousSiteYAML: [UInt8]?
    let sourcesCache = SourcesCache()
    /// What the incremental resolve and checks reuse (see IncrementalAnalysis.swift).
    var reuse: AnalysisReuse?
    /// The site made of `reuse`'s analysis, if that build had no errors.
    var lastSite: LiveSite?
    /// sources.yaml as `lastSite` was made of (its renderer's memo holds reference contexts).
    var lastSiteSourcesYAML: [UInt8]?

    struct CachedParse {
        var displayPath: String
        var bytes: [UInt8]
        var page: ParsedPage
        var diagnostics: [Diagnostic]
    }

    /// Whether to load templates and make a `LiveSite` (see `IncrementalBuilder.init`).
    var rendersSite = true
    /// Unsaved text read instead of the disk's, by content-relative path.
    var overlay: [String: [UInt8]] = [:]

    init(options: Options) { self.options = options }

    mutating func rebuild(changedPaths: Set<String>?, templatesChanged: Bool) throws -> RebuildOutcome {
        // The one timer: the pipeline's stages lap it too.
        let profiler = Profiler()
        var options = self.options
        options.profiler = profiler

        // 1. Templates (few files: compiled again whenever any changed).
        let templatesDirty = rendersSite && (templatesChanged || templates == nil && templateDiagnostic == nil)
        if templatesDirty {
            loadTemplates()
            profiler.lap("templates")
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
        profiler.lap(fullReload ? "read (whole folder)" : "read")
        if !contentDirty && !templatesDirty, let lastAnalysis {
            // Nothing changed (an editor touched a file, or wrote the same bytes).
            let report = Groundwork.report(lastAnalysis.diagnostics + (templateDiagnostic.map { [$0] } ?? []),
                                           config: lastAnalysis.site.config,
                                           pageCount: lastAnalysis.site.pages.count, options: options)
            return RebuildOutcome(report: report, site: nil, changed: false, reparsed: 0, relinked: 0, fullReload: false,
                                  timings: profiler.timings)
        }
        // 3. Parse (only cache misses), resolve, link graph, checks — unless only templates
        //    changed: the analysis does not depend on them.
        var reparsed = 0
        var relinked = 0
        var checkedPages = 0
        var changedPages: Set<String> = []
        // Whether the pages' paths and URLs are those of the previous analysis.
        var shapeKept = false
        let analysis: Analysis
        if !contentDirty, let previous = lastAnalysis {
            analysis = previous
        } else {
            let parsed = parse(loaded!.pages)
            reparsed = parsed.reparsed
            profiler.lap("parse (\(parsed.reparsed) pages)")
            let configChanged = previousSiteYAML != loaded!.siteYAML?.bytes
            let pages = parsed.pages, parseDiagnostics = parsed.diagnostics
            // Reuse the previous run's resolved pages, links and check findings unless the whole
            // site may have changed (first build, files created or deleted, site.yaml, an edition).
            // (Taken out of `reuse`: the step is then the only owner and patches its arrays in place.)
            let step = IncrementalAnalysis(previous: fullReload || configChanged || options.audience != nil ? nil : reuse.take(),
                                           loaded: loaded!, options: options, changed: parsed.changed,
                                           replacedParses: replacedParses, replacedBytes: replacedBytes,
                                           sourcesYAML: loaded!.sourcesYAML?.bytes)
            // What the next analysis compares with is this one's (or nothing, when it fails).
            replacedParses = [:]
            replacedBytes = [:]
            // A failed analysis leaves nothing to build on (the parse cache moved on without it).
            reuse = nil
            analysis = try Groundwork.analyze(loaded!, options: options, parse: { _ in (pages, parseDiagnostics) },
                                              resolve: { step.resolve($0, config: $1) },
                                              linkGraph: { step.linkGraph($0) },
                                              parseSources: sourcesCache.parse,
                                              checks: { step.checks($0, profiler: profiler) })
            relinked = step.relinked
            checkedPages = step.checkedPages
            shapeKept = step.shapeKept
            changedPages = parsed.changed
            reuse = step.result(analysis: analysis, pageCount: pages.count)
            step.retirePrevious(to: Reaper.shared)
            previousSiteYAML = loaded!.siteYAML?.bytes
        }
        lastAnalysis = analysis

        var diagnostics = analysis.diagnostics
        if let templateDiagnostic { diagnostics.append(templateDiagnostic) }
        var report = Groundwork.report(diagnostics, config: analysis.site.config, pageCount: analysis.site.pages.count,
                                       options: { var o = options; o.only = []; return o }())
        guard rendersSite, !report.failed, !report.configurationFailed, let templates else {
            lastSite = nil
            return RebuildOutcome(report: report, site: nil, changed: true, reparsed: reparsed, relinked: relinked,
                                  fullReload: fullReload, checkedPages: checkedPages, changedPages: changedPages,
                                  analysis: analysis, timings: profiler.timings)
        }

        // 4. Pages are rendered on request (see `LiveSite`).
        do {
            generation += 1
            let previousSite = shapeKept && !templatesDirty ? lastSite : nil
            let sourcesYAML = loaded?.sourcesYAML?.bytes
            let sourcesKept = previousSite != nil && lastSiteSourcesYAML == sourcesYAML
            lastSite = nil
            let site = try LiveSite(generation: generation, analysis: analysis, templates: templates, options: options,
                                    previous: previousSite, sourcesKept: sourcesKept)
            lastSite = site
            lastSiteSourcesYAML = sourcesYAML
            profiler.lap("site")
            return RebuildOutcome(report: report, site: site, changed: true, reparsed: reparsed, relinked: relinked,
                                  fullReload: fullReload, checkedPages: checkedPages, changedPages: changedPages, analysis: analysis,
                                  timings: profiler.timings)
        } catch {
            let message = (error as? EnvironmentError)?.message ?? (error as? TemplateError)?.description ?? "\(error)"
            report.diagnostics.append(Diagnostic(code: .templateInvalid, severity: .error,
                                                 file: options.templates.path, line: 1, column: 1, message: message))
            report.failed = true
            return RebuildOutcome(report: report, site: nil, changed: true, reparsed: reparsed, relinked: relinked,
                                  fullReload: fullReload, checkedPages: checkedPages, changedPages: changedPages, analysis: analysis,
                                  timings: profiler.timings)
        }
    }

    // MARK: Templates

    mutating func loadTemplates() {
        do {
            let set = try TemplateSet(directories: [options.templates] + options.templateFallbacks)
            templates = set
            templateDiagnostic = nil
            for name in SiteRenderer.requiredTemplates where !set.contains(name) {
                templateDiagnostic = Diagnostic(code: .templateInvalid, severity: .error,
                                                file: set.directory.appendingPathComponent(name + ".mustache").path,
                                                line: 1, column: 1, message: "missing template '\(name)'")
                templates = nil
                break
            }
        } catch let error as TemplateError {
            templates = nil
            templateDiagnostic = Diagnostic(code: .templateInvalid, severity: .error, file: error.file,
                                            line: error.line ?? 1, column: error.column ?? 1, message: error.message)
        } catch {
            templates = nil
            templateDiagnostic = Diagnostic(code: .templateInvalid, severity: .error, file: options.templates.path,
                                            line: 1, column: 1, message: "\(error)")
        }
    }

    // MARK: Content

    enum PatchResult { case unchanged, patched, structural }

    /// Applies in-place modifications to the loaded content. Anything else — a file or folder
    /// created, deleted or renamed, a symbolic link — asks for a full reload.
    mutating func patch(_ paths: Set<String>) -> PatchResult {
        guard loaded != nil, !hasSymlinks else { return .structural }
        // Taken out of `loaded` (and put back on every way out), so that replacing one page's
        // bytes does not copy the array of every page's.
        var content = loaded.take()!
        defer { loaded = content }
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
            guard let bytes = overlay[path] ?? fileManager.contents(atPath: url.path).map({ [UInt8]($0) }) else { return .structural }
            if path == "site.yaml" {
                if content.siteYAML!.bytes != bytes { content.siteYAML!.bytes = bytes; changed = true }
            } else if path == "sources.yaml" {
                if content.sourcesYAML!.bytes != bytes { content.sourcesYAML!.bytes = bytes; changed = true }
            } else if let index = pageIndex[path] {
                if content.pages[index].bytes != bytes {
                    if replacedBytes[index] == nil { replacedBytes[index] = content.pages[index].bytes }
                    content.pages[index].bytes = bytes
                    changed = true
                    patchedPages?.insert(index)
                }
            } else {
                return .structural  // a known folder whose path is now a file
            }
        }
        return changed ? .patched : .unchanged
    }

    mutating func reloadAll() throws {
        patchedPages = nil
        replacedParses = [:]
        replacedBytes = [:]
        var content = try ContentLoader.load(root: options.content, displayRoot: options.contentDisplay)
        if !overlay.isEmpty {
            for index in content.pages.indices {
                if let bytes = overlay[content.pages[index].relativePath] { content.pages[index].bytes = bytes }
            }
            if let bytes = overlay["site.yaml"], content.siteYAML != nil { content.siteYAML!.bytes = bytes }
            if let bytes = overlay["sources.yaml"], content.sourcesYAML != nil { content.sourcesYAML!.bytes = bytes }
        }
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

    /// Whether every file a page included still has the bytes it had (an edited snippet or
    /// listing makes the pages that include it parse again; the watcher reports it as an
    /// asset or page of its own, or not at all when it lies outside the content folder).
    static func includesUnchanged(_ page: ParsedPage) -> Bool {
        page.includedFiles.allSatisfy { file in FileManager.default.contents(atPath: file.path).map { [UInt8]($0) } == file.bytes }
    }

    /// Parses the pages whose bytes are not in the cache; the cache keeps exactly `files`.
    mutating func parse(_ files: [RawFile]) -> (pages: [ParsedPage], diagnostics: [Diagnostic], reparsed: Int, changed: Set<String>) {
        defer { patchedPages = [] }
        if let patched = patchedPages, lastParsed?.count == files.count, lastParseDiagnostics.count == files.count {
            // Only pages `patch` changed can differ: no need to look the others up. (Taken out
            // of `lastParsed`, so that replacing a page does not copy all of them.)
            var pages = lastParsed.take()!
            // A page whose included file (a snippet, a listing) changed parses again too.
            // (By index: iterating the pages would copy each one.)
            var stale = patched
            for index in pages.indices where !pages[index].includedFiles.isEmpty && !Self.includesUnchanged(pages[index]) {
                stale.insert(index)
            }
            let misses = stale.sorted()
            let includes = loaded?.includeSettings
            let parsed = misses.count == 1 ? [PageParser.parse(files[misses[0]], includes: includes)]
                : parallelMap(misses.map { files[$0] }) { PageParser.parse($0, includes: includes) }
            for (offset, index) in misses.enumerated() {
                let file = files[index]
                parseCache[file.relativePath] = CachedParse(displayPath: file.displayPath, bytes: file.bytes,
                                                            page: parsed[offset].0, diagnostics: parsed[offset].1)
                if replacedParses[index] == nil { replacedParses[index] = pages[index] }
                pages[index] = parsed[offset].0
                lastParseDiagnostics[index] = parsed[offset].1
            }
            lastParsed = pages
            return (pages, lastParseDiagnostics.flatMap { $0 }, misses.count, Set(misses.map { files[$0].relativePath }))
        }
        var misses: [Int] = []
        for (index, file) in files.enumerated() {
            // `==` on arrays sharing storage (every unchanged page after a patch) is O(1).
            guard let cached = parseCache[file.relativePath], cached.displayPath == file.displayPath, cached.bytes == file.bytes,
                  Self.includesUnchanged(cached.page)
            else { misses.append(index); continue }
        }
        let includes = loaded?.includeSettings
        let parsed = parallelMap(misses.map { files[$0] }) { PageParser.parse($0, includes: includes) }
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
        let cached = files.map { parseCache[$0.relativePath]! }
        let pages = cached.map(\.page)
        lastParsed = pages
        lastParseDiagnostics = cached.map(\.diagnostics)
        // Every page may be new: the analysis starts afresh (see `rebuild`), with nothing to compare.
        replacedParses = [:]
        return (pages, lastParseDiagnostics.flatMap { $0 }, misses.count, Set(misses.map { files[$0].relativePath }))
    }
}
