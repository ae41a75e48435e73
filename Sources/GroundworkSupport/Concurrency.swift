import Foundation
import Synchronization

/// Maps over an array on every core, keeping the input order. The transform must be pure.
package func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    if items.count < 2 { return items.map(transform) }
    let results = ResultBox<R>(count: items.count)
    // One worker per core takes the next small batch until none is left: pages differ in
    // size, and fixed chunks (one per worker) left one core idle at the end of every stage.
    // Batches keep the shared counter cold for many small pages.
    let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount)
    let batch = max(1, items.count / (workers * 64))
    let next = Atomic<Int>(0)
    items.withUnsafeBufferPointer { buffer in
        nonisolated(unsafe) let input = buffer
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let start = next.wrappingAdd(batch, ordering: .relaxed).oldValue
                guard start < input.count else { return }
                for i in start..<min(start + batch, input.count) { results.set(i, transform(input[i])) }
            }
        }
    }
    return results.values()
}

/// Write-once slots filled from several threads; each index is written by exactly one thread.
private final class ResultBox<R>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<R?>
    private let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }
    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
    func set(_ index: Int, _ value: R) { storage[index] = value }
    func values() -> [R] { (0..<count).map { storage[$0]! } }
}
