import Dispatch
import Synchronization

/// Frees values on a background thread, a moment later: what one preview rebuild replaces
/// (the previous site, its link graph and check findings; the site being served) is tens of
/// thousands of arrays and strings at 10,000 pages, and freeing them on the rebuild thread
/// came before the reload went out (issue 21: ~40 % of the rebuild thread's time after an edit).
package final class Reaper: Sendable {
    package static let shared = Reaper()

    private let pending = Mutex<[any Sendable]>([])
    private let queue = DispatchQueue(label: "groundwork-reaper", qos: .utility)
    /// Long enough for the caller to have let go of its own references (so that the last one
    /// is the reaper's), and for the reload and the edited page's render to go first.
    private static let delay: DispatchTimeInterval = .milliseconds(200)

    package init() {}

    /// Keeps `value` alive until the reaper frees it (unless someone else still holds it then).
    package func free(_ value: any Sendable) {
        pending.withLock { $0.append(value) }
        queue.asyncAfter(deadline: .now() + Self.delay) { [self] in
            // Taken out under the lock, freed outside it.
            let values = pending.withLock { pending -> [any Sendable] in
                defer { pending = [] }
                return pending
            }
            _ = values
        }
    }
}
