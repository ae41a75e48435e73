import Foundation
import GroundworkCore
@testable import GroundworkServe
import XCTest

/// End-to-end tests of `groundwork serve`: a real server on 127.0.0.1 (an ephemeral port),
/// real HTTP over sockets, real file edits in a temporary copy of a fixture content folder.
/// Test methods are synchronous (they run on the main thread, outside the concurrency pool
/// the server runs on); every wait has a timeout.
final class PreviewServerTests: XCTestCase {
    var root: URL!
    var content: URL!
    var templates: URL!
    var server: PreviewServer?
    var port: UInt16 = 0
    let secret = "TOP-SECRET-OUTSIDE-THE-BUILD"

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    override func setUpWithError() throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("groundwork-serve-\(UUID().uuidString)")
        content = root.appendingPathComponent("content")
        templates = root.appendingPathComponent("templates")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        let fixtures = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        try fm.copyItem(at: fixtures.appendingPathComponent("site"), to: content)
        try fm.copyItem(at: Self.repository.appendingPathComponent("templates"), to: templates)
        // Files beside and above the content that traversal attempts go after.
        try Data("\(secret) beside\n".utf8).write(to: root.appendingPathComponent("secret.txt"))
        try Data("\(secret) in templates\n".utf8).write(to: templates.appendingPathComponent("secret.txt"))
    }

    override func tearDownWithError() throws {
        weak let stopped = server
        if let server { try blocking { await server.stop() } }
        server = nil
        // A stopped preview is freed, and with it everything it built (XCTest keeps this test
        // object until the process exits, so anything still held shows up as a leak there).
        XCTAssertTrue(Self.eventually { stopped == nil }, "the stopped preview server is still alive")
        try? FileManager.default.removeItem(at: root)
        root = nil
        content = nil
        templates = nil
    }

    /// Whether `condition` holds within `timeout` (the rebuild thread lets go of a stopped
    /// server within a poll interval).
    static func eventually(timeout: TimeInterval = 5, _ condition: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }

    @discardableResult
    func startServer(polling: Bool = false, prepareDelay: TimeInterval? = nil) throws -> PreviewServer {
        let options = Options(content: content, contentDisplay: "content", templates: templates,
                              output: root.appendingPathComponent("_site"), today: Day("2026-11-29")!)
        var configuration = PreviewServer.Configuration(options: options, host: "127.0.0.1", port: 0, polling: polling,
                                                        pollInterval: .milliseconds(50))
        if let prepareDelay { configuration.prepareDelay = prepareDelay }
        let server = PreviewServer(configuration: configuration)
        self.server = server
        port = try blocking { try await server.start() }
        XCTAssertNotEqual(port, 0)
        XCTAssertEqual(server.generation, 1, "the fixture builds cleanly")
        return server
    }

    func get(_ target: String, method: String = "GET") throws -> RawHTTP.Response {
        try RawHTTP.get(port: port, target, method: method)
    }

    func edit(_ path: String, _ transform: (String) -> String) throws {
        let url = content.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(transform(text).utf8).write(to: url)
    }

    func status() throws -> [String: Any] {
        let response = try get("/__groundwork/status")
        XCTAssertEqual(response.headers["content-type"], "application/json")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    // MARK: Serving

    func testServesPagesFoldersRedirectsAnd404() throws {
        try startServer()

        let home = try get("/")
        XCTAssertEqual(home.status, 200)
        XCTAssertEqual(home.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertEqual(home.headers["cache-control"], "no-store")
        XCTAssertTrue(home.text.contains("Preview fixture"))
        XCTAssertTrue(home.text.contains("<script src=\"/__groundwork/live.js\" data-generation=\"1\" defer></script></body>"),
                      "the live script goes just before </body>")

        let page = try get("/guide/editing/")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("The original sentence of the editing page."))
        XCTAssertEqual(try get("/guide/editing/index.html").body, page.body)
        XCTAssertEqual(try get("/guide/editing/?from=test").status, 200, "a query string is not part of the path")

        let redirect = try get("/guide/editing?x=1")
        XCTAssertEqual(redirect.status, 301)
        XCTAssertEqual(redirect.headers["location"], "/guide/editing/?x=1")
        XCTAssertEqual(try get("/guide").headers["location"], "/guide/")

        let css = try get("/assets/style.css")
        XCTAssertEqual(css.status, 200)
        XCTAssertEqual(css.headers["content-type"], "text/css; charset=utf-8")
        XCTAssertEqual(css.body, try Data(contentsOf: templates.appendingPathComponent("assets/style.css")))
        let svg = try get("/assets/diagram.svg")
        XCTAssertEqual(svg.status, 200)
        XCTAssertEqual(svg.headers["content-type"], "image/svg+xml")

        let missing = try get("/no/such/page/")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertTrue(missing.text.contains("Page not found"), "the site's own 404 page")
        XCTAssertTrue(missing.text.contains("/__groundwork/live.js"))

        // Sources are not part of the build.
        XCTAssertEqual(try get("/guide/editing.md").status, 404)
        XCTAssertEqual(try get("/site.yaml").status, 404)

        let head = try get("/guide/editing/", method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers["content-length"], String(page.body.count))
        XCTAssertTrue(head.body.isEmpty)
        XCTAssertEqual(try get("/", method: "POST").status, 405)

        let script = try get("/__groundwork/live.js")
        XCTAssertEqual(script.headers["content-type"], "text/javascript; charset=utf-8")
        XCTAssertTrue(script.text.contains("EventSource(\"/__groundwork/events\")"))
    }

    // MARK: Live reload

    func testEditProducesReloadEventAndNewContentWithinTwoSeconds() throws {
        try startServer()
        try assertEditReloads()
    }

    func testPollingWatcherAlsoReloads() throws {
        try startServer(polling: true)
        try assertEditReloads()
    }

    func assertEditReloads(file: StaticString = #filePath, line: UInt = #line) throws {
        let events = try RawHTTP.EventStream(port: port)
        let state = try XCTUnwrap(try events.wait(for: "state", timeout: 2), "a new subscriber gets the state", file: file, line: line)
        XCTAssertTrue(state.contains("\"generation\":1"), file: file, line: line)
        XCTAssertTrue(state.contains("\"ok\":true"), file: file, line: line)

        let started = Date()
        try edit("guide/editing.md") { $0.replacingOccurrences(of: "The original sentence", with: "A freshly edited sentence") }
        let reload = try XCTUnwrap(try events.wait(for: "reload", timeout: 2), "a reload event within 2 s", file: file, line: line)
        XCTAssertTrue(reload.contains("\"generation\":2"), reload, file: file, line: line)
        let page = try get("/guide/editing/")
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(page.status, 200, file: file, line: line)
        XCTAssertTrue(page.text.contains("A freshly edited sentence of the editing page."), file: file, line: line)
        XCTAssertTrue(page.text.contains("data-generation=\"2\""), file: file, line: line)
        XCTAssertLessThan(elapsed, 2, "edit to new content", file: file, line: line)
        // Other pages follow too (the home page links to the edited one).
        XCTAssertTrue(try get("/").text.contains("data-generation=\"2\""), file: file, line: line)
    }

    func testBrokenEditShowsOverlayKeepsLastGoodPageAndFixClearsIt() throws {
        let server = try startServer()
        let events = try RawHTTP.EventStream(port: port)
        XCTAssertNotNil(try events.wait(for: "state", timeout: 2))
        let before = try get("/guide/editing/")

        try edit("guide/editing.md") {
            $0.replacingOccurrences(of: "The original sentence of the editing page.",
                                    with: "A broken sentence with [a bad link](no-such-page.md).")
        }
        let errors = try XCTUnwrap(try events.wait(for: "errors", timeout: 2), "an errors event for the overlay")
        let payload = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(errors.utf8)) as? [String: Any])
        XCTAssertEqual(payload["ok"] as? Bool, false)
        XCTAssertEqual(payload["generation"] as? Int, 1, "still the last good build")
        let list = try XCTUnwrap(payload["errors"] as? [[String: Any]])
        let broken = try XCTUnwrap(list.first { $0["code"] as? String == "link.page-missing" }, "\(list)")
        XCTAssertEqual(broken["file"] as? String, "content/guide/editing.md")
        XCTAssertEqual(broken["line"] as? Int, 8)
        XCTAssertEqual(broken["severity"] as? String, "error")

        // The page is the last good build, and says so to its script.
        let during = try get("/guide/editing/")
        XCTAssertEqual(during.status, 200)
        XCTAssertEqual(during.body, before.body)
        XCTAssertTrue(during.text.contains("The original sentence of the editing page."))
        XCTAssertFalse(during.text.contains("A broken sentence"))
        XCTAssertEqual(try status()["ok"] as? Bool, false)
        XCTAssertEqual(server.generation, 1)

        // A page opened now gets the errors at once (the overlay), without a reload.
        let late = try RawHTTP.EventStream(port: port)
        let lateState = try XCTUnwrap(try late.wait(for: "state", timeout: 2))
        XCTAssertTrue(lateState.contains("link.page-missing"))
        XCTAssertTrue(lateState.contains("\"ok\":false"))

        try edit("guide/editing.md") {
            $0.replacingOccurrences(of: "A broken sentence with [a bad link](no-such-page.md).",
                                    with: "A fixed sentence with [a good link](reloading.md).")
        }
        let reload = try XCTUnwrap(try events.wait(for: "reload", timeout: 2), "fixing the file reloads")
        XCTAssertTrue(reload.contains("\"ok\":true"))
        XCTAssertTrue(reload.contains("\"errors\":[]"))
        XCTAssertEqual(try status()["ok"] as? Bool, true)
        XCTAssertTrue(try get("/guide/editing/").text.contains("A fixed sentence with"))
    }

    func testTemplateErrorShowsOverlayAndFixReloads() throws {
        try startServer()
        let events = try RawHTTP.EventStream(port: port)
        XCTAssertNotNil(try events.wait(for: "state", timeout: 2))
        let page = templates.appendingPathComponent("page.mustache")
        let original = try Data(contentsOf: page)
        try Data("{{<base}}{{$content}}{{#broken}}{{/content}}{{/base}}".utf8).write(to: page)
        let errors = try XCTUnwrap(try events.wait(for: "errors", timeout: 2))
        XCTAssertTrue(errors.contains("page.mustache"), errors)
        XCTAssertEqual(try get("/guide/editing/").status, 200, "the last good build is still served")
        try original.write(to: page)
        XCTAssertNotNil(try events.wait(for: "reload", timeout: 2))
    }

    func testNewAndDeletedPagesAreServedAndRemoved() throws {
        try startServer()
        let events = try RawHTTP.EventStream(port: port)
        XCTAssertNotNil(try events.wait(for: "state", timeout: 2))
        try Data("---\ntitle: Added\n---\n\nA brand new page, linked from [editing](editing.md).\n".utf8)
            .write(to: content.appendingPathComponent("guide/added.md"))
        XCTAssertNotNil(try events.wait(for: "reload", timeout: 2))
        XCTAssertTrue(try get("/guide/added/").text.contains("A brand new page"))
        try FileManager.default.removeItem(at: content.appendingPathComponent("guide/added.md"))
        XCTAssertNotNil(try events.wait(for: "reload", timeout: 2))
        XCTAssertEqual(try get("/guide/added/").status, 404)
    }

    func testClosedEventStreamsAreForgotten() throws {
        let server = try startServer()
        do {
            let events = try RawHTTP.EventStream(port: port)
            XCTAssertNotNil(try events.wait(for: "state", timeout: 2))
            XCTAssertEqual(server.subscriberCount, 1)
        }  // the page is closed
        // The server notices when it next writes to it.
        let deadline = Date(timeIntervalSinceNow: 5)
        var edits = 0
        while server.subscriberCount > 0 && Date() < deadline {
            edits += 1
            try edit("guide/editing.md") { $0 + "\nEdit \(edits).\n" }
            XCTAssertTrue(server.waitForRebuilds(1 + edits, timeout: 2))
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTAssertEqual(server.subscriberCount, 0)
    }

    // MARK: Safety

    func testTraversalAttemptsNeverServeFilesOutsideTheBuild() throws {
        try startServer()
        let attempts = [
            "/../secret.txt", "/../../secret.txt", "/assets/../../secret.txt", "/guide/../../secret.txt",
            "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
            "/..%2fsecret.txt", "/..%2Fsecret.txt", "/assets%2f..%2f..%2fsecret.txt", "/guide/..%2f..%2fsecret.txt",
            "/..\\secret.txt", "/%5c..%5csecret.txt", "/..%5csecret.txt", "/assets\\..\\..\\secret.txt",
            "/secret.txt%00.html", "/%00", "/assets/style.css%00", "/%252e%252e/secret.txt", "/..%252fsecret.txt",
            "/....//secret.txt", "/..;/secret.txt", "/./secret.txt", "/secret.txt", "//secret.txt",
            "/../../../../../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
            "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/%c0%ae%c0%ae/secret.txt", "/%", "/%zz",
            "\(root.path)/secret.txt", "/\(root.path)/secret.txt", "secret.txt", "http://127.0.0.1/../secret.txt",
            "/templates/secret.txt", "/assets/secret.txt", "/../templates/secret.txt", "/__groundwork/../secret.txt",
            "/__groundwork/../../secret.txt", "/__groundwork/x", "/content/site.yaml", "/../content/site.yaml",
        ]
        for target in attempts {
            let response = try get(target)
            XCTAssertTrue([400, 404].contains(response.status), "\(target) → \(response.status)")
            XCTAssertFalse(response.text.contains(secret), "\(target) served a file outside the build")
            XCTAssertFalse(response.text.contains("root:x:0:0"), "\(target) served /etc/passwd")
            XCTAssertFalse(response.text.contains("title: Preview fixture"), "\(target) served site.yaml")
        }
        XCTAssertEqual(try get("/../secret.txt").status, 400)
        XCTAssertEqual(try get("/%2e%2e/secret.txt").status, 400)
        XCTAssertEqual(try get("/..%2fsecret.txt").status, 400)
        XCTAssertEqual(try get("/..\\secret.txt").status, 400)
        XCTAssertEqual(try get("/a%00b").status, 400)
        // Still serving afterwards.
        XCTAssertEqual(try get("/").status, 200)
    }

    func testBindsLoopbackByDefault() throws {
        let options = Options(content: content, templates: templates, output: root.appendingPathComponent("_site"),
                              today: Day("2026-11-29")!)
        XCTAssertEqual(PreviewServer.Configuration(options: options).host, "127.0.0.1")
        try startServer()
        // Not reachable on another local address of this machine (only loopback is bound).
        XCTAssertThrowsError(try RawHTTP.Connection(port: port, timeout: 1, host: "127.0.0.2"))
    }

    func testBurstOf500ConcurrentRequestsAllSucceed() throws {
        try startServer()
        let targets = ["/", "/guide/", "/guide/editing/", "/guide/reloading/", "/assets/style.css", "/assets/diagram.svg"]
        let expected = try Dictionary(uniqueKeysWithValues: targets.map { ($0, try get($0).body) })
        // Open all 500 connections first, then send every request, then read: all 500 are
        // in flight at the server at once.
        var connections: [(RawHTTP.Connection, String)] = []
        for index in 0..<500 {
            let target = targets[index % targets.count]
            connections.append((try RawHTTP.Connection(port: port, timeout: 20), target))
        }
        for (connection, target) in connections { try connection.send(RawHTTP.request(target)) }
        var ok = 0
        for (connection, target) in connections {
            let response = try RawHTTP.parse(connection.receiveAll())
            XCTAssertEqual(response.status, 200, target)
            XCTAssertEqual(response.body, expected[target], target)
            if response.status == 200 && response.body == expected[target] { ok += 1 }
        }
        XCTAssertEqual(ok, 500)
    }

    // MARK: CLI-facing behaviour

    func testPortInUseIsAnEnvironmentError() throws {
        try startServer()
        let options = Options(content: content, contentDisplay: "content", templates: templates,
                              output: root.appendingPathComponent("_site"), today: Day("2026-11-29")!)
        let second = PreviewServer(configuration: .init(options: options, host: "127.0.0.1", port: port))
        XCTAssertThrowsError(try blocking { try await second.start() }) { error in
            XCTAssertTrue("\(error)".contains("address already in use"), "\(error)")
        }
        try blocking { await second.stop() }
    }

    func testFirstBuildWithErrorsServesAnErrorPageUntilFixed() throws {
        try edit("guide/reloading.md") { $0 + "\nA [broken link](nowhere.md).\n" }
        let options = Options(content: content, contentDisplay: "content", templates: templates,
                              output: root.appendingPathComponent("_site"), today: Day("2026-11-29")!)
        let server = PreviewServer(configuration: .init(options: options, host: "127.0.0.1", port: 0))
        self.server = server
        port = try blocking { try await server.start() }
        XCTAssertEqual(server.generation, 0)
        let page = try get("/guide/")
        XCTAssertEqual(page.status, 503)
        XCTAssertTrue(page.text.contains("data-generation=\"0\""))
        let events = try RawHTTP.EventStream(port: port)
        XCTAssertTrue(try XCTUnwrap(try events.wait(for: "state", timeout: 2)).contains("nowhere.md"))
        try edit("guide/reloading.md") { $0.replacingOccurrences(of: "A [broken link](nowhere.md).", with: "Fixed.") }
        XCTAssertNotNil(try events.wait(for: "reload", timeout: 2))
        XCTAssertEqual(try get("/guide/").status, 200)
    }
}

extension PreviewServerTests {
    // MARK: Memory

    /// Issue 10: a site a rebuild replaced, and the last site of a stopped preview, are freed
    /// at once (the replaced one a moment later, on the reaper's thread). The background render of a site's pages held it until its timer fired, so the
    /// sites still waiting were reported by LeakSanitizer at exit; the timer is made an hour
    /// long here, so that a site it held would still be alive when checked.
    func testReplacedAndStoppedSitesAreFreedAtOnce() throws {
        weak var first: LiveSite?
        weak var second: LiveSite?
        weak var stopped: PreviewServer?
        do {
            let server = try startServer(prepareDelay: 3600)
            first = server.currentSite()
            XCTAssertNotNil(first)
            try edit("guide/editing.md") { $0 + "\nOne more sentence.\n" }
            XCTAssertTrue(server.waitForRebuilds(2, timeout: 10))
            XCTAssertEqual(server.generation, 2)
            // Freed a moment after the rebuild, off the rebuild thread (`Reaper`), not when the timer fires.
            XCTAssertTrue(Self.eventually { first == nil }, "the site the rebuild replaced is still alive")
            second = server.currentSite()
            XCTAssertNotNil(second)
            stopped = server
            try blocking { await server.stop() }
        }
        self.server = nil
        XCTAssertTrue(Self.eventually { stopped == nil }, "the stopped preview server is still alive")
        XCTAssertNil(second, "the stopped preview's site is still alive")
    }
}

/// Runs async work from a synchronous test (on the main thread, outside the pool).
func blocking<T: Sendable>(timeout: TimeInterval = 60, _ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    guard done.wait(timeout: .now() + timeout) == .success else { throw RawHTTP.Failure("timed out after \(timeout) s") }
    return try box.result!.get()
}

final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
