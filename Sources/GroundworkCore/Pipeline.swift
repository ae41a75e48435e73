import Foundation
import GroundworkCheck
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkRender
import GroundworkResolve
import GroundworkSupport
import GroundworkWrite
import Templating

/// What a run of Groundwork is asked to do. Nothing here is read from the process: the CLI
/// fills it in, tests construct it directly.
public struct Options: Sendable {
    /// The content folder and how diagnostics name it (`content`).
    public var content: URL
    public var contentDisplay: String
    public var templates: URL
    /// Folders `templates` falls back on, file by file, in order (the built-in theme): a
    /// template or asset missing from `templates` comes from the first of these that has it.
    public var templateFallbacks: [URL] = []
    public var output: URL
    /// "Today", for freshness checks.
    public var today: Day
    /// Report only diagnostics in these files (paths as the user names them).
    public var only: [String] = []
    /// Warnings count as errors.
    public var strict = false
    /// `build --search`: whether to build the Pagefind index (and show a search box).
    public var search: SearchIndexer.Mode = .off
    /// The process environment, where Pagefind is looked for (`PATH`, `GROUNDWORK_PAGEFIND`):
    /// the CLI passes its own; empty unless a caller sets it.
    public var environment: [String: String] = [:]
    /// The working folder: relative folders in `PATH` start there, and the output pass names
    /// folders relative to it, as the user would. Nil: absolute paths (the CLI passes its own).
    public var workingDirectory: URL?
    /// `--external`: check http(s) links over the network with these settings; nil for off.
    public var external: ExternalLinkChecker.Settings?
    /// `--audience`: build or check only this audience's edition; nil for the full edition.
    public var audience: String?
    /// `build`: "last updated" days by content-relative path, from git history
    /// (the CLI reads them with `git log`); empty shows no dates.
    public var lastUpdated: [String: Day] = [:]
    /// Times each stage when set (`GROUNDWORK_PROFILE=1` in the CLI); nil: not timed.
    public var profiler: Profiler?
    /// Keeps the results until the process exits instead of freeing them (the executable only).
    public var retainer: ResultRetainer?
    /// Gives definition terms ids as headings get (Hugo's `autoDefinitionTermID`) whatever the
    /// folder's configuration says (`SiteConfig.definitionTermIDs`); for tests and embedders.
    public var definitionTermIDs = false

    public init(content: URL, contentDisplay: String? = nil, templates: URL, output: URL, today: Day) {
        self.content = content
        self.contentDisplay = contentDisplay ?? content.path
        self.templates = templates
        self.output = output
        self.today = today
    }
}

/// The outcome of `check` or `build`.
public struct Report: Sendable {
    /// Every diagnostic after severity overrides, sorted by file, line, column: what decides
    /// whether `build` may write.
    public var all: [Diagnostic]
    /// What is printed: `all` in the files `--only` names (all of `all` without it).
    public var diagnostics: [Diagnostic]
    public var pageCount: Int
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    /// True when the run must fail: errors among what is printed, or warnings under `--strict`.
    public var failed: Bool
    /// True when a configuration problem (site.yaml) makes this an exit-status-2 failure.
    public var configurationFailed: Bool
    /// True when anything in `all` — also outside the files `--only` names — keeps `build`
    /// from writing.
    public var blocksBuild: Bool
    /// Whether `build` wrote the site.
    public var wrote = false
    /// The mode the folder was read in: a knowledge base (it has site.yaml) or docs.
    public var isKnowledgeBase = true
    /// The other tools' conventions found (`mkdocs.yml`, `Obsidian vault`).
    public var conventions: [String] = []

    /// The mode, and the conventions found, as `check` prints them:
    /// `knowledge base (site.yaml)`, `docs (no site.yaml; Obsidian vault)`.
    public var modeDescription: String {
        if isKnowledgeBase { return (["knowledge base (site.yaml)"] + conventions).joined(separator: "; ") }
        return "docs (" + (["no site.yaml"] + conventions).joined(separator: "; ") + ")"
    }
}

/// The site after the checking stages, ready to render.
public struct Analysis: Sendable {
    public var site: Site
    public var links: LinkGraph
    public var sources: SourceLibrary
    public var assets: [AssetFile]
    public var diagnostics: [Diagnostic]
}

/// The pipeline: load → parse → resolve → check → (edition) → render → check the output → write.
public enum Groundwork {
    /// Loads, parses, resolves and checks. Throws only for environment problems.
    public static func analyze(_ options: Options) throws -> Analysis {
        try analyze(options, readingPagesWhileParsing: true)
    }

    /// `analyze`, with each page read by the parse's worker right before its parse
    /// (`PageFiles`); false reads every page in the load stage first, as before issue 21's
    /// seventh pass (the tests hold the two to the same analysis).
    package static func analyze(_ options: Options, readingPagesWhileParsing: Bool) throws -> Analysis {
        let loaded = try ContentLoader.load(root: options.content, displayRoot: options.contentDisplay,
                                            readingPages: !readingPagesWhileParsing)
        options.profiler?.lap("load")
        let includes = loaded.includeSettings
        // `consume`: the pages' bytes are then held only by the parse, which frees them.
        return try analyze(consume loaded, options: options, trimAfterParse: true) { files in
            let (pages, diagnostics) = unzip(files.parse { PageParser.parse($0, includes: includes) })
            return (pages, diagnostics.flatMap { $0 })
        }
    }

    /// The stages after loading. `parse` turns the loaded pages into parsed pages, in order
    /// (and their diagnostics: the preview keeps both arrays between rebuilds and hands them
    /// over as they are),
    /// `resolve` makes the site of them, `linkGraph` resolves the site's links, `parseSources`
    /// reads sources.yaml and `checks` runs the site checks (without either, the two are one
    /// pass over the pages: `Checks.runSite(buildingLinks:)`); `groundwork serve` passes ones
    /// that reuse what an earlier run worked out (`IncrementalBuilder`). `trimAfterParse`:
    /// hand the memory the parse freed back to the system (`HeapTrimmer`), for the one-shot
    /// `check` and `build` (the preview's rebuilds would pay for it on every edit).
    package static func analyze(_ loaded: consuming LoadedContent, options: Options, trimAfterParse: Bool = false,
                                parse: @Sendable (PageFiles) -> (pages: [ParsedPage], diagnostics: [Diagnostic]),
                                resolve: ([ParsedPage], SiteConfig) -> (Site, [Diagnostic], SiteResolver.PreparedPages)? = { _, _ in nil },
                                linkGraph: ((Site) -> LinkGraph)? = nil,
                                parseSources: @Sendable (RawFile) -> (SourceLibrary, [Diagnostic]) = SourceLibrary.parse(file:),
                                checks: ((CheckContext) -> [Diagnostic])? = nil) throws -> Analysis {
        let profiler = options.profiler
        var bag = DiagnosticBag()
        bag.append(contentsOf: loaded.diagnostics)

        // The configuration, and the edition it is asked for, before anything is checked or
        // fetched: an undeclared `--audience` is a usage error (exit status 2).
        let folderName = options.content.standardizedFileURL.lastPathComponent
        var config = SiteConfig(title: SiteResolver.humanize(folderName), file: options.contentDisplay + "/site.yaml")
        if let file = loaded.siteYAML {
            switch TextDecoding.decode(file.bytes) {
            case .text(let text): config = SiteConfig.parse(text, file: file.displayPath, defaultTitle: config.title, bag: &bag)
            case .invalid(let line, let column, let reason): bag.add(.configInvalid, file: file.displayPath, line: line, column: column, reason)
            }
        }
        config.isKnowledgeBase = loaded.siteYAML != nil
        config.isObsidianVault = loaded.obsidianVault
        if let file = loaded.mkdocsYAML {
            // A MkDocs project: its site name, and its nav's titles and order (issue 17).
            let mkdocs = MkDocsConfig.parse(String(decoding: file.bytes, as: UTF8.self), file: file.displayPath, bag: &bag)
            DocsConventions.apply(mkdocs, to: &config)
        }
        if let file = loaded.docusaurusConfig {
            DocsConventions.applyDocusaurus(file, assets: loaded.assets, to: &config)
            config.docusaurusStatic = loaded.docusaurusStatic
        }
        MdBookSupport.apply(loaded, to: &config, bag: &bag)
        if options.definitionTermIDs { config.definitionTermIDs = true }
        if let hugo = loaded.hugo { DocsConventions.applyHugo(hugo, to: &config, bag: &bag) }
        if loaded.obsidianVault { config.conventions.append("Obsidian vault") }
        if let audience = options.audience, !config.audiences.contains(audience) {
            throw EnvironmentError("unknown audience '\(audience)': site.yaml declares "
                + (config.audiences.isEmpty ? "no audiences" : config.audiences.joined(separator: ", ")))
        }
        profiler?.lap("site.yaml")

        // sources.yaml is parsed beside the pages (a thousand records take as long as a
        // thousand pages).
        // The pages move into `PageFiles`, so that the parse can free their bytes (nothing
        // after it reads them).
        let pageFiles = PageFiles(loaded.pages, unreadPaths: loaded.unreadPagePaths), sourcesFile = loaded.sourcesYAML
        loaded.pages = []
        loaded.unreadPagePaths = nil
        let ((pages, parseDiagnostics), (sources, sourceDiagnostics)) = concurrently({ parse(pageFiles) },
                                                                  { sourcesFile.map(parseSources) ?? (SourceLibrary.empty, []) })
        bag.append(contentsOf: sourceDiagnostics)
        bag.append(contentsOf: pageFiles.unreadable)
        bag.append(contentsOf: parseDiagnostics)
        // The pages' bytes and the parse's and sources.yaml's scratch are freed by now: their
        // memory goes back to the system instead of staying resident beside the parsed site
        // (issue 21: the 50,000-page build's peak 1,949 -> 1,848 MiB).
        if trimAfterParse { HeapTrimmer.trimNow() }
        profiler?.lap("parse + sources.yaml")
        if let file = loaded.docusaurusConfig, let folder = loaded.docusaurusConfigFolder {
            // The sidebars' order names docs by id, which front matter may set: after the parse.
            DocsConventions.applyDocusaurusSidebars(config: file, folder: folder, pages: pages, environment: options.environment,
                                                    to: &config, bag: &bag)
            profiler?.lap("docusaurus sidebars")
        }

        let (site, resolveDiagnostics, prepared) = resolve(pages, config)
            ?? SiteResolver.resolveKeepingPages(pages, assets: loaded.assets, config: config, displayRoot: options.contentDisplay,
                                                keepPages: options.audience != nil)
        bag.append(contentsOf: resolveDiagnostics)
        profiler?.lap("resolve")

        // Every check runs on the whole site; leaks for the audience asked for, or for all.
        var context = CheckContext(site: site, links: LinkGraph(occurrences: [], citations: []), sources: sources, today: options.today)
        context.audiences = options.audience.map { [$0] } ?? config.audiences
        context.external = options.external
        context.only = options.only
        if linkGraph == nil && checks == nil {
            // The link graph and the site checks in one pass over the pages (SitePass.swift).
            bag.append(contentsOf: Checks.runSite(buildingLinks: &context, profiler: profiler))
        } else {
            context.links = linkGraph?(site) ?? LinkGraph(site: site)
            profiler?.lap("link graph")
            bag.append(contentsOf: checks?(context) ?? Checks.run(.site, context, profiler: profiler))
        }
        let links = context.links
        if options.external != nil { bag.append(contentsOf: Checks.run(.external, context, profiler: profiler)) }

        // A folder of docs (no site.yaml) is not held to the knowledge-base rules.
        // Nor are `[@name]` brackets citations when it has no sources.yaml: they are text
        // (GitHub handles in meeting notes), rendered as written.
        let hasSources = loaded.sourcesYAML != nil
        var diagnostics = config.isKnowledgeBase ? bag.items
            : bag.items.filter { !$0.code.isKnowledgeBaseRule && (hasSources || $0.code != .citeUnknownKey) }
        // Diagnostics about included text name the included file's own line and column.
        diagnostics = IncludePositions.remap(diagnostics, pages: pages)
        guard let audience = options.audience else {
            return Analysis(site: site, links: links, sources: sources, assets: loaded.assets, diagnostics: diagnostics)
        }
        // The edition: what is rendered. Its pages as resolved above; the site put together
        // from them alone.
        let edition = Audiences.resolveEdition(audience, pages: pages, prepared: prepared, sources: sources, assets: loaded.assets,
                                               config: config, displayRoot: options.contentDisplay)
        profiler?.lap("edition '\(audience)'")
        return Analysis(site: edition.site, links: edition.links, sources: edition.sources, assets: loaded.assets,
                        diagnostics: diagnostics)
    }

    /// Runs every check and writes nothing.
    public static func check(_ options: Options) throws -> Report {
        let analysis = try analyze(options)
        let result = report(analysis.diagnostics, config: analysis.site.config, pageCount: analysis.site.pages.count, options: options)
        options.retainer?.keep(analysis)
        options.profiler?.lap("report")
        return result
    }

    /// The templates of `options`; a syntax error or a missing folder is an environment
    /// error (exit status 2), not a content diagnostic.
    package static func loadTemplates(_ options: Options) throws -> TemplateSet {
        do {
            return try TemplateSet(directories: [options.templates] + options.templateFallbacks)
        } catch let error as TemplateError {
            throw EnvironmentError(error.description)
        }
    }

    /// Runs every check, then — only when nothing failed — renders and writes the site.
    /// - Parameter finish: runs on the complete new site folder before it replaces the old
    ///   one (the search indexer); throwing from it leaves the old site in place.
    public static func build(_ options: Options, finish: (URL) throws -> Void = { _ in }) throws -> Report {
        let profiler = options.profiler
        try SiteWriter.validate(output: options.output, protecting: [options.content, options.templates])
        // Before anything is read: `--search on` without Pagefind is an environment error.
        let indexer = try SearchIndexer.resolve(options.search, environment: options.environment,
                                                currentDirectory: options.workingDirectory)
        let templates = try loadTemplates(options)
        var analysis = try analyze(options)
        let config = analysis.site.config
        let result = report(analysis.diagnostics, config: config, pageCount: analysis.site.pages.count, options: options)
        // `--only` narrows what is reported, never what blocks a build.
        guard !result.blocksBuild else {
            options.retainer?.keep(analysis)
            return result
        }
        // The pages' trees leave the site: each is freed once its page is rendered, so the
        // trees of the pages already written make room for what rendering keeps (issue 21,
        // memory). Nothing else may hold the site's page list from before this line.
        let bodies = PageBodies(takingFrom: &analysis.site)
        options.retainer?.keep(analysis)
        profiler?.lap("report, page bodies")

        var renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                    templates: templates, today: options.today, searchEnabled: indexer != nil)
        renderer.lastUpdated = options.lastUpdated
        var copies: [(from: URL, to: String)] = analysis.assets.map { ($0.url, $0.relativePath) }
        copies += templateAssets([options.templates] + options.templateFallbacks)
        try renderer.checkRequiredTemplates()
        // Pages are rendered, scanned for the output pass and written into a staging folder
        // on every core, and their HTML is not kept; the staging folder replaces the site only
        // when the output pass finds nothing blocking, and is removed otherwise.
        let staging = try SiteWriter.Staging(output: options.output)
        let outputDiagnostics: [Diagnostic]
        do {
            let root = staging.folder.path
            let shared = OutputLinkCheck.SharedReferences(baseURL: config.baseURL)
            // Kept nav fragments are scanned once, not on every page (OutputFragmentScan.swift).
            let fragments = OutputLinkCheck.FragmentScans(baseURL: config.baseURL)
            let trimmer = HeapTrimmer(pageCount: analysis.site.pages.count)
            // Every page's folder made once, up front (SiteWriter.Staging.makeFolders).
            staging.makeFolders(for: analysis.site.pages.map(\.outputPath))
            profiler?.lap("page folders")
            let pages = try renderer.renderPages(bodies: bodies, withSplices: { path, bytes, template, splices -> (scanned: OutputLinkCheck.ScannedOutput?, failure: String?) in
                let written = root + "/" + path
                defer { trimmer.pageDone() }
                let pieces = splices.map { OutputLinkCheck.KnownPiece(offset: $0.offset, length: $0.fragment.utf8.count, identity: $0.fragment) }
                // The page's bytes as rendered: written and scanned without becoming a String.
                let failure = SiteWriter.writeFile(UnsafeRawBufferPointer(bytes), to: written)
                return (OutputLinkCheck.isHTML(path)
                    ? OutputLinkCheck.ScannedOutput(path: path, template: template, bytes: bytes, writtenAt: written, shared: shared,
                                                    pieces: pieces, fragments: fragments)
                    : nil, failure)
            })
            trimmer.trim()
            profiler?.lap("render + scan + write: pages")
            if let failure = pages.lazy.compactMap(\.failure).first { throw EnvironmentError("cannot write the site: \(failure)") }
            // The site pages (tags, glossary, bibliography, sitemap, ...) after the pages: one
            // of them at a page's path replaces it, as when every file was written in path order.
            let siteFiles = try renderer.renderSiteFiles()
            try SiteWriter.writeConcurrently(siteFiles, into: staging.folder)
            let scanned = pages.compactMap(\.scanned) + parallelMap(siteFiles.filter { OutputLinkCheck.isHTML($0.path) }) { OutputLinkCheck.ScannedOutput($0) }
            options.retainer?.keep(siteFiles)
            profiler?.lap("render + scan + write: site files")
            // The output pass: every internal href and src of the generated files must resolve.
            var context = CheckContext(site: analysis.site, links: analysis.links, sources: analysis.sources, today: options.today)
            context.output = RenderedOutput(paths: analysis.site.pages.map(\.outputPath) + siteFiles.map(\.path), scanned: scanned,
                                            xmlFiles: siteFiles.filter { $0.path.hasSuffix(".xml") }, copies: copies,
                                            settings: outputCheckSettings(options, config: config, links: analysis.links))
            outputDiagnostics = Checks.run(.output, context, profiler: profiler)
            // Freed at exit, not here: freeing the output pass's tables and the pages' results
            // was most of the "publish" lap (issue 21).
            options.retainer?.keep(scanned)
            options.retainer?.keep(context)
            options.retainer?.keep(pages)
            options.retainer?.keep(fragments)
            options.retainer?.keep(shared)
        } catch {
            staging.discard()
            throw error
        }
        var final = result
        if !outputDiagnostics.isEmpty {
            final = report(analysis.diagnostics + outputDiagnostics, config: config, pageCount: analysis.site.pages.count, options: options)
            guard !final.blocksBuild else {
                staging.discard()
                return final
            }
        }
        // The index is built inside the staged folder, so the swap publishes site and index together.
        try staging.publish(copies: copies) { staged in
            try indexer?.index(site: staged)
            try finish(staged)
        }
        profiler?.lap("publish")
        final.wrote = true
        return final
    }

    /// Checks and renders without touching the disk beyond reading: the files a build would
    /// write (empty when the checks fail). Used by the fuzzers.
    public static func renderInMemory(_ options: Options) throws -> (Report, [OutputFile]) {
        let templates = try loadTemplates(options)
        let loaded = try ContentLoader.load(root: options.content, displayRoot: options.contentDisplay)
        return try renderInMemory(loaded, templates: templates, options: options)
    }

    /// `renderInMemory` from content already loaded (in memory), with templates already
    /// compiled: what does not depend on the content is done once by the caller (the
    /// whole-page fuzzer runs this thousands of times a second). Pages are parsed on the
    /// calling thread.
    package static func renderInMemory(_ loaded: LoadedContent, templates: TemplateSet, options: Options) throws -> (Report, [OutputFile]) {
        let analysis = try analyze(loaded, options: options) { files in
            let parsed = files.parse(parallel: false) { PageParser.parse($0) }
            return (parsed.map(\.0), parsed.flatMap(\.1))
        }
        let report = report(analysis.diagnostics, config: analysis.site.config, pageCount: analysis.site.pages.count, options: options)
        guard !report.failed else { return (report, []) }
        let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                    templates: templates, today: options.today, searchEnabled: false)
        return (report, try renderer.render())
    }

    /// How the output pass names folders in its diagnostics: as the user would, relative to
    /// the working folder when inside it.
    static func outputCheckSettings(_ options: Options, config: SiteConfig, links: LinkGraph) -> OutputLinkCheck.Settings {
        var settings = OutputLinkCheck.Settings(outputDisplay: OutputLinkCheck.display(options.output, relativeTo: options.workingDirectory),
                                                templatesDisplay: OutputLinkCheck.display(options.templates, relativeTo: options.workingDirectory),
                                                baseURL: config.baseURL)
        settings.reportedByContentChecks = OutputLinkCheck.passedThrough(links)
        return settings
    }

    /// Files in `templates/` that are not templates (CSS, scripts, fonts) are copied to the
    /// site under `assets/`... keeping their path below `templates/assets/`.
    package static func templateAssets(_ folders: [URL]) -> [(from: URL, to: String)] {
        // The first folder that has a file wins, as for templates.
        var seen = Set<String>()
        var copies: [(from: URL, to: String)] = []
        for folder in folders {
            for copy in templateAssets(folder) where seen.insert(copy.to).inserted { copies.append(copy) }
        }
        return copies.sorted { $0.to < $1.to }
    }

    package static func templateAssets(_ templates: URL) -> [(from: URL, to: String)] {
        let assets = templates.appendingPathComponent("assets")
        guard let paths = FileManager.default.subpaths(atPath: assets.path) else { return [] }
        return paths.sorted().compactMap { path in
            let url = assets.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { return nil }
            return (url, "assets/" + path)
        }
    }

    /// Applies severity overrides, sorts, narrows what is printed to `--only`'s files, and
    /// decides failure: once per set of diagnostics.
    package static func report(_ diagnostics: [Diagnostic], config: SiteConfig, pageCount: Int, options: Options) -> Report {
        var result = reportIgnoringMode(diagnostics, config: config, pageCount: pageCount, options: options)
        result.isKnowledgeBase = config.isKnowledgeBase
        result.conventions = config.conventions
        return result
    }

    private static func reportIgnoringMode(_ diagnostics: [Diagnostic], config: SiteConfig, pageCount: Int, options: Options) -> Report {
        var kept: [Diagnostic] = []
        for var diagnostic in diagnostics {
            switch config.severityOverrides[diagnostic.code] {
            case .off?: continue
            case .error?: diagnostic.severity = .error
            case .warning?: diagnostic.severity = .warning
            case nil: break
            }
            kept.append(diagnostic)
        }
        // One finding reported twice (e.g. by two checks) is printed once.
        let all = Array(Set(kept)).sorted(by: Diagnostic.reportOrder)
        let only = Set(options.only.map(normalizedDisplayPath))
        let printed = only.isEmpty ? all : all.filter { only.contains(normalizedDisplayPath($0.file)) }
        func fails(_ diagnostics: [Diagnostic]) -> (failed: Bool, configuration: Bool) {
            let errors = diagnostics.contains { $0.severity == .error }
            let warnings = diagnostics.contains { $0.severity == .warning }
            let configuration = diagnostics.contains { $0.code == .configInvalid && $0.severity == .error }
            return (errors || (options.strict && warnings), configuration)
        }
        let shown = fails(printed), whole = only.isEmpty ? shown : fails(all)
        return Report(all: all, diagnostics: printed, pageCount: pageCount, failed: shown.failed,
                      configurationFailed: shown.configuration, blocksBuild: whole.failed || whole.configuration)
    }
}
