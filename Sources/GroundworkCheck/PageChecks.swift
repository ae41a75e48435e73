import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

/// What a page check's findings on one page read besides that page (its parse, title, ids)
/// and the configuration. `groundwork serve` uses it to decide whose findings an edit can
/// change; a check that reads something not declared here gives a stale preview.
public struct PageCheckInputs: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The page's resolved links and citations in the `LinkGraph` (a link's target may change
    /// when another page's ids, title or URL change).
    public static let links = PageCheckInputs(rawValue: 1 << 0)
    /// sources.yaml.
    public static let sources = PageCheckInputs(rawValue: 1 << 1)
    /// Other pages' `audience` (and the sources').
    public static let audiences = PageCheckInputs(rawValue: 1 << 2)
}

/// A check whose findings are the union of its findings on each page, each found from that
/// page plus what `reads` declares. Its whole-site `run` is derived from the per-page one,
/// so `check` and the preview's incremental checks cannot disagree.
public protocol PageCheck: Check {
    var reads: PageCheckInputs { get }
    func run(page: Page, context: CheckContext) -> [Diagnostic]
}

extension PageCheck {
    /// Every page, on every core (`Checks.run` runs all page checks in one pass instead).
    public func run(_ context: CheckContext) -> [Diagnostic] {
        PagePass.run([self], pages: [nil], context: context)[0].flatMap { $0 }
    }
}

/// A check whose findings depend only on the configuration, sources.yaml and the site's
/// tables — pages' paths, URLs, titles and front matter, sections, folders, assets — never on
/// what a page's body says. The preview keeps its findings while an edit leaves those alone.
public protocol SiteTableCheck: Check {}

extension AliasChecks.Collisions: SiteTableCheck {}
extension LinkChecks.NavEntries: SiteTableCheck {}
extension CitationChecks.SourceFreshness: SiteTableCheck {}
extension Audiences.UnknownNames: SiteTableCheck {}

/// What changed since the previous run of the site checks, for `Checks.runIncrementally`.
public struct CheckInvalidation: Sendable {
    /// Redo everything (no previous run, the page list changed, site.yaml changed, ...).
    public var everything: Bool
    /// Pages whose resolved `Page` may differ from the previous run's (edited pages).
    public var pages: Set<Int>
    /// Pages whose links or citations were resolved again (a superset of `pages` when the
    /// link graph is patched; every page when it was built anew).
    public var relinked: Set<Int>
    public var sourcesChanged: Bool
    /// A page's `audience` changed (who may see what).
    public var audiencesChanged: Bool
    /// Only the edited pages' bodies changed: the site's tables (`SiteTableCheck`) are the
    /// previous run's.
    public var siteTablesKept = false

    public init(everything: Bool, pages: Set<Int> = [], relinked: Set<Int> = [], sourcesChanged: Bool = false,
                audiencesChanged: Bool = false) {
        self.everything = everything
        self.pages = pages
        self.relinked = relinked
        self.sourcesChanged = sourcesChanged
        self.audiencesChanged = audiencesChanged
    }

    public static let all = CheckInvalidation(everything: true)

    /// The pages whose findings a check reading `reads` must find again; nil for every page.
    func pagesToRedo(_ reads: PageCheckInputs) -> Set<Int>? {
        if everything { return nil }
        if reads.contains(.sources) && sourcesChanged { return nil }
        if reads.contains(.audiences) && (audiencesChanged || sourcesChanged) { return nil }
        return reads.contains(.links) ? pages.union(relinked) : pages
    }
}

/// The findings of every page check, page by page, kept between the preview's rebuilds.
public struct PageCheckResults: Sendable {
    /// By page check (in `Checks.all` order), by page index.
    fileprivate var byCheck: [[[Diagnostic]]]
    /// By site-table check (in `Checks.all` order).
    fileprivate var siteTables: [[Diagnostic]] = []
    /// How many pages each check's findings were worked out for in the last run (the rest
    /// were kept): for tests and profiles.
    public private(set) var redone: [Int]
}

extension Checks {
    /// The site-phase checks, as `run(.site, ...)` runs them, but redoing a page check only
    /// for the pages `invalidation` says its findings may have changed on, and keeping the
    /// previous findings for the rest. Checks that are not page checks (orphans, nav, source
    /// records, ...) run in full: each reads tables already built and is cheap.
    public static func runIncrementally(_ context: CheckContext, previous: PageCheckResults?, invalidation: CheckInvalidation,
                                        profiler: Profiler? = nil) -> (diagnostics: [Diagnostic], results: PageCheckResults) {
        let checks = all.filter { $0.phase == .site }
        let pageChecks = checks.compactMap { $0 as? any PageCheck }
        let pageCount = context.site.pages.count
        // Which pages each check must find again (nil: every page), then one pass for all.
        var redo: [Set<Int>?] = []
        for position in pageChecks.indices {
            let old = previous.flatMap { $0.byCheck.count == pageChecks.count && $0.byCheck[position].count == pageCount ? $0.byCheck[position] : nil }
            redo.append(old == nil ? nil : invalidation.pagesToRedo(pageChecks[position].reads))
        }
        let fresh = PagePass.run(pageChecks, pages: redo, context: context, profiler: profiler)
        var byCheck: [[[Diagnostic]]] = []
        var redone: [Int] = []
        var diagnostics: [Diagnostic] = []
        for position in pageChecks.indices {
            var findings: [[Diagnostic]]
            if let pages = redo[position], let previous {
                // Kept from the previous run, but for the pages redone.
                findings = previous.byCheck[position]
                for index in pages { findings[index] = fresh[position][index] }
                redone.append(pages.count)
            } else {
                findings = fresh[position]
                redone.append(pageCount)
            }
            for page in findings { diagnostics.append(contentsOf: page) }
            byCheck.append(findings)
        }
        let keepTables = !invalidation.everything && invalidation.siteTablesKept && !invalidation.sourcesChanged
        var siteTables: [[Diagnostic]] = []
        for check in checks where !(check is any PageCheck) {
            let found: [Diagnostic]
            if check is any SiteTableCheck {
                if keepTables, let previous, previous.siteTables.count > siteTables.count {
                    found = previous.siteTables[siteTables.count]
                } else {
                    found = check.run(context)
                }
                siteTables.append(found)
            } else {
                found = check.run(context)
            }
            diagnostics.append(contentsOf: found)
            profiler?.lap("check: " + check.name)
        }
        return (diagnostics, PageCheckResults(byCheck: byCheck, siteTables: siteTables, redone: redone))
    }
}
