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

    /// The checks of one phase, one after another: each check that reads every page does so
    /// on every core (checks run side by side would each get one core and wait for the
    /// slowest). `profiler` times each.
    public static func run(_ phase: CheckPhase, _ context: CheckContext, profiler: Profiler? = nil) -> [Diagnostic] {
        all.filter { $0.phase == phase }.flatMap { check -> [Diagnostic] in
            let found = check.run(context)
            profiler?.lap("check: " + check.name)
            return found
        }
    }
}
