import ArgumentParser
import Foundation
import GroundworkCore

extension CardPaper: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// `groundwork cards --pdf FILE [--paper letter|a4]`: the battle cards as a PDF, one card per page.
struct CardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cards",
        abstract: "Check the content, then print the battle cards to a PDF, one card per page (headless Chromium).")
    @Option(help: "The content folder.") var content = "content"
    @Option(help: "A templates folder over the built-in theme, file by file (default: ./templates when it exists).")
    var templates: String?
    @Option(help: "The PDF file to write.") var pdf: String
    @Option(help: "Paper size: letter or a4.") var paper: CardPaper = .letter
    @Option(help: "Print the cards of this audience's edition.") var audience: String?

    func execute(environment: [String: String], console: Console, retainer: ResultRetainer?) throws -> Int32 {
        guard !pdf.isEmpty, !pdf.hasSuffix("/") else { throw ValidationError("--pdf must name a file, not '\(pdf)'") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func url(_ path: String) -> URL { URL(fileURLWithPath: path, relativeTo: cwd).standardizedFileURL }
        let output = url(pdf)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("--pdf must name a file; '\(pdf)' is a folder")
        }
        guard FileManager.default.fileExists(atPath: output.deletingLastPathComponent().path) else {
            throw EnvironmentError("cannot write '\(pdf)': folder '\(output.deletingLastPathComponent().path)' does not exist")
        }
        guard let chromium = CardsPDF.locateChromium(environment: environment, currentDirectory: cwd) else {
            let explicit = environment["GROUNDWORK_CHROMIUM"].map { $0.isEmpty ? "" : "GROUNDWORK_CHROMIUM is '\($0)', which is not an executable file; " } ?? ""
            throw EnvironmentError("Chromium was not found (looked for 'chromium' and 'chromium-browser' on PATH); \(explicit)\(CardsPDF.installHint)")
        }

        var display = content
        while display.count > 1 && display.hasSuffix("/") { display.removeLast() }
        // The output folder is replaced by a temporary one inside CardsPDF.make.
        var options = Options(content: url(content), contentDisplay: display, templates: url(templates ?? ThemeSelection.defaultFolder),
                              output: url(".groundwork-cards"), today: Day.today(environment: environment))
        CLI.configure(&options, environment: environment, console: console, retainer: retainer)
        let theme = try ThemeSelection.select(templates, currentDirectory: cwd)
        defer { theme.cleanUp() }
        theme.apply(to: &options)
        options.audience = audience
        let outcome: CardsPDFOutcome
        do {
            // The temporary folder goes where the environment's TMPDIR says (tests pass their own).
            let scratch = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
                ?? FileManager.default.temporaryDirectory
            outcome = try CardsPDF.make(options, pdf: output, paper: paper, chromium: chromium, environment: environment,
                                        scratchParent: scratch)
        } catch let error as CardsContentError {
            console.err("error: \(error.message)\n")
            return ExitStatus.contentErrors
        }
        if !outcome.report.diagnostics.isEmpty || !outcome.wrote {
            DiagnosticPrinter.print(outcome.report, format: .text, console: console)
        }
        if outcome.report.configurationFailed { return ExitStatus.usage }
        guard outcome.wrote else { return ExitStatus.contentErrors }
        let cards = outcome.cards ?? 0
        let pages = outcome.pages.map { "\($0) page\($0 == 1 ? "" : "s")" } ?? "pages not counted"
        console.err("wrote \(cards) card\(cards == 1 ? "" : "s") (\(pages), \(paper.displayName)) to \(pdf)\n")
        return ExitStatus.clean
    }
}
