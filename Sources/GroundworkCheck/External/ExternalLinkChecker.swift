import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport

/// `--external`: checks http(s) links over the network. Requests run concurrently with a
/// limit per host and overall, each with a timeout; an HTTP 429 is retried after a back-off
/// that honours `Retry-After` up to a cap; results are cached with an expiry.
///
/// Stages, as in mdbook-linkcheck: collect (the link graph and sources) → look up the cache →
/// fetch what is missing → store → turn verdicts into positioned diagnostics.
public enum ExternalLinkChecker {
    public struct Settings: Sendable {
        /// Requests in flight to one host at a time.
        public var perHostLimit = 2
        /// Requests in flight overall.
        public var totalLimit = 16
        /// Seconds without progress before a request counts as timed out.
        public var timeout: TimeInterval = 10
        /// Retries after an HTTP 429 before the link counts as unreachable.
        public var maxRetries = 2
        /// The longest wait a `Retry-After` may ask for; longer ones are cut to this.
        public var maxRetryAfter: TimeInterval = 10
        /// The first back-off when there is no `Retry-After`; doubled per retry.
        public var initialBackoff: TimeInterval = 1
        /// The cache file; nil for none.
        public var cacheFile: URL?
        /// How long a working link is trusted, and how long a broken one stays broken.
        public var okLifetime: TimeInterval = 7 * 24 * 3600
        public var brokenLifetime: TimeInterval = 24 * 3600
        public var userAgent = "Groundwork-link-checker/1.0"
        /// The clock, for cache expiry.
        public var now: @Sendable () -> Date = { Date() }

        public init(cacheFile: URL? = nil) { self.cacheFile = cacheFile }

        /// The default cache: `.groundwork-cache/external.json` beside the content folder.
        public static func defaultCache(besides content: URL) -> URL {
            content.standardizedFileURL.deletingLastPathComponent()
                .appendingPathComponent(".groundwork-cache").appendingPathComponent("external.json")
        }
    }

    /// What became of a URL.
    public enum Verdict: Sendable, Equatable {
        case ok
        /// 404, 410 or a host that does not resolve: `link.external-broken`.
        case broken(String)
        /// 429 after retries, a timeout, a server error or a refused connection:
        /// `link.external-unreachable`.
        case unreachable(String)
    }

    /// Checks the site's external links (pages, and `URL` of sources) and returns diagnostics.
    /// - Parameter pages: only links in these pages (and sources when `includeSources`).
    public static func run(links: LinkGraph, sources: SourceLibrary, pages: Set<Int>? = nil, includeSources: Bool = true,
                           settings: Settings, probe: HTTPProbe? = nil) -> [Diagnostic] {
        var collected = links.externalLinks(pages: pages)
        if includeSources {
            var index: [String: Int] = [:]
            for (i, entry) in collected.enumerated() { index[entry.url] = i }
            for source in sources.sources {
                guard let url = source.url, let scheme = LinkResolver.scheme(of: url), scheme == "http" || scheme == "https",
                      LinkResolver.malformation(of: url, scheme: scheme) == nil else { continue }
                let location = source.fieldLocations["URL"] ?? source.location
                if let i = index[url] { collected[i].locations.append(location) } else {
                    index[url] = collected.count
                    collected.append((url, [location]))
                }
            }
        }
        guard !collected.isEmpty else { return [] }
        let verdicts = check(urls: collected.map(\.url), settings: settings, probe: probe)
        var bag = DiagnosticBag()
        for (url, locations) in collected {
            switch verdicts[url] ?? .ok {
            case .ok: break
            case .broken(let why):
                for location in locations {
                    bag.add("link.external-broken", at: location, "external link '\(url)' is broken: \(why)",
                            notes: ["find the page's new address, or another source"])
                }
            case .unreachable(let why):
                for location in locations {
                    bag.add("link.external-unreachable", at: location, "could not check external link '\(url)': \(why)",
                            notes: ["often temporary; check the link in a browser or re-run later"])
                }
            }
        }
        return bag.items
    }

    /// Verdicts for `urls` (fragments are not checked: they are dropped before requesting).
    public static func check(urls: [String], settings: Settings, probe: HTTPProbe? = nil) -> [String: Verdict] {
        var cache = settings.cacheFile.map { ExternalLinkCache.load($0) } ?? ExternalLinkCache()
        let now = settings.now()
        var verdicts: [String: Verdict] = [:]
        var toFetch: [String] = []
        for url in Set(urls).sorted() {
            if let cached = cache.fresh(url, now: now, settings: settings) { verdicts[url] = cached } else { toFetch.append(url) }
        }
        if !toFetch.isEmpty {
            var ownProbe: URLSessionProbe?
            let transport: HTTPProbe
            if let probe { transport = probe } else {
                let session = URLSessionProbe(userAgent: settings.userAgent, connectionsPerHost: settings.perHostLimit,
                                              resourceTimeout: settings.timeout * 3)
                ownProbe = session
                transport = session
            }
            let fetched = Scheduler(settings: settings, probe: transport).run(toFetch)
            ownProbe?.invalidate()
            let stamp = settings.now()
            for (url, verdict) in fetched {
                verdicts[url] = verdict
                cache.store(url, verdict, at: stamp)
            }
            if let file = settings.cacheFile { cache.save(to: file, now: stamp, settings: settings) }
        }
        return verdicts
    }

    /// The verdict for a final HTTP status or failure.
    package static func verdict(for result: ProbeResult) -> Verdict {
        if let failure = result.failure {
            switch failure {
            case .hostNotFound: return .broken("host not found")
            case .timedOut: return .unreachable("timed out")
            case .other(let why): return .unreachable(why)
            }
        }
        let status = result.status ?? 0
        switch status {
        case 200..<400: return .ok
        case 404, 410: return .broken(statusText(status))
        default: return .unreachable(statusText(status))
        }
    }

    package static func statusText(_ status: Int) -> String {
        let reasons = [400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                       406: "Not Acceptable", 408: "Request Timeout", 410: "Gone", 429: "Too Many Requests",
                       451: "Unavailable For Legal Reasons", 500: "Internal Server Error", 501: "Not Implemented",
                       502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"]
        return "HTTP \(status)" + (reasons[status].map { " " + $0 } ?? "")
    }

    /// Seconds to wait before retry `attempt` (1-based): `Retry-After` (seconds or an HTTP
    /// date) when given, else exponential; never more than the cap.
    package static func backoff(retryAfter: String?, attempt: Int, settings: Settings, now: Date = Date()) -> TimeInterval {
        var wait = settings.initialBackoff * pow(2, Double(attempt - 1))
        if let header = retryAfter?.trimmingCharacters(in: .whitespaces), !header.isEmpty {
            if let seconds = Double(header), seconds >= 0 {
                wait = seconds
            } else if let date = httpDate(header) {
                wait = max(0, date.timeIntervalSince(now))
            }
        }
        return min(wait, settings.maxRetryAfter)
    }

    package static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// HEAD first (no body); servers that refuse HEAD get a GET.
    package static let retryWithGET: Set<Int> = [400, 403, 404, 405, 406, 501]

    /// Runs requests with per-host and overall limits. Thread-safe; `run` blocks until every
    /// URL has a verdict. Each request is bounded by the timeout and each URL by the retry cap,
    /// so `run` is bounded too.
    package final class Scheduler: @unchecked Sendable {
        private let settings: Settings
        private let probe: HTTPProbe
        private let lock = NSLock()
        private var queues: [String: [String]] = [:]
        private var hostOrder: [String] = []
        private var active: [String: Int] = [:]
        private var totalActive = 0
        private var results: [String: Verdict] = [:]
        private let group = DispatchGroup()

        init(settings: Settings, probe: HTTPProbe) {
            self.settings = settings
            self.probe = probe
        }

        func run(_ urls: [String]) -> [String: Verdict] {
            lock.lock()
            for url in urls {
                let host = Self.hostKey(url)
                if queues[host] == nil { hostOrder.append(host) }
                queues[host, default: []].append(url)
                group.enter()
            }
            lock.unlock()
            pump()
            group.wait()
            lock.lock()
            defer { lock.unlock() }
            return results
        }

        static func hostKey(_ url: String) -> String {
            URLComponents(string: url)?.host?.lowercased() ?? url
        }

        /// Starts as many queued requests as the limits allow.
        private func pump() {
            var starts: [(String, String)] = []
            lock.lock()
            var progress = true
            while progress && totalActive < max(1, settings.totalLimit) {
                progress = false
                // Round-robin over hosts so one big host does not starve the rest.
                for host in hostOrder where totalActive < max(1, settings.totalLimit) {
                    guard var queue = queues[host], !queue.isEmpty, active[host, default: 0] < max(1, settings.perHostLimit) else { continue }
                    let url = queue.removeFirst()
                    queues[host] = queue
                    active[host, default: 0] += 1
                    totalActive += 1
                    starts.append((host, url))
                    progress = true
                }
            }
            lock.unlock()
            for (host, url) in starts { attempt(url, host: host, method: "HEAD", retry: 0) }
        }

        private func attempt(_ url: String, host: String, method: String, retry: Int) {
            var target = url
            if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
            guard let requestURL = URL(string: target) else {
                finish(url, host: host, verdict: .broken("not a valid URL"))
                return
            }
            probe.probe(requestURL, method: method, timeout: settings.timeout) { [self] result in
                if method == "HEAD", let status = result.status, ExternalLinkChecker.retryWithGET.contains(status) || status >= 500 {
                    attempt(url, host: host, method: "GET", retry: retry)
                    return
                }
                if result.status == 429, retry < settings.maxRetries {
                    // The host asked to slow down: keep its slot while waiting.
                    let wait = ExternalLinkChecker.backoff(retryAfter: result.retryAfter, attempt: retry + 1, settings: settings)
                    DispatchQueue.global().asyncAfter(deadline: .now() + wait) { [self] in
                        attempt(url, host: host, method: method, retry: retry + 1)
                    }
                    return
                }
                var verdict = ExternalLinkChecker.verdict(for: result)
                if result.status == 429, retry > 0, case .unreachable(let why) = verdict {
                    verdict = .unreachable(why + " (after \(retry) \(retry == 1 ? "retry" : "retries"))")
                }
                if case .unreachable(let why) = verdict, result.failure == .timedOut {
                    verdict = .unreachable(why + " after \(Self.seconds(settings.timeout))")
                }
                finish(url, host: host, verdict: verdict)
            }
        }

        static func seconds(_ t: TimeInterval) -> String {
            t == t.rounded() ? "\(Int(t)) s" : String(format: "%.1f s", t)
        }

        private func finish(_ url: String, host: String, verdict: Verdict) {
            lock.lock()
            results[url] = verdict
            active[host, default: 1] -= 1
            totalActive -= 1
            lock.unlock()
            pump()
            group.leave()
        }
    }
}

/// The `--external` cache: verdicts with the time they were found, in a JSON file.
/// Unreachable verdicts are never stored, so a temporary failure is re-checked next run.
package struct ExternalLinkCache: Sendable {
    package struct Entry: Codable, Sendable {
        /// `ok` or `broken`.
        var verdict: String
        var detail: String?
        /// Seconds since 1970.
        var checked: Double
    }

    private struct File: Codable {
        var version: Int
        var entries: [String: Entry]
    }

    package var entries: [String: Entry] = [:]

    package static func load(_ url: URL) -> ExternalLinkCache {
        guard let data = FileManager.default.contents(atPath: url.path),
              let file = try? JSONDecoder().decode(File.self, from: data), file.version == 1 else { return ExternalLinkCache() }
        return ExternalLinkCache(entries: file.entries)
    }

    package func fresh(_ url: String, now: Date, settings: ExternalLinkChecker.Settings) -> ExternalLinkChecker.Verdict? {
        guard let entry = entries[url] else { return nil }
        let age = now.timeIntervalSince1970 - entry.checked
        guard age >= 0 else { return nil }
        switch entry.verdict {
        case "ok" where age < settings.okLifetime: return .ok
        case "broken" where age < settings.brokenLifetime: return .broken(entry.detail ?? "broken")
        default: return nil
        }
    }

    package mutating func store(_ url: String, _ verdict: ExternalLinkChecker.Verdict, at date: Date) {
        switch verdict {
        case .ok: entries[url] = Entry(verdict: "ok", detail: nil, checked: date.timeIntervalSince1970)
        case .broken(let why): entries[url] = Entry(verdict: "broken", detail: why, checked: date.timeIntervalSince1970)
        case .unreachable: entries[url] = nil
        }
    }

    /// Writes the cache atomically, without expired entries. Failing to write is not an error:
    /// the cache only saves time.
    package func save(to url: URL, now: Date, settings: ExternalLinkChecker.Settings) {
        var kept: [String: Entry] = [:]
        for (key, entry) in entries where fresh(key, now: now, settings: settings) != nil { kept[key] = entry }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(File(version: 1, entries: kept)) else { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: url, options: .atomic)
    }
}
