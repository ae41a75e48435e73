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
    @Option(help: "The templates folder.") var templates = "templates"
    @Option(help: "The address to listen on; 127.0.0.1 serves this machine only.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port).") var port = 8000
    @Flag(help: .hidden) var poll = false

    func execute(environment: [String: String], console: Console) throws -> Int32 {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func url(_ path: String) -> URL { URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL }
        var display = content
        while display.count > 1 && display.hasSuffix("/") { display.removeLast() }
        let options = Options(content: url(content), contentDisplay: display, templates: url(templates),
                              output: url("_site"), today: Day.today(environment: environment))
        let printer = ServePrinter(console: console, content: display, templates: templates)
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
    /// The warnings last printed; the lock also keeps one event's lines together.
    private let lastWarnings = Mutex<Set<Diagnostic>>([])

    init(console: Console, content: String, templates: String) {
        self.console = console
        self.content = content
        self.templates = templates
    }

    func print(_ event: PreviewServer.Event) {
        lastWarnings.withLock { lastWarnings in
            print(event, lastWarnings: &lastWarnings)
        }
    }

    private func print(_ event: PreviewServer.Event, lastWarnings: inout Set<Diagnostic>) {
        switch event {
        case .listening(let host, let port):
            let shown = host.contains(":") ? "[\(host)]" : host
            var text = "serving \(content) at http://\(shown):\(port)/ — watching \(content) and \(templates); Ctrl-C stops\n"
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
                lastWarnings = warnings
            } else if outcome.failed {
                var errors = report
                errors.diagnostics = report.diagnostics.filter { $0.severity == .error }
                console.err(DiagnosticPrinter.text(errors, colour: console.colour))
            } else if warnings != lastWarnings {
                var changed = report
                changed.diagnostics = report.diagnostics.filter { $0.severity == .warning }
                console.err(DiagnosticPrinter.text(changed, colour: console.colour))
                lastWarnings = warnings
            }
            let stages = outcome.timings.map { "\($0.stage) \(String(format: "%.1f", $0.milliseconds))" }.joined(separator: ", ")
            let what = first ? "built \(report.pageCount) pages" : "rebuilt (\(outcome.reparsed) of \(report.pageCount) pages parsed\(outcome.fullReload ? ", folder re-read" : ""))"
            let time = String(format: "%.0f", outcome.totalMilliseconds)
            if outcome.failed {
                console.err("\(what) in \(time) ms [\(stages)]: \(report.errorCount) errors — "
                    + (first ? "nothing to serve until they are fixed\n" : "still serving the last good build\n"))
            } else {
                console.err("\(what) in \(time) ms [\(stages)]: \(report.warningCount) warnings\n")
            }
        }
    }
}
