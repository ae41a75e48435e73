import Foundation
import Synchronization
import XCTest
@testable import GroundworkCore

/// Each profile lap reports the CPU time the process spent in it (`cpu N ms`, issue 21: CPU
/// against wall says whether a stage kept every core busy); a note reports none.
final class ProfilerCPUTests: XCTestCase {
    func testALapReportsAtLeastTheCPUThisThreadSpentInIt() {
        let reported = Mutex<[(stage: String, cpu: Double?)]>([])
        let profiler = Profiler { stage, _, cpu in reported.withLock { $0.append((stage, cpu)) } }
        // This thread's own CPU clock: the process's CPU in the lap is at least what it spent.
        func threadCPUMilliseconds() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
        }
        let started = threadCPUMilliseconds()
        var sink = 0
        while threadCPUMilliseconds() - started < 30 { sink &+= 1 }
        let spent = threadCPUMilliseconds() - started
        profiler.lap("busy")
        profiler.note("a part", milliseconds: 1)
        profiler.lap("idle")
        XCTAssertGreaterThan(sink, 0)

        let lines = reported.withLock { $0 }
        XCTAssertEqual(lines.map(\.stage), ["busy", "a part", "idle"])
        // getrusage counts in microseconds, the thread clock in nanoseconds: 1 ms of slack.
        XCTAssertGreaterThanOrEqual(lines[0].cpu ?? -1, spent - 1, "the busy lap's CPU")
        XCTAssertNil(lines[1].cpu, "a note is part of a stage: no CPU of its own")
        XCTAssertGreaterThanOrEqual(lines[2].cpu ?? -1, 0)
        XCTAssertLessThan(lines[2].cpu ?? .infinity, spent, "the next lap starts from the busy lap's end")
    }
}
