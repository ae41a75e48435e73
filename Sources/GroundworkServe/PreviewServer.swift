import FlyingFox
import FlyingSocks
import Foundation
import GroundworkCore
import Synchronization

/// `groundwork serve`: builds the site into memory, serves it over HTTP, watches the content
/// and templates folders, rebuilds what changed and tells open pages to reload.
///
/// - Nothing is written to disk: pages are rendered into memory (content pages on request),
///   assets are read from where they are.
/// - A build with errors keeps the last good site served; open pages show the diagnostics
///   over it (Server-Sent Events at `/__groundwork/events`), and the terminal prints them.
/// - Request paths are normalised strictly (see `RequestPath`) and only looked up among the
///   build's own files.
public final class PreviewServer: Sendable {
    public struct Configuration: Sendable {
        public var options: Options
        /// The address to bind: `127.0.0.1` unless told otherwise.
        public var host: String
        /// 0 picks a free port (tests).
        public var port: UInt16
        /// Poll the folders instead of using inotify.
        public var polling: Bool
        public var pollInterval: Duration
        /// After each rebuild, report the time of each of its stages, every check on its own
        /// (`Event.profile`: the rebuild's own timer, `RebuildOutcome.timings`).
        public var profile = false
        /// How long after a build its site pages are rendered in the background, in seconds
        /// (see `prepareInBackground`; tests lengthen it).
        var prepareDelay: TimeInterval = 1

        public init(options: Options, host: String = "127.0.0.1", port: UInt16 = 8000, polling: Bool = false,
                    pollInterval: Duration = .milliseconds(100)) {
            self.options = options
            self.host = host
            self.port = port
            self.polling = polling
            self.pollInterval = pollInterval
        }
    }

    /// What the server reports to its owner (the CLI prints these).
    public enum Event: Sendable {
        /// A rebuild finished (the first build too). `outcome.failed`: the last good site stays.
        case rebuilt(RebuildOutcome, first: Bool)
        /// The content folder could not be read at all.
        case environmentError(String)
        /// The site pages (404, tags, ...) of the site being served failed to render.
        case renderError(String)
        case listening(host: String, port: UInt16)
        /// With `Configuration.profile`: each stage of the rebuild, every check on its own.
        case profile([(stage: String, milliseconds: Double)])
    }

    public let configuration: Configuration
    private let onEvent: @Sendable (Event) -> Void
    private let builder: IncrementalBuilder
    private let hub = EventHub()
    /// What requests and rebuilds share.
    private struct Shared {
        var site: LiveSite?
        /// The diagnostics of the latest build when it failed (shown over the pages).
        var failure: Report?
        var environmentFailure: String?
        /// Why the site pages of the current build did not render (shown as an error).
        var renderFailure: String?
        var stopped = false
    }
    private let shared = Mutex(Shared())
    /// Renders each new build's site pages in the background, newest only.
    private let prepareQueue = DispatchQueue(label: "groundwork-serve-prepare", qos: .utility)
    /// What `start` sets up and `stop` takes down.
    private struct Running {
        var server: HTTPServer?
        var runTask: Task<Void, Never>?
        var watcher: FileWatcher?
        var port: UInt16 = 0
    }
    private let running = Mutex(Running())
    /// Signalled after every rebuild (`waitForRebuilds`).
    private let rebuildsDone = NSCondition()
    private let rebuildCount = Atomic<Int>(0)
    /// The most pages a rebuild renders at once (`apply`): a writer's save changes one or a few.
    static let prerenderLimit = 8

    public init(configuration: Configuration, onEvent: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.configuration = configuration
        self.onEvent = onEvent
        builder = IncrementalBuilder(options: configuration.options)
    }

    /// The port actually bound (after `start`).
    public var port: UInt16 { running.withLock { $0.port } }

    /// The generation of the site being served (0 before the first good build).
    public var generation: Int {
        shared.withLock { $0.site?.generation ?? 0 }
    }

    /// How many rebuilds (including the first build) have completed.
    public var completedRebuilds: Int {
        rebuildCount.load(ordering: .sequentiallyConsistent)
    }

    /// Builds the site, starts watching, binds and starts serving. Returns the port.
    /// - Throws: `EnvironmentError` when the address cannot be bound or the content folder
    ///   cannot be read.
    @discardableResult
    public func start() async throws -> UInt16 {
        let watcher = FileWatcher(content: configuration.options.content, templates: configuration.options.templates,
                                  mode: configuration.polling ? .polling : .automatic,
                                  pollInterval: configuration.pollInterval)
        running.withLock { $0.watcher = watcher }
        // The first build reads everything. An unreadable content folder is fatal here
        // (`serve` cannot show anything); later it only shows as an error.
        let outcome = try builder.rebuild(changedPaths: nil, templatesChanged: true)
        apply(outcome, first: true)

        let address: any SocketAddress
        do {
            address = try Self.address(host: configuration.host, port: configuration.port)
        } catch {
            throw EnvironmentError("cannot listen on '\(configuration.host)': not an IP address")
        }
        let handler = PreviewHandler(owner: self)
        let server = HTTPServer(address: address, timeout: 30, logger: .disabled, handler: handler)
        let failure = FailureBox()
        let runTask = Task {
            do { try await server.run() } catch { failure.set(error) }
        }
        running.withLock { running in
            running.server = server
            running.runTask = runTask
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            if await server.isListening { break }
            if let error = failure.get() {
                throw EnvironmentError("cannot listen on \(configuration.host):\(configuration.port): \(Self.describe(error))")
            }
            if ContinuousClock.now > deadline {
                throw EnvironmentError("cannot listen on \(configuration.host):\(configuration.port): timed out")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        let bound: UInt16
        switch await server.listeningAddress {
        case .ip4(_, let port)?, .ip6(_, let port)?: bound = port
        default: bound = configuration.port
        }
        running.withLock { $0.port = bound }
        onEvent(.listening(host: configuration.host, port: port))

        let thread = Thread { [weak self] in self?.watchLoop(watcher) }
        thread.name = "groundwork-serve-rebuild"
        thread.stackSize = 16 << 20  // deep Markdown trees are walked recursively
        thread.start()
        return port
    }

    /// Stops watching and serving; open event streams end.
    public func stop() async {
        shared.withLock { $0.stopped = true }
        // The HTTP server's handler refers back to this object: let go of both so neither
        // outlives the preview (LeakSanitizer found the cycle under `make sanitize`).
        let (server, runTask, watcher) = running.withLock { running in
            defer { (running.server, running.runTask, running.watcher) = (nil, nil, nil) }
            return (running.server, running.runTask, running.watcher)
        }
        watcher?.close()
        hub.close()
        await server?.stop(timeout: 0.1)
        runTask?.cancel()
    }

    /// Waits (blocking, up to `timeout`) until at least `count` rebuilds have completed.
    public func waitForRebuilds(_ count: Int, timeout: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        rebuildsDone.lock()
        defer { rebuildsDone.unlock() }
        while rebuildCount.load(ordering: .sequentiallyConsistent) < count {
            if !rebuildsDone.wait(until: deadline) { return rebuildCount.load(ordering: .sequentiallyConsistent) >= count }
        }
        return true
    }

    // MARK: Rebuilding

    private func watchLoop(_ watcher: FileWatcher) {
        while true {
            if shared.withLock({ $0.stopped }) { return }
            guard let batch = watcher.next(timeout: .seconds(10)) else { continue }
            rebuild(batch)
        }
    }

    /// Rebuilds for a batch of changes (the watcher thread calls this; tests may too).
    func rebuild(_ batch: WatchBatch) {
        do {
            let outcome = try builder.rebuild(changedPaths: batch.contentPaths, templatesChanged: batch.templates)
            apply(outcome, first: false)
        } catch {
            let message = (error as? EnvironmentError)?.message ?? "\(error)"
            shared.withLock { $0.environmentFailure = message }
            hub.broadcast(EventHub.encode(event: "errors", data: statusJSON()))
            onEvent(.environmentError(message))
            countRebuild()
        }
    }

    private func apply(_ outcome: RebuildOutcome, first: Bool) {
        let hadEnvironmentFailure = shared.withLock { $0.environmentFailure != nil }
        guard outcome.changed || first || hadEnvironmentFailure else {
            // Same bytes as before (a touch, a save without edits): nothing to tell anyone.
            countRebuild()
            return
        }
        // The site replaced is freed after the reload went out (`Reaper`), not inside the lock.
        let (hadRenderFailure, replaced) = shared.withLock { shared -> (Bool, LiveSite?) in
            let hadRenderFailure = shared.renderFailure != nil
            var replaced: LiveSite?
            shared.environmentFailure = nil
            if outcome.failed {
                shared.failure = outcome.report
            } else {
                shared.failure = nil
                if let newSite = outcome.site {
                    replaced = shared.site.take()
                    shared.site = newSite
                    shared.renderFailure = nil
                }
            }
            return (hadRenderFailure, replaced)
        }
        if let newSite = outcome.site, !first, !outcome.changedPages.isEmpty, outcome.changedPages.count <= Self.prerenderLimit {
            // The edited pages render at once, beside the reload going out: the browser's
            // request finds them rendered or waits for that rendering. Site pages follow later.
            // Not after the first build, nor after a batch of many pages (a checkout): every
            // page is "changed" then, and rendering them all one by one in the background took
            // minutes of CPU at 10,000 pages, which every edit in the meantime waited behind.
            let paths = outcome.changedPages
            DispatchQueue.global(qos: .userInitiated).async { [weak newSite] in newSite?.prerender(contentPaths: paths) }
        }
        if outcome.failed {
            hub.broadcast(EventHub.encode(event: "errors", data: statusJSON()))
        } else {
            hub.broadcast(EventHub.encode(event: "reload", data: statusJSON()))
        }
        onEvent(.rebuilt(outcome, first: first))
        if configuration.profile, !outcome.failed { onEvent(.profile(outcome.timings)) }
        // The site pages of an edit that changed page bodies only (same pages, titles, front
        // matter, templates) render when one is asked for: rendering them all in the background
        // (over a second of CPU at 10,000 pages) would still be running when the next save
        // arrives and slow its rebuild. After any other change they render in the background as
        // before, so that a template error there shows at once; also while one is shown.
        if let newSite = outcome.site, !newSite.shapeKept || hadRenderFailure { prepareInBackground(newSite) }
        if let replaced { Reaper.shared.free(replaced) }
        countRebuild()
    }

    /// Renders the site pages of a new build a second after the reload went out (unless a newer
    /// build replaced it), so that a template error there still reaches the overlay and the
    /// terminal, and the first request for a tag page does not wait. (Not after an edit of page
    /// bodies only: see `apply`.)
    private func prepareInBackground(_ newSite: LiveSite) {
        // After a pause, so a writer saving again and again is not slowed down by it. The site
        // is held weakly, like the server: a site a newer build replaced, or a stopped preview
        // let go of, is freed at once rather than when the timer fires. (Held strongly, every
        // site — parsed pages, renderer, rendered pages — lived on until its timer fired, after
        // the preview had stopped too; LeakSanitizer reported those still waiting at exit.)
        prepareQueue.asyncAfter(deadline: .now() + configuration.prepareDelay) { [weak self, weak newSite] in
            guard let self, let newSite, self.currentSite() === newSite else { return }
            do {
                try newSite.prepare()
            } catch {
                let message = "cannot render the site pages: \((error as? EnvironmentError)?.message ?? "\(error)")"
                let current = self.shared.withLock { shared -> Bool in
                    guard shared.site === newSite else { return false }
                    shared.renderFailure = message
                    return true
                }
                guard current else { return }
                self.hub.broadcast(EventHub.encode(event: "errors", data: self.statusJSON()))
                self.onEvent(.renderError(message))
            }
        }
    }

    private func countRebuild() {
        rebuildsDone.lock()
        rebuildCount.add(1, ordering: .sequentiallyConsistent)
        rebuildsDone.broadcast()
        rebuildsDone.unlock()
    }

    // MARK: Serving

    /// The state open pages need: the generation served and, after a failed build, its errors.
    func statusJSON() -> String {
        // Whether a build ever succeeded: the overlay may only call the page below it "the last
        // good build" when there is one.
        let (generation, failure, environmentFailure, renderFailure, siteWarnings, hasGoodBuild) = shared.withLock { shared in
            (shared.site?.generation ?? 0, shared.failure, shared.environmentFailure, shared.renderFailure,
             shared.site?.diagnostics.filter { $0.severity == .warning } ?? [], shared.site != nil)
        }
        // The warnings of the build the overlay describes: the failed one, else the one served.
        let warnings = failure.map { $0.diagnostics.filter { $0.severity == .warning } } ?? siteWarnings
        var errors: [Diagnostic] = failure?.diagnostics.filter { $0.severity == .error } ?? []
        if let renderFailure {
            errors.append(Diagnostic(code: .templateInvalid, severity: .error, file: configuration.options.templates.path,
                                     line: 1, column: 1, message: renderFailure))
        }
        if let environmentFailure {
            errors.append(Diagnostic(code: .environment, severity: .error, file: configuration.options.contentDisplay,
                                     line: 1, column: 1, message: environmentFailure))
        }
        func encode(_ d: Diagnostic) -> String {
            "{\"file\":\(Self.quote(d.file)),\"line\":\(d.line),\"column\":\(d.column),\"severity\":\(Self.quote(d.severity.rawValue)),"
                + "\"code\":\(Self.quote(d.code.id)),\"message\":\(Self.quote(d.message)),\"notes\":["
                + d.notes.map(Self.quote).joined(separator: ",") + "]}"
        }
        var json = "{\"generation\":\(generation),\"ok\":\(errors.isEmpty),\"lastGoodBuild\":\(hasGoodBuild),"
            + "\"warnings\":\(warnings.count),\"errors\":["
        json += errors.map(encode).joined(separator: ",")
        json += "],\"warningList\":["
        json += warnings.sorted(by: Diagnostic.reportOrder).map(encode).joined(separator: ",")
        return json + "]}"
    }

    func subscribe() -> AsyncStream<[UInt8]> {
        hub.subscribe(first: EventHub.encode(event: "state", data: statusJSON()))
    }

    var subscriberCount: Int { hub.subscriberCount }

    /// The site being served, if any good build happened yet.
    func currentSite() -> LiveSite? {
        shared.withLock { $0.site }
    }

    // MARK: Helpers

    static func address(host: String, port: UInt16) throws -> any SocketAddress {
        let name = host == "localhost" ? "127.0.0.1" : host
        if name.contains(":") { return try sockaddr_in6.inet6(ip6: name, port: port) }
        return try sockaddr_in.inet(ip4: name, port: port)
    }

    static func describe(_ error: any Error) -> String {
        if let socket = error as? SocketError, case .failed(_, let errno, let message) = socket {
            return errno == EADDRINUSE ? "address already in use" : message
        }
        return "\(error)"
    }

    /// A JSON string literal, safe inside a `<script>` (the core's JSON quoting).
    static func quote(_ text: String) -> String { JSONValue.quote(text) }
}

/// Holds the error a background task ended with.
private final class FailureBox: Sendable {
    private let error = Mutex<(any Error)?>(nil)
    func set(_ error: any Error) { self.error.withLock { $0 = error } }
    func get() -> (any Error)? { error.withLock { $0 } }
}
