import Foundation
import Templating

/// What a run of Groundwork is asked to do. Nothing here is read from the process: the CLI
/// fills it in, tests construct it directly.
public struct Options: Sendable {
    /// The content folder and how diagnostics name it (`content`).
    public var content: URL
    public var contentDisplay: String
    public var templates: URL
    public var output: URL
    /// "Today", for freshness checks.
    public var today: Day
    /// Report only diagnostics in these files (paths as the user names them).
    public var only: [String] = []
    /// Warnings count as errors.
    public var strict = false
    /// `build --search`: whether to build the Pagefind index (and show a search box).
    public var search: SearchIndexer.Mode = .off
    /// Where to look for Pagefind (`PATH`, `GROUNDWORK_PAGEFIND`); the CLI passes its own.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// `--external`: check http(s) links over the network with these settings; nil for off.
    public var external: ExternalLinkChecker.Settings?
    /// `--audience`: build or check only this audience's edition; nil for the full edition.
    public var audience: String?

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
    /// Diagnostics after severity overrides and `--only`, sorted by file, line, column.
    public var diagnostics: [Diagnostic]
    public var pageCount: Int
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    /// True when the run must fail: errors, or warnings under `--strict`.
    public var failed: Bool
    /// True when a configuration problem (site.yaml) makes this an exit-status-2 failure.
    public var configurationFailed: Bool
    /// Whether `build` wrote the site.
    public var wrote = false
}

/// The site after the checking stages, ready to render.
public struct Analysis: Sendable {
    public var site: Site
    public var links: LinkGraph
    public var sources: SourceLibrary
    public var assets: [AssetFile]
    public var diagnostics: [Diagnostic]
}

/// sources.yaml parsed on another thread: written there before the group is left, read
/// after waiting for it.
private final class SourcesParse: @unchecked Sendable {
    package var library = SourceLibrary.empty
    package var diagnostics: [Diagnostic] = []
}

/// The pipeline: load → parse → resolve → check → render → write.
public enum Groundwork {
    /// Loads, parses, resolves and checks. Throws only for environment problems.
    public static func analyze(_ options: Options) throws -> Analysis {
        Profile.mark("start")
        let loaded = try ContentLoader.load(root: options.content, displayRoot: options.contentDisplay)
        Profile.mark("load")
        return try analyze(loaded, options: options) { pages in parallelMap(pages) { PageParser.parse($0) } }
    }

    /// The stages after loading. `parse` turns the loaded pages into parsed pages, in order, and
    /// `linkGraph` resolves the site's links; `groundwork serve` passes ones that reuse the
    /// pages and links an earlier run worked out, and a cache of the parsed sources.yaml.
    package static func analyze(_ loaded: LoadedContent, options: Options,
                               parse: ([RawFile]) -> [(ParsedPage, [Diagnostic])],
                               linkGraph: (Site) -> LinkGraph = { LinkGraph(site: $0) },
                               parseSources: @escaping @Sendable (RawFile) -> (SourceLibrary, [Diagnostic]) = SourceLibrary.parse(file:)) throws -> Analysis {
        var bag = DiagnosticBag()
        bag.append(contentsOf: loaded.diagnostics)

        let folderName = options.content.standardizedFileURL.lastPathComponent
        var config = SiteConfig(title: SiteResolver.humanize(folderName), file: options.contentDisplay + "/site.yaml")
        if let file = loaded.siteYAML {
            switch TextDecoding.decode(file.bytes) {
            case .text(let text): config = SiteConfig.parse(text, file: file.displayPath, defaultTitle: config.title, bag: &bag)
            case .invalid(let line, let column, let reason): bag.add("config.invalid", file: file.displayPath, line: line, column: column, reason)
            }
        }
        // sources.yaml is parsed on its own thread while the pages are parsed (a thousand
        // records take as long as a thousand pages); its diagnostics keep their place.
        let sourcesResult = SourcesParse()
        let sourcesDone = DispatchGroup()
        if let file = loaded.sourcesYAML {
            DispatchQueue.global().async(group: sourcesDone) {
                (sourcesResult.library, sourcesResult.diagnostics) = parseSources(file)
            }
        }

        Profile.mark("site.yaml")
        let parsed = parse(loaded.pages)
        Profile.mark("parse")
        sourcesDone.wait()
        let sources = sourcesResult.library
        bag.append(contentsOf: sourcesResult.diagnostics)
        for (_, diagnostics) in parsed { bag.append(contentsOf: diagnostics) }
        Profile.mark("sources.yaml (after parse)")

        let (site, resolveDiagnostics) = SiteResolver.resolve(pages: parsed.map(\.0), assets: loaded.assets,
                                                              config: config, displayRoot: options.contentDisplay)
        bag.append(contentsOf: resolveDiagnostics)
        Profile.mark("resolve")
        let links = linkGraph(site)
        Profile.mark("link graph")
        let context = CheckContext(site: site, links: links, sources: sources, today: options.today)
        bag.append(contentsOf: Checker.run(context))
        Profile.mark("checks")
        if let external = options.external {
            bag.append(contentsOf: externalLinkDiagnostics(site: site, links: links, sources: sources, options: options, settings: external))
        }
        // Editions: leaks are checked on the whole site, for the audience asked for or all.
        bag.append(contentsOf: Audiences.unknownNames(pages: parsed.map(\.0), sources: sources, config: config))
        Profile.mark("audiences: names")
        bag.append(contentsOf: Audiences.leaks(site: site, links: links, sources: sources,
                                               audiences: options.audience.map { [$0] } ?? config.audiences))
        Profile.mark("audiences: leaks")
        if let audience = options.audience {
            guard config.audiences.contains(audience) else {
                throw EnvironmentError("unknown audience '\(audience)': site.yaml declares "
                    + (config.audiences.isEmpty ? "no audiences" : config.audiences.joined(separator: ", ")))
            }
            // Everything derived from pages — nav, tags, backlinks, glossary, bibliography,
            // search, sitemap, cards — comes from this smaller site.
            let (pages, editionSources) = Audiences.edition(pages: parsed.map(\.0), sources: sources, config: config, audience: audience)
            let (edition, _) = SiteResolver.resolve(pages: pages, assets: loaded.assets, config: config, displayRoot: options.contentDisplay)
            return Analysis(site: edition, links: LinkGraph(site: edition), sources: editionSources,
                            assets: loaded.assets, diagnostics: bag.items)
        }
        Profile.mark("analysis")
        return Analysis(site: site, links: links, sources: sources, assets: loaded.assets, diagnostics: bag.items)
    }

    /// Runs every check and writes nothing.
    public static func check(_ options: Options) throws -> Report {
        let result: Report
        do {
            let analysis = try analyze(options)
            result = report(analysis.diagnostics, config: analysis.site.config, pageCount: analysis.site.pages.count, options: options)
            ExitRetainer.keep(analysis)
        }
        Profile.mark("report")
        return result
    }

    /// The templates of `options`; a syntax error or a missing folder is an environment
    /// error (exit status 2), not a content diagnostic.
    package static func loadTemplates(_ options: Options) throws -> TemplateSet {
        do {
            return try TemplateSet(directory: options.templates)
        } catch let error as TemplateError {
            throw EnvironmentError(error.description)
        }
    }

    /// Runs every check, then — only when nothing failed — renders and writes the site.
    /// - Parameter finish: runs on the complete new site folder before it replaces the old
    ///   one (the search indexer); throwing from it leaves the old site in place.
    public static func build(_ options: Options, finish: (URL) throws -> Void = { _ in }) throws -> Report {
        try SiteWriter.validate(output: options.output, protecting: [options.content, options.templates])
        // Before anything is read: `--search on` without Pagefind is an environment error.
        let indexer = try SearchIndexer.resolve(options.search, environment: options.environment)
        let templates = try loadTemplates(options)
        let analysis = try analyze(options)
        ExitRetainer.keep(analysis)
        var result = report(analysis.diagnostics, config: analysis.site.config, pageCount: analysis.site.pages.count, options: options)
        // `--only` narrows what is reported, never what blocks a build.
        let blocking = report(analysis.diagnostics, config: analysis.site.config, pageCount: analysis.site.pages.count,
                              options: { var o = options; o.only = []; return o }())
        guard !blocking.failed, !blocking.configurationFailed else { return result }

        let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                    templates: templates, today: options.today, searchEnabled: indexer != nil)
        Profile.mark("analysis done")
        var copies: [(from: URL, to: String)] = analysis.assets.map { ($0.url, $0.relativePath) }
        copies += templateAssets(options.templates)
        try renderer.checkRequiredTemplates()
        // Pages are rendered, scanned for the output pass and written into a staging folder
        // on every core, and their HTML is not kept; the staging folder replaces the site only
        // when the output pass finds nothing blocking, and is removed otherwise.
        let staging = try SiteWriter.Staging(output: options.output)
        let outputDiagnostics: [Diagnostic]
        do {
            let root = staging.folder.path
            let pages = try renderer.renderPages { path, html, template -> (scanned: OutputLinkCheck.ScannedOutput?, failure: String?) in
                let written = root + "/" + path
                return html.withUTF8 { bytes in
                    let failure = SiteWriter.writeFile(UnsafeRawBufferPointer(bytes), to: written)
                    return (OutputLinkCheck.isHTML(path)
                        ? OutputLinkCheck.ScannedOutput(path: path, template: template, bytes: bytes, writtenAt: written) : nil, failure)
                }
            }
            Profile.mark("render, scan, write: pages")
            if let failure = pages.lazy.compactMap(\.failure).first { throw EnvironmentError("cannot write the site: \(failure)") }
            // The site pages (tags, glossary, bibliography, sitemap, ...) after the pages: one
            // of them at a page's path replaces it, as when every file was written in path order.
            let siteFiles = try renderer.renderSiteFiles()
            try SiteWriter.writeConcurrently(siteFiles, into: staging.folder)
            let scanned = pages.compactMap(\.scanned) + parallelMap(siteFiles.filter { OutputLinkCheck.isHTML($0.path) }) { OutputLinkCheck.ScannedOutput($0) }
            ExitRetainer.keep(siteFiles)
            Profile.mark("render, scan, write: site files")
            // The output pass: every internal href and src of the generated files must resolve.
            outputDiagnostics = OutputLinkCheck.check(paths: analysis.site.pages.map(\.outputPath) + siteFiles.map(\.path), scanned: scanned,
                                                      xmlFiles: siteFiles.filter { $0.path.hasSuffix(".xml") }, copies: copies,
                                                      settings: outputCheckSettings(options, config: analysis.site.config))
            ExitRetainer.keep(scanned)
        } catch {
            staging.discard()
            throw error
        }
        Profile.mark("output link check")
        if !outputDiagnostics.isEmpty {
            let all = analysis.diagnostics + outputDiagnostics
            result = report(all, config: analysis.site.config, pageCount: analysis.site.pages.count, options: options)
            let blockingOutput = report(all, config: analysis.site.config, pageCount: analysis.site.pages.count,
                                        options: { var o = options; o.only = []; return o }())
            guard !blockingOutput.failed, !blockingOutput.configurationFailed else {
                staging.discard()
                return result
            }
        }
        // The index is built inside the staged folder, so the swap publishes site and index together.
        try staging.publish(copies: copies) { staged in
            try indexer?.index(site: staged)
            try finish(staged)
        }
        Profile.mark("publish")
        result.wrote = true
        return result
    }

    /// How the output pass names folders in its diagnostics: as the user would, relative to
    /// the working folder when inside it.
    package static func outputCheckSettings(_ options: Options, config: SiteConfig) -> OutputLinkCheck.Settings {
        OutputLinkCheck.Settings(outputDisplay: OutputLinkCheck.display(options.output),
                                 templatesDisplay: OutputLinkCheck.display(options.templates), baseURL: config.baseURL)
    }

    /// `--external`: links in the pages `--only` names (all pages without it), and sources.
    package static func externalLinkDiagnostics(site: Site, links: LinkGraph, sources: SourceLibrary, options: Options,
                                        settings: ExternalLinkChecker.Settings) -> [Diagnostic] {
        var pages: Set<Int>?
        var includeSources = true
        if !options.only.isEmpty {
            let only = Set(options.only.map(normalize))
            pages = Set(site.pages.filter { only.contains(normalize($0.file)) }.map(\.index))
            includeSources = only.contains(normalize(sources.file))
        }
        return ExternalLinkChecker.run(links: links, sources: sources, pages: pages, includeSources: includeSources, settings: settings)
    }

    /// Files in `templates/` that are not templates (CSS, scripts, fonts) are copied to the
    /// site under `assets/`... keeping their path below `templates/assets/`.
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

    /// Applies severity overrides and `--only`, sorts, and decides failure.
    package static func report(_ diagnostics: [Diagnostic], config: SiteConfig, pageCount: Int, options: Options) -> Report {
        var kept: [Diagnostic] = []
        let only = Set(options.only.map(normalize))
        for var diagnostic in diagnostics {
            switch config.severityOverrides[diagnostic.code] {
            case .off?: continue
            case .error?: diagnostic.severity = .error
            case .warning?: diagnostic.severity = .warning
            case nil: break
            }
            if !only.isEmpty, !only.contains(normalize(diagnostic.file)) { continue }
            kept.append(diagnostic)
        }
        // One finding reported twice (e.g. by two checks) is printed once.
        kept = Array(Set(kept)).sorted(by: Diagnostic.reportOrder)
        let errors = kept.contains { $0.severity == .error }
        let warnings = kept.contains { $0.severity == .warning }
        let configuration = kept.contains { $0.code == "config.invalid" && $0.severity == .error }
        return Report(diagnostics: kept, pageCount: pageCount, failed: errors || (options.strict && warnings),
                      configurationFailed: configuration)
    }

    package static func normalize(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        return p
    }
}
