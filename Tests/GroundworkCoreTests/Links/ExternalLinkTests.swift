import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import GroundworkCore

/// `--external`, against an HTTP server the test starts on 127.0.0.1 (never any other address).
final class ExternalLinkTests: XCTestCase {
    var server: LinkTestServer!
    var scratch: URL!

    override func setUpWithError() throws {
        server = try LinkTestServer()
        scratch = try LinkFixture.temporaryFolder(name)
    }

    override func tearDown() {
        server?.stop()
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
        // XCTest never frees a test object: let go of what it holds (see Tests/lsan-suppressions.txt).
        server = nil
        scratch = nil
    }

    /// Fast settings for tests: short timeouts and back-offs, no cache unless asked.
    func settings(cache: URL? = nil) -> ExternalLinkChecker.Settings {
        var settings = ExternalLinkChecker.Settings(cacheFile: cache)
        settings.timeout = 2
        settings.initialBackoff = 0.1
        settings.maxRetryAfter = 2
        return settings
    }

    func testStatusesBecomeVerdicts() throws {
        let urls = ["/ok", "/ok/page#section", "/missing", "/gone", "/head-refused", "/redirect", "/error"].map(server.url)
        let verdicts = ExternalLinkChecker.check(urls: urls, settings: settings())
        XCTAssertEqual(verdicts[server.url("/ok")], .ok)
        XCTAssertEqual(verdicts[server.url("/ok/page#section")], .ok)
        XCTAssertEqual(verdicts[server.url("/missing")], .broken("HTTP 404 Not Found"))
        XCTAssertEqual(verdicts[server.url("/gone")], .broken("HTTP 410 Gone"))
        XCTAssertEqual(verdicts[server.url("/head-refused")], .ok, "a server that refuses HEAD gets a GET")
        XCTAssertEqual(verdicts[server.url("/redirect")], .ok)
        XCTAssertEqual(verdicts[server.url("/error")], .unreachable("HTTP 500 Internal Server Error"))
        let counts = try server.stats().counts
        XCTAssertEqual(counts["HEAD /head-refused"], 1)
        XCTAssertEqual(counts["GET /head-refused"], 1)
        XCTAssertEqual(counts["HEAD /ok/page"], 1, "fragments are dropped: \(counts)")
        XCTAssertEqual(counts["HEAD /ok"], 2, "/ok and the redirect's target: \(counts)")
        XCTAssertNil(counts["GET /ok"], "a HEAD that works is enough")
    }

    func testTimeoutIsUnreachableAndBounded() throws {
        var settings = settings()
        settings.timeout = 0.5
        let start = Date()
        let verdicts = ExternalLinkChecker.check(urls: [server.url("/slow")], settings: settings)
        XCTAssertEqual(verdicts[server.url("/slow")], .unreachable("timed out after 0.5 s"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 4)
    }

    func testTooManyRequestsIsRetriedAfterRetryAfter() throws {
        let url = server.url("/limited/a?n=1&after=1")
        let start = Date()
        let verdicts = ExternalLinkChecker.check(urls: [url], settings: settings())
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(verdicts[url], .ok)
        XCTAssertGreaterThanOrEqual(elapsed, 0.95, "Retry-After: 1 is honoured")
        XCTAssertLessThan(elapsed, 5)
        XCTAssertEqual(server.requests("/limited/a", in: try server.stats().counts), 2)
    }

    func testRetryAfterIsCappedAndRetriesAreBounded() throws {
        var settings = settings()
        settings.maxRetryAfter = 0.2
        settings.maxRetries = 2
        let url = server.url("/always-429?after=3600")
        let start = Date()
        let verdicts = ExternalLinkChecker.check(urls: [url], settings: settings)
        XCTAssertEqual(verdicts[url], .unreachable("HTTP 429 Too Many Requests (after 2 retries)"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 3, "a Retry-After of an hour is cut to the cap")
        XCTAssertEqual(server.requests("/always-429", in: try server.stats().counts), 3)
    }

    func testRequestsRunConcurrentlyWithinThePerHostLimit() throws {
        var settings = settings()
        settings.perHostLimit = 2
        let urls = (1...8).map { server.url("/busy/\($0)?d=0.3") }
        let start = Date()
        let verdicts = ExternalLinkChecker.check(urls: urls, settings: settings)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(verdicts.values.filter { $0 == .ok }.count, 8)
        XCTAssertEqual(try server.stats().maxBusy, 2, "two at a time, never more")
        XCTAssertLessThan(elapsed, 2.3, "8 requests of 0.3 s, two at a time, take about 1.2 s")
    }

    func testCacheSkipsFreshResultsUntilTheyExpire() throws {
        let cache = scratch.appendingPathComponent(".groundwork-cache/external.json")
        var settings = settings(cache: cache)
        let start = Date(timeIntervalSince1970: 2_000_000_000)
        settings.now = { start }
        let urls = [server.url("/ok"), server.url("/missing"), server.url("/error")]
        let first = ExternalLinkChecker.check(urls: urls, settings: settings)
        XCTAssertEqual(first[server.url("/missing")], .broken("HTTP 404 Not Found"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.path))
        let afterFirst = try server.stats().counts

        // An hour later: working and broken links come from the cache; the server error is retried.
        settings.now = { start.addingTimeInterval(3600) }
        let second = ExternalLinkChecker.check(urls: urls, settings: settings)
        XCTAssertEqual(second, first)
        let afterSecond = try server.stats().counts
        XCTAssertEqual(server.requests("/ok", in: afterSecond), server.requests("/ok", in: afterFirst))
        XCTAssertEqual(server.requests("/missing", in: afterSecond), server.requests("/missing", in: afterFirst))
        XCTAssertGreaterThan(server.requests("/error", in: afterSecond), server.requests("/error", in: afterFirst))

        // Two days later the broken link is re-checked; a week and a day later, the working one too.
        settings.now = { start.addingTimeInterval(2 * 86400) }
        _ = ExternalLinkChecker.check(urls: urls, settings: settings)
        let afterThird = try server.stats().counts
        XCTAssertEqual(server.requests("/ok", in: afterThird), server.requests("/ok", in: afterFirst))
        XCTAssertGreaterThan(server.requests("/missing", in: afterThird), server.requests("/missing", in: afterSecond))
        settings.now = { start.addingTimeInterval(8 * 86400) }
        _ = ExternalLinkChecker.check(urls: urls, settings: settings)
        XCTAssertGreaterThan(server.requests("/ok", in: try server.stats().counts), server.requests("/ok", in: afterThird))
    }

    /// The `external` fixture: every external link code at its exact position, links in pages
    /// and a source's URL.
    func testExternalFixture() throws {
        let content = scratch.appendingPathComponent("content")
        try LinkFixture.copy(LinkFixture.content("external"), to: content)
        for path in FileManager.default.subpaths(atPath: content.path) ?? [] where path.hasSuffix(".md") || path.hasSuffix(".yaml") {
            let url = content.appendingPathComponent(path)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "PORT", with: String(server.port)).utf8).write(to: url)
        }
        var options = LinkFixture.options(content: content)
        var external = settings(cache: scratch.appendingPathComponent(".groundwork-cache/external.json"))
        external.timeout = 0.5
        options.external = external
        let report = try Groundwork.check(options)
        let text = LinkFixture.render(report.diagnostics).replacingOccurrences(of: String(server.port), with: "PORT")
        XCTAssertEqual(text, try LinkFixture.expected("external"))
        XCTAssertTrue(report.failed)

        // Without --external nothing goes over the network.
        let before = try server.stats().counts.values.reduce(0, +)
        options.external = nil
        XCTAssertEqual(try Groundwork.check(options).diagnostics.filter { $0.code.id.hasPrefix("link.external") }, [])
        XCTAssertEqual(try server.stats().counts.values.reduce(0, +), before + 1)  // the /stats call itself
    }
}

/// The scheduling and classification logic, without a network.
final class ExternalLinkLogicTests: XCTestCase {
    /// A transport that answers after a delay and records concurrency per host.
    final class FakeProbe: HTTPProbe, @unchecked Sendable {
        let lock = NSLock()
        var inFlight: [String: Int] = [:]
        var maxInFlight: [String: Int] = [:]
        var maxTotal = 0
        var total = 0
        func probe(_ url: URL, method: String, timeout: TimeInterval, completion: @escaping @Sendable (ProbeResult) -> Void) {
            let host = url.host ?? ""
            lock.lock()
            inFlight[host, default: 0] += 1
            total += 1
            maxInFlight[host] = max(maxInFlight[host] ?? 0, inFlight[host]!)
            maxTotal = max(maxTotal, total)
            lock.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.02) {
                self.lock.lock()
                self.inFlight[host]! -= 1
                self.total -= 1
                self.lock.unlock()
                completion(ProbeResult(status: url.path.hasSuffix("missing") ? 404 : 200))
            }
        }
    }

    func testSchedulerKeepsPerHostAndTotalLimits() {
        let probe = FakeProbe()
        var settings = ExternalLinkChecker.Settings()
        settings.perHostLimit = 3
        settings.totalLimit = 5
        let urls = ["a.example", "b.example", "c.example"].flatMap { host in (1...10).map { "https://\(host)/p\($0)" } }
            + ["https://a.example/missing"]
        let verdicts = ExternalLinkChecker.check(urls: urls, settings: settings, probe: probe)
        XCTAssertEqual(verdicts.count, 31)
        XCTAssertEqual(verdicts["https://a.example/missing"], .broken("HTTP 404 Not Found"))
        XCTAssertEqual(probe.maxInFlight.values.max(), 3)
        XCTAssertEqual(probe.maxTotal, 5)
    }

    func testHostNotFoundIsBrokenAndTimeoutUnreachable() {
        XCTAssertEqual(URLSessionProbe.failure(URLError(.cannotFindHost)), .hostNotFound)
        XCTAssertEqual(URLSessionProbe.failure(URLError(.dnsLookupFailed)), .hostNotFound)
        XCTAssertEqual(URLSessionProbe.failure(URLError(.timedOut)), .timedOut)
        XCTAssertEqual(ExternalLinkChecker.verdict(for: ProbeResult(status: nil, failure: .hostNotFound)), .broken("host not found"))
        XCTAssertEqual(ExternalLinkChecker.verdict(for: ProbeResult(status: nil, failure: .timedOut)), .unreachable("timed out"))
        XCTAssertEqual(ExternalLinkChecker.verdict(for: ProbeResult(status: 429)), .unreachable("HTTP 429 Too Many Requests"))
        XCTAssertEqual(ExternalLinkChecker.verdict(for: ProbeResult(status: 301)), .ok)
    }

    func testBackoffHonoursRetryAfterWithinTheCap() {
        var settings = ExternalLinkChecker.Settings()
        settings.initialBackoff = 1
        settings.maxRetryAfter = 10
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertEqual(ExternalLinkChecker.backoff(retryAfter: "3", attempt: 1, settings: settings, now: now), 3)
        XCTAssertEqual(ExternalLinkChecker.backoff(retryAfter: "3600", attempt: 1, settings: settings, now: now), 10)
        XCTAssertEqual(ExternalLinkChecker.backoff(retryAfter: nil, attempt: 1, settings: settings, now: now), 1)
        XCTAssertEqual(ExternalLinkChecker.backoff(retryAfter: nil, attempt: 3, settings: settings, now: now), 4)
        XCTAssertEqual(ExternalLinkChecker.backoff(retryAfter: "soon", attempt: 2, settings: settings, now: now), 2)
        // An HTTP date five seconds ahead.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: now.addingTimeInterval(5))
        XCTAssertEqual(ExternalLinkChecker.backoff(retryAfter: date, attempt: 1, settings: settings, now: now), 5, accuracy: 0.01)
    }
}
