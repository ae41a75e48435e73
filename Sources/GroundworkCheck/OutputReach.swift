import Foundation
import GroundworkSupport

/// How far a reference in the output resolves alike (issue 21, scaling of the output check).
///
/// `SharedReferences` records each sharable reference once and leaves it out of the later
/// files where it resolves to the same thing. It used to share only within a group (files
/// whose folders have the same parent), so the site nav's `../../s002/` was recorded, kept
/// and resolved once per section: work that grew with sections × nav entries, the square of
/// the site's size when both grow with it. Where a reference resolves alike is a property
/// of the reference alone, given the file's folders:
///
/// - a value that does not depend on the file (`/x`, `https://…`) resolves alike everywhere;
/// - `../` repeated `k` times (then anything) pops `k` folders off the file's folder first,
///   so it resolves alike from every file whose folder has the same `k`-th ancestor (when
///   the file is at least `k` folders deep: otherwise it climbs out of the site);
/// - any other sharable value (`sharableGeneral`: white space to trim, non-ASCII, …) is
///   shared within the group, as before.
extension OutputLinkCheck {
    /// Where a sharable reference resolves alike (`reach(of:baseURL:)`).
    enum Reach: Hashable, Sendable {
        /// From every file of the site.
        case site
        /// From every file whose folder has the same ancestor this many folders up.
        case up(Int)
        /// From every file of the same `group(of:)`.
        case group
    }

    /// The `Reach` of `value`; nil exactly when `sharable(value, baseURL:)` is false.
    /// `baseURL` ends with `/` (or is empty).
    static func reach(of value: String, baseURL: String) -> Reach? {
        guard let fast = sharableFast(value, baseURL: baseURL) else {
            return sharableGeneral(value, baseURL: baseURL) ? .group : nil
        }
        guard fast else { return nil }
        // `sharableFast` said yes for one of three reasons: a leading `/`, a scheme, or `../`.
        var b = value.utf8[...]
        guard b.first == UInt8(ascii: ".") else { return .site }
        // ASCII up to and after each `../` (`sharableFast` checked the byte after the first;
        // a later one followed by a combining mark is left to the group, as `sharableGeneral`
        // compares such values by `Character`).
        var count = 0
        while b.starts(with: "../".utf8) {
            b = b.dropFirst(3)
            count += 1
            if let next = b.first, next >= 0x80 { return .group }
        }
        return .up(count)
    }

    /// The key under which `SharedReferences` records a reference of `reach` in the file
    /// whose folders are `folders` (the file's path split at `/`, empty parts and the file's
    /// own name left out, as `resolve` splits it); nil when it is not shared from this file
    /// (it climbs out of the site: kept, so that it is reported on every page).
    ///
    /// The three kinds of key start differently, so they never meet.
    static func scope(_ reach: Reach, folders: ArraySlice<Substring>, group: String) -> String? {
        switch reach {
        case .site:
            return "site"
        case .group:
            return "group:" + group
        case .up(let count):
            guard count <= folders.count else { return nil }
            return "up:" + folders.dropLast(count).joined(separator: "/")
        }
    }

    /// `folders` for `scope`: how `resolve` sees the folders of the file at `path`.
    static func folders(of path: String) -> ArraySlice<Substring> {
        path.split(separator: "/").dropLast()
    }
}

extension OutputLinkCheck.SharedReferences.Records {
    /// Records each of `references` whose scope (`scopes`, in the same order) is not nil under
    /// that scope; `keep[i]` turns false (and `dropped` true) for one recorded before. In page
    /// order, so that of equal references the first is kept.
    mutating func record(_ references: [OutputLinkCheck.Reference], scopes: [String?], keep: inout [Bool], dropped: inout Bool) {
        // A page has few scopes (one per folder above it, the site, its group): a short list
        // searched in order beats a dictionary lookup per reference.
        var open: [(scope: String, values: Set<String>)] = []
        for (i, scope) in scopes.enumerated() {
            guard let scope else { continue }
            let slot: Int
            if let found = open.firstIndex(where: { $0.scope == scope }) {
                slot = found
            } else {
                slot = open.count
                // Taken out of the table while it grows, so that it is not copied.
                open.append((scope, values.removeValue(forKey: scope) ?? []))
            }
            if !open[slot].values.insert(references[i].value).inserted {
                keep[i] = false
                dropped = true
            }
        }
        for (scope, set) in open { values[scope] = set }
    }
}
