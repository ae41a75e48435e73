import Foundation
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
    /// - A reference that `resolve` reads without `from`: `sharableFast` finds a scheme
    ///   (skipped, or under `base_url`: from the site root) or a site-absolute `/…` (from the
    ///   site root, or broken): the whole site, `"/"`.
    /// - `../` `k` times, `k` at least 2, and then a path without `..` (ASCII, the
    ///   `resolveRelativeASCII` case, `from` in ASCII too): the first `n - k` of the `n`
    ///   folders of `from`, or `"/.."` when `k > n` (it leads outside the output folder). The
    ///   `.`s of the rest change nothing.
    /// - Anything else (`./x`, `x/`, `#id`, what is left to `resolveGeneral`): nil.
    ///
    /// `baseURL` ends with `/` or is empty, as the check's. Over bytes: this runs for every
    /// reference a group meets first (issue 21).
    static func scope(of value: String, from: String, baseURL: String) -> String? {
        guard let first = value.utf8.first else { return nil }
        let isLetter = (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")
        if isLetter || first == UInt8(ascii: "/") {
            return sharableFast(value, baseURL: baseURL) == true ? "/" : nil
        }
        guard first == UInt8(ascii: ".") else { return nil }
        var value = value, from = from, baseURL = baseURL  // native strings: not copied
        return baseURL.withUTF8 { base in
            value.withUTF8 { v in
                from.withUTF8 { f -> String? in
                    // `resolve` tests the base URL first: leave any overlap with it to `problem`.
                    if !base.isEmpty {
                        for c in base where c >= 0x80 { return nil }
                        let common = min(base.count, v.count)
                        if memcmp(base.baseAddress!, v.baseAddress!, common) == 0 { return nil }
                    }
                    guard let end = scopeEnd(path: v, from: f) else { return nil }
                    // From the bytes: through `from.utf8.prefix(end)` this was ~1,000 instructions.
                    return end < 0 ? "/.." : String(decoding: UnsafeBufferPointer(rebasing: f[..<end]), as: UTF8.self)
                }
            }
        }
    }

    /// Whether `value` starts with `.` and has fewer than two leading `..` components: then
    /// `scope(of:from:baseURL:)` is nil, whatever `from` and the base URL (`scopeEnd` turns
    /// it away), decided from its first bytes.
    static func climbsAtMostOnce(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: "."), hash = UInt8(ascii: "#")
        guard value.first == dot else { return false }
        // Is the component at `k` (after any `/`s) `..`? (Components end at `/` or `#`.)
        func climbAt(_ k: inout Int) -> Bool {
            while k < value.count, value[k] == slash { k += 1 }
            guard k + 1 < value.count, value[k] == dot, value[k + 1] == dot,
                  k + 2 == value.count || value[k + 2] == slash || value[k + 2] == hash else { return false }
            k += 2
            return true
        }
        var k = 0
        return !(climbAt(&k) && k < value.count && value[k] != hash && climbAt(&k))
    }

    /// For `scope`: how many bytes of `from` the answer for the relative `path` depends on
    /// (the folders its leading `..`s leave), -1 when it leads outside, nil when undecided.
    private static func scopeEnd(path v: UnsafeBufferPointer<UInt8>, from f: UnsafeBufferPointer<UInt8>) -> Int? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        // The path's components, up to the first `#`: the leading `..`s, then none. Counted
        // first, as every other way out below is nil too: most values (`../p00042/`) climb
        // once, and are turned away after their first components (issue 21).
        var climbs = 0, leading = true
        var k = 0
        while k < v.count, v[k] != UInt8(ascii: "#") {
            if v[k] == slash { k += 1; continue }
            var e = k
            while e < v.count, v[e] != slash, v[e] != UInt8(ascii: "#") { e += 1 }
            let isClimb = e - k == 2 && v[k] == dot && v[k + 1] == dot
            if isClimb {
                guard leading else { return nil }  // a `..` after a name climbs past the count
                climbs += 1
            } else {
                // With fewer than two `..`s the scope is the file's own group (`group(of:)`)
                // or its own folder, where the check's `fine` set already answers each value
                // once: memoizing those only costs memory (the open section's list: most of
                // the memo at 10,000 pages).
                guard climbs >= 2 else { return nil }
                leading = false
            }
            k = e
        }
        guard climbs >= 2 else { return nil }
        // Only what `resolveRelativeASCII` resolves (then `targetASCII`: components are the
        // bytes between `/`s): ASCII, nothing to trim, decode or cut off as a query or scheme.
        guard let last = v.last, !(last == 0x20 || (last >= 0x09 && last <= 0x0D)) else { return nil }
        for c in v where c >= 0x80 || c == UInt8(ascii: "%") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":") { return nil }
        for c in f where c >= 0x80 { return nil }
        // `from`'s folders: its components but the last. A folder's join is a prefix of `from`
        // only without empty components (`a//b`), which output paths never have.
        guard f.first != slash else { return nil }
        var folders = 0
        for i in 0..<f.count where f[i] == slash {
            guard i + 1 < f.count, f[i + 1] != slash else { return nil }
            folders += 1
        }
        if climbs > folders { return -1 }
        // The end of the last folder kept: the `/` after it.
        var kept = folders - climbs, i = 0
        while kept > 0 {
            if f[i] == slash { kept -= 1 }
            i += 1
        }
        return max(0, i - 1)
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
