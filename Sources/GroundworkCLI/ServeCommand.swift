import ArgumentParser
import Foundation
import GroundworkCore
import GroundworkServe
import Synchronization

/// `groundwork serve`: the live preview (see `PreviewServer`). Runs until interrupted.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site: serve it, rebuild what changed and reload open pages as files are saved.")
    @Option(help: "The content folder.") var content = "content"
    @Option(help: "A templates folder over the built-in theme, file by file (default: ./templates when it exists).")
    var templates: String?
    @Option(help: "The address to listen on; 127.0.0.1 serves this machine only.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port).") var port = 8000
    @Flag(help: .hidden) var poll = false

    func execute(environment: [String: String], console: Console) throws -> Int32 {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func url(_ path: String) -> URL { URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL }
        var display = content
        while display.count > 1 && display.hasSuffix("/") { display.removeLast() }
        var options = Options(content: url(content), contentDisplay: display, templates: url(templates ?? ThemeSelection.defaultFolder),
                              output: url("_site"), today: Day.today(environment: environment))
        // Where Node.js is found for a Docusaurus project's sidebars.js (and GROUNDWORK_NODE).
        options.environment = environment
        let theme = try ThemeSelection.select(templates, currentDirectory: cwd)
        defer { theme.cleanUp() }
        theme.apply(to: &options)
        let printer = ServePrinter(console: console, content: display, templates: theme.display,
                                   profile: environment["GROUNDWORK_PROFILE"] == "1")
        var configuration = PreviewServer.Configuration(options: options, host: host, port: UInt16(port),
                                                        polling: poll || environment["GROUNDWORK_WATCH"] == "poll")
        // For BENCHMARKS.md: time each cross-page stage after every rebuild.
        configuration.profile = environment["GROUNDWORK_SERVE_PROFILE"] != nil
        let server = PreviewServer(configuration: configuration, onEvent: { printer.print($0) })

        // Stop on Ctrl-C or SIGTERM: the handlers only signal; the main thread stops the server.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let interrupted = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { interrupted.signal() }
            source.resume()
            return source
        }
        defer {
            sources.forEach { $0.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }

        let started = Completion()
        Task {
            do { try await server.start(); started.finish(nil) } catch { started.finish(error) }
        }
        if let error = started.wait() { throw error }
        interrupted.wait()
        console.err("stopping\n")
        let stopped = Completion()
        Task {
            await server.stop()
            stopped.finish(nil)
        }
        _ = stopped.wait(timeout: 3)
        return ExitStatus.clean
    }
}

/// Waits on the main thread for a task that runs on the concurrency pool.
private final class Completion: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let error = Mutex<(any Error)?>(nil)
    func finish(_ error: (any Error)?) {
        self.error.withLock { $0 = error }
        semaphore.signal()
    }
    func wait(timeout: TimeInterval? = nil) -> (any Error)? {
        if let timeout { _ = semaphore.wait(timeout: .now() + timeout) } else { semaphore.wait() }
        return error.withLock { $0 }
    }
}

/// Prints what the preview does: the first build's diagnostics in full, then one line per
/// rebuild with where the time went, and the errors of a failed build.
final class ServePrinter: Sendable {
    let console: Console
    let content: String
    let templates: String
    /// What an event's lines depend on from the events before it: the warnings last printed,
    /// and whether a build has succeeded since the preview started. The lock also keeps one
    /// event's lines together.
    private struct State {
        var lastWarnings: Set<Diagnostic> = []
        var hasGoodBuild = false
    }
    private let state = Mutex(State())
    /// `GROUNDWORK_PROFILE=1`: print each rebuild's stage timings.
    let profile: Bool

    init(console: Console, content: String, templates: String, profile: Bool = false) {
        self.console = console
        self.content = content
        self.templates = templates
        self.profile = profile
    }

    func print(_ event: PreviewServer.Event) {
        state.withLock { state in
            print(event, state: &state)
        }
    }

    private func print(_ event: PreviewServer.Event, state: inout State) {
        switch event {
        case .listening(let host, let port):
            let shown = host.contains(":") ? "[\(host)]" : host
            let watching = templates == ThemeSelection.builtinDisplay ? "\(content) (theme: built in)" : "\(content) and \(templates)"
            var text = "serving \(content) at http://\(shown):\(port)/ — watching \(watching); Ctrl-C stops\n"
            if host != "127.0.0.1" && host != "::1" && host != "localhost" {
                text += "warning: listening on \(host): other machines can reach this preview\n"
            }
            console.err(text)
        case .environmentError(let message), .renderError(let message):
            console.err("error: \(message)\n")
        case .profile(let stages):
            console.err("profile: " + stages.map { "\($0.stage) \(String(format: "%.1f", $0.milliseconds))" }.joined(separator: ", ") + "\n")
        case .rebuilt(let outcome, let first):
            let report = outcome.report
            let warnings = Set(report.diagnostics.filter { $0.severity == .warning })
            if first {
                console.err(DiagnosticPrinter.text(report, colour: console.colour))
                state.lastWarnings = warnings
            } else if outcome.failed {
                var errors = report
                errors.diagnostics = report.diagnostics.filter { $0.severity == .error }
                console.err(DiagnosticPrinter.text(errors, colour: console.colour))
            } else if warnings != state.lastWarnings {
                var changed = report
                changed.diagnostics = report.diagnostics.filter { $0.severity == .warning }
                console.err(DiagnosticPrinter.text(changed, colour: console.colour))
                state.lastWarnings = warnings
            }
            // Where the time went, stage by stage, is for benchmarks: only under GROUNDWORK_PROFILE.
            let stages = profile
                ? " [" + outcome.timings.map { "\($0.stage) \(String(format: "%.1f", $0.milliseconds))" }.joined(separator: ", ") + "]" : ""
            let what = first ? "built \(plural(report.pageCount, "page"))"
                : "rebuilt (\(outcome.reparsed) of \(plural(report.pageCount, "page")) parsed\(outcome.fullReload ? ", folder re-read" : ""))"
            let time = String(format: "%.0f", outcome.totalMilliseconds)
            if outcome.failed {
                // "The last good build" only when there is one: a preview that has never built
                // has nothing to fall back on.
                console.err("\(what) in \(time) ms\(stages): \(plural(report.errorCount, "error")) — "
                    + (state.hasGoodBuild ? "still serving the last good build\n" : "nothing to serve until they are fixed\n"))
            } else {
                state.hasGoodBuild = true
                console.err("\(what) in \(time) ms\(stages): \(plural(report.warningCount, "warning"))\n")
            }
        }
    }
}
