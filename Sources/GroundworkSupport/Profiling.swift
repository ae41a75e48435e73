import Foundation
import Synchronization

/// The pipeline's one timer: each stage calls `lap` as it ends. Off unless a caller passes
/// one in `Options.profiler` — the CLI does with `GROUNDWORK_PROFILE=1` (its lines on standard
/// error are what bench/run.py --profile reads), and `serve` times every rebuild with one.
public final class Profiler: Sendable {
    /// Called on every lap with the stage's name, its wall time and the CPU time the whole
    /// process spent in it (user + system, every thread: CPU / wall is how many cores the
    /// stage kept busy); the CLI prints them. `cpuMilliseconds` is nil for a `note`.
    public typealias Sink = @Sendable (_ stage: String, _ milliseconds: Double, _ cpuMilliseconds: Double?) -> Void

    private struct State {
        var last: ContinuousClock.Instant
        var lastCPU: Double
        var timings: [(stage: String, milliseconds: Double)] = []
    }

    private let state: Mutex<State>
    private let sink: Sink?

    /// Starts the clock.
    public init(sink: Sink? = nil) {
        state = Mutex(State(last: .now, lastCPU: processCPUMilliseconds()))
        self.sink = sink
    }

    /// Ends a stage: records the wall time since the previous lap (or since `init`).
    public func lap(_ stage: String) {
        let (milliseconds, cpu) = state.withLock { state -> (Double, Double) in
            let now = ContinuousClock.now, cpu = processCPUMilliseconds()
            let duration = state.last.duration(to: now)
            let cpuSpent = cpu - state.lastCPU
            state.last = now
            state.lastCPU = cpu
            let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            state.timings.append((stage, ms))
            return (ms, cpuSpent)
        }
        sink?(stage, milliseconds, cpu)
    }

    /// Reports a part of a stage, measured by the caller (e.g. one check's time
    /// summed over the workers of a parallel stage). It is not a lap and not in `timings`.
    /// The time the sink takes to print it is left out of the next lap (the CLI's sink asks
    /// malloc for the heap in use, which took up to 100 ms for fifteen notes at 10,000 pages).
    public func note(_ part: String, milliseconds: Double) {
        guard let sink else { return }
        let started = ContinuousClock.now, startedCPU = processCPUMilliseconds()
        sink(part, milliseconds, nil)
        let printing = started.duration(to: .now), printingCPU = processCPUMilliseconds() - startedCPU
        state.withLock {
            $0.last += printing
            $0.lastCPU += printingCPU
        }
    }

    /// Every stage timed so far, in order.
    public var timings: [(stage: String, milliseconds: Double)] { state.withLock { $0.timings } }
}

/// The CPU time this process has used so far, every thread, user + system, in milliseconds
/// (`getrusage`: one system call, about a microsecond).
func processCPUMilliseconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)  // Glibc imports RUSAGE_SELF as an enum case
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return 0 }
    func milliseconds(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
    return milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime)
}

/// Results a one-shot process keeps until it exits instead of freeing them (issue 9):
/// freeing a 10,000-page site's parsed documents, one small allocation at a time, took
/// 0.3-0.45 s at the end of every `check` and `build`. Only the `groundwork` executable passes
/// one (`Options.retainer`; the memory stays reachable, so leak checkers do not report it);
/// tests and the preview server free as usual.
public final class ResultRetainer: Sendable {
    private let kept = Mutex<[any Sendable]>([])

    public init() {}

    /// Keeps `value` for as long as this retainer lives.
    public func keep(_ value: some Sendable) {
        kept.withLock { $0.append(value) }
    }
}
