import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkSupport

/// The loaded pages, handed to the parse, which lets go of each page's bytes once the page
/// is parsed.
///
/// Why: the loader reads every page before anything is parsed, and nothing after the parse
/// reads a page's bytes (`check` and `build` work on the parsed tree). Holding the raw
/// Markdown until the end of `analyze` kept it beside the parsed site: 436 MB more at the
/// peak of a 50,000-page run (issue 21). The bytes are freed only if nothing else holds them
/// (`groundwork serve` keeps its own copy for the next edit; that is not changed).
package final class PageFiles: @unchecked Sendable {
    // @unchecked: only `parse` mutates `files`, from the one thread that calls it; the
    // parallel workers read a copy of one batch.
    package private(set) var files: [RawFile]

    package init(_ files: [RawFile]) { self.files = files }

    /// Pages are parsed in batches of this many; each batch's bytes are let go after it.
    /// Large enough that both cores stay busy, small enough that the raw and parsed copies
    /// of a site overlap by little.
    static let batch = 1024

    /// Parses every page with `parse` (on every core when `parallel`), in order, and
    /// empties each page's `bytes` after its batch. `relativePath` and `displayPath` stay.
    package func parse<R: Sendable>(parallel: Bool = true, _ parse: @Sendable (RawFile) -> R) -> [R] {
        var results: [R] = []
        results.reserveCapacity(files.count)
        var start = 0
        while start < files.count {
            let end = min(start + Self.batch, files.count)
            do {
                // A copy of the batch: the workers read it while `files` is not touched.
                let chunk = Array(files[start..<end])
                results += parallel ? parallelMap(chunk, parse) : chunk.map(parse)
            }
            for i in start..<end { files[i].bytes = [] }
            start = end
        }
        return results
    }
}
