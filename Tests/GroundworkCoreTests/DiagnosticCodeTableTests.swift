import Foundation
import XCTest
@testable import GroundworkCore

/// The table of diagnostic codes (`DiagnosticCode.all`) against what the checks emit.
///
/// Two guarantees:
/// - Every table entry has a fixture that produces it: its own `example`, run here through
///   `Groundwork.check` (or `build`, `--external` with a fake HTTP probe, or a preview rebuild),
///   must produce exactly the example's `produces` line (file:line:col, severity, message, code).
///   The `serve` example runs in GroundworkServeTests (`DiagnosticCodeServeFixtureTests`).
/// - Nothing emits a code outside the table: `Diagnostic.code` is a `DiagnosticCode`, whose
///   initializer is private to the file holding the table, so the only values are the
///   table's static members and emitting anything else does not compile.
///   Codes that arrive as strings (site.yaml's `checks:`) are looked up in the table and
///   rejected when unknown (`testSiteYamlOverridesAreValidatedAgainstTheTable`).
final class DiagnosticCodeTableTests: XCTestCase {
    static let repositoryTemplates = TempSite.repositoryTemplates

    func testEveryEntryHasAFixtureThatProducesIt() throws {
        for code in DiagnosticCode.all where code.example.run != .serve {
            let printed = try Self.run(code.example, name: code.id)
            XCTAssertTrue(printed.contains(code.example.produces),
                          "the example of \(code.id) must produce\n  \(code.example.produces)\nbut produced\n"
                          + printed.map { "  " + $0 }.joined(separator: "\n"))
            XCTAssertTrue(code.example.produces.hasSuffix("[\(code.id)]"), "the example of \(code.id) names another code")
        }
        // The one entry only the running preview emits has its fixture in GroundworkServeTests.
        XCTAssertEqual(DiagnosticCode.all.filter { $0.example.run == .serve }.map(\.id), ["environment"])
    }

    /// A code declared but left out of `all` would be emitted without a fixture or a
    /// reference entry: every static member of the table file is in `all`.
    func testEveryDeclaredCodeIsInTheTable() throws {
        // Found by name, wherever the Sources layout puts it.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let path = try XCTUnwrap(FileManager.default.subpaths(atPath: sources.path)?.first { $0.hasSuffix("/DiagnosticCode.swift") })
        let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
        let declared = try NSRegularExpression(pattern: #"static let \w+ = DiagnosticCode\(\s*id: "([^"]+)""#)
            .matches(in: text, range: NSRange(text.startIndex..., in: text))
            .map { String(text[Range($0.range(at: 1), in: text)!]) }
        XCTAssertEqual(declared.count, DiagnosticCode.all.count)
        XCTAssertEqual(Set(declared), Set(DiagnosticCode.all.map(\.id)))
    }

    func testTableIsConsistent() {
        let ids = DiagnosticCode.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "an id is listed twice")
        for code in DiagnosticCode.all {
            XCTAssertEqual(DiagnosticCode.named(code.id), code)
            XCTAssertFalse(code.summary.isEmpty || code.explanation.isEmpty || code.fix.isEmpty, code.id)
            XCTAssertFalse(code.explanation.contains("\n"), "\(code.id): the explanation is one paragraph")
            XCTAssertTrue(code.example.produces.contains(": \(code.severity.rawValue): "),
                          "\(code.id): the example shows the default severity")
        }
        XCTAssertNil(DiagnosticCode.named("link.page-mising"))
        // The codes a site must not switch off.
        XCTAssertFalse(DiagnosticCode.configInvalid.overridable)
        XCTAssertFalse(DiagnosticCode.templateInvalid.overridable)
        XCTAssertTrue(DiagnosticCode.claimUnsourced.overridable)
    }

    /// Codes that arrive as strings, in site.yaml's `checks:`, are looked up in the table: an
    /// unknown code (with "did you mean") and a code the table does not let a site override
    /// are positioned `config.invalid` errors, and neither changes any severity.
    func testSiteYamlOverridesAreValidatedAgainstTheTable() throws {
        let site = try TempSite([
            "site.yaml": "title: T\nunknown_key: 1\nchecks:\n  config.invalid: off\n  claim.unsorced: off\n  audience.leak: warning\n  claim.unsourced: error\n  page.orphan: loud\n",
            "_index.md": "# Home\n\nFine-tuning cut costs by 40%.\n",
        ])
        defer { site.remove() }
        let report = try site.check()
        let config = report.diagnostics.filter { $0.code == .configInvalid }
        XCTAssertEqual(config.map { "\($0.file):\($0.line):\($0.column): \($0.severity.rawValue): \($0.message)" }, [
            "content/site.yaml:2:1: error: unknown setting 'unknown_key'",
            "content/site.yaml:4:3: error: check 'config.invalid' cannot be overridden",
            "content/site.yaml:5:3: error: unknown check 'claim.unsorced'",
            "content/site.yaml:6:3: error: check 'audience.leak' cannot be overridden",
            "content/site.yaml:8:16: error: 'checks.page.orphan' must be error, warning or off",
        ])
        XCTAssertEqual(config[1].notes, ["it is always error; see 'groundwork explain config.invalid'"])
        XCTAssertEqual(config[2].notes, ["did you mean 'claim.unsourced'?"])
        XCTAssertTrue(report.configurationFailed, "config.invalid stays an error: exit status 2")
        // The valid override still applies.
        XCTAssertEqual(report.diagnostics.first { $0.code == .claimUnsourced }?.severity, .error)
        let overrides = try Groundwork.analyze(site.options()).site.config.severityOverrides
        XCTAssertEqual(overrides, [.claimUnsourced: .error])
    }

    // MARK: Running an example

    /// Runs an example in a fresh folder and returns its diagnostics as `check` prints them,
    /// paths relative to that folder.
    static func run(_ example: DiagnosticCode.Example, name: String) throws -> [String] {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("gw-code-\(name.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        try write(example, to: root)
        var templates = repositoryTemplates
        if example.files.contains(where: { $0.path.hasPrefix("templates/") }) {
            templates = root.appendingPathComponent("templates")
            try copyTemplates(to: templates, overlay: example, root: root)
        }
        var options = Options(content: root.appendingPathComponent("content"), contentDisplay: "content",
                              templates: templates, output: root.appendingPathComponent("_site"),
                              today: Day(DiagnosticCode.Example.today)!)
        options.search = .off
        let diagnostics: [Diagnostic]
        switch example.run {
        case .check:
            diagnostics = try Groundwork.check(options).diagnostics
        case .build:
            diagnostics = try Groundwork.build(options).diagnostics
        case .external:
            let analysis = try Groundwork.analyze(options)
            diagnostics = ExternalLinkChecker.run(links: analysis.links, sources: analysis.sources,
                                                  settings: ExternalLinkChecker.Settings(cacheFile: nil),
                                                  probe: FixedProbe(responses: example.responses))
        case .rebuild:
            diagnostics = try IncrementalBuilder(options: options).rebuild(changedPaths: nil, templatesChanged: true).report.diagnostics
        case .serve:
            XCTFail("serve examples run in GroundworkServeTests")
            diagnostics = []
        }
        return diagnostics.map { d in
            "\(d.file):\(d.line):\(d.column): \(d.severity.rawValue): \(d.message) [\(d.code.id)]"
                .replacingOccurrences(of: root.standardizedFileURL.path + "/", with: "")
                .replacingOccurrences(of: root.path + "/", with: "")
        }
    }

    static func write(_ example: DiagnosticCode.Example, to root: URL) throws {
        for file in example.files where !file.path.hasPrefix("templates/") {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if file.symlink {
                try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: file.text)
            } else {
                try XCTUnwrap(file.text.data(using: file.latin1 ? .isoLatin1 : .utf8)).write(to: url)
            }
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
    }

    /// The shipped templates, with the example's template files written over them.
    static func copyTemplates(to folder: URL, overlay example: DiagnosticCode.Example, root: URL) throws {
        try FileManager.default.copyItem(at: repositoryTemplates, to: folder)
        for file in example.files where file.path.hasPrefix("templates/") {
            try Data(file.text.utf8).write(to: root.appendingPathComponent(file.path))
        }
    }

    /// Answers every request with the status the example gives for its URL (200 otherwise).
    struct FixedProbe: HTTPProbe {
        let responses: [String: Int]
        func probe(_ url: URL, method: String, timeout: TimeInterval, completion: @escaping @Sendable (ProbeResult) -> Void) {
            completion(ProbeResult(status: responses[url.absoluteString] ?? 200))
        }
    }
}
