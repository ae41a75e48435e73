import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Server-Sent Events to every open page: each subscriber gets a stream of encoded events.
final class EventHub: Sendable {
    private struct State {
        var clients: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
        var nextID = 0
        var closed = false
    }
    private let state = Mutex(State())

    /// Encodes one event (`event:` and `data:` lines, then a blank line).
    static func encode(event: String, data: String) -> [UInt8] {
        var text = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return Array((text + "\n").utf8)
    }

    /// A new subscriber; `first` is sent before anything else (the current state).
    func subscribe(first: [UInt8]) -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(64))
        state.withLock { state in
            if state.closed {
                continuation.finish()
                return
            }
            let id = state.nextID
            state.nextID += 1
            // `retry` makes browsers reconnect quickly when the preview restarts.
            continuation.yield(Array("retry: 500\n\n".utf8) + first)
            continuation.onTermination = { [weak self] _ in self?.remove(id) }
            state.clients[id] = continuation
        }
        return stream
    }

    private func remove(_ id: Int) {
        state.withLock { $0.clients[id] = nil }
    }

    func broadcast(_ bytes: [UInt8]) {
        let current = state.withLock { $0.clients }
        for (id, continuation) in current {
            if case .terminated = continuation.yield(bytes) { remove(id) }
        }
    }

    var subscriberCount: Int { state.withLock { $0.clients.count } }

    /// Ends every stream (their responses complete) and refuses new subscribers.
    func close() {
        let current = state.withLock { state in
            state.closed = true
            defer { state.clients = [:] }
            return state.clients
        }
        for continuation in current.values { continuation.finish() }
    }
}

/// An event stream as an HTTP body: each event goes out as its own chunk at once.
struct EventBody: AsyncBufferedSequence {
    typealias Element = UInt8
    let stream: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.AsyncIterator
        var pending: [UInt8] = []

        mutating func next() async throws -> UInt8? {
            guard let buffer = try await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            if pending.isEmpty {
                guard let event = await base.next() else { return nil }
                pending = event
            }
            let size = Swift.max(1, Swift.min(count, pending.count))
            let chunk = Array(pending[..<size])
            pending.removeFirst(size)
            return chunk
        }
    }
}
