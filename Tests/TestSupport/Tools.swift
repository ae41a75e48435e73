import Foundation
import XCTest

/// An executable named `name` in one of `PATH`'s folders, or nil.
public func executableOnPath(_ name: String, path: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") -> URL? {
    for folder in path.split(separator: ":") {
        let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
}

/// Thrown after recording the failure when a required tool is missing under CI.
public struct MissingTool: Error {
    public let message: String
}

/// Ends a test that needs something the machine lacks: skipped locally, but a failure when
/// the `CI` environment variable is set (`make test` installs everything the tests use).
public func missing(_ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
    let message = "\(what) is missing (make test installs it)"
    if ProcessInfo.processInfo.environment["CI"].map({ !$0.isEmpty }) ?? false {
        XCTFail(message + " — required when CI is set", file: file, line: line)
        throw MissingTool(message: message)
    }
    throw XCTSkip(message)
}

/// A tool on PATH, from the Debian package `package`; see `missing` when it is not there.
public func requireTool(_ name: String, package: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    if let url = executableOnPath(name) { return url }
    try missing("\(name) (Debian package '\(package)')", file: file, line: line)
}

/// What `executable` prints on standard output; the test fails unless it exits 0.
public func output(of executable: URL, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Data {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0, "\(executable.lastPathComponent) \(arguments)", file: file, line: line)
    return data
}

/// A small deterministic pseudo-random generator (a linear congruential one), so generated
/// test inputs are the same on every run and a failure can be reproduced.
public struct SeededGenerator {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    /// `template` with each `%` replaced by one to four of `pieces`, each followed by a space:
    /// a generated Markdown block with generated inline content.
    public mutating func filling(_ template: String, from pieces: [String]) -> String {
        var block = template
        while let slot = block.firstIndex(of: "%") {
            var inline = ""
            for _ in 0..<(1 + next(4)) { inline += pieces[next(pieces.count)] + " " }
            block.replaceSubrange(slot...slot, with: inline)
        }
        return block
    }
}
