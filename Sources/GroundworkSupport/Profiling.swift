import Foundation

/// `GROUNDWORK_PROFILE=1`: the wall time of each pipeline stage on standard error, for
/// benchmarks (bench/run.py --profile). Off by default; costs nothing when off.
package enum Profile {
    package static let enabled = ProcessInfo.processInfo.environment["GROUNDWORK_PROFILE"] == "1"
    nonisolated(unsafe) private static var last: UInt64 = 0

    /// Prints the time since the previous mark (or since the process started using this).
    package static func mark(_ stage: @autoclosure () -> String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if last == 0 { last = now }
        let ms = Double(now - last) / 1e6
        last = now
        let name = stage()
        let padded = name.count < 28 ? name + String(repeating: " ", count: 28 - name.count) : name
        FileHandle.standardError.write(Data(("profile: " + padded + String(format: " %8.1f ms\n", ms)).utf8))
    }
}

/// Results a one-shot process keeps until it exits instead of freeing them (issue 9):
/// freeing a 10,000-page site's parsed documents, one small allocation at a time, took
/// 0.3-0.45 s at the end of every `check` and `build`. Only the `groundwork` executable turns
/// this on (the memory stays reachable, so leak checkers do not report it); tests and the
/// preview server free as usual.
public enum ExitRetainer {
    nonisolated(unsafe) public static var enabled = false
    nonisolated(unsafe) private static var kept: [Any] = []
    private static let lock = NSLock()

    package static func keep(_ value: Any) {
        guard enabled else { return }
        lock.lock()
        kept.append(value)
        lock.unlock()
    }
}
