import Foundation
@testable import GroundworkCLI

/// What the command-line tests share: the repository's folders, throw-away working folders,
/// and running `groundwork` in process with one of them as the working directory.
enum CLITestSupport {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The templates that ship, so the tests exercise them.
    static let templates = repository.appendingPathComponent("templates")

    /// A folder below the temporary directory that does not exist yet, named for the test.
    static func temporaryFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("gw-\(name)-\(UUID().uuidString.prefix(8))")
    }

    /// Writes `text` at `path` below `root`, creating the folders on the way.
    static func write(_ text: String, to path: String, below root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs `groundwork ARGUMENTS` with `folder` as the working directory (the current one
    /// when nil) and returns its exit status and what it printed on each stream.
    static func run(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:])
        -> (status: Int32, out: String, err: String) {
        let previous = FileManager.default.currentDirectoryPath
        if let folder { _ = FileManager.default.changeCurrentDirectoryPath(folder.path) }
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let console = Console(capture: true)
        let status = CLI.run(arguments, environment: environment, console: console)
        return (status, console.standardOutput, console.standardError)
    }
}
