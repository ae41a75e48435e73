import Foundation
import XCTest
import TestSupport
@testable import GroundworkCheck
@testable import GroundworkCore
@testable import GroundworkRender
@testable import GroundworkSupport
import Templating

/// `build`'s output check reads a page body the renderer wrote without raw HTML from its
/// attribute values alone (`HTMLScanner.scanGenerated`, issue 21). That must find exactly
/// what `HTMLScanner.scan` finds in those bytes, and the pages' scans, and so the output
/// check's diagnostics, must be the same with and without the shortcut.
final class PageBodyScanTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Bodies that stress what the shortcut relies on: quotes, `=`, `<`, `>` and `&` in text,
    /// titles and code; attribute lists (ids, `data-*`, `title`) on blocks and inlines;
    /// footnotes, callouts, task lists, tables, definition lists, embeds and citations.
    static let handWritten: [String: String] = [
        "hand.md": """
            ---
            title: Hand "written" & <odd>
            ---

            ## He said "a=" b' <i> & x="y" {#h-one}

            Text with a="b" and href="x.md" and id="fake" and <not a tag> & 'single' = "double".
            [link "t"](other.md "A \\"title\\" & more"){ data-x="1" title='t"x' }
            **strong**{ #anchored .c data-y=z } and `code a="b" <a href="c">` and [[Other|a "label"]].
            ![img "alt"](pic.png){ width=50% loading=eager }
            ![[pic.png|alt "x"|40]] and ![[Other]] and [@alpha, p. 4] and a footnote[^n].

            > [!tip]- A "folded" title with [a link](other.md#part)
            > Body with id="no".

            - [ ] task with [x](other.md)
            - [x] done "quoted"

            Term "t"
            : Definition with [y](other.md)

            | h "1" | h=2 |
            | - | - |
            | [c](other.md) | `"` |

            ```python {#code-id .extra data-k="v"}
            s = "<a href=\\"x\\">" # comment
            ```

            [^n]: Note with [z](other.md#part) and "quotes".
            """,
        "other.md": "---\ntitle: Other\n---\n\n## Part\n\nText.\n",
        "pic.png": "png",
        "sources.yaml": "alpha:\n  title: Alpha \"A\" & <B>\n",
    ]

    /// Every content page's body, rendered as `build` renders it, with whether it holds raw HTML.
    static func bodies(_ options: Options) throws -> [(path: String, html: [UInt8], raw: Bool)] {
        let analysis = try Groundwork.analyze(options)
        let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                    templates: try TemplateSet(directory: options.templates), today: options.today, searchEnabled: false)
        let pages = try renderer.renderPages(withBodies: { path, _, _, _, body in body.map { (path, $0.html, $0.hasRawHTML) } })
        return pages.compactMap { $0 }
    }

    static func sites() throws -> [(name: String, options: Options, remove: () -> Void)] {
        var sites: [(String, Options, () -> Void)] = []
        for seed: UInt64 in 1...8 {
            for raw in [false, true] {
                let a = try RecordedLinkTargetsTests.generatedSite(seed: seed, rawHTML: raw)
                sites.append(("recorded-links \(seed) raw \(raw)", a.options(), a.remove))
                let b = try ResolveFastPathTests.generatedSite(seed: seed, rawHTML: raw)
                sites.append(("resolve-fast-path \(seed) raw \(raw)", b.options(), b.remove))
            }
        }
        let hand = try TempSite(Self.handWritten, name: "pageBodyScan")
        sites.append(("hand-written", hand.options(), hand.remove))
        for audience in [nil, "partner"] {
            var options = Options(content: repository.appendingPathComponent("content"), contentDisplay: "content",
                                  templates: repository.appendingPathComponent("templates"),
                                  output: FileManager.default.temporaryDirectory.appendingPathComponent("unused"),
                                  today: Day(year: 2026, month: 11, day: 29))
            options.audience = audience
            sites.append(("content \(audience ?? "all")", options, {}))
        }
        return sites
    }

    static func describe(_ scan: OutputLinkCheck.ScannedFile) -> String {
        "ids \(scan.ids.sorted()) references \(scan.references.map { "\($0.attribute)=\($0.value)@\($0.offset)" })"
    }

    /// Each body without raw HTML scans with `scanGenerated` to what `HTMLScanner.scan` gives.
    func testGeneratedBodiesScanAsTheScannerScansThem() throws {
        var compared = 0, raw = 0, references = 0, ids = 0
        for site in try Self.sites() {
            defer { site.remove() }
            for body in try Self.bodies(site.options) {
                guard !body.raw else { raw += 1; continue }
                body.html.withUnsafeBufferPointer { bytes in
                    let plain = OutputLinkCheck.scanPiece(bytes)
                    let generated = OutputLinkCheck.scanPiece(bytes, generated: true)
                    XCTAssertTrue(OutputLinkCheck.sameScan(generated.scan, plain.scan),
                                  "\(site.name) \(body.path):\n\(Self.describe(generated.scan))\n\(Self.describe(plain.scan))")
                    XCTAssertEqual(generated.complete, plain.complete, "\(site.name) \(body.path)")
                    references += plain.scan.references.count
                    ids += plain.scan.ids.count
                }
                compared += 1
            }
        }
        // Enough of both: bodies read the short way, and bodies with raw HTML left to the scanner.
        XCTAssertGreaterThan(compared, 250)
        XCTAssertGreaterThan(raw, 100)
        XCTAssertGreaterThan(references, 3_000)
        XCTAssertGreaterThan(ids, 500)
    }

    /// The pages' scans as `build` makes them (kept nav renderings, shared references, the
    /// body read the short way) equal the scans without the shortcut, page by page, and the
    /// output check over them reports the same.
    func testPagesScanAndCheckAlikeWithAndWithoutTheShortcut() throws {
        var located = 0, pages = 0, reported = 0
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gw-pageBodyScan-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (n, site) in try Self.sites().enumerated() {
            defer { site.remove() }
            let analysis = try Groundwork.analyze(site.options)
            let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                        templates: try TemplateSet(directory: site.options.templates), today: site.options.today,
                                        searchEnabled: false)
            let base = analysis.site.config.baseURL
            let (shared, sharedPlain) = (OutputLinkCheck.SharedReferences(baseURL: base), OutputLinkCheck.SharedReferences(baseURL: base))
            let (fragments, fragmentsPlain) = (OutputLinkCheck.FragmentScans(baseURL: base), OutputLinkCheck.FragmentScans(baseURL: base))
            let root = folder.appendingPathComponent("\(n)")
            let lock = NSLock()
            let scanned = try renderer.renderPages(withBodies: { path, bytes, template, splices, body -> (OutputLinkCheck.ScannedOutput, OutputLinkCheck.ScannedOutput, Bool) in
                let written = root.appendingPathComponent(path)
                try? FileManager.default.createDirectory(at: written.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? Data(buffer: bytes).write(to: written)
                let pieces = splices.map { OutputLinkCheck.KnownPiece(offset: $0.offset, length: $0.fragment.utf8.count, identity: $0.fragment) }
                let generated = body.flatMap { body in
                    body.hasRawHTML ? nil : body.html.withUnsafeBufferPointer { OutputLinkCheck.locate(body: $0, in: bytes) }
                }
                // Both in one step: pages render in parallel, and which page of a group records
                // a shared reference first must be the same for both.
                lock.lock()
                defer { lock.unlock() }
                let fast = OutputLinkCheck.ScannedOutput(path: path, template: template, bytes: bytes, writtenAt: written.path,
                                                         shared: shared, pieces: pieces, fragments: fragments, generated: generated)
                let plain = OutputLinkCheck.ScannedOutput(path: path, template: template, bytes: bytes, writtenAt: written.path,
                                                          shared: sharedPlain, pieces: pieces, fragments: fragmentsPlain)
                return (fast, plain, generated != nil)
            })
            for (fast, plain, used) in scanned {
                XCTAssertTrue(OutputLinkCheck.sameScan(fast.scan, plain.scan),
                              "\(site.name) \(fast.path):\n\(Self.describe(fast.scan))\n\(Self.describe(plain.scan))")
                XCTAssertEqual(fast.droppedShared, plain.droppedShared, "\(site.name) \(fast.path)")
                located += used ? 1 : 0
                pages += 1
            }
            var settings = OutputLinkCheck.Settings(outputDisplay: "_site")
            settings.baseURL = base
            let paths = analysis.site.pages.map(\.outputPath)
            func check(_ files: [OutputLinkCheck.ScannedOutput]) -> [String] {
                OutputLinkCheck.check(paths: paths, scanned: files, xmlFiles: [], copies: [], settings: settings)
                    .map { "\($0.file):\($0.line):\($0.column): \($0.message) \($0.notes)" }.sorted()
            }
            let diagnostics = check(scanned.map(\.0))
            XCTAssertEqual(diagnostics, check(scanned.map(\.1)), site.name)
            reported += diagnostics.count
        }
        // Broken links were reported (the content checks' are not left out here), from bodies too.
        XCTAssertGreaterThan(reported, 100)
        // The body was found in most pages (not in those with raw HTML).
        XCTAssertGreaterThan(located, 250)
        XCTAssertGreaterThan(pages, located)
    }

    /// The body is found where its bytes are, and only there; a body that is not in the page,
    /// or an empty one, is not found.
    func testLocatingTheBody() {
        func locate(_ body: String, _ page: String) -> Range<Int>? {
            Array(body.utf8).withUnsafeBufferPointer { b in Array(page.utf8).withUnsafeBufferPointer { OutputLinkCheck.locate(body: b, in: $0) } }
        }
        XCTAssertEqual(locate("<p>b</p>", "<main><p>a</p><p>b</p></main>"), 14..<22)
        XCTAssertEqual(locate("<p>b</p>", "<p>b</p>"), 0..<8)
        XCTAssertNil(locate("<p>b</p>", "<main><p>a</p><p>b</p"))
        XCTAssertNil(locate("", "<p>b</p>"))
        XCTAssertNil(locate("<p>bb</p>", "<p>b</p>"))
    }

    /// Markup cut off at the end of a generated stretch is seen, as `scan` sees it.
    func testGeneratedScanSaysWhetherMarkupWasCutOff() {
        func complete(_ html: String) -> Bool {
            Array(html.utf8).withUnsafeBufferPointer { HTMLScanner.scanGenerated($0, wanted: HTMLScanner.linkWanted) { _ in } }
        }
        for whole in ["", "text", "<a href=\"x\">y</a>", "</li>\n", "a &gt; b"] { XCTAssertTrue(complete(whole), whole) }
        for cut in ["<", "<a", "<a href=\"x\"", "<p>a</p><a href=\"x\" title=\"y\""] { XCTAssertFalse(complete(cut), cut) }
    }
}
