import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// The test HTTP server (`Fixtures/links/external-server/server.py`), on 127.0.0.1 and a free
/// port. It exits when its stdin closes, so a crashed test run does not leave it behind.
final class LinkTestServer {
    static let script = LinkFixture.folder.appendingPathComponent("external-server").appendingPathComponent("server.py")
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    let port: Int

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw XCTSkip("python3 is needed for the HTTP test server: \(error)")
        }
        // The first line is the port.
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        while !text.contains("\n"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            process.waitUntilExit()  // (without it, Foundation's Process is never freed on Linux)
            throw XCTSkip("the HTTP test server did not start (\(text))")
        }
        self.port = port
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Requests per "METHOD /path", and the most `/busy/` requests in flight at once.
    func stats() throws -> (counts: [String: Int], maxBusy: Int) {
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body: Data?
        let task = URLSession.shared.dataTask(with: URL(string: url("/stats"))!) { data, _, _ in
            body = data
            semaphore.signal()
        }
        task.resume()
        _ = semaphore.wait(timeout: .now() + 10)
        let json = try XCTUnwrap(body.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] })
        let counts = json["counts"] as? [String: Int] ?? [:]
        let busy = (json["max_in_flight"] as? [String: Int])?["busy"] ?? 0
        return (counts, busy)
    }

    /// Requests for one path, any method.
    func requests(_ path: String, in counts: [String: Int]) -> Int {
        counts.filter { $0.key.split(separator: " ", maxSplits: 1).last.map(String.init) == path }.map(\.value).reduce(0, +)
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
