import ArgumentParser
import Foundation
import GroundworkCore

/// `groundwork explain [CODE]`: what a diagnostic code means, as `rustc --explain` does. Every
/// word comes from the table `DiagnosticCode.all`; `--markdown` prints the whole table as the
/// reference committed at `docs/diagnostics.md`.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic code, or list every code.",
        discussion: """
            groundwork explain                     every code with its one-line summary
            groundwork explain link.page-missing   what it means, an example and the fix
            groundwork explain --markdown > docs/diagnostics.md
            """)

    @Argument(help: "A diagnostic code, e.g. link.page-missing.") var code: String?
    @Flag(help: "Print the reference of every code as Markdown (docs/diagnostics.md).") var markdown = false

    func execute(environment: [String: String], console: Console) throws -> Int32 {
        if markdown {
            guard code == nil else { throw ValidationError("--markdown prints every code; give no CODE") }
            console.out(Self.markdownReference())
            return ExitStatus.clean
        }
        guard let code else {
            console.out(Self.list())
            return ExitStatus.clean
        }
        guard let entry = DiagnosticCode.named(code) else {
            var message = "no diagnostic code '\(code)'"
            if let hint = Suggestions.closest(to: code, in: DiagnosticCode.ids) {
                message += "\n  note: did you mean '\(hint)'?"
            }
            message += "\n  note: 'groundwork explain' lists every code"
            throw ValidationError(message)
        }
        console.out(Self.explanation(of: entry))
        return ExitStatus.clean
    }

    /// Every code with its severity and summary, one per line, aligned.
    static func list() -> String {
        let width = DiagnosticCode.all.map(\.id.count).max() ?? 0
        return DiagnosticCode.all.map { code in
            code.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + code.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + code.summary
        }.joined(separator: "\n") + "\n"
    }

    /// One code, for the terminal.
    static func explanation(of code: DiagnosticCode) -> String {
        var out = "\(code.id): \(code.severity.rawValue) by default; "
        out += code.overridable ? "site.yaml may change it (checks: {\(code.id): warning}, or off)\n"
            : "site.yaml may not override it\n"
        out += "\n" + wrap(code.explanation, width: 80) + "\n\n"
        let example = code.example
        out += "Example (on \(DiagnosticCode.Example.today)):\n"
        for file in example.files {
            out += "\n  \(fileHeading(file))\n"
            if !file.symlink {
                out += file.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                    .map { $0.isEmpty ? "  |" : "  | " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        for (url, status) in example.responses.sorted(by: { $0.key < $1.key }) {
            out += "\n  \(url) answers HTTP \(status)\n"
        }
        if let setup = example.setup { out += "\n  " + setup + "\n" }
        out += "\n  \(command(example.run)) reports:\n  \(example.produces)\n\n"
        out += wrap("Fix: " + code.fix, width: 80) + "\n"
        return out
    }

    /// The reference of every code as Markdown: `docs/diagnostics.md`.
    static func markdownReference() -> String {
        var out = """
            # Diagnostic codes

            <!-- Generated from the table in Sources/GroundworkDiagnostics/DiagnosticCode.swift by
                 `groundwork explain --markdown > docs/diagnostics.md`; do not edit by hand. -->

            Every diagnostic ends with its code in brackets:
            `content/_index.md:3:10: error: no page for link 'setup.md' [link.page-missing]`.
            `groundwork explain CODE` prints one entry below, `groundwork explain` lists them all.
            A site may change the severity of a code marked *overridable* in `site.yaml`
            (`checks: {claim.unsourced: error}`, or `off`); overriding any other code is a
            `config.invalid` error. Every example below is run by the test suite and produces
            exactly the diagnostic shown (checked on \(DiagnosticCode.Example.today)).

            | code | severity | overridable | when |
            |---|---|---|---|

            """
        for code in DiagnosticCode.all {
            out += "| [`\(code.id)`](#\(anchor(code.id))) | \(code.severity.rawValue) | \(code.overridable ? "yes" : "no") | "
                + code.summary.replacingOccurrences(of: "|", with: "\\|") + " |\n"
        }
        for code in DiagnosticCode.all {
            out += "\n## `\(code.id)`\n\n"
            out += "**\(code.severity.rawValue)**, " + (code.overridable ? "overridable" : "not overridable") + ". "
            out += code.explanation + "\n\n"
            let example = code.example
            for file in example.files {
                out += "`\(fileHeading(file))`\n\n"
                if !file.symlink {
                    let fence = file.text.contains("```") ? "~~~" : "```"
                    let language = file.path.hasSuffix(".yaml") ? "yaml" : file.path.hasSuffix(".md") ? "markdown" : ""
                    out += fence + language + "\n" + file.text + (file.text.hasSuffix("\n") ? "" : "\n") + fence + "\n\n"
                }
            }
            for (url, status) in example.responses.sorted(by: { $0.key < $1.key }) {
                out += "`\(url)` answers HTTP \(status).\n\n"
            }
            if let setup = example.setup { out += setup + "\n\n" }
            out += "`\(command(example.run))` reports:\n\n```text\n\(example.produces)\n```\n\n"
            out += "**Fix:** \(code.fix)\n"
        }
        return out
    }

    /// How a file of an example is named: its path, and how it is unusual.
    static func fileHeading(_ file: DiagnosticCode.Example.File) -> String {
        if file.symlink { return "\(file.path) -> \(file.text) (a symbolic link to a file that does not exist)" }
        return file.latin1 ? "\(file.path) (saved as Latin-1)" : file.path
    }

    static func command(_ run: DiagnosticCode.Example.Run) -> String {
        switch run {
        case .check: return "groundwork check"
        case .build: return "groundwork build"
        case .external: return "groundwork check --external"
        case .rebuild, .serve: return "groundwork serve"
        }
    }

    /// GitHub's heading anchor for "`id`": lowercase, punctuation other than '-' dropped.
    static func anchor(_ id: String) -> String {
        String(id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" })
    }

    /// Greedy word wrap (the explanations are single paragraphs).
    static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
