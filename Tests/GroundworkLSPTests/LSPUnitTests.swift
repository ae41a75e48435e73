import Foundation
import GroundworkCore
@testable import GroundworkLSP
import Synchronization
import XCTest

/// The framing, the position conversion and the server's answers to malformed or hostile
/// input, in process.
final class LSPUnitTests: XCTestCase {
    // MARK: Framing

    func testFramesSplitAnywhereAndSeveralInOneRead() {
        let one = MessageFramer.frame(["jsonrpc": "2.0", "method": "a"]), two = MessageFramer.frame(["jsonrpc": "2.0", "method": "b"])
        let stream = one + two
        for cut in 0...stream.count {
            var framer = MessageFramer()
            let events = framer.feed(stream.prefix(cut)) + framer.feed(stream.dropFirst(cut))
            XCTAssertEqual(events, [.message(Data(#"{"jsonrpc":"2.0","method":"a"}"#.utf8)), .message(Data(#"{"jsonrpc":"2.0","method":"b"}"#.utf8))],
                           "cut at \(cut)")
        }
    }

    func testHeadersAreCaseInsensitiveAndOthersIgnored() {
        var framer = MessageFramer()
        let events = framer.feed(Data("content-length:  2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".utf8))
        XCTAssertEqual(events, [.message(Data("{}".utf8))])
    }

    func testABadHeaderIsSkippedAndTheNextMessageRead() {
        var framer = MessageFramer()
        let events = framer.feed(Data("Content-Length: lots\r\n\r\n".utf8) + MessageFramer.frame(["x": 1]))
        XCTAssertEqual(events, [.badHeader("no valid Content-Length"), .message(Data(#"{"x":1}"#.utf8))])
        var garbage = MessageFramer()
        XCTAssertEqual(garbage.feed(Data(repeating: 0x41, count: 9000)), [.badHeader("no end of headers in 9000 bytes")])
        XCTAssertEqual(garbage.feed(MessageFramer.frame(["y": 2])), [.message(Data(#"{"y":2}"#.utf8))])
    }

    func testATooLargeBodyIsSkippedNotBuffered() {
        var framer = MessageFramer()
        framer.maxBody = 10
        var events = framer.feed(Data("Content-Length: 25\r\n\r\n0123456789".utf8))
        events += framer.feed(Data("0123456789".utf8))
        events += framer.feed(Data("01234".utf8) + MessageFramer.frame(["z": 3]))
        XCTAssertEqual(events, [.tooLarge(25), .message(Data(#"{"z":3}"#.utf8))])
    }

    // MARK: Positions

    func testCharacterColumnsBecomeUTF16Offsets() {
        let line: Substring = "Ünïcödé 😀 [x](gide.md)"
        // Column 11 (the `[`, 1-based characters) is UTF-16 offset 11: the emoji is two units.
        XCTAssertEqual(TextPositions.utf16Offset(ofColumn: 11, in: line), 11)
        XCTAssertEqual(TextPositions.utf16Offset(ofColumn: 10, in: line), 10)
        XCTAssertEqual(TextPositions.utf16Offset(ofColumn: 9, in: line), 8)
        XCTAssertEqual(TextPositions.utf16Offset(ofColumn: 1, in: line), 0)
        XCTAssertEqual(TextPositions.utf16Offset(ofColumn: 999, in: line), line.utf16.count)
        // And back; an offset inside the emoji rounds down to it.
        XCTAssertEqual(TextPositions.column(atUTF16: 11, in: line), 11)
        XCTAssertEqual(TextPositions.column(atUTF16: 10, in: line), 10)
        XCTAssertEqual(TextPositions.column(atUTF16: 9, in: line), 9)
        XCTAssertEqual(TextPositions.column(atUTF16: 8, in: line), 9)
        // A decomposed "é" (e + combining accent) is one character and two units.
        let decomposed: Substring = "e\u{301}x"
        XCTAssertEqual(TextPositions.utf16Offset(ofColumn: 2, in: decomposed), 2)
    }

    func testCRLFLinesSplitLikeGroundworksLines() {
        let lines = TextPositions.lines("a\r\nÜ 😀 [x](y.md)\r\n\nlast")
        XCTAssertEqual(lines, ["a\r", "Ü 😀 [x](y.md)\r", "", "last"])
        XCTAssertEqual(TextPositions.utf16Offset(ofColumn: 5, in: lines[1]), 5)
    }

    func testQuotedNamesAndSuggestions() {
        XCTAssertEqual(DiagnosticConversion.firstQuoted("no page for link 'gide.md'"), "gide.md")
        XCTAssertEqual(DiagnosticConversion.firstQuoted("the page's title 'x' is long"), "x")
        XCTAssertNil(DiagnosticConversion.firstQuoted("no quotes here"))
        XCTAssertEqual(DiagnosticConversion.didYouMean("did you mean '@smith-2024'?"), "@smith-2024")
        XCTAssertNil(DiagnosticConversion.didYouMean("known fields: a, b"))
    }

    func testQuickFixesForCitationsWikiLinksAndFields() {
        func fix(_ code: DiagnosticCode, _ line: String, column: Int, _ message: String, _ note: String) -> (LSPAny?, String?) {
            let diagnostic = Diagnostic(code: code, severity: .error, file: "a.md", line: 1, column: column, message: message, notes: [note])
            let (_, quick) = DiagnosticConversion.convert(diagnostic, lines: [Substring(line)])
            return (quick?.range, quick?.newText)
        }
        let range = { (start: Int, end: Int) -> LSPAny in DiagnosticConversion.range(0, start, end) }
        var (r, text) = fix(.citeUnknownKey, "😀 [@smiht-2024]", column: 4, "no source 'smiht-2024' for citation", "did you mean '@smith-2024'?")
        XCTAssertEqual(r, range(5, 15)); XCTAssertEqual(text, "smith-2024")
        (r, text) = fix(.linkWikiUnresolved, "See [[Gide#setup|the guide]].", column: 5, "no page or term for wiki link '[[Gide#setup|the guide]]'", "did you mean '[[Guide]]'?")
        XCTAssertEqual(r, range(6, 10)); XCTAssertEqual(text, "Guide")
        (r, text) = fix(.linkWikiUnresolved, "See ![[Gide]].", column: 5, "no page or term for wiki link '![[Gide]]'", "did you mean '![[Guide]]'?")
        XCTAssertEqual(r, range(7, 11)); XCTAssertEqual(text, "Guide")
        (r, text) = fix(.pageUnknownField, "descripton: x", column: 1, "unknown front matter field 'descripton'", "did you mean 'description'?")
        XCTAssertEqual(r, range(0, 10)); XCTAssertEqual(text, "description")
        (r, text) = fix(.linkPageMissing, "[a](gide.md#setup)", column: 1, "no page for link 'gide.md#setup'", "did you mean 'guide.md'?")
        XCTAssertEqual(r, range(4, 11)); XCTAssertEqual(text, "guide.md")
        // No suggestion: no fix.
        XCTAssertNil(fix(.linkPageMissing, "[a](x.md)", column: 1, "no page for link 'x.md'", "add the page").1)
    }

    // MARK: The server in process

    /// A server whose output is collected; `root` is the fixture site.
    final class Harness: Sendable {
        final class Frames: Sendable { let list = Mutex<[Data]>([]) }
        let frames = Frames()
        let server: LanguageServer
        init() {
            var settings = LanguageServer.Settings(today: Day("2026-12-01")!)
            settings.debounceMilliseconds = 10
            server = LanguageServer(settings: settings) { [frames] data in frames.list.withLock { $0.append(data) } }
        }
        func send(_ message: LSPAny) { server.receive(.message(message.encoded())) }
        func raw(_ body: String) { server.receive(.message(Data(body.utf8))) }
        /// Every message sent since the last call, after everything received was handled.
        func take() -> [LSPAny] {
            server.drain()
            let sent = frames.list.withLock { list in defer { list = [] }; return list }
            var framer = MessageFramer()
            return sent.flatMap { framer.feed($0) }.compactMap { if case .message(let body) = $0 { return LSPAny.decode(body) }; return nil }
        }
    }

    static let root = LSPSessionTests.root

    func testRequestsBeforeInitializeAndAfterShutdown() {
        let harness = Harness()
        harness.send(["jsonrpc": "2.0", "id": "a", "method": "textDocument/completion", "params": [:]])
        harness.send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": [:]])
        XCTAssertEqual(harness.take(), [["jsonrpc": "2.0", "id": "a", "error": ["code": .int(-32002), "message": "initialize first"]]])
        harness.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:]])
        harness.send(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
        harness.send(["jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": [:]])
        let answers = harness.take()
        XCTAssertEqual(answers.count, 3)
        XCTAssertEqual(answers[1], ["jsonrpc": "2.0", "id": 2, "result": .null])
        XCTAssertEqual(answers[2], ["jsonrpc": "2.0", "id": 3, "error": ["code": .int(-32600), "message": "the server is shutting down"]])
        harness.send(["jsonrpc": "2.0", "method": "exit"])
        _ = harness.take()
        XCTAssertEqual(harness.server.queue.sync { harness.server.exitStatus }, 0)
    }

    func testExitWithoutShutdownIsStatusOne() {
        let harness = Harness()
        harness.send(["jsonrpc": "2.0", "method": "exit"])
        _ = harness.take()
        XCTAssertEqual(harness.server.queue.sync { harness.server.exitStatus }, 1)
    }

    func testMalformedMessages() {
        let harness = Harness()
        harness.raw("")
        harness.raw("\u{0}\u{1}binary")
        harness.raw(#"{"jsonrpc":"2.0","id":{"x":1},"method":"initialize"}"#)
        harness.raw(#"{"jsonrpc":"2.0","id":7,"result":null}"#)  // a response: ignored
        harness.raw(#"{"jsonrpc":"2.0","method":42}"#)
        let invalidJSON: LSPAny = ["jsonrpc": "2.0", "id": .null, "error": ["code": .int(-32700), "message": "invalid JSON"]]
        XCTAssertEqual(harness.take(), [
            invalidJSON, invalidJSON,
            ["jsonrpc": "2.0", "id": .null, "error": ["code": .int(-32600), "message": "a request id is a number or a string"]],
            ["jsonrpc": "2.0", "id": .null, "error": ["code": .int(-32600), "message": "not a JSON-RPC request"]],
        ])
    }

    /// A huge document, and one full of control characters and invalid text, are checked
    /// like any other: diagnostics, no crash; the file on disk is untouched.
    func testHugeAndBinaryDocuments() throws {
        let harness = Harness()
        let uri = LanguageServer.uri(ofPath: Self.root.appendingPathComponent("notes.md").path)
        let original = try Data(contentsOf: Self.root.appendingPathComponent("notes.md"))
        harness.send(["jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": ["rootUri": .string(LanguageServer.uri(ofPath: Self.root.path))]])
        let huge = "---\ntitle: Huge\n---\n\n" + String(repeating: "A line of text with a [link](guide.md#setup) in it. Ünï 😀\n", count: 100_000)
        harness.send(["jsonrpc": "2.0", "method": "textDocument/didOpen",
                      "params": ["textDocument": ["uri": .string(uri), "languageId": "markdown", "version": 1, "text": .string(huge)]]])
        var messages = harness.take()
        // The initialize answer, and no diagnostics: the huge text is a clean page.
        XCTAssertEqual(messages.count, 1)
        XCTAssertEqual(messages.first?["id"], 1)
        let binary = String(decoding: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }, as: UTF8.self)
        harness.send(["jsonrpc": "2.0", "method": "textDocument/didChange",
                      "params": ["textDocument": ["uri": .string(uri), "version": 2], "contentChanges": [["text": .string(binary)]]]])
        harness.send(["jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
                      "params": ["textDocument": ["uri": .string(uri)], "position": ["line": 3, "character": 5]]])
        messages = harness.take()
        XCTAssertEqual(messages.last, ["jsonrpc": "2.0", "id": 2, "result": .null])
        // The binary text is reported as `check` reports a binary file, and the page it
        // replaced is gone for the links to it.
        let published = messages.dropLast().map { message in
            (URL(string: message["params"]!["uri"]!.string!)!.lastPathComponent,
             message["params"]!["diagnostics"]!.array!.map { "\($0["code"]!.string!): \($0["message"]!.string!)" })
        }
        XCTAssertEqual(published.map(\.0), ["_index.md", "notes.md"])
        XCTAssertEqual(published.map(\.1), [["link.page-missing: no page for link 'notes.md'"],
                                             ["page.encoding: file contains a NUL byte (is it binary?)"]])
        XCTAssertEqual(try Data(contentsOf: Self.root.appendingPathComponent("notes.md")), original)
    }

    /// A file saved by another program (not open in the editor) is read again when the client
    /// reports it (`workspace/didChangeWatchedFiles`), and its effects on open pages published.
    func testWatchedFileChangesAreReadAgain() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-watch-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.root, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let harness = Harness()
        harness.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:]])
        let notes = copy.appendingPathComponent("notes.md"), guide = copy.appendingPathComponent("guide.md")
        harness.send(["jsonrpc": "2.0", "method": "textDocument/didOpen",
                      "params": ["textDocument": ["uri": .string(LanguageServer.uri(ofPath: notes.path)), "languageId": "markdown",
                                                  "version": 1, "text": .string(try String(contentsOf: notes, encoding: .utf8))]]])
        XCTAssertEqual(harness.take().count, 2)  // the initialize answer, notes.md's broken link
        let text = try String(contentsOf: guide, encoding: .utf8)
        try text.replacingOccurrences(of: "## Setup", with: "## Install").write(to: guide, atomically: true, encoding: .utf8)
        harness.send(["jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles",
                      "params": ["changes": [["uri": .string(LanguageServer.uri(ofPath: guide.path)), "type": 2]]]])
        let published = harness.take().map { message in
            (URL(string: message["params"]!["uri"]!.string!)!.lastPathComponent,
             message["params"]!["diagnostics"]!.array!.map { $0["code"]!.string! })
        }
        XCTAssertEqual(published.map(\.0), ["_index.md", "notes.md"])
        XCTAssertEqual(published.map(\.1), [["link.anchor-missing"], ["link.page-missing", "link.anchor-missing"]])
    }

    /// The diagnostics published for a site are the ones `check` reports, file by file.
    func testPublishedDiagnosticsAreCheckDiagnostics() throws {
        let harness = Harness()
        harness.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:]])
        let uri = LanguageServer.uri(ofPath: Self.root.appendingPathComponent("guide.md").path)
        let text = try String(contentsOf: Self.root.appendingPathComponent("guide.md"), encoding: .utf8)
        // Unsaved: a broken citation and an unknown audience, on top of what is on disk.
        let edited = text.replacingOccurrences(of: "[@jones-2025]", with: "[@jnoes-2025]").replacingOccurrences(of: "[internal]", with: "[internl]")
        harness.send(["jsonrpc": "2.0", "method": "textDocument/didOpen",
                      "params": ["textDocument": ["uri": .string(uri), "languageId": "markdown", "version": 1, "text": .string(edited)]]])
        harness.send(["jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction",
                      "params": ["textDocument": ["uri": .string(uri)], "range": DiagnosticConversion.range(0, 0, 0) .replacingEnd(line: 99)]])
        var published: [String: [String]] = [:]
        let messages = harness.take()
        // A quick fix for each did-you-mean: the audience and the citation key.
        let fixes = messages.last?["result"]?.array?.map { action -> String in
            let edit = action["edit"]!["changes"]![uri]!.array![0]
            return "\(edit["range"]!["start"]!["line"]!.int!):\(edit["range"]!["start"]!["character"]!.int!)-\(edit["range"]!["end"]!["character"]!.int!) \(edit["newText"]!.string!)"
        }
        XCTAssertEqual(fixes, ["3:11-18 internal", "8:55-65 jones-2025"])
        for message in messages where message["method"] == "textDocument/publishDiagnostics" {
            let file = LanguageServer.path(ofURI: message["params"]!["uri"]!.string!)!
            published[file] = (message["params"]?["diagnostics"]?.array ?? []).map {
                "\($0["range"]!["start"]!["line"]!.int! + 1) \($0["code"]!.string!) \($0["message"]!.string!)"
            }
        }
        // The same text on disk, checked by `check`.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-check-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.root, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try edited.write(to: copy.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
        let report = try Groundwork.check(Options(content: copy, contentDisplay: Self.root.path, templates: copy, output: copy,
                                                  today: Day("2026-12-01")!))
        var expected: [String: [String]] = [:]
        for d in report.all {
            expected[d.file, default: []].append("\(d.line) \(d.code.id) " + ([d.message] + d.notes.map { "note: " + $0 }).joined(separator: "\n"))
        }
        XCTAssertEqual(published, expected)
        XCTAssertEqual(Set(expected.values.flatMap { $0 }.map { $0.split(separator: " ")[1] }),
                       ["cite.unknown-key", "cite.unused-source", "audience.unknown", "audience.leak", "link.page-missing"])

        // Then edits of the unsaved text (the incremental path): after each, what was published
        // so far is what `check` says of the same text.
        let edits = [
            text.replacingOccurrences(of: "## Setup", with: "## Start"),
            text.replacingOccurrences(of: "title: Guide\n", with: "").replacingOccurrences(of: "[@smith-2024]", with: "[@smith-2024, p. 4] [[Nowhere]]"),
            text,
        ]
        for (step, edit) in edits.enumerated() {
            harness.send(["jsonrpc": "2.0", "method": "textDocument/didChange",
                          "params": ["textDocument": ["uri": .string(uri), "version": .int(step + 2)], "contentChanges": [["text": .string(edit)]]]])
            for message in harness.take() where message["method"] == "textDocument/publishDiagnostics" {
                let file = LanguageServer.path(ofURI: message["params"]!["uri"]!.string!)!
                let lines = (message["params"]?["diagnostics"]?.array ?? []).map {
                    "\($0["range"]!["start"]!["line"]!.int! + 1) \($0["code"]!.string!) \($0["message"]!.string!)"
                }
                published[file] = lines.isEmpty ? nil : lines
            }
            try edit.write(to: copy.appendingPathComponent("guide.md"), atomically: true, encoding: .utf8)
            let report = try Groundwork.check(Options(content: copy, contentDisplay: Self.root.path, templates: copy, output: copy,
                                                      today: Day("2026-12-01")!))
            var expected: [String: [String]] = [:]
            for d in report.all {
                expected[d.file, default: []].append("\(d.line) \(d.code.id) " + ([d.message] + d.notes.map { "note: " + $0 }).joined(separator: "\n"))
            }
            XCTAssertEqual(published, expected, "after edit \(step + 1)")
        }
        // The last edit is the file as saved: only notes.md's broken link is left.
        XCTAssertEqual(Array(published.keys), [Self.root.appendingPathComponent("notes.md").path])
    }
}

extension LSPAny {
    /// A range with its end moved to the start of `line`.
    func replacingEnd(line: Int) -> LSPAny {
        guard case .object(var object) = self else { return self }
        object["end"] = ["line": .int(line), "character": 0]
        return .object(object)
    }
}
