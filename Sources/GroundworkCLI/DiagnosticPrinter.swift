import GroundworkCore

/// Prints diagnostics as text, GitHub annotations or JSON (SPEC.md).
enum DiagnosticPrinter {
    static func print(_ report: Report, format: OutputFormat, console: Console) {
        switch format {
        case .text: console.err(text(report, colour: console.colour))
        case .github: console.out(github(report))
        case .json: console.out(json(report))
        }
    }

    static func text(_ report: Report, colour: Bool) -> String {
        var out = ""
        for d in report.diagnostics {
            let severity = d.severity.rawValue
            let label = colour ? (d.severity == .error ? "\u{1B}[1;31m\(severity)\u{1B}[0m" : "\u{1B}[1;33m\(severity)\u{1B}[0m") : severity
            out += "\(d.file):\(d.line):\(d.column): \(label): \(d.message) [\(d.code.id)]\n"
            for note in d.notes { out += "    note: \(note)\n" }
        }
        out += "\(report.errorCount) \(report.errorCount == 1 ? "error" : "errors"), "
            + "\(report.warningCount) \(report.warningCount == 1 ? "warning" : "warnings") in \(report.pageCount) pages\n"
        return out
    }

    /// `::error file=…,line=…,col=…,title=code::message` with GitHub's escaping.
    static func github(_ report: Report) -> String {
        func escapeData(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        func escapeProperty(_ s: String) -> String {
            escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        var out = ""
        for d in report.diagnostics {
            let message = ([d.message] + d.notes.map { "note: \($0)" }).joined(separator: "\n")
            out += "::\(d.severity.rawValue) file=\(escapeProperty(d.file)),line=\(d.line),col=\(d.column),title=\(escapeProperty(d.code.id))::\(escapeData(message))\n"
        }
        return out
    }

    static func json(_ report: Report) -> String {
        let diagnostics = report.diagnostics.map { d -> JSONValue in
            var fields: [(String, JSONValue)] = [
                ("file", .string(d.file)), ("line", .number(d.line)), ("column", .number(d.column)),
                ("severity", .string(d.severity.rawValue)), ("code", .string(d.code.id)), ("message", .string(d.message)),
            ]
            if !d.notes.isEmpty { fields.append(("notes", .array(d.notes.map { .string($0) }))) }
            return .object(fields)
        }
        let document = JSONValue.object([
            ("diagnostics", .array(diagnostics)),
            ("summary", .object([("errors", .number(report.errorCount)), ("warnings", .number(report.warningCount)),
                                 ("pages", .number(report.pageCount))])),
        ])
        return document.serialized(indent: "  ") + "\n"
    }
}

import Foundation
