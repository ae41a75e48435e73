import Foundation
@testable import GroundworkCore

/// A throw-away content folder built from a dictionary of files, for tests.
struct TempSite {
    let root: URL
    var content: URL { root.appendingPathComponent("content") }
    var output: URL { root.appendingPathComponent("_site") }
    /// The repository's own templates, so tests exercise what ships.
    static let repositoryTemplates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    /// - Parameter knowledgeBase: true (the default) writes an empty `site.yaml` when `files`
    ///   has none, so the folder is a knowledge base with every rule; false leaves a folder
    ///   of docs (issue 17).
    init(_ files: [String: String], name: String = #function, knowledgeBase: Bool = true) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("gw-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if knowledgeBase && files["site.yaml"] == nil { try write("site.yaml", "") }
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = content.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func options(templates: URL = TempSite.repositoryTemplates, today: Day = Day(year: 2026, month: 11, day: 29)) -> Options {
        Options(content: content, contentDisplay: "content", templates: templates, output: output, today: today)
    }

    func check() throws -> Report { try Groundwork.check(options()) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Every file below a folder with its bytes, for byte-identical comparisons.
func snapshot(_ folder: URL) -> [String: Data] {
    var result: [String: Data] = [:]
    guard let paths = FileManager.default.subpaths(atPath: folder.path) else { return result }
    for path in paths {
        var isDirectory: ObjCBool = false
        let url = folder.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            result[path] = FileManager.default.contents(atPath: url.path)
        }
    }
    return result
}

extension Report {
    /// `file:line:col code` lines, the form fixtures assert.
    var summaryLines: [String] { diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.code)" } }
}
