import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkSupport
import Synchronization

/// The loaded pages, handed to the parse, which lets go of each page's bytes once the page
/// is parsed.
///
/// Why: the loader reads every page before anything is parsed, and nothing after the parse
/// reads a page's bytes (`check` and `build` work on the parsed tree). Holding the raw
/// Markdown until the end of `analyze` kept it beside the parsed site: 436 MB more at the
/// peak of a 50,000-page run (issue 21). The bytes are freed only if nothing else holds them
/// (`groundwork serve` keeps its own copy for the next edit; that is not changed).
///
/// `check` and `build` go further: the loader does not read the pages at all
/// (`ContentLoader.load(readingPages: false)`), and each page is read by the parse's worker
/// right before it parses it. The reading was a stage of its own that kept one core of two
/// idle (the load lap: ~140 ms wall, ~145 ms CPU at 10,000 pages); now it runs beside the
/// other worker's parsing, and a page's bytes live only while their page is parsed.
package final class PageFiles: @unchecked Sendable {
    // @unchecked: only `parse` mutates `files` and `unreadable`, from the one thread that
    // calls it; the parallel workers read a copy of one batch.
    package private(set) var files: [RawFile]
    /// Where each page's bytes are read from, in `files` order, when `files` came without
    /// them; nil when they hold their bytes.
    let unreadPaths: [String]?
    /// "cannot read file" for each page whose bytes `parse` could not read (gone or unreadable
    /// since the loader listed it), in page order. Those pages are left out of its results,
    /// as the loader leaves out a page it cannot read.
    package private(set) var unreadable: [Diagnostic] = []

    package init(_ files: [RawFile], unreadPaths: [String]? = nil) {
        precondition(unreadPaths == nil || unreadPaths?.count == files.count, "one path per page")
        self.files = files
        self.unreadPaths = unreadPaths
    }

    /// Pages are parsed in batches of this many; each batch's bytes are let go after it.
    /// Large enough that both cores stay busy, small enough that the raw and parsed copies
    /// of a site overlap by little.
    static let batch = 1024

    /// Parses every page with `parse` (on every core when `parallel`), in order, and
    /// empties each page's `bytes` after its batch. `relativePath` and `displayPath` stay.
    /// With `unreadPaths`, each page is read first, on the worker that parses it.
    package func parse<R: Sendable>(parallel: Bool = true, _ parse: @Sendable (RawFile) -> R) -> [R] {
        var results: [R] = []
        results.reserveCapacity(files.count)
        var failed: [Int] = []
        var start = 0
        while start < files.count {
            let end = min(start + Self.batch, files.count)
            do {
                // A copy of the batch: the workers read it while `files` is not touched.
                let chunk = Array(files[start..<end])
                if let paths = unreadPaths.map({ Array($0[start..<end]) }) {
                    let first = start
                    let failedReads = Mutex<[Int]>([])
                    let readAndParse: @Sendable (Int) -> R = { offset in
                        var file = chunk[offset]
                        if let bytes = readBytes(paths[offset]) {
                            file.bytes = bytes
                        } else {
                            // Parsed empty to keep every slot filled; its result is dropped below.
                            failedReads.withLock { $0.append(first + offset) }
                        }
                        return parse(file)
                    }
                    results += parallel ? parallelMap(count: chunk.count, readAndParse) : (0..<chunk.count).map(readAndParse)
                    failed += failedReads.withLock { $0 }
                } else {
                    results += parallel ? parallelMap(chunk, parse) : chunk.map(parse)
                }
            }
            for i in start..<end { files[i].bytes = [] }
            start = end
        }
        if !failed.isEmpty {
            failed.sort()
            var bag = DiagnosticBag()
            for index in failed { bag.add(.fileUnreadable, file: files[index].displayPath, line: 1, column: 1, "cannot read file") }
            unreadable = bag.items
            for index in failed.reversed() { results.remove(at: index) }
        }
        return results
    }
}
