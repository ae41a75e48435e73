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
///
/// Only the references of kept renderings (the nav) are shared this far; a page's own
/// references stay shared within its group (`SharedReferences.ownReaches`).
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

    /// The keys under which `SharedReferences` records the references of one file, by
    /// `Reach`: made once per file (a page has hundreds of references and a few scopes).
    /// The kinds of key start differently, so they never meet.
    struct Scopes {
        /// `up[k]`: the key of `.up(k)` for `k` from 2 to the file's depth, the file's folders
        /// without the last `k` (`up[0]` and `up[1]` are unused: not every file gets a key of
        /// its own, which at 50,000 pages made a table of 50,000 unused keys).
        let up: [String]
        let site = "site"
        let group: String

        /// `path`: the file's path below the output folder. Its folders are split at `/`,
        /// empty parts and the file's own name left out, as `resolve` splits them.
        init(path: String) {
            let folders = path.split(separator: "/").dropLast()
            up = (0...folders.count).map { $0 < 2 ? "" : "up:" + folders.dropLast($0).joined(separator: "/") }
            group = "group:" + OutputLinkCheck.group(of: path)
        }

        /// The key of a reference of `reach` in this file. `.up(1)` is the group (the same
        /// files: those whose folder has this parent), so that a value the page itself and
        /// the nav hold is recorded once. A reference that climbs more folders than the
        /// file is deep is broken alike from every file (`it leads outside the site's
        /// folder`): recorded for the group too, as every sharable reference was before.
        subscript(_ reach: Reach) -> String {
            switch reach {
            case .site: return site
            case .group: return group
            case .up(let count): return count == 1 || count >= up.count ? group : up[count]
            }
        }
    }
}

extension OutputLinkCheck {
    /// `Scopes` as `SharedReferences.Records` numbers them.
    struct ScopeNumbers {
        let up: [Int]
        let site: Int
        let group: Int

        subscript(_ reach: Reach) -> Int {
            switch reach {
            case .site: return site
            case .group: return group
            case .up(let count): return count == 1 || count >= up.count ? group : up[count]
            }
        }
    }
}

extension OutputLinkCheck.SharedReferences.Records {
    /// The number of the scope `key`, given on first use.
    mutating func number(_ key: String) -> Int {
        if let known = numbers[key] { return known }
        numbers[key] = values.count
        values.append([])
        return values.count - 1
    }

    /// The numbers of a file's scopes.
    mutating func numbers(_ scopes: OutputLinkCheck.Scopes) -> OutputLinkCheck.ScopeNumbers {
        OutputLinkCheck.ScopeNumbers(up: scopes.up.enumerated().map { $0 < 2 ? -1 : number($1) }, site: number(scopes.site),
                                     group: number(scopes.group))
    }

    /// Records each of `references` that is sharable (`reaches`, in the same order) under
    /// its scope; `keep[i]` turns false (and `dropped` true) for one recorded before. In page
    /// order, so that of equal references the first is kept.
    mutating func record(_ references: [OutputLinkCheck.Reference], reaches: [OutputLinkCheck.Reach?], numbers: OutputLinkCheck.ScopeNumbers,
                         keep: inout [Bool], dropped: inout Bool) {
        for (i, reach) in reaches.enumerated() {
            guard let reach else { continue }
            let scope = numbers[reach]
            if !values[scope].insert(references[i].value).inserted {
                keep[i] = false
                dropped = true
            }
        }
    }
}
