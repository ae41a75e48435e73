import CSystem
import Synchronization

/// Gives the memory freed while pages are rendered back to the system, every `every` pages
/// (issue 21, memory).
///
/// Why: `build` frees each page's Markdown tree once the page is rendered (`PageBodies`), but
/// glibc keeps freed memory in its arenas, and the render threads do not reuse most of it
/// (the trees were allocated by the parse's threads, in other arenas, in small pieces among
/// what stays alive). Measured at 50,000 pages: 567 MiB of heap in use after the pages, but
/// the process still held 2,135 MiB; with this, 1,806 MiB (the peak, 1,949 MiB, is now the
/// parse's). `malloc_trim` returns the whole free pages inside the arenas, so the resident
/// size follows what is in use.
///
/// With mimalloc, the allocator every Linux build links (Package.swift), a trim does nothing:
/// mimalloc returns free pages by itself. The trimmer stays for builds on glibc's malloc
/// (sanitizers, `GROUNDWORK_SYSTEM_MALLOC=1`).
final class HeapTrimmer: Sendable {
    private let done = Atomic<Int>(0)
    /// Pages between two trims.
    let every: Int

    init(every: Int = 2_048) { self.every = every }

    /// A trimmer for a build of `pageCount` pages: every 2,048 pages, but at most about ten
    /// times in all. A trim walks the free chunks of every arena, which grow with the site, so
    /// a trim every 2,048 pages made trimming grow with the square of the pages (issue 21:
    /// ~1.2 s of CPU at 50,000 pages against 0.04 s at 10,000).
    convenience init(pageCount: Int) { self.init(every: max(2_048, pageCount / 10)) }

    /// Counts one rendered page; every `every`th trims the heap (on the calling thread: the
    /// other render threads wait only when they need an arena lock meanwhile).
    func pageDone() {
        if done.wrappingAdd(1, ordering: .relaxed).newValue % every == 0 { gw_trim_heap() }
    }

    /// Trims now (after a stage that freed much).
    func trim() { gw_trim_heap() }

    /// Trims now, without a trimmer (after the parse).
    static func trimNow() { gw_trim_heap() }
}
