import Foundation
import XCTest
@testable import GroundworkCore

/// Bad input from many writers: every case ends in a diagnostic or an exit status within a
/// bound — never a crash, a hang, or a damaged previous site.
final class HostileInputTests: XCTestCase {
    /// `make sanitize` runs everything 2-20x slower: it shrinks the two largest inputs tenfold.
    static let scale = ProcessInfo.processInfo.environment["GROUNDWORK_SANITIZE"] == nil ? 1 : 10

    /// A site with a good previous build in `_site`.
    func siteWithPreviousBuild(name: String = #function) throws -> (TempSite, [String: Data]) {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\nHello.\n"], name: name)
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote)
        return (site, snapshot(site.output))
    }

    /// Runs `body` on another thread and fails if it does not finish in `seconds`.
    func withinBound<T>(_ seconds: Double = 60, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultSlot<T>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.result = Result { try body() }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success, let result = box.result else {
            XCTFail("did not finish within \(seconds) s")
            throw CancellationError()
        }
        return try result.get()
    }

    /// Builds with one bad file added and returns the report; asserts the old site survived
    /// whenever the build failed.
    func buildWith(_ path: String, _ data: Data, file: StaticString = #filePath, line: UInt = #line,
                   name: String = #function) throws -> Report {
        let (site, before) = try siteWithPreviousBuild(name: name)
        defer { site.remove() }
        try site.write(path, data)
        let options = site.options()
        // Generous: a debug build on a shared 2-core machine; the bound catches hangs.
        let report = try withinBound(240) { try Groundwork.build(options) }
        if !report.wrote {
            XCTAssertEqual(snapshot(site.output), before, "previous site changed", file: file, line: line)
        }
        return report
    }

    func testInvalidUTF8() throws {
        let report = try buildWith("bad.md", Data([0x2D, 0x2D, 0x2D, 0x0A, 0xC3, 0x28]))
        XCTAssertEqual(report.summaryLines, ["content/bad.md:2:1 page.encoding"])
    }

    func testByteOrderMarkIsIgnored() throws {
        let report = try buildWith("bom.md", Data([0xEF, 0xBB, 0xBF] + Array("---\ntitle: With BOM\n---\n[x](nope.md)\n".utf8)))
        // Front matter after a BOM is still front matter, and positions are the editor's.
        XCTAssertEqual(report.summaryLines, ["content/bom.md:4:1 link.page-missing"])
    }

    func testCRLFKeepsExactPositions() throws {
        let text = "---\r\ntitle: CRLF\r\nsumary: typo\r\n---\r\n\r\nÜber [x](nope.md)\r\n"
        let report = try buildWith("crlf.md", Data(text.utf8))
        XCTAssertEqual(report.summaryLines, ["content/crlf.md:3:1 page.unknown-field", "content/crlf.md:6:6 link.page-missing"])
    }

    func testEmptyFileAndFrontMatterOnly() throws {
        XCTAssertEqual(try buildWith("empty.md", Data()).summaryLines, [])
        XCTAssertEqual(try buildWith("fm.md", Data("---\ntitle: Only front matter\n---\n".utf8)).summaryLines, [])
    }

    func testUnterminatedFrontMatter() throws {
        let report = try buildWith("open.md", Data("---\ntitle: Never closed\n\nBody.\n".utf8))
        XCTAssertEqual(report.summaryLines, ["content/open.md:1:1 page.front-matter"])
    }

    func testYAMLAliasBomb() throws {
        var yaml = "---\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for level in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml += "\(level): &\(level) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = level
        }
        yaml += "tags: *i\n---\nBody.\n"
        let report = try buildWith("bomb.md", Data(yaml.utf8))
        XCTAssertTrue(report.failed)
        XCTAssertTrue(report.summaryLines.contains("content/bomb.md:12:1 page.front-matter"), "\(report.summaryLines)")
    }

    func testFiftyMegabytePage() throws {
        var text = "---\ntitle: Huge\n---\n"
        let paragraph = "A line of ordinary prose with some *emphasis* and `code` in it, repeated.\n\n"
        let count = 50_000_000 / Self.scale / paragraph.utf8.count
        text += String(repeating: paragraph, count: count)
        text += "The end has a [broken](#nowhere) link.\n"
        let report = try buildWith("huge.md", Data(text.utf8))
        // One fault at the far end, found at its exact line.
        XCTAssertEqual(report.summaryLines, ["content/huge.md:\(4 + 2 * count):15 link.anchor-missing"])
    }

    func testDeeplyNestedListsAndQuotes() throws {
        let quotes = String(repeating: ">", count: 10_000 / Self.scale) + " deep\n"
        let lists = (0..<10_000 / Self.scale).map { String(repeating: " ", count: $0 * 2) + "- item" }.joined(separator: "\n")
        // Flattened, not refused: the build succeeds (the quote is an unattributed-quote warning).
        let quoted = try buildWith("quotes.md", Data(("---\ntitle: Q\n---\n" + quotes).utf8))
        XCTAssertTrue(quoted.wrote, "\(quoted.summaryLines)")
        XCTAssertEqual(quoted.summaryLines, ["content/quotes.md:4:1 quote.unattributed"])
        XCTAssertEqual(try buildWith("lists.md", Data(("---\ntitle: L\n---\n" + lists).utf8)).summaryLines, [])
    }

    /// The GFM extensions on hostile input: a footnote definition whose text is another
    /// definition, 20,000 deep (one level is read: no unbounded recursion), strikethrough
    /// openers that no closer of their length can close, an autolink ending in a long run
    /// of unbalanced parentheses, and a table with thousands of columns. Each finishes and
    /// is reported or rendered.
    func testGFMExtensionsOnHostileInput() throws {
        let n = 20_000 / Self.scale
        let nested = "Deep[^a].\n\n" + String(repeating: "[^a]: ", count: n) + "end\n"
        let tildes = String(repeating: " ~~a", count: n) + String(repeating: " a~", count: n) + "\n"
        let parens = "www.example.org/" + String(repeating: ")", count: n) + "\n"
        let columns = (0..<3).map { row in
            "|" + (0..<(n / 10)).map { row == 1 ? "---" : "c\($0)" }.joined(separator: "|") + "|"
        }.joined(separator: "\n") + "\n"
        let page = "---\ntitle: G\n---\n" + nested + "\n" + tildes + "\n" + parens + "\n" + columns
        let report = try buildWith("gfm.md", Data(page.utf8))
        // The inner definitions are the first one's text; nothing else is wrong.
        XCTAssertTrue(report.wrote, "\(report.summaryLines)")
    }

    func testBinaryFileNamedMarkdown() throws {
        var bytes = [UInt8]()
        var state: UInt32 = 2463534242
        for _ in 0..<65536 {
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            bytes.append(UInt8(truncatingIfNeeded: state))
        }
        let report = try buildWith("image.md", Data(bytes))
        XCTAssertEqual(report.diagnostics.map(\.code.id), ["page.encoding"])
    }

    func testSymlinkLoopAndSymlinkOutside() throws {
        let (site, before) = try siteWithPreviousBuild()
        defer { site.remove() }
        let fm = FileManager.default
        try fm.createDirectory(at: site.content.appendingPathComponent("loop"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: site.content.appendingPathComponent("loop/again").path,
                                  withDestinationPath: site.content.appendingPathComponent("loop").path)
        let outside = site.root.appendingPathComponent("secret.md")
        try "---\ntitle: Secret\n---\nOutside.\n".write(to: outside, atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: site.content.appendingPathComponent("leak.md").path, withDestinationPath: outside.path)
        let options = site.options()
        let report = try withinBound { try Groundwork.build(options) }
        XCTAssertEqual(report.summaryLines, ["content/leak.md:1:1 link.escapes-root"])
        XCTAssertEqual(snapshot(site.output), before)
    }

    func testUnusualFileNames() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\n[a](with%20space.md) [b](<with space.md>) [c](%C3%BCber.md) [d](per%25cent.md) [e](hash%23tag.md)\n",
            "with space.md": "---\ntitle: Space\n---\n",
            "über.md": "---\ntitle: Umlaut\n---\n",
            "per%cent.md": "---\ntitle: Percent\n---\n",
            "hash#tag.md": "---\ntitle: Hash\n---\n",
        ])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertEqual(report.summaryLines, [])
        let files = snapshot(site.output).keys.sorted()
        XCTAssertTrue(files.contains("with-space/index.html"), "\(files)")
        XCTAssertTrue(files.contains("über/index.html"), "\(files)")
        XCTAssertTrue(files.contains("percent/index.html"), "\(files)")
        XCTAssertTrue(files.contains("hashtag/index.html"), "\(files)")
        let home = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(home.contains("href=\"%C3%BCber/\""), home)
    }

    func testTemplateSyntaxErrorIsAnEnvironmentErrorAndKeepsTheSite() throws {
        let (site, before) = try siteWithPreviousBuild()
        defer { site.remove() }
        let templates = site.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: TempSite.repositoryTemplates, to: templates)
        try "{{#broken}}\n{{/other}}".write(to: templates.appendingPathComponent("page.mustache"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Groundwork.build(site.options(templates: templates))) { error in
            XCTAssertTrue("\(error)".contains("page.mustache:2:"), "\(error)")
        }
        XCTAssertEqual(snapshot(site.output), before)
    }

    func testNonRegularFilesAreSkippedNotRead() throws {
        let (site, before) = try siteWithPreviousBuild()
        defer { site.remove() }
        // Reading a FIFO would block forever.
        XCTAssertEqual(mkfifo(site.content.appendingPathComponent("pipe.md").path, 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: site.content.appendingPathComponent("dangling.md").path,
                                                   withDestinationPath: site.root.appendingPathComponent("content/nowhere.md").path)
        let options = site.options()
        let report = try withinBound(30) { try Groundwork.build(options) }
        XCTAssertEqual(report.summaryLines, ["content/dangling.md:1:1 file.unreadable", "content/pipe.md:1:1 file.unreadable"])
        XCTAssertEqual(snapshot(site.output), before)
    }

    func testUnreadableFile() throws {
        let (site, before) = try siteWithPreviousBuild()
        defer { site.remove() }
        let path = site.content.appendingPathComponent("locked.md").path
        try "---\ntitle: Locked\n---\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0)
        var options = site.options()
        // Root reads a file whatever its mode (CI runs as root): the build then runs as
        // `nobody`, as the effective user only, so that the test can become root again. Its
        // templates are copied next to the content: the checkout may be in a folder only
        // root can enter.
        var switched = false
        if getuid() == 0 {
            let templates = site.root.appendingPathComponent("templates")
            try FileManager.default.copyItem(at: TempSite.repositoryTemplates, to: templates)
            options.templates = templates
            guard seteuid(65534) == 0 else { throw XCTSkip("cannot switch to user nobody: errno \(errno)") }
            switched = true
        }
        defer { if switched { XCTAssertEqual(seteuid(0), 0, "could not become root again") } }
        let probe = open(path, O_RDONLY)
        if probe >= 0 { close(probe) }
        XCTAssertLessThan(probe, 0, "the file is readable: the test would prove nothing")
        let report = try Groundwork.build(options)
        XCTAssertEqual(report.summaryLines, ["content/locked.md:1:1 file.unreadable"])
        XCTAssertFalse(report.wrote)
        XCTAssertEqual(snapshot(site.output), before)
    }

    func testNonWritableOutputFolderIsAnEnvironmentError() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n"])
        defer { site.remove() }
        // /proc refuses new folders even to root.
        var options = site.options()
        options.output = URL(fileURLWithPath: "/proc/groundwork-site")
        XCTAssertThrowsError(try Groundwork.build(options)) { error in
            XCTAssertTrue(error is EnvironmentError, "\(error)")
        }
        // A regular file where the output's parent should be.
        let file = site.root.appendingPathComponent("plain-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        options.output = file.appendingPathComponent("_site")
        XCTAssertThrowsError(try Groundwork.build(options))
    }
}

/// A value handed from a worker thread to the waiting test.
final class ResultSlot<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
