import Foundation
import Synchronization
import XCTest
@testable import GroundworkSupport

/// `concurrently` must not take the cores away from a `parallelMap` run inside it (issue 21:
/// the page parse, run beside sources.yaml, used one core of two while `concurrently` was a
/// `concurrentPerform`, which makes a nested `concurrentPerform` serial).
final class ConcurrencyNestingTests: XCTestCase {
    /// The distinct threads a `parallelMap` of slow items uses.
    private static func threadsUsed() -> Int {
        let seen = Mutex<Set<UInt>>([])
        _ = parallelMap(Array(0..<64)) { item -> Int in
            seen.withLock { _ = $0.insert(UInt(bitPattern: Int(bitPattern: UInt(pthread_self())))) }
            // Slow enough that every worker takes some items, even on a busy machine.
            usleep(2_000)
            return item
        }
        return seen.withLock { $0.count }
    }

    func testParallelMapInsideConcurrentlyUsesEveryCore() throws {
        try XCTSkipIf(ProcessInfo.processInfo.activeProcessorCount < 2, "one core: nothing to share")
        XCTAssertGreaterThan(Self.threadsUsed(), 1, "parallelMap alone")
        let (inFirst, inSecond) = concurrently({ Self.threadsUsed() }, { Self.threadsUsed() })
        XCTAssertGreaterThan(inFirst, 1, "parallelMap in concurrently's first closure ran on one thread")
        XCTAssertGreaterThan(inSecond, 1, "parallelMap in concurrently's second closure ran on one thread")
    }

    /// `second` is non-escaping: the other thread must have let go of it before `concurrently`
    /// returns, or `withoutActuallyEscaping` traps (a semaphore signalled from a Dispatch
    /// block did that now and then: the block was released after the signal).
    func testManyCallsInARow() {
        var total = 0
        for i in 0..<3_000 {
            let (a, b) = concurrently({ i }, { [i] in String(i) })
            total += a + Int(b)!
        }
        XCTAssertEqual(total, 2 * (0..<3_000).reduce(0, +))
    }

    func testConcurrentlyReturnsBothResults() {
        let (a, b) = concurrently({ (1...1000).reduce(0, +) }, { "second" })
        XCTAssertEqual(a, 500_500)
        XCTAssertEqual(b, "second")
    }
}
