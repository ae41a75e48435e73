import Foundation
import GroundworkCore
import GroundworkServe
import XCTest
@testable import GroundworkCLI

/// What `groundwork serve` prints in the terminal (issue 18, item 7): it never claims a "last
/// good build" before one exists, and stage timings appear only under GROUNDWORK_PROFILE.
final class ServePrinterTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("serve-printer")
        try CLITestSupport.write("---\ntitle: Home\n---\nA [bad link](nope.md).\n", to: "content/_index.md", below: root)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil
    }

    /// Starts a preview of `content/` that prints through `printer`; stops it afterwards.
    func withPreview(_ printer: ServePrinter, _ body: (PreviewServer) throws -> Void) throws {
        let builtin = try BuiltinTheme.materialize()
        defer { try? FileManager.default.removeItem(at: builtin) }
        let options = Options(content: root.appendingPathComponent("content"), contentDisplay: "content", templates: builtin,
                              output: root.appendingPathComponent("_site"), today: Day("2026-11-29")!)
        let server = PreviewServer(configuration: PreviewServer.Configuration(options: options, port: 0, polling: true,
                                                                              pollInterval: .milliseconds(50)),
                                   onEvent: { printer.print($0) })
        try wait { _ = try await server.start() }
        defer { try? wait { await server.stop() } }
        try body(server)
    }

    func wait(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = FailureHolder()
        Task {
            do { try await work() } catch { failure.error = error }
            done.signal()
        }
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        if let error = failure.error { throw error }
    }

    func write(_ text: String) throws {
        try CLITestSupport.write(text, to: "content/_index.md", below: root)
    }

    func testNoLastGoodBuildIsClaimedBeforeOneExists() throws {
        let console = Console(capture: true)
        let printer = ServePrinter(console: console, content: "content", templates: "the built-in theme")
        try withPreview(printer) { server in
            XCTAssertTrue(server.waitForRebuilds(1, timeout: 10))
            // Still broken, differently: nothing was ever good.
            try write("---\ntitle: Home\n---\nA [bad link](still-nope.md).\n")
            XCTAssertTrue(server.waitForRebuilds(2, timeout: 10))
            XCTAssertFalse(console.standardError.contains("last good build"), console.standardError)
            XCTAssertEqual(console.standardError.components(separatedBy: "nothing to serve until they are fixed").count - 1, 2,
                           console.standardError)
            // Fixed, then broken again: now there is a good build to keep serving.
            try write("---\ntitle: Home\n---\nFine.\n")
            XCTAssertTrue(server.waitForRebuilds(3, timeout: 10))
            try write("---\ntitle: Home\n---\nA [bad link](nope.md).\n")
            XCTAssertTrue(server.waitForRebuilds(4, timeout: 10))
        }
        XCTAssertTrue(console.standardError.contains("1 error — still serving the last good build"), console.standardError)
        XCTAssertTrue(console.standardError.contains("built 1 page in "), console.standardError)
        XCTAssertTrue(console.standardError.contains("ms: 0 warnings\n"), console.standardError)
        XCTAssertFalse(console.standardError.contains(" ms ["), "no stage timings without GROUNDWORK_PROFILE: \(console.standardError)")
    }

    func testStageTimingsUnderGroundworkProfile() throws {
        let console = Console(capture: true)
        let printer = ServePrinter(console: console, content: "content", templates: "templates", profile: true)
        try write("---\ntitle: Home\n---\nFine.\n")
        try withPreview(printer) { server in
            XCTAssertTrue(server.waitForRebuilds(1, timeout: 10))
        }
        XCTAssertTrue(console.standardError.contains(" ms ["), console.standardError)
    }
}

private final class FailureHolder: @unchecked Sendable {
    var error: (any Error)?
}
