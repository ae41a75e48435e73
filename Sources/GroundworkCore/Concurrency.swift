import Foundation

/// Maps over an array on every core, keeping the input order. The transform must be pure.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    if items.count < 2 { return items.map(transform) }
    let results = ResultBox<R>(count: items.count)
    // Chunks keep scheduling overhead low for many small pages.
    let chunkCount = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4)
    let chunkSize = (items.count + chunkCount - 1) / chunkCount
    items.withUnsafeBufferPointer { buffer in
        nonisolated(unsafe) let input = buffer
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let start = chunk * chunkSize
            let end = min(start + chunkSize, input.count)
            guard start < end else { return }
            for i in start..<end { results.set(i, transform(input[i])) }
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
