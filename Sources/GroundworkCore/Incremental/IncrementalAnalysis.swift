import GroundworkCheck
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport

/// What one analysis leaves for the next rebuild of `groundwork serve` to reuse: the pages as
/// parsed and resolved, the resolver's site-wide findings, and every page check's findings
/// page by page.
struct AnalysisReuse {
    var analysis: Analysis
    /// How many pages were loaded (`LoadedContent.pages`, drafts included). The pages as parsed
    /// and read then are not kept here: the builder hands over those replaced since
    /// (`IncrementalAnalysis.init`), so that its own arrays can be patched in place.
    var pageCount: Int
    /// By loaded page, as resolved on its own (nil: a draft or an undecodable file).
    var prepared: SiteResolver.PreparedPages
    /// What putting the site together found (duplicate URLs): the resolver's findings that
    /// are neither index claims nor one page's own.
    var assembleDiagnostics: [Diagnostic]
    var pageChecks: PageCheckResults
    var sourcesYAML: [UInt8]?
}

/// One rebuild's analysis, redoing only what the changed pages can change. `Groundwork.analyze`
/// calls `resolve`, `linkGraph` and `checks` in that order; the report is then exactly what a
/// full `check` of the same files says (IncrementalPropertyTests edits a site at random and
/// compares after every step).
///
/// The rules, from cheapest to dearest:
/// - Every page check (`PageCheck`) is redone for the edited pages; checks reading links for
///   the pages whose links were resolved again (`IncrementalBuilder.linkGraph`: the edited
///   pages, the pages linking to them, pages with a broken link, pages with wiki links when
///   a title or alias changed); checks reading sources.yaml for every page when it changed;
///   the audience leak check for every page when an `audience` changed. Site-wide checks
///   (orphans, nav, unused sources, audience names, aliases) run in full: they are cheap.
/// - An edit that leaves the page's front matter, title and URL alone (body text, headings,
///   links) resolves only that page and puts it into the previous site: the site's tables
///   (sections, URLs, wiki keys, audiences) are built from those alone.
/// - Any other edit resolves the whole site (cheap next to the checks).
/// - No previous run, files created or deleted, site.yaml changed, an edition (`--audience`):
///   everything again.
final class IncrementalAnalysis {
    /// Owned here alone (the builder lets go of it), so that its arrays can be patched in place.
    private var previous: AnalysisReuse?
    private let changedPaths: Set<String>
    /// The changed pages as the previous analysis had them, by loaded index: parsed, and their
    /// bytes when those changed.
    private let replacedParses: [Int: ParsedPage]
    private let replacedBytes: [Int: [UInt8]]
    private let sourcesYAML: [UInt8]?
    private let loaded: LoadedContent
    private let options: Options

    private var prepared: SiteResolver.PreparedPages?
    private var assembleDiagnostics: [Diagnostic] = []
    private var invalidation = CheckInvalidation.all
    private var pageChecks: PageCheckResults?
    /// Pages whose links were resolved again.
    private(set) var relinked = 0
    /// True when only the edited pages were resolved: every page's path, URL, title and front
    /// matter are the previous run's.
    private(set) var shapeKept = false
    /// Pages whose check findings were worked out again (the most of any page check).
    var checkedPages: Int { pageChecks?.redone.max() ?? 0 }

    init(previous: AnalysisReuse?, loaded: LoadedContent, options: Options, changed: Set<String>,
         replacedParses: [Int: ParsedPage], replacedBytes: [Int: [UInt8]], sourcesYAML: [UInt8]?) {
        self.previous = previous
        self.replacedParses = replacedParses
        self.replacedBytes = replacedBytes
        self.loaded = loaded
        self.options = options
        changedPaths = changed
        self.sourcesYAML = sourcesYAML
    }

    func resolve(_ pages: [ParsedPage], config: SiteConfig) -> (Site, [Diagnostic], SiteResolver.PreparedPages) {
        guard previous?.pageCount == pages.count, let examined = examine(pages, config: config) else {
            return resolveAll(pages, config: config)
        }
        guard examined.shapeKept else {
            // Titles, URLs, order or front matter changed: the site's tables are built again.
            let result = resolveAll(pages, config: config)
            let old = previous!.analysis.site.pages
            // By index: iterating the pages would copy each one.
            let samePages = result.0.pages.count == old.count
                && old.indices.allSatisfy { result.0.pages[$0].relativePath == old[$0].relativePath && result.0.pages[$0].url == old[$0].url }
            if samePages {
                invalidation = CheckInvalidation(everything: false, pages: Set(examined.changed.compactMap { siteIndex(of: $0, in: result.2) }),
                                                 sourcesChanged: examined.sourcesChanged, audiencesChanged: examined.audiencesChanged)
            }
            return result
        }
        // Only the edited pages' own resolution changed: put them into the previous site.
        // The site's pages are shared with the site being served, so replacing one copies that
        // array; the prepared pages are this object's alone: moved out of `previous` (no other
        // binding may hold them meanwhile, hence `examine` on its own) and patched in place.
        var reuse = previous.take()!
        var preparedPages = reuse.prepared
        reuse.prepared.pages = []
        reuse.prepared.pageDiagnostics = []
        var site = reuse.analysis.site
        assembleDiagnostics = reuse.assembleDiagnostics
        previous = reuse
        var edited = Set<Int>()
        for index in examined.changed {
            let (page, diagnostics) = examined.fresh[index]!
            preparedPages.pages[index] = page
            preparedPages.pageDiagnostics[index] = diagnostics
            guard var page, let at = siteIndex(of: index, in: preparedPages) else { continue }
            page.index = at
            site.pages[at] = page
            edited.insert(at)
        }
        prepared = preparedPages
        self.shapeKept = true
        invalidation = CheckInvalidation(everything: false, pages: edited, sourcesChanged: examined.sourcesChanged, audiencesChanged: false)
        invalidation.siteTablesKept = true
        return (site, preparedPages.diagnostics + assembleDiagnostics, preparedPages)
    }

    /// The changed pages (loaded indexes) resolved on their own, and whether the site keeps its
    /// shape: every changed page's front matter (fields and bytes), title, URL and index role
    /// as before. Nil when a changed page's previous version is unknown (resolve everything).
    private func examine(_ pages: [ParsedPage], config: SiteConfig)
        -> (changed: [Int], fresh: [Int: (Page?, [Diagnostic])], shapeKept: Bool, audiencesChanged: Bool, sourcesChanged: Bool)? {
        guard let previous else { return nil }
        let changed = pages.indices.filter { changedPaths.contains(pages[$0].relativePath) }
        var fresh: [Int: (Page?, [Diagnostic])] = [:]
        var shapeKept = true
        var audiencesChanged = false
        for index in changed {
            // Every page parsed again was handed over as it was before; one that was not means
            // the builder lost track: everything again.
            guard let old = replacedParses[index] else { return nil }
            let new = pages[index]
            guard old.relativePath == new.relativePath else { return nil }
            let oldBytes = replacedBytes[index] ?? loaded.pages[index].bytes
            let page = SiteResolver.preparePage(new, claims: previous.prepared.claims, config: config)
            fresh[index] = page
            if old.frontMatter.audience != new.frontMatter.audience { audiencesChanged = true }
            let before = previous.prepared.pages[index]
            if !Self.sameFrontMatter(old, new) || Self.frontMatterBytes(oldBytes) != Self.frontMatterBytes(loaded.pages[index].bytes)
                || (before == nil) != (page.0 == nil) || before?.title != page.0?.title || before?.url != page.0?.url
                || before?.isSectionIndex != page.0?.isSectionIndex {
                shapeKept = false
            }
        }
        return (changed, fresh, shapeKept, audiencesChanged, previous.sourcesYAML != sourcesYAML)
    }

    func linkGraph(_ site: Site) -> LinkGraph {
        let (graph, redone) = IncrementalBuilder.linkGraphRedoing(site, previous: invalidation.everything ? nil : previous?.analysis,
                                                                   changed: changedPaths, samePages: shapeKept)
        relinked = redone?.count ?? site.pages.count
        invalidation.relinked = redone ?? Set(site.pages.indices)
        return graph
    }

    func checks(_ context: CheckContext, profiler: Profiler?) -> [Diagnostic] {
        let (diagnostics, results) = Checks.runIncrementally(context, previous: invalidation.everything ? nil : previous?.pageChecks,
                                                             invalidation: invalidation, profiler: profiler)
        pageChecks = results
        return diagnostics
    }

    /// Hands the previous run's reuse to `reaper` (freeing it is slow and need not be waited for).
    func retirePrevious(to reaper: Reaper) {
        if let previous = previous.take() { reaper.free(previous) }
    }

    /// What the next rebuild may reuse.
    func result(analysis: Analysis, pageCount: Int) -> AnalysisReuse? {
        guard let prepared, let pageChecks else { return nil }
        return AnalysisReuse(analysis: analysis, pageCount: pageCount, prepared: prepared, assembleDiagnostics: assembleDiagnostics,
                             pageChecks: pageChecks, sourcesYAML: sourcesYAML)
    }

    private func resolveAll(_ pages: [ParsedPage], config: SiteConfig) -> (Site, [Diagnostic], SiteResolver.PreparedPages) {
        let result = SiteResolver.resolveKeepingPages(pages, assets: loaded.assets, config: config, displayRoot: options.contentDisplay)
        prepared = result.2
        // The resolver reports the prepared pages' findings first, then the site's.
        assembleDiagnostics = Array(result.1.dropFirst(result.2.diagnostics.count))
        invalidation = .all
        return result
    }

    /// A loaded page's index in `site.pages` (drafts and undecodable files are left out).
    private func siteIndex(of index: Int, in prepared: SiteResolver.PreparedPages) -> Int? {
        guard prepared.pages[index] != nil else { return nil }
        var at = 0
        // By index: iterating the pages would copy each one.
        for earlier in 0..<index where prepared.pages[earlier] != nil { at += 1 }
        return at
    }

    /// Whether two parses of a page have the same front matter: every field and where it is
    /// written (a field's location is in `declaredAudiences` and in diagnostics).
    static func sameFrontMatter(_ a: ParsedPage, _ b: ParsedPage) -> Bool {
        let x = a.frontMatter, y = b.frontMatter
        return a.decoded == b.decoded && a.hasFrontMatter == b.hasFrontMatter && a.file == b.file
            && x.title == y.title && x.summary == y.summary && x.tags == y.tags && x.order == y.order
            && x.reviewBy == y.reviewBy && x.owner == y.owner && x.aliases == y.aliases && x.term == y.term
            && x.alsoKnownAs == y.alsoKnownAs && x.audience == y.audience && x.draft == y.draft
            && x.unreadable == y.unreadable && x.locations == y.locations
    }

    /// The front matter block as written, through its closing line (a field the comparison
    /// above does not know still counts as a change); the whole file when it is not closed;
    /// nothing when the file does not open with `---`.
    static func frontMatterBytes(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let dash = UInt8(ascii: "-"), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), dot = UInt8(ascii: ".")
        guard bytes.count >= 3, bytes[0] == dash, bytes[1] == dash, bytes[2] == dash else { return [] }
        var lineStart = 0
        var first = true
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == newline {
                var line = bytes[lineStart..<index]
                if line.last == cr { line = line.dropLast() }
                while line.last == UInt8(ascii: " ") || line.last == UInt8(ascii: "\t") { line = line.dropLast() }
                if !first && (line.elementsEqual([dash, dash, dash]) || line.elementsEqual([dot, dot, dot])) {
                    return bytes[..<min(index + 1, bytes.count)]
                }
                first = false
                lineStart = index + 1
            }
            index += 1
        }
        return bytes[...]
    }
}
