import Foundation
import XCTest
@testable import GroundworkCore

/// The link-check fixture sites under `Fixtures/links/<name>/`: a `content/` folder (and for
/// some a `templates/` folder) plus `expected.txt`, the exact diagnostics the site produces:
/// `path:line:col code` lines, each followed by its indented `note:` lines.
enum LinkFixture {
    /// Source-tree paths: fixtures are reviewed in the repository, not bundled.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("links")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let repositoryTemplates = repository.appendingPathComponent("templates")
    static let today = Day(year: 2026, month: 11, day: 29)

    static func content(_ name: String) -> URL { folder.appendingPathComponent(name).appendingPathComponent("content") }

    /// Options for checking or building a fixture (or any content folder) into `output`.
    static func options(content: URL, templates: URL = repositoryTemplates, output: URL? = nil) -> Options {
        let out = output ?? FileManager.default.temporaryDirectory.appendingPathComponent("gw-links-unused-\(UUID().uuidString)")
        var options = Options(content: content, contentDisplay: "content", templates: templates, output: out, today: today)
        options.environment = [:]
        return options
    }

    static func expected(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name).appendingPathComponent("expected.txt"), encoding: .utf8)
    }

    /// Diagnostics in the form of `expected.txt`.
    /// Sorted again after the prefixes are replaced, so the text does not depend on where
    /// the temporary folders are (a build's output and its templates sort by their real paths).
    static func render(_ diagnostics: [Diagnostic], replacing prefixes: [(String, String)] = []) -> String {
        diagnostics.map { d -> Diagnostic in
            var d = d
            for (from, to) in prefixes where d.file.hasPrefix(from) { d.file = to + d.file.dropFirst(from.count) }
            return d
        }.sorted(by: Diagnostic.reportOrder).map { d in
            (["\(d.file):\(d.line):\(d.column) \(d.code)"] + d.notes.map { "    note: \($0)" }).joined(separator: "\n") + "\n"
        }.joined()
    }

    /// Asserts that checking the fixture gives exactly its expected diagnostics.
    static func assertCheck(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let report = try Groundwork.check(options(content: content(name)))
        XCTAssertEqual(render(report.diagnostics), try expected(name), "fixture \(name)", file: file, line: line)
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder(_ label: String = #function) throws -> URL {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gw-links-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies a folder, optionally rewriting every Markdown and YAML file's line endings to CRLF.
    static func copy(_ source: URL, to destination: URL, crlf: Bool = false) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: destination, withIntermediateDirectories: true)
        for path in fm.subpaths(atPath: source.path) ?? [] {
            let from = source.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: from.path, isDirectory: &isDirectory) else { continue }
            let to = destination.appendingPathComponent(path)
            if isDirectory.boolValue {
                try fm.createDirectory(at: to, withIntermediateDirectories: true)
            } else if crlf, path.hasSuffix(".md") || path.hasSuffix(".yaml") {
                let text = try String(contentsOf: from, encoding: .utf8)
                try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: to)
            } else {
                try fm.copyItem(at: from, to: to)
            }
        }
    }
}

extension OutputLinkCheck {
    /// The output pass over files held in memory (`build` scans each page as it writes it).
    static func check(files: [OutputFile], copies: [(from: URL, to: String)], settings: Settings) -> [Diagnostic] {
        let scanned = files.filter { isHTML($0.path) }.map { ScannedOutput($0) }
        return check(paths: files.map(\.path), scanned: scanned, xmlFiles: files.filter { $0.path.hasSuffix(".xml") },
                     copies: copies, settings: settings)
    }
}
