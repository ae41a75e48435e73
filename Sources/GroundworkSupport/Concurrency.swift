import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Whether `parallelMap` and `concurrently` run on the calling thread alone. Set once, at
/// start, by a process for which other threads cost more than they bring: the whole-page
/// fuzzer, whose one-page sites are too small to share out, and whose leak check (libFuzzer
/// runs LeakSanitizer after any input whose allocations and frees do not balance) is set off
/// by the allocations of Dispatch's worker threads.
package let runsOnOneThread = Atomic<Bool>(false)

/// Maps over an array on every core, keeping the input order. The transform must be pure.
package func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    if items.count < 2 || runsOnOneThread.load(ordering: .relaxed) { return items.map(transform) }
    return parallelMap(count: items.count) { transform(items[$0]) }
}

/// `(0..<count).map(transform)`, on every core, in index order. The transform must be pure
/// (or touch only what belongs to its own index).
///
/// Each result is written once, straight into its place in the returned array: gathering
/// per-worker batches into the result afterwards copied every element (a retain of each of a
/// `Page`'s fields, then a release of the batch) on one core, between the parallel stages.
package func parallelMap<R: Sendable>(count: Int, _ transform: @Sendable (Int) -> R) -> [R] {
    if count < 2 || runsOnOneThread.load(ordering: .relaxed) { return (0..<count).map(transform) }
    // One worker per core takes the next small batch of indexes until none is left: pages
    // differ in size, and fixed chunks (one per worker) left one core idle at the end of
    // every stage. Batches keep the shared counter cold for many small pages.
    let workers = min(count, ProcessInfo.processInfo.activeProcessorCount)
    let batch = max(1, count / (workers * 64))
    let next = Atomic<Int>(0)
    return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
        // Every index in 0..<count is claimed by exactly one worker, which initializes that
        // element alone; `concurrentPerform` returns after all workers are done.
        let slots = UncheckedSendable(buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let start = next.wrappingAdd(batch, ordering: .relaxed).oldValue
                guard start < count else { break }
                for index in start..<min(start + batch, count) {
                    (slots.value + index).initialize(to: transform(index))
                }
            }
        }
        initialized = count
    }
}

/// A value handed to other threads that the compiler cannot prove safe to share; the caller
/// says why it is (`parallelMap(count:)`: each thread touches disjoint elements).
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}

/// Runs `first` and `second` at the same time and returns both results; neither outlives the
/// call (fork and join: `first` on this thread, `second` on a thread of its own, joined).
///
/// Why not `DispatchQueue.concurrentPerform(iterations: 2)`: libdispatch divides the width
/// of a `concurrentPerform` called inside another one by the outer width, so on two cores a
/// `parallelMap` inside `first` ran on one thread. The page parse (`first` in
/// `Groundwork.analyze`, beside sources.yaml) used one core of two (issue 21). Here `first`
/// runs on the calling thread outside any `concurrentPerform`, so a `parallelMap` in either
/// closure gets every core.
///
/// Why a POSIX thread, joined, and not a queue: `second` is not escaping, and
/// `withoutActuallyEscaping` traps if anything still holds it when the call returns; only a
/// join guarantees that the other thread has let go of it (a semaphore signalled from a
/// Dispatch block does not: the block may be released after the signal).
package func concurrently<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    if runsOnOneThread.load(ordering: .relaxed) { return (first(), second()) }
    #if canImport(Glibc)
    return withoutActuallyEscaping(second) { second in
        let result = ResultBox<B>()
        let context = Unmanaged.passRetained(ThreadWork { result.value = second() }).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            // The thread owns the work; it is released (with `second`) before the thread ends.
            Unmanaged<ThreadWork>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<ThreadWork>.fromOpaque(context).release()
            return (first(), second())
        }
        let a = first()
        pthread_join(thread, nil)
        // The join orders the other thread's write before this read.
        return (a, result.value!)
    }
    #else
    let a = Mutex<A?>(nil)
    let b = Mutex<B?>(nil)
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 {
            let value = first()
            a.withLock { $0 = value }
        } else {
            let value = second()
            b.withLock { $0 = value }
        }
    }
    return (a.withLock { $0! }, b.withLock { $0! })
    #endif
}

/// What `concurrently` runs on its second thread.
private final class ThreadWork {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Where the second thread of `concurrently` puts its result (read after the join).
private final class ResultBox<T> {
    var value: T?
}
