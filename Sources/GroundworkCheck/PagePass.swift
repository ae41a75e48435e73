import GroundworkDiagnostics
import GroundworkModel
import GroundworkSupport

/// Runs every page check in ONE pass over the pages: each worker takes a page and runs all
/// the page checks on it, one after another (issue 21).
///
/// Why not one full-site `parallelMap` per check: with fifteen page checks that was fifteen
/// rounds of handing 10,000 pages to the workers (each one copying every `Page` value, a
/// retain per field, out of the array in generic code), and fifteen walks over pages whose
/// trees had long left the caches. One pass walks a page's tree while it is warm, and reads
/// each page out of the array once: the checks borrow that one copy.
///
/// Checks stay independent: a check is still one struct listed in `Checks.all`; this pass
/// only decides when its `run(page:context:)` is called. Findings come out by check, by page,
/// in the order the one-check-at-a-time run gave them.
enum PagePass {
    /// The findings of `checks`, by check (in `checks` order), by page index.
    ///
    /// - Parameters:
    ///   - pages: for each check, the pages it must be run on; nil for every page. A check
    ///     is not run on other pages: their entries are left empty, for the caller to fill
    ///     from a previous run.
    ///   - profiler: when given, each check's time (summed over the pages and the workers,
    ///     so roughly CPU time) is reported after the pass, as `check: · <name>`; the pass
    ///     itself is the lap `check: page checks (one pass)`.
    static func run(_ checks: [any PageCheck], pages: [Set<Int>?], context: CheckContext,
                    profiler: Profiler? = nil) -> [[[Diagnostic]]] {
        precondition(checks.count == pages.count)
        guard !checks.isEmpty else { return [] }
        let pageCount = context.site.pages.count
        // The pages any check must see, in order.
        let visit: [Int]
        if pages.contains(where: { $0 == nil }) {
            visit = Array(0..<pageCount)
        } else {
            visit = pages.reduce(into: Set<Int>()) { $0.formUnion($1!) }.sorted()
        }
        let timed = profiler != nil
        let work: @Sendable (Int) -> PageFindings = { index in
            findings(of: checks, on: context.site.pages[index], index: index, only: pages, context: context, timed: timed)
        }
        // A few pages (a preview edit) are not worth waking the workers for.
        let perPage = visit.count > 8 ? parallelMap(visit, work) : visit.map(work)
        profiler?.lap("check: page checks (one pass)")
        return gather(perPage, visited: visit, checks: checks, pageCount: pageCount, profiler: profiler)
    }

    /// What one page gives: the non-empty findings by check position (most pages have none,
    /// and an empty array costs no allocation), and, when timed, each check's time.
    struct PageFindings: Sendable {
        var found: [(check: Int, diagnostics: [Diagnostic])] = []
        var nanoseconds: [Int64] = []
    }

    /// `checks` run on one page, one after another. `only`: for each check, the pages it
    /// must be run on (nil for every page). The page is a parameter, so every check borrows
    /// it: read from the array for each check instead, the whole `Page` was copied (a retain
    /// per field) for every check.
    static func findings(of checks: [any PageCheck], on page: Page, index: Int, only: [Set<Int>?]? = nil,
                         context: CheckContext, timed: Bool) -> PageFindings {
        var result = PageFindings()
        if timed { result.nanoseconds = Array(repeating: 0, count: checks.count) }
        for position in checks.indices {
            if let only, let pages = only[position], !pages.contains(index) { continue }
            let started = timed ? ContinuousClock.now : nil
            let found = checks[position].run(page: page, context: context)
            if let started {
                let elapsed = started.duration(to: .now).components
                result.nanoseconds[position] = elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
            }
            if !found.isEmpty { result.found.append((position, found)) }
        }
        return result
    }

    /// The findings of `perPage` (the pages `visited`, in order) by check, by page index; with
    /// `profiler`, each check's time summed over the pages (roughly CPU time) is reported as
    /// `check: · <name>`.
    static func gather(_ perPage: [PageFindings], visited: [Int], checks: [any PageCheck], pageCount: Int,
                       profiler: Profiler?) -> [[[Diagnostic]]] {
        var findings = Array(repeating: Array(repeating: [Diagnostic](), count: pageCount), count: checks.count)
        var nanoseconds = Array(repeating: Int64(0), count: checks.count)
        let timed = profiler != nil
        for (offset, index) in visited.enumerated() {
            for (position, found) in perPage[offset].found { findings[position][index] = found }
            if timed { for position in checks.indices { nanoseconds[position] += perPage[offset].nanoseconds[position] } }
        }
        if let profiler {
            for position in checks.indices {
                profiler.note("check: · " + checks[position].name, milliseconds: Double(nanoseconds[position]) / 1e6)
            }
        }
        return findings
    }
}
