import GroundworkDiagnostics
import GroundworkResolve
import GroundworkSupport

/// When a check runs.
public enum CheckPhase: Sendable, Hashable {
    /// On the resolved site: `check`, `build` and every rebuild of `serve`.
    case site
    /// Over the network, only with `--external` (after the site checks, before rendering).
    case external
    /// On the rendered files, before `build` writes them (`check` and `serve` render nothing).
    case output
}

/// One check. It reads the `CheckContext` — the site and what Resolve recorded about it — and
/// returns diagnostics; it changes nothing.
///
/// A new check is a struct conforming to `Check` (copy `CardChecks.TooLong`), listed in
/// `Checks.all` below; a new code goes in the table of codes (`DiagnosticCode.swift`).
public protocol Check: Sendable {
    /// What it checks, in a few words (profiles name checks by it).
    var name: String { get }
    /// Every diagnostic code it may emit.
    var codes: [DiagnosticCode] { get }
    /// When it runs; `.site` unless it says otherwise.
    var phase: CheckPhase { get }
    func run(_ context: CheckContext) -> [Diagnostic]
}

extension Check {
    public var phase: CheckPhase { .site }
}

/// The registry: every check Groundwork runs, in one list.
public enum Checks {
    /// Every check, in no particular order (diagnostics are sorted afterwards).
    public static let all: [any Check] = [
        // Links (LinkChecks.swift): what Resolve recorded for every link, the nav, reachability.
        LinkChecks.BrokenLinks(),
        LinkChecks.NavEntries(),
        LinkChecks.Orphans(),
        LinkChecks.ImageAltText(),
        // Old URLs kept as redirects (AliasChecks.swift).
        AliasChecks.Collisions(),
        // Markdown extensions (ContentChecks.swift).
        ContentChecks.Tables(),
        ContentChecks.Footnotes(),
        AnchorChecks.BlockAttributeIDs(),
        // Raw HTML through the allow-list (RawHTMLChecks.swift).
        RawHTMLChecks.Removed(),
        ContentChecks.CalloutTypes(),
        // Citations, quotations, statistics and freshness (CitationChecks.swift).
        CitationChecks.UnknownKeys(),
        CitationChecks.SourceRecords(),
        CitationChecks.QuotesAndClaims(),
        CitationChecks.UnverifiedOnCards(),
        CitationChecks.PageFreshness(),
        CitationChecks.SourceFreshness(),
        // Battle cards (CardChecks.swift).
        CardChecks.TooLong(),
        CardChecks.AnswerUnsourced(),
        // Editions (AudienceChecks.swift).
        Audiences.UnknownNames(),
        Audiences.Leaks(),
        // `--external` (External/ExternalLinkChecker.swift).
        ExternalLinkChecker.ExternalLinks(),
        // `build`'s output pass over the rendered files (OutputLinkCheck.swift).
        OutputLinkCheck.OutputLinks(),
    ]

    /// The checks of one phase. The site phase's page checks (`PageCheck`) run together, in
    /// one pass over the pages on every core (`PagePass`); every other check runs after
    /// them, one after another, each on every core when it reads every page (checks run
    /// side by side would each get one core and wait for the slowest). Findings come in
    /// `all` order, as if each check had run alone. `profiler` times the pass and each
    /// other check.
    public static func run(_ phase: CheckPhase, _ context: CheckContext, profiler: Profiler? = nil) -> [Diagnostic] {
        let checks = all.filter { $0.phase == phase }
        let pageChecks = phase == .site ? checks.compactMap { $0 as? any PageCheck } : []
        let byPage = PagePass.run(pageChecks, pages: pageChecks.map { _ in nil }, context: context, profiler: profiler)
        var found: [[Diagnostic]] = []
        var nextPageCheck = 0
        for check in checks {
            if phase == .site, check is any PageCheck {
                found.append(byPage[nextPageCheck].flatMap { $0 })
                nextPageCheck += 1
            } else {
                found.append(check.run(context))
                profiler?.lap("check: " + check.name)
            }
        }
        return found.flatMap { $0 }
    }
}
