import ArgumentParser
import Foundation
import GroundworkCore
import GroundworkLSP

/// `groundwork lsp`: the language server, over standard input and output (see `LanguageServer`).
/// An editor starts it; it runs until the editor sends `exit` or closes the pipe.
struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server (LSP over stdin/stdout): diagnostics, completion, hover, definition, quick fixes.")
    @Option(help: "Milliseconds to wait after a change before checking again.") var debounce = 150
    @Option(help: "The date freshness checks compare against (YYYY-MM-DD); default: today, or SOURCE_DATE_EPOCH.")
    var today: String?

    func execute(environment: [String: String], console: Console) throws -> Int32 {
        guard (0...10_000).contains(debounce) else { throw ValidationError("--debounce must be between 0 and 10000, not \(debounce)") }
        var day = Day.today(environment: environment)
        if let today {
            guard let parsed = Day(today), today.count == 10 else { throw ValidationError("--today must be a date as YYYY-MM-DD, not '\(today)'") }
            day = parsed
        }
        var settings = LanguageServer.Settings(today: day)
        settings.debounceMilliseconds = debounce
        settings.version = GroundworkVersion.current
        // For bench/lsp_latency.py: each re-check's time on standard error.
        if environment["GROUNDWORK_PROFILE"] == "1" { settings.report = { console.err($0) } }
        // A client that goes away mid-write must not kill the server with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        return LanguageServer.run(input: STDIN_FILENO, output: STDOUT_FILENO, settings: settings)
    }
}
