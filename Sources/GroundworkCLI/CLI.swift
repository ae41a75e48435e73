import ArgumentParser
import Foundation
import GroundworkCore
import CSystem
import Synchronization

/// Where the CLI writes; tests capture it, the executable passes the real streams.
public final class Console: Sendable {
    private let captured = Mutex<(output: String, error: String)>(("", ""))
    let capture: Bool
    /// Whether to colour text output (a terminal, and `NO_COLOR` unset).
    let colour: Bool

    /// - Parameter capture: keep output in memory instead of writing it to the process's streams.
    public init(capture: Bool, colour: Bool = false) {
        self.capture = capture
        self.colour = colour
    }

    /// What was written to standard output (when capturing).
    public var standardOutput: String { captured.withLock { $0.output } }
    /// What was written to standard error (when capturing).
    public var standardError: String { captured.withLock { $0.error } }

    func out(_ text: String) {
        if capture { captured.withLock { $0.output += text } } else { FileHandle.standardOutput.write(Data(text.utf8)) }
    }

    func err(_ text: String) {
        if capture { captured.withLock { $0.error += text } } else { FileHandle.standardError.write(Data(text.utf8)) }
    }
}

/// Keeps results until the process exits (for the executable, which imports only this module).
public typealias ResultRetainer = GroundworkCore.ResultRetainer

/// Exit statuses (SPEC.md).
public enum ExitStatus {
    public static let clean: Int32 = 0
    public static let contentErrors: Int32 = 1
    public static let usage: Int32 = 2
}

/// The command line. `run` parses arguments and dispatches; it never calls `exit` itself, so
/// tests run it in process.
public enum CLI {
    /// - Parameter retainer: keeps each command's results until the process exits instead of
    ///   freeing them (the executable passes one; see `ResultRetainer`).
    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                           console: Console, retainer: ResultRetainer? = nil) -> Int32 {
        // `groundwork serve --help` and `groundwork help serve`: the subcommand's own help.
        if arguments.contains("--help") || arguments.contains("-h") || arguments.first == "help" {
            let names = arguments.first == "help" ? Array(arguments.dropFirst()) : arguments
            // Follow nested subcommands too (`theme eject --help`).
            var sub: ParsableCommand.Type?
            var candidates = GroundworkCommand.configuration.subcommands
            for name in names {
                guard let next = candidates.first(where: { $0.configuration.commandName == name }) else { break }
                sub = next
                candidates = next.configuration.subcommands
            }
            console.out((sub.map { GroundworkCommand.helpMessage(for: $0) } ?? GroundworkCommand.helpMessage()) + "\n")
            return ExitStatus.clean
        }
        let command: ParsableCommand
        do {
            command = try GroundworkCommand.parseAsRoot(arguments)
        } catch {
            let code = GroundworkCommand.exitCode(for: error)
            let message = GroundworkCommand.fullMessage(for: error)
            if code == .success {
                console.out(message + "\n")
                return ExitStatus.clean
            }
            console.err(message + "\n")
            return ExitStatus.usage
        }
        do {
            switch command {
            case let build as BuildCommand: return try build.execute(environment: environment, console: console, retainer: retainer)
            case let check as CheckCommand: return try check.execute(environment: environment, console: console, retainer: retainer)
            case let serve as ServeCommand: return try serve.execute(environment: environment, console: console)
            case let cards as CardsCommand: return try cards.execute(environment: environment, console: console, retainer: retainer)
            case let new as NewCommand: return try new.execute(environment: environment, console: console)
            case let explain as ExplainCommand: return try explain.execute(environment: environment, console: console)
            case let initialize as InitCommand: return try initialize.execute(environment: environment, console: console)
            case let theme as ThemeEjectCommand: return try theme.execute(environment: environment, console: console)
            case let lsp as LSPCommand: return try lsp.execute(environment: environment, console: console)
            default:
                console.out(GroundworkCommand.helpMessage() + "\n")
                return ExitStatus.clean
            }
        } catch let error as EnvironmentError {
            console.err("error: \(error.message)\n")
            return ExitStatus.usage
        } catch let error as ValidationError {
            console.err("error: \(error.message)\n")
            return ExitStatus.usage
        } catch {
            console.err("error: \(error)\n")
            return ExitStatus.usage
        }
    }
}

extension CLI {
    /// What every command passes the pipeline from the process: the environment, the working
    /// folder, the profiler (`GROUNDWORK_PROFILE=1`: each stage's wall time on standard error,
    /// for bench/run.py --profile) and the retainer. The core reads none of them itself.
    static func configure(_ options: inout Options, environment: [String: String], console: Console, retainer: ResultRetainer?) {
        options.environment = environment
        options.workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        options.retainer = retainer
        if environment["GROUNDWORK_PROFILE"] == "1" {
            // Which malloc the figures below were taken with (Package.swift: mimalloc, unless
            // a sanitizer build or GROUNDWORK_SYSTEM_MALLOC=1 kept glibc's).
            console.err("profile: allocator " + (gw_malloc_is_mimalloc() != 0 ? "mimalloc" : "system malloc") + "\n")
            options.profiler = Profiler { stage, milliseconds, cpuMilliseconds in
                let padded = stage.count < 36 ? stage + String(repeating: " ", count: 36 - stage.count) : stage
                // A lap's CPU time (all threads) beside its wall time: a stage whose CPU is
                // below its wall time times the cores left a core idle.
                let cpu = cpuMilliseconds.map { String(format: "  cpu %8.1f ms", $0) } ?? ""
                console.err("profile: " + padded + String(format: " %8.1f ms", milliseconds) + cpu + heapInUse() + "\n")
            }
        }
    }
}

/// `  heap N MiB`: the bytes malloc has handed out and not taken back, after a profiled
/// stage (issue 21, memory): peak RSS says how much the process touched, this says how much of
/// it is live, so a stage that frees memory shows here even when RSS does not go down.
/// Empty where glibc's `mallinfo2` is missing.
func heapInUse() -> String {
    let bytes = gw_heap_in_use()
    return bytes == 0 ? "" : String(format: "  heap %6d MiB", Int(bytes >> 20))
}

struct GroundworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groundwork",
        abstract: "Builds a checked, linked knowledge base and printable battle cards from Markdown.",
        version: "groundwork \(GroundworkVersion.current)",
        subcommands: [InitCommand.self, BuildCommand.self, CheckCommand.self, ServeCommand.self, CardsCommand.self, NewCommand.self,
                      ExplainCommand.self, ThemeCommand.self, LSPCommand.self])
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, github, json
}

enum SearchMode: String, ExpressibleByArgument, CaseIterable {
    case auto, on, off
}

enum LastUpdatedMode: String, ExpressibleByArgument, CaseIterable {
    case git, off
}

/// Options `build` and `check` share.
struct CommonOptions: ParsableArguments {
    @Option(help: "The content folder.") var content = "content"
    @Option(help: "A templates folder over the built-in theme, file by file (default: ./templates when it exists).")
    var templates: String?
    /// `check` defaults to off, `build` to on: a knowledge base is not published with warnings
    /// unless the writer says so with `--no-strict` (docs/cli.md).
    @Flag(inversion: .prefixedNo, help: "Count warnings as errors (default: off for check, on for build).")
    var strict: Bool?
    @Option(help: "The date freshness checks compare against (YYYY-MM-DD); default: today, or SOURCE_DATE_EPOCH.")
    var today: String?
    @Option(help: "Diagnostic format: text, github or json.") var format: OutputFormat = .text
    @Flag(help: "Also check external links over HTTP.") var external = false
    @Option(help: "Build or check the edition for this audience.") var audience: String?

    func options(output: String, environment: [String: String], console: Console, retainer: ResultRetainer?,
                 strictByDefault: Bool = false) throws -> Options {
        var day = Day.today(environment: environment)
        if let today {
            guard let parsed = Day(today), today.count == 10 else {
                throw ValidationError("--today must be a date as YYYY-MM-DD, not '\(today)'")
            }
            day = parsed
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func url(_ path: String) -> URL { URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL }
        var display = content
        while display.count > 1 && display.hasSuffix("/") { display.removeLast() }
        var options = Options(content: url(content), contentDisplay: display, templates: url(templates ?? ThemeSelection.defaultFolder),
                              output: url(output), today: day)
        CLI.configure(&options, environment: environment, console: console, retainer: retainer)
        options.strict = strict ?? strictByDefault
        options.audience = audience
        if external {
            // The cache lives beside the content folder: `.groundwork-cache/external.json`.
            options.external = ExternalLinkChecker.Settings(cacheFile: ExternalLinkChecker.Settings.defaultCache(besides: options.content))
        }
        return options
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Check the content, then write the site.")
    @OptionGroup var common: CommonOptions
    @Option(help: "The output folder.") var out = "_site"
    @Option(help: "Search index: auto (when Pagefind is found), on, off.") var search: SearchMode = .auto
    @Option(help: "\"Last updated\" on pages: git (the last commit of each file, when the content is in a git repository), off.")
    var lastUpdated: LastUpdatedMode = .git

    func execute(environment: [String: String], console: Console, retainer: ResultRetainer?) throws -> Int32 {
        // A knowledge base (site.yaml) is not published with warnings unless the writer says
        // so; a folder of docs is, as its own tool would (a link out of the folder is a
        // warning, not a reason to refuse the build).
        let contentFolder = URL(fileURLWithPath: common.content, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let isKnowledgeBase = FileManager.default.fileExists(atPath: contentFolder.appendingPathComponent("site.yaml").path)
        var options = try common.options(output: out, environment: environment, console: console, retainer: retainer,
                                         strictByDefault: isKnowledgeBase)
        let theme = try ThemeSelection.select(common.templates, currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        defer { theme.cleanUp() }
        theme.apply(to: &options)
        options.search = SearchIndexer.Mode(rawValue: search.rawValue) ?? .auto
        // Say why the site has no search box: a missing box is otherwise easy to miss.
        var searchSkipped: String?
        switch search {
        case .off: searchSkipped = "--search off"
        case .auto where SearchIndexer.locate(environment: environment, currentDirectory: options.workingDirectory) == nil:
            searchSkipped = "Pagefind not found (\(SearchIndexer.installCommand))"
        default: break
        }
        if lastUpdated == .git { options.lastUpdated = GitHistory.lastUpdated(content: options.content, environment: environment) }
        let report = try Groundwork.build(options)
        DiagnosticPrinter.print(report, format: common.format, console: console)
        // A failed build never touches the output folder (the site is swapped in whole or not
        // at all); say so, so nobody goes looking for a half-written site.
        let unchanged = "nothing was written; the previous site is unchanged"
        if report.configurationFailed {
            if common.format == .text { console.err("\(unchanged)\n") }
            return ExitStatus.usage
        }
        if report.failed {
            if common.format == .text {
                if report.errorCount == 0 && report.warningCount > 0 && common.strict == nil {
                    console.err("\(unchanged): build counts warnings as errors; fix them, or publish anyway with --no-strict\n")
                } else {
                    console.err("\(unchanged)\n")
                }
            }
            return ExitStatus.contentErrors
        }
        if common.format == .text { console.err("wrote \(plural(report.pageCount, "page")) to \(out)\n") }
        if let skipped = searchSkipped { console.err("search skipped: \(skipped)\n") }
        return ExitStatus.clean
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Run every check; write nothing.")
    @OptionGroup var common: CommonOptions
    @Option(parsing: .upToNextOption, help: "Report diagnostics for these files only.") var only: [String] = []

    func execute(environment: [String: String], console: Console, retainer: ResultRetainer?) throws -> Int32 {
        var options = try common.options(output: "_site", environment: environment, console: console, retainer: retainer)
        options.only = try OnlyPaths.resolve(only, content: options.content, contentDisplay: options.contentDisplay,
                                             currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let report = try Groundwork.check(options)
        // What the folder was read as, so a surprising result has its explanation; on stderr
        // and in text only, so JSON and GitHub annotations stay pure.
        if common.format == .text { console.err("mode: \(report.modeDescription)\n") }
        DiagnosticPrinter.print(report, format: common.format, console: console)
        if report.configurationFailed { return ExitStatus.usage }
        return report.failed ? ExitStatus.contentErrors : ExitStatus.clean
    }
}
