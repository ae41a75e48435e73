import Foundation
import XCTest
import TestSupport
@testable import GroundworkCore

/// `content/sources.yaml` is CSL-YAML that Pandoc's citeproc reads too, and Groundwork finds
/// the same citations in a page that Pandoc does. Needs Debian's `pandoc` (installed by
/// `make test`); without it the tests are skipped, or fail when `CI` is set.
final class PandocCompatibilityTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let content = repository.appendingPathComponent("content")
    static let bibliography = content.appendingPathComponent("sources.yaml")

    func pandoc() throws -> URL {
        try requireTool("pandoc", package: "pandoc")
    }

    /// Runs pandoc on Markdown text; returns standard output and standard error.
    func run(_ arguments: [String], input: String) throws -> (out: String, err: String) {
        let process = Process()
        process.executableURL = try pandoc()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gw-pandoc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("input.md")
        try input.write(to: inputFile, atomically: true, encoding: .utf8)
        let outFile = folder.appendingPathComponent("out"), errFile = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        // Files, not pipes: a full pipe buffer would block pandoc before it exits.
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        process.arguments = arguments + [inputFile.path]
        try process.run()
        process.waitUntilExit()
        let out = try String(contentsOf: outFile, encoding: .utf8), err = try String(contentsOf: errFile, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 0, "pandoc \(arguments.joined(separator: " ")): \(err)")
        return (out, err)
    }

    func groundwork() throws -> Analysis {
        try Groundwork.analyze(Options(content: Self.content, contentDisplay: "content",
                                       templates: Self.repository.appendingPathComponent("templates"),
                                       output: FileManager.default.temporaryDirectory.appendingPathComponent("gw-pandoc-unused"),
                                       today: Day(year: 2026, month: 11, day: 29)))
    }

    /// The ids of the entries in the reference list citeproc generates (`ref-<id>` divs).
    func referenceIDs(inPandocJSON json: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "\"ref-([^\"]+)\"")
        let range = NSRange(json.startIndex..., in: json)
        return Set(pattern.matches(in: json, range: range).compactMap { Range($0.range(at: 1), in: json).map { String(json[$0]) } })
    }

    /// Pandoc reads every record Groundwork reads, with the same ids.
    func testPandocReadsTheSameSources() throws {
        _ = try pandoc()
        let ids = Set(try groundwork().sources.sources.map(\.id))
        XCTAssertGreaterThan(ids.count, 10)
        let (json, err) = try run(["--citeproc", "--bibliography", Self.bibliography.path, "-t", "json"],
                                  input: "---\nnocite: '@*'\n---\n\nEvery source.\n")
        XCTAssertEqual(referenceIDs(inPandocJSON: json), ids)
        XCTAssertFalse(err.contains("WARNING"), err)
    }

    /// A document citing every key Groundwork resolves renders with no "not found" warning.
    func testPandocResolvesEveryKey() throws {
        _ = try pandoc()
        let ids = try groundwork().sources.sources.map(\.id)
        let markdown = ids.map { "A claim [@\($0)]." }.joined(separator: "\n\n") + "\n"
        let (plain, err) = try run(["--citeproc", "--bibliography", Self.bibliography.path, "-t", "plain"], input: markdown)
        XCTAssertFalse(err.contains("not found"), err)
        XCTAssertFalse(err.contains("WARNING"), err)
        XCTAssertFalse(plain.contains("???"), "citeproc marks unresolved citations with ???")
    }

    /// Pandoc finds the same bracketed citations in every content page as Groundwork, and
    /// resolves all of them.
    func testPandocFindsTheSameCitationsInEveryPage() throws {
        _ = try pandoc()
        let analysis = try groundwork()
        XCTAssertGreaterThan(analysis.site.pages.count, 10)
        var total = 0
        for page in analysis.site.pages {
            let ours = Set(analysis.links.citations[page.index].map(\.item.key))
            let text = try String(contentsOf: Self.content.appendingPathComponent(page.relativePath), encoding: .utf8)
            let (json, err) = try run(["-f", "markdown", "-t", "json"], input: text)
            let theirs = bracketedCitationKeys(try JSONSerialization.jsonObject(with: Data(json.utf8)))
            XCTAssertEqual(ours, theirs, page.relativePath)
            XCTAssertFalse(err.contains("not found"), "\(page.relativePath): \(err)")
            total += ours.count
        }
        XCTAssertGreaterThan(total, 20)
    }

    /// The keys of bracketed citations (`[@key]`, `[-@key]`) in Pandoc's JSON AST; a bare
    /// `@key` in running text is Pandoc's in-text citation, which Groundwork does not support.
    func bracketedCitationKeys(_ node: Any) -> Set<String> {
        var keys: Set<String> = []
        if let object = node as? [String: Any] {
            if let id = object["citationId"] as? String, let mode = (object["citationMode"] as? [String: Any])?["t"] as? String,
               mode == "NormalCitation" || mode == "SuppressAuthor" {
                keys.insert(id)
            }
            for value in object.values { keys.formUnion(bracketedCitationKeys(value)) }
        } else if let array = node as? [Any] {
            for value in array { keys.formUnion(bracketedCitationKeys(value)) }
        }
        return keys
    }

    /// `sources.json` is CSL-JSON that citeproc reads as a bibliography, with every key.
    func testPandocReadsSourcesJSON() throws {
        _ = try pandoc()
        let analysis = try groundwork()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gw-cslj-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("sources.json")
        try CSLExport.json(analysis.sources).write(to: file, atomically: true, encoding: .utf8)
        let (json, err) = try run(["--citeproc", "--bibliography", file.path, "-t", "json"],
                                  input: "---\nnocite: '@*'\n---\n\nEvery source.\n")
        XCTAssertEqual(referenceIDs(inPandocJSON: json), Set(analysis.sources.sources.map(\.id)))
        XCTAssertFalse(err.contains("WARNING"), err)
    }
}
