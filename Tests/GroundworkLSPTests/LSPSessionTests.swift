import Foundation
import GroundworkLSP
import XCTest

/// Drives `groundwork lsp` over pipes as an editor would, against the fixture site in
/// Fixtures/site, and checks every answer exactly — ranges in UTF-16 code units included
/// (notes.md's line 6 is "Ünïcödé 😀 [x](gide.md)": the `[` is character 11 but UTF-16 unit 11
/// of a line whose emoji takes two units, so a column counted in characters would say 10).
final class LSPSessionTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/site")
    static func uri(_ name: String) -> String { LanguageServer.uri(ofPath: root.appendingPathComponent(name).path) }
    static func text(_ name: String) throws -> String { try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8) }

    static func range(_ line: Int, _ start: Int, _ end: Int) -> LSPAny {
        ["start": ["line": .int(line), "character": .int(start)], "end": ["line": .int(line), "character": .int(end)]]
    }

    static func diagnostic(_ code: String, _ message: String, _ range: LSPAny) -> LSPAny {
        ["range": range, "severity": 1, "code": .string(code), "source": "groundwork", "message": .string(message)]
    }

    static func publish(_ name: String, _ diagnostics: [LSPAny]) -> LSPAny {
        ["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
         "params": ["uri": .string(uri(name)), "diagnostics": .array(diagnostics)]]
    }

    static let pageMissing = diagnostic("link.page-missing", "no page for link 'gide.md'\nnote: did you mean 'guide.md'?", range(5, 11, 22))

    func testAnEditorSession() throws {
        let session = try LSPProcess()
        defer { session.stop() }
        let notes = Self.uri("notes.md"), guide = Self.uri("guide.md")
        let notesText = try Self.text("notes.md"), guideText = try Self.text("guide.md")

        // initialize → the capabilities.
        let initialize = try session.request("initialize", ["processId": .null, "rootUri": .string(LanguageServer.uri(ofPath: Self.root.path)),
                                                            "capabilities": [:]])
        XCTAssertEqual(initialize.notifications, [])
        XCTAssertEqual(initialize.response["result"]?["capabilities"], [
            "textDocumentSync": ["openClose": true, "change": 1],
            "completionProvider": ["triggerCharacters": ["@", "(", "[", "#", ":"]],
            "hoverProvider": true, "definitionProvider": true, "codeActionProvider": ["codeActionKinds": ["quickfix"]],
        ])
        session.notify("initialized", [:])

        // didOpen → the diagnostics of the unsaved text, as `check` reports them.
        session.notify("textDocument/didOpen", ["textDocument": ["uri": .string(notes), "languageId": "markdown", "version": 1,
                                                                 "text": .string(notesText)]])
        XCTAssertEqual(try session.next(), Self.publish("notes.md", [Self.pageMissing]))

        // A quick fix for the did-you-mean: `gide.md` (UTF-16 15..<22) becomes `guide.md`.
        let actions = try session.request("textDocument/codeAction", ["textDocument": ["uri": .string(notes)],
                                                                      "range": Self.range(5, 0, 0), "context": ["diagnostics": []]])
        XCTAssertEqual(actions.response["result"], [[
            "title": "Replace with 'guide.md'", "kind": "quickfix", "isPreferred": true, "diagnostics": [Self.pageMissing],
            "edit": ["changes": .object([notes: [["range": Self.range(5, 15, 22), "newText": "guide.md"]]])],
        ]])

        // Opening guide.md changes nothing; renaming its heading breaks the links to it from
        // _index.md (not open) and notes.md: both are published again.
        session.notify("textDocument/didOpen", ["textDocument": ["uri": .string(guide), "languageId": "markdown", "version": 1,
                                                                 "text": .string(guideText)]])
        session.notify("textDocument/didChange", ["textDocument": ["uri": .string(guide), "version": 2],
                                                  "contentChanges": [["text": .string(guideText.replacingOccurrences(of: "## Setup", with: "## Installing"))]]])
        let anchorMissing = "no heading '#setup' on guide.md"
        XCTAssertEqual(try session.next(), Self.publish("_index.md", [Self.diagnostic("link.anchor-missing", anchorMissing, Self.range(5, 9, 31))]))
        XCTAssertEqual(try session.next(), Self.publish("notes.md", [Self.pageMissing,
                                                                     Self.diagnostic("link.anchor-missing", anchorMissing, Self.range(7, 24, 46))]))
        // And back: the anchors resolve again.
        session.notify("textDocument/didChange", ["textDocument": ["uri": .string(guide), "version": 3], "contentChanges": [["text": .string(guideText)]]])
        XCTAssertEqual(try session.next(), Self.publish("_index.md", []))
        XCTAssertEqual(try session.next(), Self.publish("notes.md", [Self.pageMissing]))

        // Completion on the non-ASCII line: page paths after `](`, headings after `#`.
        func complete(_ line: String, at position: (Int, Int)) throws -> LSPAny? {
            let changed = notesText.replacingOccurrences(of: "Ünïcödé 😀 [x](gide.md)", with: line)
            session.notify("textDocument/didChange", ["textDocument": ["uri": .string(notes), "version": 4], "contentChanges": [["text": .string(changed)]]])
            let answer = try session.request("textDocument/completion", ["textDocument": ["uri": .string(notes)],
                                                                         "position": ["line": .int(position.0), "character": .int(position.1)]])
            return answer.response["result"]?["items"]
        }
        func item(_ label: String, _ detail: String, _ kind: Int, _ range: LSPAny) -> LSPAny {
            ["label": .string(label), "detail": .string(detail), "kind": .int(kind), "textEdit": ["range": range, "newText": .string(label)]]
        }
        XCTAssertEqual(try complete("Ünïcödé 😀 [x](gu", at: (5, 17)),
                       [item("_index.md", "Home", 17, Self.range(5, 15, 17)), item("guide.md", "Guide", 17, Self.range(5, 15, 17)),
                        item("rag.md", "Retrieval-augmented generation", 17, Self.range(5, 15, 17))])
        XCTAssertEqual(try complete("Ünïcödé 😀 [x](guide.md#se", at: (5, 26)), [item("setup", "Setup", 18, Self.range(5, 24, 26))])
        XCTAssertEqual(try complete("Ünïcödé 😀 [[gu", at: (5, 15)),
                       [item("_index", "Home", 17, Self.range(5, 13, 15)), item("guide", "Guide", 17, Self.range(5, 13, 15)),
                        item("rag", "Retrieval-augmented generation", 17, Self.range(5, 13, 15))])
        XCTAssertEqual(try complete("Ünïcödé 😀 [@jo", at: (5, 15)), [
            item("smith-2024", "Retrieval at scale · confirmed", 18, Self.range(5, 13, 15)),
            item("jones-2025", "Grounded answers · partial", 18, Self.range(5, 13, 15)),
        ])
        // Front matter: the audiences site.yaml declares.
        let audienceText = notesText.replacingOccurrences(of: "title: Notes\n", with: "title: Notes\naudience: [pa\n")
        session.notify("textDocument/didChange", ["textDocument": ["uri": .string(notes), "version": 5], "contentChanges": [["text": .string(audienceText)]]])
        let audiences = try session.request("textDocument/completion", ["textDocument": ["uri": .string(notes)], "position": ["line": 2, "character": 13]])
        XCTAssertEqual(audiences.response["result"]?["items"],
                       [item("internal", "audience", 12, Self.range(2, 11, 13)), item("partner", "audience", 12, Self.range(2, 11, 13))])

        // Back to the file as saved, then hover and definition on line 8:
        // "Cited [@smith-2024] and [setup](guide.md#setup)."
        session.notify("textDocument/didChange", ["textDocument": ["uri": .string(notes), "version": 6], "contentChanges": [["text": .string(notesText)]]])
        func at(_ method: String, _ line: Int, _ character: Int) throws -> LSPAny? {
            try session.request(method, ["textDocument": ["uri": .string(notes)], "position": ["line": .int(line), "character": .int(character)]])
                .response["result"]
        }
        XCTAssertEqual(try at("textDocument/hover", 7, 10), ["contents": ["kind": "markdown", "value":
            "**Retrieval at scale** (`@smith-2024`)\n\nstatus: confirmed · review by: 2027-06-01\n\n> Retrieval reduces errors."]])
        XCTAssertEqual(try at("textDocument/hover", 7, 30), ["contents": ["kind": "markdown", "value":
            "**Guide** › Setup\n\nHow to set things up.\n\n`guide.md`"]])
        XCTAssertEqual(try at("textDocument/hover", 7, 2), .null)
        XCTAssertEqual(try at("textDocument/definition", 7, 10), ["uri": .string(Self.uri("sources.yaml")), "range": Self.range(1, 0, 0)])
        XCTAssertEqual(try at("textDocument/definition", 7, 30), ["uri": .string(guide), "range": Self.range(6, 0, 0)])
        // A glossary term in the prose ("With RAG, answers ..."): its summary; its page.
        XCTAssertEqual(try at("textDocument/hover", 9, 6), ["contents": ["kind": "markdown", "value":
            "**RAG**\n\nAnswers written from retrieved sources.\n\n`rag.md`"]])
        XCTAssertEqual(try at("textDocument/definition", 9, 6), ["uri": .string(Self.uri("rag.md")), "range": Self.range(0, 0, 0)])
        XCTAssertEqual(try at("textDocument/hover", 9, 10), .null)
        // A wiki link in a file that is not open (_index.md: "... the [[guide]] ...").
        let wiki = try session.request("textDocument/hover", ["textDocument": ["uri": .string(Self.uri("_index.md"))],
                                                              "position": ["line": 5, "character": 41]])
        XCTAssertEqual(wiki.response["result"], ["contents": ["kind": "markdown", "value": "**Guide**\n\nHow to set things up.\n\n`guide.md`"]])
        let wikiTarget = try session.request("textDocument/definition", ["textDocument": ["uri": .string(Self.uri("_index.md"))],
                                                                         "position": ["line": 5, "character": 41]])
        XCTAssertEqual(wikiTarget.response["result"], ["uri": .string(guide), "range": Self.range(0, 0, 0)])

        // Unknown methods: an error for a request, nothing for a notification.
        session.notify("custom/notification", [:])
        let unknown = try session.request("custom/request", [:])
        XCTAssertEqual(unknown.response["error"], ["code": .int(-32601), "message": "method not found: custom/request"])

        // shutdown → null; exit → status 0.
        let shutdown = try session.request("shutdown", .null)
        XCTAssertEqual(shutdown.response["result"], .null)
        session.notify("exit", .null)
        XCTAssertEqual(session.wait(), 0)
        // The fixture is untouched.
        XCTAssertEqual(try Self.text("notes.md"), notesText)
        XCTAssertEqual(try Self.text("guide.md"), guideText)
    }

    /// Garbage on the wire gets JSON-RPC errors, not a crash; EOF ends the server cleanly.
    func testMalformedInputAndDisconnect() throws {
        let session = try LSPProcess()
        defer { session.stop() }
        session.write(Data("Content-Length: 7\r\n\r\n{nope!}".utf8))
        XCTAssertEqual(try session.next(), ["jsonrpc": "2.0", "id": .null, "error": ["code": .int(-32700), "message": "invalid JSON"]])
        session.write(Data("Content-Type: text/plain\r\n\r\n".utf8))
        XCTAssertEqual(try session.next(), ["jsonrpc": "2.0", "id": .null, "error": ["code": .int(-32700), "message": "bad message header"]])
        session.write(MessageFramer.frame(["jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": [:]]))
        XCTAssertEqual(try session.next(), ["jsonrpc": "2.0", "id": 1, "error": ["code": .int(-32002), "message": "initialize first"]])
        session.write(MessageFramer.frame([1, 2, 3]))
        XCTAssertEqual(try session.next(), ["jsonrpc": "2.0", "id": .null, "error": ["code": .int(-32600), "message": "not a JSON-RPC request"]])
        _ = try session.request("initialize", ["rootUri": .string(LanguageServer.uri(ofPath: Self.root.path)), "capabilities": [:]])
        // Positions missing: invalid params.
        let bad = try session.request("textDocument/hover", ["textDocument": ["uri": .string(Self.uri("notes.md"))]])
        XCTAssertEqual(bad.response["error"], ["code": .int(-32602), "message": "position is missing"])
        // A position past the end of the file, a file outside the site: null, not a crash.
        let far = try session.request("textDocument/hover", ["textDocument": ["uri": .string(Self.uri("notes.md"))],
                                                             "position": ["line": 9999, "character": 9999]])
        XCTAssertEqual(far.response["result"], .null)
        session.notify("textDocument/didOpen", ["textDocument": ["uri": "file:///nowhere/outside.md", "languageId": "markdown", "version": 1, "text": "# x\n"]])
        XCTAssertEqual(try session.next(), ["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                                            "params": ["uri": "file:///nowhere/outside.md", "diagnostics": []]])
        session.closeInput()
        XCTAssertEqual(session.wait(), 0)
    }
}

/// `groundwork lsp` in a child process, spoken to over pipes.
final class LSPProcess: @unchecked Sendable {
    let process = Process()
    let input = Pipe(), output = Pipe()
    private var framer = MessageFramer()
    private var queued: [LSPAny] = []
    private var nextID = 0

    init() throws {
        let testBinary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [ProcessInfo.processInfo.environment["GROUNDWORK"].map { URL(fileURLWithPath: $0) },
                          testBinary.deletingLastPathComponent().appendingPathComponent("groundwork"),
                          testBinary.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("groundwork"),
                          repository.appendingPathComponent(".build/debug/groundwork")].compactMap { $0 }
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("no groundwork binary (swift build --product groundwork, or set GROUNDWORK)")
        }
        process.executableURL = binary
        process.arguments = ["lsp", "--today", "2026-12-01", "--debounce", "20"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A watchdog: a server that hangs is stopped, so a read fails instead of blocking forever.
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { [process] in if process.isRunning { process.terminate() } }
    }

    func write(_ data: Data) { input.fileHandleForWriting.write(data) }
    func notify(_ method: String, _ params: LSPAny) { write(MessageFramer.frame(["jsonrpc": "2.0", "method": .string(method), "params": params])) }
    func closeInput() { try? input.fileHandleForWriting.close() }

    /// Sends a request; returns its response and the notifications that came before it.
    func request(_ method: String, _ params: LSPAny) throws -> (response: LSPAny, notifications: [LSPAny]) {
        nextID += 1
        let id = LSPAny.int(nextID)
        write(MessageFramer.frame(["jsonrpc": "2.0", "id": id, "method": .string(method), "params": params]))
        var notifications: [LSPAny] = []
        while true {
            let message = try next()
            if message["id"] == id { return (message, notifications) }
            notifications.append(message)
        }
    }

    /// The next message from the server (a hung server is stopped by the watchdog in `init`).
    func next() throws -> LSPAny {
        while queued.isEmpty {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { XCTFail("the server closed its output"); throw CocoaError(.fileReadUnknown) }
            for event in framer.feed(data) {
                guard case .message(let body) = event, let message = LSPAny.decode(body) else { XCTFail("bad frame from the server: \(event)"); continue }
                queued.append(message)
            }
        }
        return queued.removeFirst()
    }

    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    func stop() { if process.isRunning { process.terminate() } }
}
