import Synchronization
import GroundworkResolve
import GroundworkSupport

/// The output check's answers for references shared across folders (issue 21).
///
/// Within a group of files (`group(of:)`) a reference found fine is checked once. But most
/// references resolve alike far beyond one group: the nav's `../../s002/` and a glossary
/// term's `../../s005/p00401/` name the same file from every page two folders deep, and a
/// citation's `https://…` is skipped from anywhere. Each group resolved them again, so the
/// check's work grew with groups × such links (100 × 100 at 10,000 pages, 500 × 500 at
/// 50,000). This memo keys each answer by the part of the file's path the answer depends on
/// (`scope(of:from:baseURL:)`), so it is worked out once per site, not once per group.
extension OutputLinkCheck {
    /// What a reference's answer depends on besides its value: nil when that is not decided
    /// cheaply here (the check then resolves it as before).
    ///
    /// - A reference that `resolve` reads without `from` (`base_url`, a scheme, `//`, a
    ///   site-absolute path): the whole site, `"/"`.
    /// - `../` `k` times and then a path without `..` (ASCII, the `resolveRelativeASCII` case):
    ///   the first `n - k` of the `n` folders of `from`, or `"/.."` when `k > n` (it leads outside
    ///   the output folder). The `.` and `..` of the rest never reach further up.
    /// - Anything else (`./x`, `x/`, `#id`, what is left to `resolveGeneral`): nil.
    ///
    /// `baseURL` ends with `/` or is empty, as the check's.
    static func scope(of value: String, from: String, baseURL: String) -> String? {
        let b = value.utf8
        if b.starts(with: "../".utf8) {
            // Only what `resolveRelativeASCII` would resolve (and so `targetASCII`, over bytes).
            guard resolvesOverBytes(value, from: from, baseURL: baseURL) else { return nil }
            let path = b.split(separator: UInt8(ascii: "#"), maxSplits: 1, omittingEmptySubsequences: false)[0]
            let components = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
            var climbs = 0
            while climbs < components.count, components[climbs].elementsEqual("..".utf8) { climbs += 1 }
            // A `..` after a folder name climbs again, past what the leading ones counted.
            guard !components.dropFirst(climbs).contains(where: { $0.elementsEqual("..".utf8) }) else { return nil }
            let folders = from.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).dropLast()
            // No join of folder names starts with `/`: these two never meet a real folder.
            guard climbs <= folders.count else { return "/.." }
            return folders.dropLast(climbs).map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
        }
        let raw = value.fastTrimmingWhitespacesAndNewlines
        if !baseURL.isEmpty, raw.hasPrefix(baseURL) || raw + "/" == baseURL { return "/" }
        if LinkResolver.scheme(of: raw) != nil || raw.hasPrefix("//") { return "/" }
        var path = Substring(raw)
        if let hash = path.firstIndex(of: "#") { path = path[..<hash] }
        if let question = path.firstIndex(of: "?") { path = path[..<question] }
        // `resolveRelativeASCII` leaves a value starting with `/` to `resolveGeneral`, which
        // takes it from the site root (or finds it broken) whatever `from`.
        if path.hasPrefix("/") { return "/" }
        return nil
    }

    /// Whether `resolve` takes `value` through `resolveRelativeASCII` with `from` in ASCII
    /// (then `targetASCII`: components are bytes between `/`s).
    private static func resolvesOverBytes(_ value: String, from: String, baseURL: String) -> Bool {
        guard from.utf8.allSatisfy({ $0 < 0x80 }), let last = value.utf8.last, !(last == 0x20 || (last >= 0x09 && last <= 0x0D)) else {
            return false
        }
        for c in value.utf8 where c >= 0x80 || c == UInt8(ascii: "%") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":") { return false }
        if !baseURL.isEmpty, !baseURL.utf8.allSatisfy({ $0 < 0x80 }) || value.utf8.starts(with: baseURL.utf8) || baseURL.utf8.starts(with: value.utf8) {
            return false
        }
        return true
    }

    /// `Context.problem`'s answers by (`scope`, value), shared by the check's workers.
    final class ProblemMemo: Sendable {
        struct Key: Hashable {
            var scope: String
            var value: String
        }
        /// A problem, or none (`nil` inside): a reference found fine is remembered too.
        typealias Answer = (message: String, notes: [String])?
        private let answers = Mutex<[Key: Answer]>([:])

        init() {}

        /// The answer for `key`, worked out by `make` the first time (outside the lock: two
        /// workers may both work it out, to the same answer).
        func answer(_ key: Key, _ make: () -> Answer) -> Answer {
            if let known = answers.withLock({ $0[key] }) { return known }
            let made = make()
            answers.withLock { $0[key] = made }
            return made
        }
    }
}
