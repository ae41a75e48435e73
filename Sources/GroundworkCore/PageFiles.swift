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
    // @unchecked: only `parse` mutates `files`; its workers each empty the bytes of the pages
    // they parse, and no two workers parse the same page.
    package private(set) var files: [RawFile]

    package init(_ files: [RawFile]) { self.files = files }

    /// Parses every page with `parse` (on every core when `parallel`), in order, and
    /// empties each page's `bytes` as soon as it is parsed. `relativePath` and `displayPath`
    /// stay.
    ///
    /// One pass over all pages, each core taking the next pages as it is free: parsing in
    /// batches of 1,024 pages, waiting for the batch's slowest page before the next, left a
    /// core idle at the end of every batch (under load, for as long as one worker was not
    /// scheduled). Letting each page's bytes go right after its parse keeps what the batches
    /// were for: the raw and the parsed copies of the site hardly overlap.
    package func parse<R: Sendable>(parallel: Bool = true, _ parse: @Sendable (RawFile) -> R) -> [R] {
        let count = files.count
        guard count > 0 else { return [] }
        return files.withUnsafeMutableBufferPointer { buffer in
            let pages = UncheckedSendable(buffer.baseAddress!)
            @Sendable func parseOne(_ index: Int) -> R {
                // The bytes move into `file`: they are freed when its parse is done.
                let file = pages.value[index]
                pages.value[index].bytes = []
                return parse(file)
            }
            return parallel ? parallelMap(count: count, parseOne) : (0..<count).map(parseOne)
        }
    }
}
