import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one HTTP request found out about a URL.
public struct ProbeResult: Sendable, Equatable {
    public enum Failure: Sendable, Equatable {
        /// The host name does not resolve.
        case hostNotFound
        case timedOut
        /// Any other transport problem (refused connection, TLS, too many redirects, ...).
        case other(String)
    }

    /// The final HTTP status (after redirects), or nil when the request failed.
    public var status: Int?
    /// `Retry-After` of the response, as sent.
    public var retryAfter: String?
    public var failure: Failure?

    public init(status: Int?, retryAfter: String? = nil, failure: Failure? = nil) {
        self.status = status
        self.retryAfter = retryAfter
        self.failure = failure
    }
}

/// Sends one request and reports the status. The checker is written against this protocol so
/// the scheduling logic does not depend on the transport.
public protocol HTTPProbe: Sendable {
    func probe(_ url: URL, method: String, timeout: TimeInterval, completion: @escaping @Sendable (ProbeResult) -> Void)
}

/// The transport: URLSession (libcurl on Linux). The response body is never downloaded: the
/// task is cancelled as soon as the status line and headers have arrived.
public final class URLSessionProbe: NSObject, HTTPProbe, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var session: URLSession!
    private struct Pending {
        var completion: @Sendable (ProbeResult) -> Void
        var result: ProbeResult?
        var timedOut = false
    }
    private var pending: [Int: Pending] = [:]
    private let userAgent: String

    /// - Parameters:
    ///   - connectionsPerHost: libcurl's own per-host connection cap (the checker schedules below it).
    ///   - resourceTimeout: the longest any one request may take, redirects included.
    public init(userAgent: String, connectionsPerHost: Int, resourceTimeout: TimeInterval) {
        self.userAgent = userAgent
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, connectionsPerHost)
        configuration.timeoutIntervalForResource = resourceTimeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
    }

    /// Ends the session; pending requests are cancelled.
    public func invalidate() { session.invalidateAndCancel() }

    public func probe(_ url: URL, method: String, timeout: TimeInterval, completion: @escaping @Sendable (ProbeResult) -> Void) {
        // libcurl's own timeout counts whole seconds; it stays as a backstop behind ours.
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(1, timeout.rounded(.up)) + 1)
        request.httpMethod = method
        request.setValue(userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("text/html,application/xhtml+xml,*/*;q=0.8", forHTTPHeaderField: "Accept")
        let task = session.dataTask(with: request)
        let id = task.taskIdentifier
        lock.lock()
        pending[id] = Pending(completion: completion)
        lock.unlock()
        task.resume()
        // The timeout: no status line and headers within `timeout` seconds.
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self, weak task] in
            guard let self else { return }
            self.lock.lock()
            let waiting = self.pending[id].map { $0.result == nil } ?? false
            if waiting { self.pending[id]?.timedOut = true }
            self.lock.unlock()
            if waiting { task?.cancel() }
        }
    }

    public func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                           completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let http = response as? HTTPURLResponse
        let result = ProbeResult(status: http?.statusCode ?? 200,
                                 retryAfter: http?.value(forHTTPHeaderField: "Retry-After"))
        lock.lock()
        pending[dataTask.taskIdentifier]?.result = result
        lock.unlock()
        // The status is all a link check needs.
        completionHandler(.cancel)
    }

    public func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        let entry = pending.removeValue(forKey: task.taskIdentifier)
        lock.unlock()
        guard let entry else { return }
        if let result = entry.result {
            entry.completion(result)
            return
        }
        if entry.timedOut {
            entry.completion(ProbeResult(status: nil, failure: .timedOut))
            return
        }
        if let http = task.response as? HTTPURLResponse {
            entry.completion(ProbeResult(status: http.statusCode, retryAfter: http.value(forHTTPHeaderField: "Retry-After")))
            return
        }
        entry.completion(ProbeResult(status: nil, failure: Self.failure(error)))
    }

    package static func failure(_ error: Error?) -> ProbeResult.Failure {
        guard let error else { return .other("no response") }
        if let urlError = error as? URLError {
            switch urlError.code {
            case .cannotFindHost, .dnsLookupFailed: return .hostNotFound
            case .timedOut: return .timedOut
            default: return .other(urlError.localizedDescription)
            }
        }
        let ns = error as NSError
        if ns.domain == NSURLErrorDomain {
            switch ns.code {
            case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return .hostNotFound
            case NSURLErrorTimedOut: return .timedOut
            default: break
            }
        }
        return .other(ns.localizedDescription)
    }
}
