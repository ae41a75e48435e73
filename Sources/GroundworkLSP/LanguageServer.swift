import Foundation
import GroundworkCore
import Synchronization

/// `groundwork lsp`: a Language Server Protocol server for a Groundwork knowledge base.
///
/// Messages are handled one at a time, in order, on one serial queue, so the state below is
/// never shared between threads. The analysis is `IncrementalBuilder`'s, run with the open
/// documents' unsaved text laid over the files on disk, so the diagnostics are exactly a full
/// `check`'s of that text. Nothing is ever written to the content folder.
public final class LanguageServer: @unchecked Sendable {
    /// How the server is set up (the CLI fills it in).
    public struct Settings: Sendable {
        /// Milliseconds to wait after the last change before checking again.
        public var debounceMilliseconds = 150
        /// "Today", for freshness checks.
        public var today: Day
        /// The server's version, as `initialize` reports it.
        public var version = ""
        /// Report each re-check's time on standard error (`report`), for the benchmark.
        public var report: (@Sendable (String) -> Void)?

        public init(today: Day) { self.today = today }
    }

    let settings: Settings
    let queue = DispatchQueue(label: "groundwork.lsp")
    private let send: @Sendable (Data) -> Void

    // State: touched on `queue` only.
    var initialized = false
    var shutdownRequested = false
    /// Set by `exit`: the status the process exits with.
    public private(set) var exitStatus: Int32?
    var workspaceRoots: [URL] = []
    /// Open documents by URI.
    var documents: [String: OpenDocument] = [:]
    /// Knowledge bases by content folder path.
    var workspaces: [String: Workspace] = [:]
    var debounce: DispatchWorkItem?

    struct OpenDocument {
        var path: String
        var text: String
        /// The content folder it belongs to (nil: outside every knowledge base).
        var workspace: String?
    }

    /// - Parameter send: writes one framed message to the client.
    public init(settings: Settings, send: @escaping @Sendable (Data) -> Void) {
        self.settings = settings
        self.send = send
    }

    // MARK: Transport

    /// Reads framed messages from `input` until EOF or `exit`; returns the exit status.
    public static func run(input: Int32, output: Int32, settings: Settings) -> Int32 {
        let lock = Mutex(())
        let server = LanguageServer(settings: settings) { data in
            lock.withLock { _ in
                data.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let written = write(output, raw.baseAddress! + offset, raw.count - offset)
                        if written <= 0 { if errno == EINTR { continue }; return }
                        offset += written
                    }
                }
            }
        }
        var framer = MessageFramer()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        reading: while true {
            let count = read(input, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }  // the client went away: stop cleanly
            for event in framer.feed(Data(buffer[0..<count])) {
                server.receive(event)
                if server.queue.sync(execute: { server.exitStatus }) != nil { break reading }
            }
        }
        // Finish what was received, but do not start a re-check nobody will read.
        return server.queue.sync {
            server.debounce?.cancel()
            return server.exitStatus ?? 0
        }
    }

    /// Waits until every message received so far has been handled (pending re-checks too).
    public func drain() {
        queue.sync {
            if debounce != nil {
                debounce?.cancel()
                debounce = nil
                recheckPending()
            }
        }
    }

    /// Handles one event of the framer, in order.
    public func receive(_ event: MessageFramer.Event) {
        switch event {
        case .message(let body): queue.async { self.handle(body) }
        case .badHeader: queue.async { self.reply(id: .null, error: RPCError.parseError, "bad message header") }
        case .tooLarge(let size): queue.async { self.reply(id: .null, error: RPCError.invalidRequest, "message of \(size) bytes is too large") }
        }
    }

    func reply(id: LSPAny, result: LSPAny) {
        send(MessageFramer.frame(["jsonrpc": "2.0", "id": id, "result": result]))
    }

    func reply(id: LSPAny, error code: Int, _ message: String) {
        send(MessageFramer.frame(["jsonrpc": "2.0", "id": id, "error": ["code": .int(code), "message": .string(message)]]))
    }

    func notify(_ method: String, _ params: LSPAny) {
        send(MessageFramer.frame(["jsonrpc": "2.0", "method": .string(method), "params": params]))
    }

    // MARK: Dispatch

    func handle(_ body: Data) {
        guard exitStatus == nil else { return }
        guard let message = LSPAny.decode(body) else { return reply(id: .null, error: RPCError.parseError, "invalid JSON") }
        let id = message["id"]
        guard case .object = message, let method = message["method"]?.string else {
            // A response from the client (we send no requests) is ignored; anything else is invalid.
            if id != nil, message["result"] != nil || message["error"] != nil { return }
            return reply(id: id ?? .null, error: RPCError.invalidRequest, "not a JSON-RPC request")
        }
        let params = message["params"] ?? .null
        guard let id else { return handleNotification(method, params) }
        switch id {
        case .int, .string: break
        default: return reply(id: .null, error: RPCError.invalidRequest, "a request id is a number or a string")
        }
        if method == "initialize" {
            initialize(params)
            return reply(id: id, result: capabilities())
        }
        guard initialized else { return reply(id: id, error: RPCError.serverNotInitialized, "initialize first") }
        guard !shutdownRequested else { return reply(id: id, error: RPCError.invalidRequest, "the server is shutting down") }
        switch method {
        case "shutdown":
            shutdownRequested = true
            reply(id: id, result: .null)
        case "textDocument/completion", "textDocument/hover", "textDocument/definition", "textDocument/codeAction":
            guard let uri = params["textDocument"]?["uri"]?.string else {
                return reply(id: id, error: RPCError.invalidParams, "textDocument.uri is missing")
            }
            if method == "textDocument/codeAction" {
                return reply(id: id, result: codeActions(uri: uri, params: params))
            }
            guard let line = params["position"]?["line"]?.int, let character = params["position"]?["character"]?.int,
                  line >= 0, character >= 0 else {
                return reply(id: id, error: RPCError.invalidParams, "position is missing")
            }
            let position = Cursor(uri: uri, line: line, character: character)
            switch method {
            case "textDocument/completion": reply(id: id, result: completion(at: position))
            case "textDocument/hover": reply(id: id, result: hover(at: position))
            default: reply(id: id, result: definition(at: position))
            }
        default:
            reply(id: id, error: RPCError.methodNotFound, "method not found: \(method)")
        }
    }

    func handleNotification(_ method: String, _ params: LSPAny) {
        if method == "exit" {
            exitStatus = shutdownRequested ? 0 : 1
            return
        }
        guard initialized, !shutdownRequested else { return }
        switch method {
        case "textDocument/didOpen":
            guard let uri = params["textDocument"]?["uri"]?.string, let text = params["textDocument"]?["text"]?.string else { return }
            open(uri: uri, text: text)
        case "textDocument/didChange":
            guard let uri = params["textDocument"]?["uri"]?.string,
                  let text = params["contentChanges"]?.array?.last?["text"]?.string else { return }
            change(uri: uri, text: text)
        case "textDocument/didClose":
            guard let uri = params["textDocument"]?["uri"]?.string else { return }
            close(uri: uri)
        case "workspace/didChangeWatchedFiles":
            for change in params["changes"]?.array ?? [] {
                guard let uri = change["uri"]?.string, let path = Self.path(ofURI: uri),
                      let (workspace, relative) = workspace(containing: path) else { continue }
                if documents[uri] == nil { workspace.changed(relative) }
            }
            scheduleRecheck()
        default:
            break  // `initialized`, `$/cancelRequest`, `didSave`, ... need nothing
        }
    }

    func initialize(_ params: LSPAny) {
        initialized = true
        var roots: [URL] = []
        for folder in params["workspaceFolders"]?.array ?? [] {
            if let uri = folder["uri"]?.string, let path = Self.path(ofURI: uri) { roots.append(URL(fileURLWithPath: path)) }
        }
        if roots.isEmpty, let uri = params["rootUri"]?.string, let path = Self.path(ofURI: uri) { roots.append(URL(fileURLWithPath: path)) }
        if roots.isEmpty, let path = params["rootPath"]?.string { roots.append(URL(fileURLWithPath: path)) }
        workspaceRoots = roots.map(\.standardizedFileURL)
    }

    func capabilities() -> LSPAny {
        [
            "capabilities": [
                "textDocumentSync": ["openClose": true, "change": 1],
                "completionProvider": ["triggerCharacters": ["@", "(", "[", "#", ":"]],
                "hoverProvider": true,
                "definitionProvider": true,
                "codeActionProvider": ["codeActionKinds": ["quickfix"]],
            ],
            "serverInfo": ["name": "groundwork", "version": .string(settings.version)],
        ]
    }

    // MARK: Documents

    func open(uri: String, text: String) {
        guard let path = Self.path(ofURI: uri) else { return }
        let found = workspace(containing: path)
        documents[uri] = OpenDocument(path: path, text: text, workspace: found?.0.root.path)
        guard let (workspace, relative) = found else {
            // Outside every knowledge base: nothing to check it against (docs/cli.md).
            notify("textDocument/publishDiagnostics", ["uri": .string(uri), "diagnostics": []])
            return
        }
        workspace.setOverlay(relative, text: text)
        recheck(workspace)
    }

    func change(uri: String, text: String) {
        guard var document = documents[uri] else { return }
        document.text = text
        documents[uri] = document
        guard let root = document.workspace, let workspace = workspaces[root] else { return }
        workspace.setOverlay(String(document.path.dropFirst(root.count + 1)), text: text)
        scheduleRecheck()
    }

    func close(uri: String) {
        guard let document = documents.removeValue(forKey: uri) else { return }
        guard let root = document.workspace, let workspace = workspaces[root] else { return }
        workspace.removeOverlay(String(document.path.dropFirst(root.count + 1)))
        scheduleRecheck()
    }

    /// The content folder of a file: the nearest folder above it with `site.yaml`, else the
    /// workspace folder it is in. Returns the knowledge base and the file's path inside it.
    func workspace(containing path: String) -> (Workspace, String)? {
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
        var root: URL?
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("site.yaml").path) { root = folder; break }
            let parent = folder.deletingLastPathComponent().standardizedFileURL
            if parent.path == folder.path { break }
            folder = parent
        }
        if root == nil {
            root = workspaceRoots.filter { path.hasPrefix($0.path == "/" ? "/" : $0.path + "/") }.max { $0.path.count < $1.path.count }
        }
        guard let root else { return nil }
        let prefix = root.path == "/" ? "/" : root.path + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let workspace = workspaces[root.path] ?? {
            var options = Options(content: root, contentDisplay: root.path, templates: root, output: root, today: settings.today)
            options.only = []
            let made = Workspace(root: root, builder: IncrementalBuilder(options: options, rendersSite: false))
            workspaces[root.path] = made
            return made
        }()
        return (workspace, String(path.dropFirst(prefix.count)))
    }

    // MARK: Checking

    func scheduleRecheck() {
        debounce?.cancel()
        let item = DispatchWorkItem { [self] in
            debounce = nil
            recheckPending()
        }
        debounce = item
        queue.asyncAfter(deadline: .now() + .milliseconds(settings.debounceMilliseconds), execute: item)
    }

    func recheckPending() {
        for root in workspaces.keys.sorted() where workspaces[root]!.isStale { recheck(workspaces[root]!) }
    }

    /// Brings a knowledge base's analysis up to date before answering about it.
    func flush(_ workspace: Workspace) {
        if workspace.isStale { recheck(workspace) }
    }

    func recheck(_ workspace: Workspace) {
        let started = DispatchTime.now().uptimeNanoseconds
        guard let report = workspace.rebuild() else { return }
        publish(report, in: workspace)
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        settings.report?(String(format: "lsp: checked %@ in %.1f ms\n", workspace.root.path, milliseconds))
    }

    /// Publishes the diagnostics of every file whose diagnostics changed (files that had some
    /// and now have none get an empty list). A file that is not open and whose diagnostics are
    /// the ones last published is not read again (a change in a 1,000-page site with many
    /// findings re-converts only what changed).
    func publish(_ report: Report, in workspace: Workspace) {
        var byFile: [String: [Diagnostic]] = [:]
        for diagnostic in report.all { byFile[diagnostic.file, default: []].append(diagnostic) }
        let textByPath = Dictionary(documents.values.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        var published: [String: Workspace.Published] = [:]
        for file in Set(byFile.keys).union(workspace.published.keys).sorted() {
            let path = file.hasPrefix("/") ? file : workspace.root.appendingPathComponent(file).path
            let diagnostics = byFile[file] ?? []
            let open = textByPath[path]
            if open == nil, let previous = workspace.published[file], previous.diagnostics == diagnostics {
                published[file] = previous
                continue
            }
            let uri = Self.uri(ofPath: path)
            var converted: [LSPAny] = []
            var fixes: [QuickFix] = []
            if !diagnostics.isEmpty {
                let text = open ?? (FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? "")
                let lines = TextPositions.lines(text)
                for diagnostic in diagnostics {
                    let (lsp, fix) = DiagnosticConversion.convert(diagnostic, lines: lines)
                    converted.append(lsp)
                    if let fix { fixes.append(fix) }
                }
            }
            let value = LSPAny.array(converted)
            if !diagnostics.isEmpty { published[file] = Workspace.Published(uri: uri, diagnostics: diagnostics, value: value, fixes: fixes) }
            if workspace.published[file]?.value ?? [] != value {
                notify("textDocument/publishDiagnostics", ["uri": .string(uri), "diagnostics": value])
            }
        }
        workspace.published = published
    }

    // MARK: URIs

    /// The file path of a `file:` URI (nil for other schemes).
    public static func path(ofURI uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        let path = url.standardizedFileURL.path
        return path.isEmpty ? nil : path
    }

    /// The `file:` URI of a path.
    public static func uri(ofPath path: String) -> String {
        URL(fileURLWithPath: path, isDirectory: false).absoluteString
    }
}

/// A position a request asks about.
struct Cursor {
    var uri: String
    var line: Int
    var character: Int
}

/// One knowledge base (content folder): its incremental builder, the open documents' unsaved
/// text, and what was last published.
final class Workspace {
    let root: URL
    let builder: IncrementalBuilder
    /// Unsaved text by content-relative path.
    private var overlay: [String: [UInt8]] = [:]
    /// Paths changed since the last rebuild (nil: not built yet).
    private var pending: Set<String>?
    /// The last analysis (nil until the first good one).
    var analysis: Analysis?
    /// What was last published, by diagnostic file, for files with diagnostics.
    var published: [String: Published] = [:]

    struct Published {
        var uri: String
        /// As Groundwork reported them.
        var diagnostics: [Diagnostic]
        /// As published.
        var value: LSPAny
        /// The quick fixes of these diagnostics.
        var fixes: [QuickFix]
    }

    /// The quick fixes published for a URI.
    func fixes(for uri: String) -> [QuickFix] {
        published.values.first { $0.uri == uri }?.fixes ?? []
    }
    private var built = false

    init(root: URL, builder: IncrementalBuilder) {
        self.root = root
        self.builder = builder
    }

    var isStale: Bool { !built || !(pending ?? []).isEmpty }

    func setOverlay(_ relative: String, text: String) {
        let bytes = Array(text.utf8)
        guard overlay[relative] != bytes else { return }
        overlay[relative] = bytes
        changed(relative)
    }

    func removeOverlay(_ relative: String) {
        guard overlay.removeValue(forKey: relative) != nil else { return }
        changed(relative)
    }

    func changed(_ relative: String) {
        if built { pending = (pending ?? []).union([relative]) }
    }

    /// Rebuilds with the overlay; nil when the folder cannot be read or nothing changed.
    func rebuild() -> Report? {
        let changedPaths = built ? (pending ?? []) : nil
        pending = []
        do {
            let outcome = try builder.rebuild(changedPaths: changedPaths, overlay: overlay)
            built = true
            if let analysis = outcome.analysis { self.analysis = analysis }
            return outcome.changed || changedPaths == nil ? outcome.report : nil
        } catch {
            built = false
            return nil
        }
    }
}
