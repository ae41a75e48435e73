import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import GroundworkCLI
import GroundworkCore

/// `--external` through the command line, against an HTTP server on 127.0.0.1 that the test
/// starts (`Tests/GroundworkCoreTests/Fixtures/links/external-server/server.py`).
final class LinksCLITests: XCTestCase {
    static let repository = CLITestSupport.repository
    static let script = repository.appendingPathComponent("Tests/GroundworkCoreTests/Fixtures/links/external-server/server.py")

    var root: URL!
    var server: Process?
    var serverInput: Pipe!
    var port = 0

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("cli-links")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path]
        let output = Pipe()
        serverInput = Pipe()
        process.standardInput = serverInput
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw XCTSkip("python3 is needed for the HTTP test server") }
        server = process
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        port = try XCTUnwrap(Int(line.trimmingCharacters(in: .whitespacesAndNewlines)), "server did not start: \(line)")
    }

    override func tearDownWithError() throws {
        try? serverInput?.fileHandleForWriting.close()
        if let server, server.isRunning { server.terminate() }
        server?.waitUntilExit()
        try? FileManager.default.removeItem(at: root)
        // XCTest never frees a test object: let go of what it holds (see Tests/lsan-suppressions.txt).
        server = nil
        serverInput = nil
        root = nil
    }

    func write(_ path: String, _ text: String) throws {
        try CLITestSupport.write(text, to: path, below: root)
    }

    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        CLITestSupport.run(arguments + ["--templates", CLITestSupport.templates.path, "--today", "2026-11-29"], in: root)
    }

    func requestCount() -> Int {
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var total = 0
        URLSession.shared.dataTask(with: URL(string: "http://127.0.0.1:\(port)/stats")!) { data, _, _ in
            if let data, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let counts = json["counts"] as? [String: Int] {
                total = counts.filter { !$0.key.hasSuffix("/stats") }.values.reduce(0, +)
            }
            semaphore.signal()
        }.resume()
        _ = semaphore.wait(timeout: .now() + 10)
        return total
    }

    func testExternalFlagChecksLinksAndCachesBesideTheContent() throws {
        try write("content/_index.md", """
            ---
            title: Home
            ---
            Fine: [ok](http://127.0.0.1:\(port)/ok).
            Gone: [missing](http://127.0.0.1:\(port)/missing).

            """)
        // Off by default: nothing goes over the network.
        let offline = run(["check"])
        XCTAssertEqual(offline.status, 0, offline.err)
        XCTAssertEqual(requestCount(), 0)

        let online = run(["check", "--external"])
        XCTAssertEqual(online.status, 1, online.err)
        XCTAssertTrue(online.out.contains(
            "content/_index.md:5:7: error: external link 'http://127.0.0.1:\(port)/missing' is broken: HTTP 404 Not Found [link.external-broken]"),
            online.out)
        XCTAssertTrue(online.out.hasSuffix("1 error, 0 warnings in 1 page\n"), online.out)
        let cache = root.appendingPathComponent(".groundwork-cache/external.json")
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.path), "the cache is a dot-folder beside the content folder")
        let requests = requestCount()
        XCTAssertGreaterThan(requests, 0)

        // Again, as JSON: the same finding, from the cache, without a request.
        let cached = run(["check", "--external", "--format", "json"])
        XCTAssertEqual(cached.status, 1)
        XCTAssertTrue(cached.out.contains("\"code\": \"link.external-broken\""), cached.out)
        XCTAssertEqual(requestCount(), requests)
    }
}
