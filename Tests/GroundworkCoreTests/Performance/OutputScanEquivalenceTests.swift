import Foundation
import XCTest
@testable import GroundworkCheck
@testable import GroundworkCore
@testable import GroundworkSupport
import TestSupport

/// Issue 21, perfout5: the output check's scanner reports byte ranges (`scanRanges`) and its
/// references are records over one byte buffer per file, recorded and looked up by their
/// bytes (`OutputReferenceStore.swift`). These tests hold the new way to the old one, kept
/// here as `Old` (the scanner, the `String` references and the `Set<String>` records of
/// 0f3cc4c), over seeded generated pages: the same attributes, the same references kept per
/// page, and the same diagnostics as resolving every reference of every page.
final class OutputScanEquivalenceTests: XCTestCase {
    final class Identity: Sendable {}

    /// The output check as it was (0f3cc4c): the reference for the tests below.
    enum Old {
        struct Reference: Equatable { var attribute: String; var value: String; var offset: Int }
        struct ScannedFile { var ids: Set<String> = []; var references: [Reference] = [] }

        static func scan(_ b: UnsafeBufferPointer<UInt8>, wanted: HTMLScanner.Wanted, tagsFor: Set<String>, _ body: (HTMLScanner.Attribute) -> Void) -> Bool {
            let n = b.count
            var complete = true
            // Names compared as lower-case bytes: no String per tag or attribute.
            let wantedBytes = wanted.names.map { Array($0.utf8) }
            let maxWanted = wantedBytes.map(\.count).max() ?? 0
            let minWanted = wantedBytes.map(\.count).min() ?? 0
            let rawTextTags = ["script", "style", "textarea", "title"].map { Array($0.utf8) }
            func equalsLowercased(_ start: Int, _ end: Int, _ name: [UInt8]) -> Bool {
                guard end - start == name.count else { return false }
                for k in 0..<name.count where lower(b[start + k]) != name[k] { return false }
                return true
            }
            var i = 0
            @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }
            @inline(__always) func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
            @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            /// Index of the first occurrence of `needle` (ASCII, lower-case) at or after `from`, case-insensitively.
            func find(_ needle: [UInt8], from: Int) -> Int? {
                guard !needle.isEmpty, n >= needle.count else { return nil }
                var k = from
                while k + needle.count <= n {
                    if lower(b[k]) == needle[0] {
                        var match = true
                        for m in 1..<needle.count where lower(b[k + m]) != needle[m] { match = false; break }
                        if match { return k }
                    }
                    k += 1
                }
                return nil
            }
            func string(_ start: Int, _ end: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
            }

            while i < n {
                // The next '<' by memchr: text between tags is most of a page.
                guard b[i] == 0x3C /* < */ else {
                    guard let base = b.baseAddress, let found = memchr(base + i, 0x3C, n - i) else { break }
                    i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    continue
                }
                let next = i + 1 < n ? b[i + 1] : 0
                if next == 0x21 /* ! */ {
                    // Whether `<!` starts a comment depends on the two bytes after it.
                    if i + 3 >= n { complete = false }
                    if i + 3 < n, b[i + 2] == 0x2D, b[i + 3] == 0x2D {  // <!-- comment -->
                        if let close = find(Array("-->".utf8), from: i + 4) { i = close + 3 } else { i = n; complete = false }
                    } else if let close = find([0x3E], from: i + 2) {  // <!DOCTYPE …>, <![CDATA[…]]> (good enough)
                        i = close + 1
                    } else { i = n; complete = false }
                    continue
                }
                if next == 0x3F /* ? */ || next == 0x2F /* / */ {
                    if let close = find([0x3E], from: i + 2) { i = close + 1 } else { i = n; complete = false }
                    continue
                }
                guard isAlpha(next) else {
                    if i + 1 >= n { complete = false }  // a `<` at the end: what follows decides
                    i += 1
                    continue
                }
                // Tag name.
                var j = i + 1
                while j < n, !isSpace(b[j]), b[j] != 0x3E, b[j] != 0x2F { j += 1 }
                if j >= n { complete = false }
                let tagStart = i + 1, tagEnd = j
                var tagName: String?
                func tag() -> String {
                    if let tagName { return tagName }
                    var ascii = true
                    for k in tagStart..<tagEnd where b[k] >= 0x80 { ascii = false; break }
                    // ASCII lower-cased by bytes: what `lowercased()` gives, without its Unicode path.
                    let name = ascii
                        ? String(unsafeUninitializedCapacity: tagEnd - tagStart, initializingUTF8With: { buffer in
                            for k in tagStart..<tagEnd { buffer[k - tagStart] = lower(b[k]) }
                            return tagEnd - tagStart
                        })
                        : string(tagStart, tagEnd).lowercased()
                    tagName = name
                    return name
                }
                // Attributes.
                while j < n {
                    while j < n, isSpace(b[j]) || b[j] == 0x2F { j += 1 }
                    guard j < n, b[j] != 0x3E else { break }
                    let nameStart = j
                    j += 1  // the first character may be anything, even '='
                    while j < n, !isSpace(b[j]), b[j] != 0x3E, b[j] != 0x2F, b[j] != 0x3D { j += 1 }
                    let nameEnd = j
                    var k = j
                    while k < n, isSpace(b[k]) { k += 1 }
                    var valueStart = -1, valueEnd = -1
                    if k < n, b[k] == 0x3D /* = */ {
                        k += 1
                        while k < n, isSpace(b[k]) { k += 1 }
                        if k < n, b[k] == 0x22 || b[k] == 0x27 {
                            let quote = b[k]
                            valueStart = k + 1
                            // The closing quote by memchr: values (a glossary term's `title`) are long.
                            let e = memchr(b.baseAddress! + valueStart, Int32(quote), n - valueStart)
                                .map { b.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
                            valueEnd = e
                            j = min(e + 1, n)
                        } else {
                            valueStart = k
                            var e = k
                            while e < n, !isSpace(b[e]), b[e] != 0x3E { e += 1 }
                            valueEnd = e
                            j = e
                        }
                    } else {
                        j = nameEnd
                    }
                    // Most attributes (class, aria-*, rel, type...) are not wanted: a length check first.
                    if valueStart >= 0, nameEnd - nameStart <= maxWanted, nameEnd - nameStart >= minWanted,
                       let index = wantedBytes.firstIndex(where: { equalsLowercased(nameStart, nameEnd, $0) }) {
                        let raw = string(valueStart, valueEnd)
                        // Only a value with a `&` has references to decode.
                        let hasReference = memchr(b.baseAddress! + valueStart, 0x26, valueEnd - valueStart) != nil
                        body(HTMLScanner.Attribute(tag: tagsFor.contains(wanted.names[index]) ? tag() : "", name: wanted.names[index],
                                       value: hasReference ? HTMLScanner.decodeReferences(raw) : raw, offset: nameStart, valueOffset: valueStart))
                    }
                }
                if j >= n { complete = false }  // the tag does not end with `>` here
                i = j + 1
                // Raw text elements: their content is not markup.
                if let raw = rawTextTags.first(where: { equalsLowercased(tagStart, tagEnd, $0) }) {
                    if let close = find([0x3C, 0x2F] + raw, from: i) { i = close } else { i = n; complete = false }
                }
            }
            return complete

        }

        static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (scan: ScannedFile, complete: Bool) {
            var file = ScannedFile()
            let complete = scan(bytes, wanted: HTMLScanner.linkWanted, tagsFor: ["name"]) { attribute in
                switch attribute.name {
                case "id": file.ids.insert(attribute.value)
                case "name": if attribute.tag == "a" { file.ids.insert(attribute.value) }
                case "srcset":
                    var searchFrom = attribute.value.startIndex
                    for candidate in attribute.value.split(separator: ",") {
                        let url = candidate.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map(String.init) ?? ""
                        guard !url.isEmpty else { continue }
                        var offset = attribute.valueOffset
                        if let found = attribute.value.range(of: url, range: searchFrom..<attribute.value.endIndex) {
                            offset += attribute.value.utf8.distance(from: attribute.value.startIndex, to: found.lowerBound)
                            searchFrom = found.upperBound
                        }
                        file.references.append(Reference(attribute: "srcset", value: url, offset: offset))
                    }
                default:
                    file.references.append(Reference(attribute: attribute.name, value: attribute.value, offset: attribute.valueOffset))
                }
            }
            return (file, complete)
        }

        /// `SharedReferences` as it was: a `Set<String>` of sharable values per group.
        final class Records {
            var groups: [String: Set<String>] = [:]
            /// Leaves out the fine own fragments, then what the group recorded; true when it left any of those out.
            func drop(_ file: inout ScannedFile, path: String, baseURL: String) -> Bool {
                file.references.removeAll { OutputLinkCheck.Context.isFineFragmentOfThisFile($0.value, ids: file.ids) }
                let key = OutputLinkCheck.group(of: path)
                var dropped = false
                file.references.removeAll { reference in
                    guard OutputLinkCheck.sharableGeneral(reference.value, baseURL: baseURL),
                          !groups[key, default: []].insert(reference.value).inserted else { return false }
                    dropped = true
                    return true
                }
                return dropped
            }
        }
    }

    /// Markup the scanner must get right: quotes of both kinds, unquoted values, upper case,
    /// character references, comments, raw text, `<a name>`, srcset, text that is not ASCII,
    /// and values `String` compares differently from bytes (KELVIN SIGN and `K`, `é` composed
    /// and not).
    static let hrefs = ["../a/", "../../b/", "./", "#t", "#missing", "x/#t", "../a/#t", "https://e.org/", "/abs/", "../café/",
                        "../cafe\u{301}/", "\u{212A}/", "K/", "../K/", "../\u{212A}/", "a&amp;b", "#caf&#233;", "#t&#x41;",
                        "../x%20y/", "?q", "../../../out", "pagefind/x.js", "p/", "../p/", "../../a/p/#t", " ../a/ ", "#A",
                        "https://x.org/kb/a/", "mailto:a@b.org", "../a", "#", ""]
    static let chunks = ["<li><a href=\"%\">A</a></li>", "<li id=\"t\">", "text &amp; more ", "<!-- <a href=\"%\"> -->",
                         "<img src='%' srcset=\"% 1x, %  2x\">", "<a name=n href=#top>", "</li>", "<script>var a = '<a href=\"%\">'</script>",
                         "<p\nid=p2>", "<A HREF=%>", "é<b>", "<title>T</title>", "\n", "<a name=\"%\">", "<A Name='é'>", "<link rel=x href='%'/>",
                         "<video poster=\"%\" src=%>", "<span title=\"a &quot;b&quot; <c>\">", "<p id='\u{212A}'>", "<p id=K>",
                         "<x-é href=\"%\">", "<a href = \"%\" id = 'q'>", "<!DOCTYPE html>", "<?xml ?>", "<a\thref=\"%\"\tid=t>"]

    static func page(_ generator: inout SplitMix64, chunks count: ClosedRange<Int>) -> String {
        (0..<Int.random(in: count, using: &generator)).map { _ -> String in
            var chunk = chunks.randomElement(using: &generator)!
            while let hole = chunk.range(of: "%") { chunk.replaceSubrange(hole, with: hrefs.randomElement(using: &generator)!) }
            return chunk
        }.joined()
    }

    /// The tokenizer over byte ranges (and `scan`, now made on it) finds what the old one
    /// found: the same attributes, tags, decoded values and offsets, and the same answer to
    /// whether the bytes ended outside markup (pages cut at random bytes too).
    func testScannerAgreesWithTheOldScanner() {
        var generator = SplitMix64(seed: 5_021)  // seeded: a failure replays
        var attributes = 0
        for round in 0..<3_000 {
            var bytes = Array(Self.page(&generator, chunks: 1...10).utf8)
            if round % 3 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
            for tagsFor in [Set<String>(["name"]), HTMLScanner.linkAttributes] {
                let wanted = HTMLScanner.Wanted(HTMLScanner.linkAttributes, tagsFor: tagsFor)
                bytes.withUnsafeBufferPointer { buffer in
                    var new: [HTMLScanner.Attribute] = [], old: [HTMLScanner.Attribute] = []
                    let newComplete = HTMLScanner.scan(buffer, wanted: wanted) { new.append($0) }
                    let oldComplete = Old.scan(buffer, wanted: wanted, tagsFor: tagsFor) { old.append($0) }
                    XCTAssertEqual(new, old, String(decoding: bytes, as: UTF8.self))
                    XCTAssertEqual(newComplete, oldComplete, String(decoding: bytes, as: UTF8.self))
                    attributes += new.count
                }
            }
        }
        XCTAssertGreaterThan(attributes, 20_000)
    }

    /// Pages of a few groups, each spliced with some of a few kept renderings, recorded one
    /// after another as `build` does: each page keeps the same references (attribute, value,
    /// offset) as the old whole-page scan with the old records, and reports the same "left
    /// out a recorded one".
    func testRecordsKeepWhatTheOldRecordsKept() {
        var generator = SplitMix64(seed: 2_112)  // seeded: a failure replays
        for base in ["", "https://x.org/kb/", "p/"] {
            let renderings = (0..<6).map { _ in Self.page(&generator, chunks: 1...4) }
            let identities = renderings.map { _ in Identity() }
            let shared = OutputLinkCheck.SharedReferences(baseURL: base)
            let fragments = OutputLinkCheck.FragmentScans(baseURL: base)
            let old = Old.Records()
            var compared = 0
            for n in 0..<400 {
                let path = ["index.html", "a/index.html", "a/p\(n % 7)/index.html", "b/p\(n % 5)/index.html", "a/b/c\(n % 3)/index.html",
                            "é/p/index.html"].randomElement(using: &generator)!
                var html = Self.page(&generator, chunks: 0...4)
                var pieces: [OutputLinkCheck.KnownPiece] = []
                for _ in 0..<Int.random(in: 0...4, using: &generator) {
                    let k = Int.random(in: 0..<renderings.count, using: &generator)
                    pieces.append(.init(offset: html.utf8.count, length: renderings[k].utf8.count, identity: identities[k]))
                    html += renderings[k] + Self.page(&generator, chunks: 0...2)
                }
                let bytes = Array(html.utf8)
                bytes.withUnsafeBufferPointer { buffer in
                    var whole = Old.scan(buffer).scan
                    // The pieces are used only when each ends outside markup; the old way is the whole page.
                    guard let parts = OutputLinkCheck.scan(buffer, pieces: pieces, fragments: fragments) else { return }
                    let oldDropped = old.drop(&whole, path: path, baseURL: OutputLinkCheck.SharedReferences(baseURL: base).baseURL)
                    let (scan, dropped) = shared.dropRecorded(parts, path: path, dropFineOwnFragments: true)
                    XCTAssertEqual(scan.references.map { Old.Reference(attribute: $0.attribute, value: $0.value, offset: $0.offset) },
                                   whole.references, "\(path): \(html)")
                    XCTAssertEqual(scan.ids.members, whole.ids, html)
                    XCTAssertEqual(dropped, oldDropped, "\(path): \(html)")
                    compared += 1
                }
            }
            XCTAssertGreaterThan(compared, 200)
        }
    }

    /// The check resolves a value that `climbsAtMostOnce` accepts without asking the memo:
    /// `scope` must be nil for every such value, from any file and base URL.
    /// `ValueSet` answers as the `Set<String>` it replaces, also for a value that is not ASCII
    /// asked of members that all are: it equals a member exactly when its one canonically
    /// equivalent ASCII string does (KELVIN SIGN and `K`, GREEK QUESTION MARK and `;`,
    /// `e` + COMBINING ACUTE and `é`, which is no ASCII string).
    func testValueSetAnswersAsASetOfStrings() {
        var generator = SplitMix64(seed: 9_090)  // seeded: a failure replays
        let pieces = ["K", "\u{212A}", ";", "\u{037E}", "`", "\u{1FEF}", "e", "e\u{301}", "\u{E9}", "a", "../", "/", "x",
                      "\r\n", "\u{300}", "\u{2126}", "\u{3A9}", "\u{41}\u{30A}", "\u{212B}", "\u{C5}", "%C3%A9", "\u{FF21}"]
        func value() -> String {
            (0..<Int(generator.next() % 4 + 1)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
        }
        for round in 0..<300 {
            // Half the rounds with ASCII members only: the lookups of other values take the
            // equivalent-ASCII path; the other half may hold any member (strings decide).
            let asciiOnly = round % 2 == 0
            var members: Set<String> = []
            while members.count < 12 {
                let member = value()
                if !asciiOnly || member.utf8.allSatisfy({ $0 < 0x80 }) { members.insert(member) }
            }
            let set = OutputLinkCheck.ValueSet(members)
            for _ in 0..<40 {
                var asked = generator.next() % 3 == 0 ? members.randomElement(using: &generator)! : value()
                let answer = asked.withUTF8 { bytes in
                    let (hash, isASCII) = OutputLinkCheck.ValueHash.hashAndASCII(bytes)
                    return set.contains(bytes, hash: hash, isASCII: isASCII)
                }
                XCTAssertEqual(answer, members.contains(asked), "\(asked.unicodeScalars.map { String($0.value, radix: 16) }) in \(members)")
            }
        }
    }

    func testClimbingOnceHasNoScope() {
        let pieces = ["..", "/", ".", "#", "#x", "a", "../", "//", "é", "%", "?", ":", " ", "..."]
        var generator = SplitMix64(seed: 77)  // seeded: a failure replays
        var accepted = 0, refused = 0
        for _ in 0..<40_000 {
            var value = [".", "..", "../", "../..", "../../", "..//..#", "./", "...", "..#"].randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 0...5, using: &generator) { value += pieces.randomElement(using: &generator)! }
            let once = value.utf8.withContiguousStorageIfAvailable { OutputLinkCheck.climbsAtMostOnce($0) }!
            for from in ["a/b/c/index.html", "a/b/index.html", "index.html", "é/x/y/index.html"] {
                for base in ["", "https://x.org/kb/", "./"] {
                    let scope = OutputLinkCheck.scope(of: value, from: from, baseURL: base)
                    if once { XCTAssertNil(scope, "\(value.debugDescription) from \(from) base \(base)") }
                }
            }
            if once { accepted += 1 } else { refused += 1 }
        }
        XCTAssertGreaterThan(accepted, 10_000)
        XCTAssertGreaterThan(refused, 1_000)
    }

    /// The whole check (pages scanned in pieces, references recorded per group, each value
    /// resolved once per group and through the memo) reports exactly what resolving every
    /// reference of every whole page, one by one, reports.
    func testCheckReportsWhatResolvingEveryReferenceReports() throws {
        var generator = SplitMix64(seed: 4_444)  // seeded: a failure replays
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("perfout5-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for base in ["", "https://x.org/kb/"] {
            let renderings = (0..<5).map { _ in Self.page(&generator, chunks: 1...4) }
            let identities = renderings.map { _ in Identity() }
            let shared = OutputLinkCheck.SharedReferences(baseURL: base)
            let fragments = OutputLinkCheck.FragmentScans(baseURL: base)
            var paths = ["index.html", "a/index.html", "b/index.html", "K/index.html", "café/index.html", "a/p/index.html", "b/p/index.html",
                         "x y/index.html", "\u{212A}/index.html"]
            for n in 0..<15 { paths += ["a/p\(n)/index.html", "b/p\(n)/index.html", "a/b/c\(n)/index.html"] }
            var scanned: [OutputLinkCheck.ScannedOutput] = []
            var wholes: [(path: String, bytes: [UInt8], scan: Old.ScannedFile)] = []
            for path in paths {
                var html = Self.page(&generator, chunks: 0...6)
                var pieces: [OutputLinkCheck.KnownPiece] = []
                for _ in 0..<Int.random(in: 0...3, using: &generator) {
                    let k = Int.random(in: 0..<renderings.count, using: &generator)
                    pieces.append(.init(offset: html.utf8.count, length: renderings[k].utf8.count, identity: identities[k]))
                    html += renderings[k] + Self.page(&generator, chunks: 0...2)
                }
                let bytes = Array(html.utf8)
                let written = folder.appendingPathComponent(String(scanned.count)).path
                try Data(bytes).write(to: URL(fileURLWithPath: written))
                scanned.append(bytes.withUnsafeBufferPointer {
                    OutputLinkCheck.ScannedOutput(path: path, template: "page", bytes: $0, writtenAt: written, shared: shared,
                                                  pieces: pieces, fragments: fragments)
                })
                wholes.append((path, bytes, bytes.withUnsafeBufferPointer { Old.scan($0).scan }))
            }
            var settings = OutputLinkCheck.Settings(outputDisplay: "_site", baseURL: base)
            settings.reportedByContentChecks = ["../missing/", "#caf\u{E9}", "\u{212A}/x/"]
            let diagnostics = OutputLinkCheck.check(paths: paths, scanned: scanned, xmlFiles: [], copies: [], settings: settings)
            // The oracle: every reference of every whole page resolved by `problem`.
            var normalized = base
            if !normalized.isEmpty, !normalized.hasSuffix("/") { normalized += "/" }
            var ids: [String: OutputLinkCheck.ValueSet] = [:]
            for whole in wholes { ids[whole.path] = OutputLinkCheck.ValueSet(whole.scan.ids) }
            let context = OutputLinkCheck.Context(existing: Set(paths), folders: .init(Set(paths)), idsByPath: ids, baseURL: normalized,
                                                  settings: settings)
            var expected: [String] = []
            for whole in wholes {
                for reference in whole.scan.references {
                    if OutputLinkCheck.Context.isFineFragmentOfThisFile(reference.value, ids: whole.scan.ids)
                        || settings.reportedByContentChecks.contains(reference.value) { continue }
                    guard let problem = context.problem(reference.value, from: whole.path) else { continue }
                    let (line, column) = HTMLScanner.position(of: reference.offset, in: whole.bytes)
                    expected.append("_site/\(whole.path):\(line):\(column): \(reference.attribute) '\(reference.value)' \(problem.message) \(problem.notes)")
                }
            }
            // The last note names the page's template.
            let found = diagnostics.map { "\($0.file):\($0.line):\($0.column): \($0.message) \(Array($0.notes.dropLast()))" }
            XCTAssertEqual(found.sorted(), expected.sorted(), "base \(base)")
            XCTAssertGreaterThan(expected.count, 50)
        }
    }
}
