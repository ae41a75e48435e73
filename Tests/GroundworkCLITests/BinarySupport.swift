import Foundation
import XCTest

/// The `groundwork` executable `swift test` built (beside the test bundle), or the one
/// `GROUNDWORK` names, for tests that must run it as a user would: as a process, from a shell.
enum BinarySupport {
    static func builtBinary() -> URL? {
        let testBinary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        let candidates = [ProcessInfo.processInfo.environment["GROUNDWORK"].map { URL(fileURLWithPath: $0) },
                          testBinary.deletingLastPathComponent().appendingPathComponent("groundwork"),
                          testBinary.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("groundwork"),
                          CLITestSupport.repository.appendingPathComponent(".build/debug/groundwork")].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The binary, or the test ends: skipped locally, failed under CI.
    static func requireBinary() throws -> URL {
        if let binary = builtBinary() { return binary }
        if ProcessInfo.processInfo.environment["CI"].map({ !$0.isEmpty }) ?? false {
            XCTFail("no groundwork binary (swift build --product groundwork, or set GROUNDWORK)")
        }
        throw XCTSkip("no groundwork binary (swift build --product groundwork, or set GROUNDWORK)")
    }

    /// Runs `script` with `/bin/sh` in `folder`; returns its status and everything it printed.
    static func shell(_ script: String, in folder: URL, environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = folder
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
