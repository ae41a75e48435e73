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

    /// Whether `isFineFast` may decide for references written in a file at `from` (its
    /// path's bytes).
    func fastPathUsable(from: UnsafeBufferPointer<UInt8>) -> Bool { fast?.usable(from: from) ?? false }

    /// True only when `problem(value, from:)` is nil (the reference is fine); false when
    /// that is not decided here (`FastTargets.isFine`).
    func isFineFast(_ value: UnsafeBufferPointer<UInt8>, from: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let fast, fast.usable(from: from) else { return false }
        return fast.isFine(value, from: from)
    }

    /// True only when `problem(loc, from: "index.html")` is nil for a sitemap's `<loc>`
    /// (the whole site's pages, serial at the end of the check; issue 21): a `loc` under a
    /// printable `base_url` is resolved from the site root (`resolveRelativeASCII`), as the
    /// rest of it is from `index.html`, which has no folders.
    func isFineSitemapEntry(_ loc: String) -> Bool {
        guard let fast, !fast.base.isEmpty, fast.base.allSatisfy(FastTargets.isPrintableASCII) else { return false }
        var loc = loc  // a native string is not copied
        return loc.withUTF8 { v in
            guard v.count > fast.base.count, memcmp(v.baseAddress!, fast.base, fast.base.count) == 0 else { return false }
            var from = "index.html"
            return from.withUTF8 { fast.isFine(UnsafeBufferPointer(rebasing: v[fast.base.count...]), from: $0) }
        }
    }

    /// The output paths and their ids by bytes, for `isFine`.
    struct FastTargets: Sendable {
        /// Every output path (`existing`), as bytes.
        let targets: ByteStringSet
        /// Per member of `targets`, in its order: the index of its ids in `idSets`, or -1
        /// when `idsByPath` has none for it.
        let idsOf: [Int32]
        let idSets: [ValueSet]
        let base: [UInt8]
        /// `ignoredPrefixes`, one after another; `prefixEnds[k]` is where the `k`-th ends.
        let prefixes: [UInt8]
        let prefixEnds: [Int]

        /// Nil when the fast path may not decide: an output path that is not ASCII (a
        /// `Set<String>` finds `K/index.html` as KELVIN SIGN's `\u{212A}/index.html`; bytes
        /// would not), a base URL that is not ASCII (`resolve` leaves it to `resolveGeneral`),
        /// or an ignored prefix that is not printable ASCII (where `hasPrefix` by `Character`s
        /// and by bytes could differ).
        init?(existing: Set<String>, idsByPath: [String: ValueSet], baseURL: String, ignoredPrefixes: [String]) {
            guard baseURL.utf8.allSatisfy({ $0 < 0x80 }),
                  ignoredPrefixes.allSatisfy({ $0.utf8.allSatisfy(FastTargets.isPrintableASCII) }) else { return nil }
            var targets = ByteStringSet()
            for path in existing {
                var path = path  // a native string is not copied
                let ascii = path.withUTF8 { bytes -> Bool in
                    guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
                    targets.insert(bytes, hash: OutputLinkCheck.ValueHash.of(bytes))
                    return true
                }
                guard ascii else { return nil }
            }
            var idsOf = [Int32](repeating: -1, count: targets.count)
            var idSets: [ValueSet] = []
            idSets.reserveCapacity(idsByPath.count)
            for (path, ids) in idsByPath {
                var path = path
                let index = path.withUTF8 { bytes in
                    bytes.allSatisfy({ $0 < 0x80 }) ? targets.index(of: bytes, hash: OutputLinkCheck.ValueHash.of(bytes)) : nil
                }
                // A scanned file is an output file; one that is not could not be a target here.
                guard let index else { continue }
                idsOf[index] = Int32(idSets.count)
                idSets.append(ids)
            }
            self.targets = targets
            self.idsOf = idsOf
            self.idSets = idSets
            base = Array(baseURL.utf8)
            prefixes = ignoredPrefixes.flatMap { Array($0.utf8) }
            var end = 0
            prefixEnds = ignoredPrefixes.map { end += $0.utf8.count; return end }
        }

        @inline(__always) static func isPrintableASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

        /// Whether `isFine` may decide for references written in a file at `from`: printable
        /// ASCII, with no empty component (no `/` first or last, no `//`), as output paths
        /// are: then its folders are its bytes up to its last `/`.
        func usable(from f: UnsafeBufferPointer<UInt8>) -> Bool { Self.usable(from: f) }

        /// `usable(from:)`.
        static func usable(from f: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = f.first, let last = f.last, first != UInt8(ascii: "/"), last != UInt8(ascii: "/") else { return false }
            var previous: UInt8 = 0
            for byte in f {
                guard Self.isPrintableASCII(byte), !(byte == UInt8(ascii: "/") && previous == byte) else { return false }
                previous = byte
            }
            return true
        }

        /// True only when `problem(v, from:)` is nil (the reference is fine); false when
        /// that is not decided here. `from` is the file's path, for which `usable(from:)` holds.
        ///
        /// What it decides is what `resolveRelativeASCII` resolves (then `targetASCII` joins),
        /// narrowed to printable ASCII values with no overlap with the base URL: the target
        /// path is joined over bytes, found among the output paths and its ids by its bytes,
        /// and the fragment among those ids by its bytes. Anything else (a value under
        /// `base_url`, a folder without its `/index.html`, a missing id, `#top`) is left to
        /// `problem`.
        func isFine(_ v: UnsafeBufferPointer<UInt8>, from f: UnsafeBufferPointer<UInt8>) -> Bool {
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
            if !base.isEmpty {
                let overlaps = base.withUnsafeBufferPointer { memcmp(v.baseAddress!, $0.baseAddress!, min($0.count, v.count)) == 0 }
                if overlaps { return false }
            }
            let path = UnsafeBufferPointer(rebasing: v[..<(hash < 0 ? v.count : hash)])
            let fragment = UnsafeBufferPointer(rebasing: v[(hash < 0 ? v.count : hash + 1)...])
            guard !path.isEmpty else { return isFine(target: f, fragment: fragment) }  // `#x`: this very file
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: f.count + path.count + 11) { out in
                guard let count = Self.join(path, from: f, into: out.baseAddress!) else { return false }  // broken
                return isFine(target: UnsafeBufferPointer(start: out.baseAddress, count: count), fragment: fragment)
            }
        }

        /// `OutputLinkCheck.joinTarget` for a `from` that `usable(from:)` accepts: its folders
        /// are copied at once, and a `..` drops the last component by finding the `/` before
        /// it. Writes at most `from.count + path.count + 11` bytes into `out`; nil when the
        /// path climbs above the output folder.
        static func join(_ path: UnsafeBufferPointer<UInt8>, from f: UnsafeBufferPointer<UInt8>,
                         into out: UnsafeMutablePointer<UInt8>) -> Int? {
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            var count = 0
            if let lastSlash = f.lastIndex(of: slash) {
                out.update(from: f.baseAddress!, count: lastSlash)
                count = lastSlash
            }
            var k = 0
            while k < path.count {
                if path[k] == slash { k += 1; continue }
                var e = k + 1
                while e < path.count, path[e] != slash { e += 1 }
                defer { k = e }
                if e - k == 1, path[k] == dot { continue }
                if e - k == 2, path[k] == dot, path[k + 1] == dot {
                    guard count > 0 else { return nil }
                    // Components hold no `/`: the one before `count` starts the last.
                    var cut = count - 1
                    while cut > 0, out[cut] != slash { cut -= 1 }
                    count = cut
                    continue
                }
                if count > 0 { out[count] = slash; count += 1 }
                (out + count).update(from: path.baseAddress! + k, count: e - k)
                count += e - k
            }
            func append(_ text: StaticString) {
                (out + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
                count += text.utf8CodeUnitCount
            }
            if count == 0 { append("index.html") } else if path.last == slash { append("/index.html") }
            return count
        }

        /// `problem`'s `.target` case for an ASCII target path and fragment: true when it finds
        /// nothing wrong, false when it must decide.
        private func isFine(target: UnsafeBufferPointer<UInt8>, fragment: UnsafeBufferPointer<UInt8>) -> Bool {
            // `targetASCII`: a search-index file is skipped.
            let skipped = prefixes.withUnsafeBufferPointer { prefixes in
                var start = 0
                for end in prefixEnds {
                    defer { start = end }
                    if target.count >= end - start, end == start || memcmp(target.baseAddress!, prefixes.baseAddress! + start, end - start) == 0 {
                        return true
                    }
                }
                return false
            }
            if skipped { return true }
            guard let index = targets.index(of: target, hash: OutputLinkCheck.ValueHash.of(target)) else { return false }
            guard !fragment.isEmpty else { return true }
            let ids = idsOf[index]
            guard ids >= 0 else { return true }  // a file without ids: its fragments are not checked
            let fragmentHash = OutputLinkCheck.ValueHash.of(fragment)
            return idSets.withUnsafeBufferPointer { $0[Int(ids)].contains(fragment, hash: fragmentHash, isASCII: true) }
        }
    }
}
