import Foundation
import XCTest
@testable import GroundworkCheck
@testable import GroundworkSupport
import TestSupport

/// Issue 21, perfout7: the output check decides the common fine reference over bytes
/// (`Context.isFineFast`) before `problem`. It may only ever say "fine" where `problem` finds
/// nothing wrong; these tests hold it to `problem` over seeded generated references, files,
/// ids and settings, and make sure it does decide the common cases.
final class OutputCheckFastPathTests: XCTestCase {
    /// Parts of references: climbs, names of existing and missing files and folders, ids,
    /// and what `resolve` treats specially (queries, schemes, percent escapes, spaces, `//`,
    /// the base URL, a search-index folder, KELVIN SIGN, `#top`, text fragments).
    static let parts = ["../", "../../", "./", "a/", "b/", "p1/", "p2/", "x.png", "index.html", "missing/", "#t", "#u", "#T", "#top",
                        "#", "#:~:text=a", "?q", "%41/", "https://x.org/kb/", "https://x.org/", "/", "//", "pagefind/", " ", "\t",
                        "\u{212A}/", "K/", "é/", "a", "p1", ".", "..", "#a/b", "#t#t", ":", "\r\n"]
    static let files = ["index.html", "a/index.html", "b/index.html", "a/p1/index.html", "a/p2/index.html", "b/p1/index.html",
                        "a/p1/x.png", "K/index.html", "pagefind/x.js", "a/b/c/index.html"]

    func testFastPathSaysFineOnlyWhereProblemFindsNothing() {
        var generator = SplitMix64(seed: 7_707)  // seeded: a failure replays
        var decided = 0, asked = 0, sitemapDecided = 0
        for round in 0..<60 {
            let base = ["", "https://x.org/kb/", "a/", "https://x.org/k\u{E9}/"][round % 4]
            let prefixes = round % 5 == 4 ? ["pagefind/", "\u{212A}/"] : ["pagefind/"]
            var files = Set(Self.files)
            if round % 3 == 1 { files.insert("\u{212A}/p/index.html") }
            // Ids per file, some files without any entry.
            var ids: [String: OutputLinkCheck.ValueSet] = [:]
            for file in files where file.hasSuffix(".html") && generator.next() % 4 != 0 {
                var set = OutputLinkCheck.ValueSet()
                for id in ["t", "u", "T", "a/b", "t#t", "caf\u{E9}"] where generator.next() % 2 == 0 { set.insert(id) }
                ids[file] = set
            }
            var settings = OutputLinkCheck.Settings(outputDisplay: "_site", baseURL: base, ignoredPrefixes: prefixes)
            settings.reportedByContentChecks = []
            var normalized = base
            if !normalized.isEmpty, !normalized.hasSuffix("/") { normalized += "/" }
            let context = OutputLinkCheck.Context(existing: files, folders: .init(files), idsByPath: ids, baseURL: normalized,
                                                  settings: settings)
            for _ in 0..<400 {
                var value = (0..<Int(generator.next() % 4 + 1)).map { _ in Self.parts[Int(generator.next() % UInt64(Self.parts.count))] }.joined()
                if generator.next() % 3 == 0 { value = normalized + value }
                let from = files.sorted()[Int(generator.next() % UInt64(files.count))]
                var v = value, f = from
                let fast = v.withUTF8 { vb in
                    f.withUTF8 { fb in context.fastPathUsable(from: fb) && context.isFineFast(vb, from: fb) }
                }
                asked += 1
                // A sitemap's `<loc>`, resolved from `index.html`.
                if context.isFineSitemapEntry(value) {
                    sitemapDecided += 1
                    XCTAssertNil(context.problem(value, from: "index.html"), "sitemap \(value.debugDescription), base \(base)")
                }
                if fast {
                    decided += 1
                    XCTAssertNil(context.problem(value, from: from), "\(value.debugDescription) from \(from), base \(base)")
                }
            }
        }
        XCTAssertGreaterThan(decided, 1_000, "the fast path decides the common references")
        XCTAssertGreaterThan(asked - decided, 5_000)
        XCTAssertGreaterThan(sitemapDecided, 200)
    }

    /// `FastTargets.join` (folders copied at once, `..` by the `/` before the last component)
    /// joins as `joinTarget` does, for every `from` that `usable(from:)` accepts.
    func testJoinAgreesWithJoinTarget() {
        var generator = SplitMix64(seed: 808)  // seeded: a failure replays
        let pieces = ["..", ".", "/", "a", "bc", "index.html", "//", "../", "./", "x.y"]
        var compared = 0
        for _ in 0..<20_000 {
            func make(_ count: UInt64) -> [UInt8] {
                Array((0..<Int(generator.next() % count)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined().utf8)
            }
            let path = make(6), from = make(5)
            guard !path.isEmpty else { continue }
            let usable = from.withUnsafeBufferPointer { OutputLinkCheck.Context.FastTargets.usable(from: $0) }
            guard usable else { continue }
            let capacity = from.count + path.count + 11
            let (fast, general) = path.withUnsafeBufferPointer { p in
                from.withUnsafeBufferPointer { f -> ([UInt8]?, [UInt8]?) in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
                        withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity / 2 + 2) { starts in
                            let fast = OutputLinkCheck.Context.FastTargets.join(p, from: f, into: out.baseAddress!).map { Array(out[..<$0]) }
                            let general = OutputLinkCheck.joinTarget(p, f, out: out, starts: starts).map { Array(out[..<$0]) }
                            return (fast, general)
                        }
                    }
                }
            }
            XCTAssertEqual(fast, general, "\(String(decoding: path, as: UTF8.self)) from \(String(decoding: from, as: UTF8.self))")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 3_000)
    }

    /// `ValueHash.hashAndASCII` reads values a word at a time: its "all ASCII" must be the
    /// bytes' at every length and alignment, with a non-ASCII byte at any position, and equal
    /// bytes must hash equal wherever they are.
    func testWordHashSeesEveryByte() {
        var generator = SplitMix64(seed: 31)  // seeded: a failure replays
        var distinct = Set<UInt32>()
        for length in 0...40 {
            for offset in 0..<8 {
                var buffer = (0..<(length + offset + 8)).map { _ in UInt8(generator.next() % 0x5F + 0x20) }
                let bytes = Array(buffer[offset..<(offset + length)])
                let (hash, isASCII) = buffer.withUnsafeBufferPointer { OutputLinkCheck.ValueHash.hashAndASCII(UnsafeBufferPointer(rebasing: $0[offset..<(offset + length)])) }
                XCTAssertTrue(isASCII)
                XCTAssertEqual(hash, bytes.withUnsafeBufferPointer { OutputLinkCheck.ValueHash.of($0) }, "length \(length)")
                distinct.insert(hash)
                for position in 0..<length {
                    let saved = buffer[offset + position]
                    buffer[offset + position] = 0xC3
                    let (changed, ascii) = buffer.withUnsafeBufferPointer { OutputLinkCheck.ValueHash.hashAndASCII(UnsafeBufferPointer(rebasing: $0[offset..<(offset + length)])) }
                    XCTAssertFalse(ascii, "length \(length), non-ASCII byte at \(position)")
                    XCTAssertNotEqual(changed, hash, "length \(length), changed byte at \(position)")
                    buffer[offset + position] = saved
                }
            }
        }
        XCTAssertGreaterThan(distinct.count, 300)
    }

    /// A fragment that matches two ids but for case gets one hint, the same on every run
    /// (the first in sorted order), not whichever a `Set` met first.
    func testCaseInsensitiveHintIsDeterministic() {
        let files: Set<String> = ["a/index.html", "b/index.html"]
        let context = OutputLinkCheck.Context(existing: files, folders: .init(files), idsByPath: ["b/index.html": ["Intro", "INTRO", "intrO", "other"]],
                                              baseURL: "", settings: OutputLinkCheck.Settings(outputDisplay: "_site"))
        let problem = context.problem("../b/#intro", from: "a/index.html")
        XCTAssertEqual(problem?.notes, ["did you mean '#INTRO'?"])
    }

    /// What the generated corpora's pages hold most: decided without `problem`.
    func testCommonReferencesAreDecided() {
        let files: Set<String> = ["s001/p00001/index.html", "s001/p00002/index.html", "s002/p00101/index.html", "s001/index.html",
                                  "assets/style.css", "index.html"]
        var ids: [String: OutputLinkCheck.ValueSet] = [:]
        ids["s001/p00002/index.html"] = ["intro", "ref-1"]
        ids["s002/p00101/index.html"] = ["intro"]
        let context = OutputLinkCheck.Context(existing: files, folders: .init(files), idsByPath: ids, baseURL: "",
                                              settings: OutputLinkCheck.Settings(outputDisplay: "_site"))
        func fast(_ value: String) -> Bool {
            var v = value, f = "s001/p00001/index.html"
            return v.withUTF8 { vb in f.withUTF8 { context.isFineFast(vb, from: $0) } }
        }
        for fine in ["../p00002/", "../p00002/#intro", "../../s002/p00101/#intro", "../../assets/style.css", "../", "../../",
                     "../../index.html", "./", "../p00002/#"] {
            XCTAssertTrue(fast(fine), fine)
            XCTAssertNil(context.problem(fine, from: "s001/p00001/index.html"), fine)
        }
        // Left to `problem`: a missing id, `#top`, a missing file, a folder without `/`, climbing out.
        for undecided in ["../p00002/#missing", "../p00002/#top", "../p00003/", "../p00002", "../../../x/", "/s001/"] {
            XCTAssertFalse(fast(undecided), undecided)
        }
    }
}
