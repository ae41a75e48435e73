import Foundation
import Synchronization
import GroundworkSupport

/// Scanning a page in pieces (issue 21): the site navigation is most of every page's bytes,
/// and the template renderer splices most of it from renderings it keeps per folder
/// (`Templating.ReusableList`). `build` scans each kept rendering once (`FragmentScans`) and,
/// per page, only the bytes between them; the result is the scan of the whole page.
///
/// Why it is the same: `HTMLScanner.scan` reads a piece that ends outside any markup (no
/// comment, tag, attribute value or raw text element cut off at its end) to the same
/// attributes whatever follows it, and starts every piece, as the whole page, outside any
/// markup. So when every piece but the last ends so, the pieces' attributes, at their
/// offsets, are the page's. When one does not (a template that puts the nav inside an
/// attribute or a comment), the whole page is scanned, as before.
extension OutputLinkCheck {
    /// A stretch of a page that is a kept rendering: `length` bytes at `offset`, equal for
    /// every page that holds the same `identity` object.
    public struct KnownPiece: Sendable {
        public var offset: Int
        public var length: Int
        public var identity: any AnyObject & Sendable

        public init(offset: Int, length: Int, identity: any AnyObject & Sendable) {
            self.offset = offset
            self.length = length
            self.identity = identity
        }
    }

    /// One kept rendering, scanned; shared by every page that holds it.
    final class FragmentScan: Sendable {
        /// Unique among the scans of one `FragmentScans` (a rendering's `ObjectIdentifier`
        /// may be reused once it is freed; this never is), for `SharedReferences`' records.
        let id: Int
        let scan: ScannedFile
        /// Per reference: `sharable` (resolves alike from every file of a group).
        let sharable: [Bool]
        let anySharable: Bool
        /// Whether the bytes end outside any markup (`scanPiece`).
        let complete: Bool

        init(id: Int, bytes: UnsafeBufferPointer<UInt8>, baseURL: String) {
            self.id = id
            (scan, complete) = OutputLinkCheck.scanPiece(bytes)
            let scan = self.scan
            sharable = scan.values.withUnsafeBufferPointer { values in
                scan.records.map { OutputLinkCheck.sharable(values.slice($0), baseURL: baseURL) }
            }
            anySharable = sharable.contains(true)
        }
    }

    /// The scans of the kept renderings of one build, by identity.
    ///
    /// It holds the renderings of the last `limit` scans made, not every one: the renderer
    /// keeps renderings for a bounded number of folders (`RenderMemo.keptFolders`), and
    /// holding every one to the end kept them all alive (issue 21: ~250 MiB of a
    /// 50,000-page build). An entry holds its object, so its identifier is not reused while
    /// it is here; one dropped is scanned again when met again, to the same scan, with a new
    /// `id`. (Not weak references: those make every retain of a rendering slower, and pages
    /// retain the nav's renderings many times: +20 % CPU at 50,000 pages.)
    public final class FragmentScans: Sendable {
        private struct Table: Sendable {
            var entries: [Identity: FragmentScan] = [:]
            /// The renderings of `entries`, held so that their identifiers are not reused
            /// (apart from `entries`: a lookup then retains only the scan).
            var objects: [Identity: any AnyObject & Sendable] = [:]
            /// The identifiers in the order their entries were made; `order[dropped...]` are
            /// still in `entries`.
            var order: [Identity] = []
            var dropped = 0
        }

        /// A rendering's `ObjectIdentifier`, hashed by a multiply and a shift of its address:
        /// the table is asked once per kept rendering of every page (~100 a page), and
        /// `Hasher`'s SipHash was half of each lookup (issue 21, callgrind). `Dictionary` asks
        /// a key for `_rawHashValue(seed:)`; equal keys give equal values, as it needs.
        struct Identity: Hashable, Sendable {
            let id: ObjectIdentifier

            func _rawHashValue(seed: Int) -> Int {
                let mixed = (UInt64(UInt(bitPattern: id)) ^ UInt64(UInt(bitPattern: seed))) &* 0x9E37_79B9_7F4A_7C15
                return Int(truncatingIfNeeded: mixed ^ (mixed >> 32))
            }
        }
        private let scans = Mutex<Table>(Table())
        private let serial = Atomic<Int>(0)
        private let baseURL: String
        private let limit: Int

        /// `baseURL`: site.yaml's `base_url`, as the check is given it.
        /// `limit`: how many scans are kept (more than the renderings of a few folders' nav).
        public init(baseURL: String, limit: Int = 16_384) {
            self.limit = max(1, limit)
            var base = baseURL
            if !base.isEmpty, !base.hasSuffix("/") { base += "/" }
            self.baseURL = base
        }

        /// The scan of `piece`, whose bytes are `bytes`: made on first use.
        func scan(of piece: KnownPiece, bytes: UnsafeBufferPointer<UInt8>) -> FragmentScan {
            let id = Identity(id: ObjectIdentifier(piece.identity))
            if let known = scans.withLock({ $0.entries[id] }) { return known }
            let made = FragmentScan(id: serial.wrappingAdd(1, ordering: .relaxed).newValue, bytes: bytes, baseURL: baseURL)
            return scans.withLock { table in
                if let known = table.entries[id] { return known }
                table.entries[id] = made
                table.objects[id] = piece.identity
                table.order.append(id)
                if table.order.count - table.dropped > limit {
                    table.entries[table.order[table.dropped]] = nil
                    table.objects[table.order[table.dropped]] = nil
                    table.dropped += 1
                    if table.dropped >= limit {
                        table.order.removeFirst(table.dropped)
                        table.dropped = 0
                    }
                }
                return made
            }
        }

        /// How many scans are kept (for tests).
        var keptCount: Int { scans.withLock { $0.entries.count } }
    }

    /// A page's scan in page order: the scan of the bytes between kept renderings (offsets
    /// the page's), and the kept renderings' shared scans at their offsets, each with the
    /// number of the page's own references before it.
    struct ScannedParts {
        var own: ScannedFile
        var fragments: [(scan: FragmentScan, offset: Int, ownBefore: Int)]

        /// The scan of the whole page.
        func joined() -> ScannedFile {
            var joined = ScannedFile()
            joined.ids = own.ids
            own.values.withUnsafeBufferPointer { ownValues in
                var next = 0
                func ownUpTo(_ end: Int) {
                    while next < end { joined.append(own.records[next], value: ownValues.slice(own.records[next])); next += 1 }
                }
                for fragment in fragments {
                    ownUpTo(fragment.ownBefore)
                    if !fragment.scan.scan.ids.isEmpty { joined.ids.formUnion(fragment.scan.scan.ids) }
                    fragment.scan.scan.values.withUnsafeBufferPointer { values in
                        for var record in fragment.scan.scan.records {
                            record.offset += fragment.offset
                            joined.append(record, value: values.slice(record))
                        }
                    }
                }
                ownUpTo(own.records.count)
            }
            return joined
        }
    }

    /// The page `bytes` scanned in pieces: nil when a piece does not end outside any markup
    /// (or the pieces do not fit the page), and the whole page must be scanned.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, pieces: [KnownPiece], fragments: FragmentScans) -> ScannedParts? {
        var parts = ScannedParts(own: ScannedFile(), fragments: [])
        parts.fragments.reserveCapacity(pieces.count)
        // Room for a page's own references at once (~200 of ~20 bytes): growing these arrays
        // step by step was 3 % of the page's scan. They live until the page is recorded.
        parts.own.records.reserveCapacity(512)
        parts.own.values.reserveCapacity(8_192)
        var position = 0
        func own(_ end: Int) -> Bool {
            guard end > position else { return true }
            return scanPiece(UnsafeBufferPointer(rebasing: bytes[position..<end]), at: position, into: &parts.own)
        }
        for piece in pieces {
            guard piece.offset >= position, piece.length >= 0, piece.offset + piece.length <= bytes.count else { return nil }
            guard own(piece.offset) else { return nil }
            let fragment = fragments.scan(of: piece, bytes: UnsafeBufferPointer(rebasing: bytes[piece.offset..<piece.offset + piece.length]))
            guard fragment.complete else { return nil }
            parts.fragments.append((fragment, piece.offset, parts.own.records.count))
            position = piece.offset + piece.length
        }
        _ = own(bytes.count)  // the page's end is the end: what it cuts off is cut off in the page too
        return parts
    }
}

extension OutputLinkCheck.SharedReferences {
    /// `dropRecorded(from:path:)` for a page scanned in pieces, to the same result: a kept
    /// rendering this group recorded before has all its sharable values recorded, so they
    /// are left out without a lookup each.
    ///
    /// - Parameter dropFineOwnFragments: also leave out what `ScannedFile.dropFineOwnFragments`
    ///   would, in the same pass (a second pass over the page's references and a new array
    ///   were 7 % of the page's scan, issue 21). An `#id` reference is not sharable, so
    ///   which is left out first does not matter.
    func dropRecorded(_ scanned: OutputLinkCheck.ScannedParts, path: String,
                      dropFineOwnFragments: Bool = false) -> (OutputLinkCheck.ScannedFile, Bool) {
        typealias Record = OutputLinkCheck.ReferenceRecord
        let key = OutputLinkCheck.group(of: path)
        let own = scanned.own
        // The page's ids first (the fine own fragments need them all).
        var ids = own.ids
        for fragment in scanned.fragments where !fragment.scan.scan.ids.isEmpty {
            if ids.isEmpty { ids = fragment.scan.scan.ids } else { ids.formUnion(fragment.scan.scan.ids) }
        }
        // What is kept, in page order: (-1, index) for an own reference, (k, index) for the
        // `k`-th kept rendering's. Decided under the lock, copied after it. (One straight loop
        // with its state local to the lock's closure: nested functions that changed captured
        // variables cost a dynamic exclusivity check per access, a tenth of this function.)
        let fragments = scanned.fragments
        let (kept, keptBytes, dropped) = own.values.withUnsafeBufferPointer { ownValues in
            func keep(_ record: Record, _ values: UnsafeBufferPointer<UInt8>) -> Bool {
                !dropFineOwnFragments || !OutputLinkCheck.Context.isFineFragmentOfThisFile(values.slice(record), ids: ids)
            }
            // Which of the bytes' own references are sharable, outside the lock.
            let ownSharable = own.records.map { OutputLinkCheck.sharable(ownValues.slice($0), baseURL: baseURL) }
            return recorded.withLock { recorded -> ([(source: Int32, index: Int32)], Int, Bool) in
                var kept: [(source: Int32, index: Int32)] = []
                kept.reserveCapacity(own.records.count + fragments.count)
                var keptBytes = 0
                var dropped = false
                var group = recorded.removeValue(forKey: key) ?? GroupRecord()
                var next = 0  // the next own reference
                for k in 0...fragments.count {
                    // The own references before the `k`-th kept rendering (or the page's end).
                    let ownEnd = k < fragments.count ? fragments[k].ownBefore : own.records.count
                    while next < ownEnd {
                        let record = own.records[next]
                        if ownSharable[next], !group.values.insert(ownValues.slice(record), hash: record.hash, isASCII: record.isASCII) {
                            dropped = true
                        } else if keep(record, ownValues) {
                            kept.append((-1, Int32(next)))
                            keptBytes += Int(record.length)
                        }
                        next += 1
                    }
                    guard k < fragments.count else { break }
                    let fragment = fragments[k].scan
                    fragment.scan.values.withUnsafeBufferPointer { values in
                        if group.fragments.contains(fragment.id) {
                            // Recorded with every sharable value: only the others are kept.
                            for (i, record) in fragment.scan.records.enumerated() where !fragment.sharable[i] && keep(record, values) {
                                kept.append((Int32(k), Int32(i)))
                                keptBytes += Int(record.length)
                            }
                            if fragment.anySharable { dropped = true }
                        } else {
                            for (i, record) in fragment.scan.records.enumerated() {
                                if fragment.sharable[i], !group.values.insert(values.slice(record), hash: record.hash, isASCII: record.isASCII) {
                                    dropped = true
                                } else if keep(record, values) {
                                    kept.append((Int32(k), Int32(i)))
                                    keptBytes += Int(record.length)
                                }
                            }
                            group.fragments.insert(fragment.id)
                        }
                    }
                }
                recorded[key] = group
                return (kept, keptBytes, dropped)
            }
        }
        // Kept for every page until the check: arrays of the exact size (without the slack
        // that appending leaves, a 10,000-page build's peak memory grew by 20-30 MB), filled
        // in place: their sizes are known.
        var result = OutputLinkCheck.ScannedFile()
        result.ids = ids
        own.values.withUnsafeBufferPointer { ownValues in
            var written = 0
            result.values = [UInt8](unsafeUninitializedCapacity: keptBytes) { values, count in
                result.records = [Record](unsafeUninitializedCapacity: kept.count) { records, recordCount in
                    func add(_ record: Record, from source: UnsafeBufferPointer<UInt8>, shiftedBy offset: Int) {
                        var record = record
                        record.offset += offset
                        _ = UnsafeMutableBufferPointer(rebasing: values[written..<written + Int(record.length)])
                            .initialize(fromContentsOf: source.slice(record))
                        record.start = UInt32(written)
                        written += Int(record.length)
                        (records.baseAddress! + recordCount).initialize(to: record)
                        recordCount += 1
                    }
                    for (source, index) in kept {
                        if source < 0 {
                            add(own.records[Int(index)], from: ownValues, shiftedBy: 0)
                        } else {
                            let (fragment, offset, _) = fragments[Int(source)]
                            fragment.scan.values.withUnsafeBufferPointer { add(fragment.scan.records[Int(index)], from: $0, shiftedBy: offset) }
                        }
                    }
                }
                count = written
            }
        }
        return (result, dropped)
    }
}

extension OutputLinkCheck {
    /// Whether two scans found the same ids and the same references at the same offsets.
    static func sameScan(_ a: ScannedFile, _ b: ScannedFile) -> Bool {
        let (x, y) = (a.references, b.references)
        return a.ids == b.ids && x.count == y.count
            && zip(x, y).allSatisfy { $0.attribute == $1.attribute && $0.value == $1.value && $0.offset == $1.offset }
    }
}

extension OutputLinkCheck {
    /// `target(of:below:fragment:ignoredPrefixes:)` with `below` the folders of `from`, over
    /// bytes, for an ASCII `path` and `from` (nil for any other: a `/` followed by a
    /// combining mark is no separator to `Character`s). In ASCII, `Character`s and bytes
    /// split, compare and join alike.
    static func targetASCII(of path: Substring, from: String, fragment: String?, ignoredPrefixes: [String]) -> Resolution? {
        var from = from, path = path
        return from.withUTF8 { fromBytes -> Resolution? in
            path.withUTF8 { pathBytes -> Resolution? in
                for byte in fromBytes where byte >= 0x80 { return nil }
                for byte in pathBytes where byte >= 0x80 { return nil }
                return targetASCII(pathBytes, fromBytes, fragment: fragment, ignoredPrefixes: ignoredPrefixes)
            }
        }
    }

    static func targetASCII(_ path: UnsafeBufferPointer<UInt8>, _ from: UnsafeBufferPointer<UInt8>, fragment: String?,
                            ignoredPrefixes: [String]) -> Resolution {
        // The joined path and where its components start, in stack-like scratch space: two
        // arrays a call were most of its ~2,500 instructions (issue 21, callgrind).
        let capacity = from.count + path.count + 11
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity / 2 + 2) { starts in
                targetASCII(path, from, fragment: fragment, ignoredPrefixes: ignoredPrefixes, out: out, starts: starts)
            }
        }
    }

    /// `targetASCII`, writing into `out` (room for `from`, `path` and `/index.html`) and
    /// `starts` (room for one entry per component: at most half of those bytes, plus one).
    private static func targetASCII(_ path: UnsafeBufferPointer<UInt8>, _ from: UnsafeBufferPointer<UInt8>, fragment: String?,
                                    ignoredPrefixes: [String], out: UnsafeMutableBufferPointer<UInt8>,
                                    starts: UnsafeMutableBufferPointer<Int>) -> Resolution {
        guard let count = joinTarget(path, from, out: out, starts: starts) else { return .broken("it leads outside the site's folder") }
        let target = String(decoding: UnsafeBufferPointer(rebasing: out[..<count]), as: UTF8.self)
        for prefix in ignoredPrefixes where target.hasPrefix(prefix) { return .skip }
        return .target(path: target, fragment: fragment)
    }

    /// The bytes of the file the ASCII `path` names from the folders of `from`, `.` and `..`
    /// applied and a folder meaning its `index.html`, written into `out` (room for `from`,
    /// `path` and `/index.html`; `starts`: one entry per component, at most half of those
    /// bytes plus one); their count, or nil when the path climbs above the output folder.
    static func joinTarget(_ path: UnsafeBufferPointer<UInt8>, _ from: UnsafeBufferPointer<UInt8>,
                           out: UnsafeMutableBufferPointer<UInt8>, starts: UnsafeMutableBufferPointer<Int>) -> Int? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var count = 0  // bytes of `out` in use
        var components = 0  // entries of `starts` in use: where each component begins (its separator, after the first)
        func push(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
            starts[components] = count
            components += 1
            if components > 1 { out[count] = slash; count += 1 }
            for k in start..<end { out[count] = bytes[k]; count += 1 }
        }
        func append(_ text: StaticString) {
            for k in 0..<text.utf8CodeUnitCount { out[count] = text.utf8Start[k]; count += 1 }
        }
        // The folders of `from`: its non-empty components but the last.
        var lastStart = -1, lastEnd = -1
        var k = 0
        while k < from.count {
            if from[k] == slash { k += 1; continue }
            var e = k
            while e < from.count, from[e] != slash { e += 1 }
            if lastStart >= 0 { push(from, lastStart, lastEnd) }
            (lastStart, lastEnd) = (k, e)
            k = e
        }
        k = 0
        while k < path.count {
            if path[k] == slash { k += 1; continue }
            var e = k
            while e < path.count, path[e] != slash { e += 1 }
            defer { k = e }
            if e - k == 1, path[k] == dot { continue }
            if e - k == 2, path[k] == dot, path[k + 1] == dot {
                guard components > 0 else { return nil }
                components -= 1
                count = starts[components]
                continue
            }
            push(path, k, e)
        }
        if count == 0 { append("index.html") } else if path.last == slash { append("/index.html") }
        return count
    }

}
