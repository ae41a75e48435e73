import Foundation
import GroundworkSupport

/// The output check's shortcut for the common reference that is fine (issue 21, perfout7).
///
/// Most references that reach `Context.problem` are fine, and are relative paths in printable
/// ASCII (`../p00042/#intro`, `../../s003/p00301/`). `problem` resolves each through
/// `resolve` into `String`s, finds the target among the output paths, looks its ids up by
/// path and, for some, works out a memo key first: ~3,500 instructions a reference, most of
/// the check. `isFineFast` decides the same over bytes, with no `String` made, and answers
/// only "fine" or "not decided here": everything it does not decide (and every problem, so
/// every message) is `problem`'s, as before.
extension OutputLinkCheck.Context {
    typealias ByteStringSet = OutputLinkCheck.ByteStringSet
    typealias ValueSet = OutputLinkCheck.ValueSet

    /// `idsByPath` keyed by the bytes of the paths, or nil when a path is not ASCII (a
    /// dictionary of `String`s finds `K/index.html` under KELVIN SIGN's `\u{212A}/index.html`;
    /// bytes would not).
    static func indexByBytes(_ idsByPath: [String: ValueSet]) -> (ByteStringSet?, [ValueSet]) {
        var index = ByteStringSet()
        var ids: [ValueSet] = []
        ids.reserveCapacity(idsByPath.count)
        for (path, pathIDs) in idsByPath {
            var path = path  // a native string is not copied
            let ascii = path.withUTF8 { bytes -> Bool in
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
                index.insert(bytes, hash: OutputLinkCheck.ValueHash.of(bytes))  // keys are distinct
                return true
            }
            guard ascii else { return (nil, []) }
            ids.append(pathIDs)
        }
        return (index, ids)
    }

    /// Whether `isFineFast` may decide under these settings: a base URL `resolve` reads over
    /// bytes (ASCII), and ignored prefixes of printable ASCII (where `hasPrefix` by
    /// `Character`s compares as the bytes do).
    static func fastPathUsable(baseURL: String, ignoredPrefixes: [String]) -> Bool {
        baseURL.utf8.allSatisfy { $0 < 0x80 } && ignoredPrefixes.allSatisfy { $0.utf8.allSatisfy(isPrintableASCII) }
    }

    @inline(__always) static func isPrintableASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    /// Whether `isFineFast` may decide for references written in a file at `from` (its
    /// path's bytes): printable ASCII, as `targetASCII` joins it.
    func fastPathUsable(from: UnsafeBufferPointer<UInt8>) -> Bool {
        fastPathUsable && from.allSatisfy(Self.isPrintableASCII)
    }

    /// True only when `problem(value, from:)` is nil (the reference is fine); false when
    /// that is not decided here. `from` is the file's path, for which `fastPathUsable(from:)`
    /// holds.
    ///
    /// What it decides is what `resolveRelativeASCII` resolves (then `targetASCII` joins),
    /// narrowed to printable ASCII values with no overlap with the base URL: the target path
    /// is joined over bytes, found among the output paths (`existingValues`) and its ids
    /// (`pathIndex`) by its bytes, and the fragment among those ids by its bytes. Anything
    /// else (a value under `base_url`, a folder without its `/index.html`, a missing id,
    /// `#top`) is left to `problem`.
    func isFineFast(_ v: UnsafeBufferPointer<UInt8>, from f: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = v.first, first != UInt8(ascii: "/") else { return false }
        // `resolveRelativeASCII`'s value: nothing to trim, decode or cut off as a query or
        // scheme. Printable too: then `Character`s and bytes agree (no `\r\n`).
        var hash = -1
        for k in 0..<v.count {
            let c = v[k]
            guard Self.isPrintableASCII(c), c != UInt8(ascii: "%"), c != UInt8(ascii: "?"), c != UInt8(ascii: ":") else { return false }
            if c == UInt8(ascii: "#"), hash < 0 { hash = k }
        }
        // `resolve` reads the base URL first: any overlap with it is left to `problem`.
        let baseOverlaps = baseURL.utf8.withContiguousStorageIfAvailable { base -> Bool in
            !base.isEmpty && memcmp(v.baseAddress!, base.baseAddress!, min(base.count, v.count)) == 0
        } ?? true
        guard !baseOverlaps else { return false }
        let path = UnsafeBufferPointer(rebasing: v[..<(hash < 0 ? v.count : hash)])
        let fragment = UnsafeBufferPointer(rebasing: v[(hash < 0 ? v.count : hash + 1)...])
        guard !path.isEmpty else { return isFine(target: f, fragment: fragment) }  // `#x`: this very file
        let capacity = f.count + path.count + 11
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity / 2 + 2) { starts in
                guard let count = OutputLinkCheck.joinTarget(path, f, out: out, starts: starts) else { return false }  // broken
                return isFine(target: UnsafeBufferPointer(rebasing: out[..<count]), fragment: fragment)
            }
        }
    }

    /// `problem`'s `.target` case for an ASCII target path and fragment: true when it finds
    /// nothing wrong, false when it must decide.
    private func isFine(target: UnsafeBufferPointer<UInt8>, fragment: UnsafeBufferPointer<UInt8>) -> Bool {
        // `targetASCII`: a search-index file is skipped.
        for prefix in settings.ignoredPrefixes {
            let isPrefix = prefix.utf8.withContiguousStorageIfAvailable { p in
                target.count >= p.count && (p.isEmpty || memcmp(target.baseAddress!, p.baseAddress!, p.count) == 0)
            }
            guard let isPrefix else { return false }
            if isPrefix { return true }
        }
        let hash = OutputLinkCheck.ValueHash.of(target)
        guard existingValues.contains(target, hash: hash, isASCII: true) else { return false }
        guard !fragment.isEmpty else { return true }
        guard let pathIndex else { return false }
        guard let index = pathIndex.index(of: target, hash: hash) else { return true }  // a file without ids: not checked
        return idsOfPath[index].contains(fragment, hash: OutputLinkCheck.ValueHash.of(fragment), isASCII: true)
    }
}
