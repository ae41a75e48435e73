import Foundation
import GroundworkSupport

/// How the output check keeps a file's references (issue 21): one byte buffer of values and one
/// array of fixed-size records per file, instead of two `String`s per reference. Pages have
/// ~190 references each, and making, hashing (SipHash), copying and freeing those strings was
/// most of the check's cost: the records carry no references, so the check walks them without
/// retain/release, and the values are hashed once, when scanned.
extension OutputLinkCheck {
    /// One reference of a scanned file: its value is `length` bytes at `start` of the file's
    /// `values` (UTF-8, character references decoded: what `Reference.value` holds).
    struct ReferenceRecord: Sendable, Equatable {
        /// Byte offset of the value in the file: diagnostics point at the URL itself.
        var offset: Int
        var start: UInt32
        var length: UInt32
        /// `ValueHash.of` the value's bytes.
        var hash: UInt32
        /// The attribute's index in `HTMLScanner.linkWanted.names` (`href`, `src`, ...).
        var attribute: UInt8
        /// Whether every byte of the value is ASCII: then byte equality is `String` equality.
        var isASCII: Bool

        var attributeName: String { HTMLScanner.linkWanted.names[Int(attribute)] }
    }

    /// The hash the stores use, eight bytes at a time, folded to 32 bits. Stable (no seed),
    /// which nothing here relies on but makes a run easy to replay. Not resistant to chosen
    /// collisions: a site whose hrefs were made to collide would make its own check slower,
    /// never wrong (the sets compare the bytes).
    enum ValueHash {
        @inline(__always) static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 { hashAndASCII(bytes).hash }

        /// The hash of `bytes` and whether they are all ASCII, in one pass over words: every
        /// value of every page is hashed once when scanned, and byte by byte (FNV-1a) this
        /// was half of recording a reference (issue 21, perfout7).
        @inline(__always)
        static func hashAndASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> (hash: UInt32, isASCII: Bool) {
            let n = bytes.count
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: n)
            guard let start = bytes.baseAddress, n > 0 else { return (fold(hash), true) }
            let p = UnsafeRawPointer(start)
            var any: UInt64 = 0
            var k = 0
            while k + 8 <= n {
                let word = p.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                any |= word
                hash = mix(hash ^ word)
                k += 8
            }
            if k < n {
                // The last 1-7 bytes as the low bytes of a word: the word ending at the last
                // byte shifted (its first bytes were hashed above), or byte by byte when the
                // value is shorter than a word.
                var word: UInt64 = 0
                if n >= 8 {
                    word = p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (8 - (n - k)))
                } else {
                    for i in 0..<n { word |= UInt64(start[i]) << UInt64(8 * i) }
                }
                any |= word
                hash = mix(hash ^ word)
            }
            return (fold(hash), any & 0x8080_8080_8080_8080 == 0)
        }

        @inline(__always) private static func mix(_ h: UInt64) -> UInt64 {
            let m = h &* 0x9E37_79B9_7F4A_7C15
            return m ^ (m >> 29)
        }

        /// The low bits pick a set's slot: every input bit reaches them.
        @inline(__always) private static func fold(_ h: UInt64) -> UInt32 {
            var h = h ^ (h >> 32)
            h = h &* 0xBF58_476D_1CE4_E5B9
            return UInt32(truncatingIfNeeded: h ^ (h >> 32))
        }
    }

    /// A set of byte strings, exact (equal bytes, equal members): open addressing over one
    /// byte buffer, no allocation per member.
    struct ByteStringSet: Sendable {
        private var bytes: [UInt8] = []
        private var entries: [(start: UInt32, length: UInt32, hash: UInt32)] = []
        /// Entry index + 1, or 0 for an empty slot; a power of two long, at most half full.
        private var slots: [UInt32] = []

        var count: Int { entries.count }

        /// Whether `value` (whose `ValueHash` is `hash`) is a member.
        func contains(_ value: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Bool {
            guard !slots.isEmpty else { return false }
            return slots.withUnsafeBufferPointer { slots in
                let mask = slots.count - 1
                var slot = Int(hash) & mask
                while slots[slot] != 0 {
                    if matches(Int(slots[slot]) - 1, value, hash) { return true }
                    slot = (slot + 1) & mask
                }
                return false
            }
        }

        /// Room for `count` members of `bytes` bytes in all without growing.
        mutating func reserveCapacity(_ count: Int, bytes byteCount: Int) {
            entries.reserveCapacity(count)
            bytes.reserveCapacity(byteCount)
            guard slots.count < count * 2 else { return }
            var size = 16
            while size < count * 2 { size *= 2 }
            let members = entries.count
            slots = []
            if members > 0 { regrow(to: size) } else { slots = [UInt32](repeating: 0, count: size) }
        }

        /// The position of `value` among the members in insertion order, or nil.
        func index(of value: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int? {
            guard !slots.isEmpty else { return nil }
            return slots.withUnsafeBufferPointer { slots in
                let mask = slots.count - 1
                var slot = Int(hash) & mask
                while slots[slot] != 0 {
                    if matches(Int(slots[slot]) - 1, value, hash) { return Int(slots[slot]) - 1 }
                    slot = (slot + 1) & mask
                }
                return nil
            }
        }

        /// Adds `value`; false when it was a member already.
        @discardableResult
        mutating func insert(_ value: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Bool {
            if (entries.count + 1) * 2 > slots.count { grow() }
            let mask = slots.count - 1
            var slot = Int(hash) & mask
            while slots[slot] != 0 {
                if matches(Int(slots[slot]) - 1, value, hash) { return false }
                slot = (slot + 1) & mask
            }
            entries.append((UInt32(bytes.count), UInt32(value.count), hash))
            bytes.append(contentsOf: value)
            slots[slot] = UInt32(entries.count)
            return true
        }

        /// Calls `body` with every member's bytes and hash, in insertion order.
        func forEachWithHash(_ body: (UnsafeBufferPointer<UInt8>, UInt32) -> Void) {
            bytes.withUnsafeBufferPointer { all in
                for entry in entries { body(UnsafeBufferPointer(rebasing: all[Int(entry.start)..<Int(entry.start + entry.length)]), entry.hash) }
            }
        }

        /// Calls `body` with every member's bytes.
        func forEach(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            bytes.withUnsafeBufferPointer { all in
                for entry in entries { body(UnsafeBufferPointer(rebasing: all[Int(entry.start)..<Int(entry.start + entry.length)])) }
            }
        }

        private func matches(_ index: Int, _ value: UnsafeBufferPointer<UInt8>, _ hash: UInt32) -> Bool {
            let entry = entries[index]
            guard entry.hash == hash, Int(entry.length) == value.count else { return false }
            guard !value.isEmpty else { return true }
            return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + Int(entry.start), value.baseAddress!, value.count) == 0 }
        }

        private mutating func grow() { regrow(to: max(16, slots.count * 2)) }

        private mutating func regrow(to size: Int) {
            var grown = [UInt32](repeating: 0, count: size)
            let mask = grown.count - 1
            for (index, entry) in entries.enumerated() {
                var slot = Int(entry.hash) & mask
                while grown[slot] != 0 { slot = (slot + 1) & mask }
                grown[slot] = UInt32(index + 1)
            }
            slots = grown
        }
    }

    /// A set of non-negative integers (`FragmentScan.id`s): open addressing with a
    /// multiplicative hash. A group looks one up for each kept rendering of each page (~100 a
    /// page), where `Set<Int>`'s SipHash was a seventh of recording the page (issue 21).
    struct IDSet: Sendable {
        /// Member + 1, or 0 for an empty slot; a power of two long, at most half full.
        private var slots: [Int] = []
        private(set) var count = 0

        func contains(_ id: Int) -> Bool {
            guard !slots.isEmpty else { return false }
            let mask = slots.count - 1
            var slot = Self.start(id, mask)
            while slots[slot] != 0 {
                if slots[slot] == id + 1 { return true }
                slot = (slot + 1) & mask
            }
            return false
        }

        mutating func insert(_ id: Int) {
            if (count + 1) * 2 > slots.count {
                let old = slots
                slots = [Int](repeating: 0, count: max(16, old.count * 2))
                count = 0
                for member in old where member != 0 { insert(member - 1) }
            }
            let mask = slots.count - 1
            var slot = Self.start(id, mask)
            while slots[slot] != 0 {
                if slots[slot] == id + 1 { return }
                slot = (slot + 1) & mask
            }
            slots[slot] = id + 1
            count += 1
        }

        private static func start(_ id: Int, _ mask: Int) -> Int {
            Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: id) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        }
    }

    /// A set of reference values that answers as a `Set<String>` of them would, kept as bytes.
    ///
    /// `String` equality is canonical equivalence: `"\u{212A}"` (KELVIN SIGN) equals `"K"`, and
    /// `"é"` equals `"e\u{301}"`. Between ASCII values it is byte equality, so the bytes decide
    /// while every member and the value asked about are ASCII (what generated pages hold);
    /// from the first value that is not, every member is kept as a `String` too and the
    /// strings decide, exactly as the `Set<String>` this replaces did.
    struct ValueSet: Sendable, Equatable, ExpressibleByArrayLiteral {
        private var ascii = ByteStringSet()
        /// Every member as a string, once a value that is not ASCII was met.
        private var strings: Set<String>?

        init() {}

        init(arrayLiteral elements: String...) {
            for element in elements { insert(element) }
        }

        /// Equal members, as `Set<String>`s compare (tests).
        static func == (a: ValueSet, b: ValueSet) -> Bool { a.members == b.members }

        /// `values` as a set.
        init(_ values: Set<String>) {
            for value in values {
                var value = value
                value.withUTF8 { bytes in
                    let (hash, isASCII) = ValueHash.hashAndASCII(bytes)
                    insert(bytes, hash: hash, isASCII: isASCII)
                }
            }
        }

        /// Adds `value` (its `ValueHash` and whether it is ASCII given); false when a member
        /// equal to it as a `String` was there already.
        @discardableResult
        mutating func insert(_ value: UnsafeBufferPointer<UInt8>, hash: UInt32, isASCII: Bool) -> Bool {
            if strings == nil {
                if isASCII { return ascii.insert(value, hash: hash) }
                strings = allStrings()
            }
            return strings!.insert(String(decoding: value, as: UTF8.self)).inserted
        }

        /// Whether a member equals `value` as a `String`.
        func contains(_ value: UnsafeBufferPointer<UInt8>, hash: UInt32, isASCII: Bool) -> Bool {
            if let strings { return strings.contains(String(decoding: value, as: UTF8.self)) }
            if isASCII { return ascii.contains(value, hash: hash) }
            // Not ASCII, every member ASCII: one could still be equal (KELVIN SIGN and `K`),
            // but only the ASCII string the value is canonically equivalent to, if any. Looked
            // up as such: making every member a `String` here made each such lookup cost as
            // much as the set is large.
            guard let equivalent = Self.asciiEquivalent(of: String(decoding: value, as: UTF8.self)) else { return false }
            return equivalent.withUnsafeBufferPointer { ascii.contains($0, hash: ValueHash.of($0)) }
        }

        /// The ASCII bytes of the one ASCII string equal to `value` as a `String` (canonically
        /// equivalent), or nil when no ASCII string is. Per character: ASCII ones as they are,
        /// any other the ASCII character it equals (KELVIN SIGN is `K`, GREEK QUESTION MARK is
        /// `;`); a character equal to none makes the whole value equal to no ASCII string.
        static func asciiEquivalent(of value: String) -> [UInt8]? {
            var bytes: [UInt8] = []
            for character in value {
                if character.utf8.allSatisfy({ $0 < 0x80 }) {
                    bytes.append(contentsOf: character.utf8)
                } else if let byte = (0..<UInt8(0x80)).first(where: { Character(Unicode.Scalar($0)) == character }) {
                    bytes.append(byte)
                } else {
                    return nil
                }
            }
            return bytes
        }

        /// Room for `count` members (ASCII, `bytes` bytes in all) without growing.
        mutating func reserveCapacity(_ count: Int, bytes: Int) {
            if strings == nil { ascii.reserveCapacity(count, bytes: bytes) }
        }

        /// Whether there are no members.
        var isEmpty: Bool { strings?.isEmpty ?? (ascii.count == 0) }

        /// Adds `value`; false when a member equal to it was there already.
        @discardableResult
        mutating func insert(_ value: String) -> Bool {
            var value = value  // a native string is not copied
            return value.withUTF8 { bytes in
                let (hash, isASCII) = ValueHash.hashAndASCII(bytes)
                return insert(bytes, hash: hash, isASCII: isASCII)
            }
        }

        /// Whether a member equals `value`.
        func contains(_ value: String) -> Bool {
            var value = value  // a native string is not copied
            return value.withUTF8 { bytes in
                let (hash, isASCII) = ValueHash.hashAndASCII(bytes)
                return contains(bytes, hash: hash, isASCII: isASCII)
            }
        }

        /// Adds every member of `other`, as `Set.formUnion` does (a member equal to one
        /// already here is not added).
        mutating func formUnion(_ other: ValueSet) {
            if let strings = other.strings {
                for member in strings { insert(member) }
                return
            }
            other.ascii.forEachWithHash { bytes, hash in insert(bytes, hash: hash, isASCII: true) }
        }

        /// The members as strings (messages, hints, tests).
        var members: Set<String> { strings ?? allStrings() }

        private func allStrings() -> Set<String> {
            var all = Set<String>(minimumCapacity: ascii.count)
            ascii.forEach { all.insert(String(decoding: $0, as: UTF8.self)) }
            return all
        }
    }

    /// Ids (and `<a name>`s) declared in a file, and every reference in it.
    struct ScannedFile: Sendable {
        /// As a `ValueSet` (byte strings, no `String` or SipHash per id: issue 21).
        var ids = ValueSet()
        /// The references' values, one after another (`ReferenceRecord.start`).
        var values: [UInt8] = []
        /// The references, in document order.
        var records: [ReferenceRecord] = []

        init() {}

        init(ids: Set<String>, references: [Reference]) {
            self.ids = ValueSet(ids)
            for reference in references {
                var value = reference.value
                let attribute = HTMLScanner.linkWanted.names.firstIndex(of: reference.attribute) ?? 0
                value.withUTF8 { append(attribute: attribute, value: $0, offset: reference.offset) }
            }
        }

        /// The references as strings (tests, diagnostics).
        var references: [Reference] {
            records.map { Reference(attribute: $0.attributeName, value: value(of: $0), offset: $0.offset) }
        }

        /// A record's value as a string.
        func value(of record: ReferenceRecord) -> String {
            values.withUnsafeBufferPointer { String(decoding: $0[Int(record.start)..<Int(record.start + record.length)], as: UTF8.self) }
        }

        /// Adds a reference whose value (decoded, valid UTF-8) is `value`.
        mutating func append(attribute: Int, value: UnsafeBufferPointer<UInt8>, offset: Int) {
            let (hash, isASCII) = ValueHash.hashAndASCII(value)
            append(ReferenceRecord(offset: offset, start: 0, length: UInt32(value.count), hash: hash,
                                   attribute: UInt8(attribute), isASCII: isASCII), value: value)
        }

        /// `append(attribute:value:offset:)` for bytes that may not be valid UTF-8: appends
        /// them if they are ASCII (then they are their own string's UTF-8) and says whether it did.
        mutating func appendIfASCII(attribute: Int, value: UnsafeBufferPointer<UInt8>, offset: Int) -> Bool {
            let (hash, isASCII) = ValueHash.hashAndASCII(value)
            guard isASCII else { return false }
            append(ReferenceRecord(offset: offset, start: 0, length: UInt32(value.count), hash: hash,
                                   attribute: UInt8(attribute), isASCII: true), value: value)
            return true
        }



        /// Adds the id (or `<a name>`) `found` in `bytes`: an ASCII value without character
        /// references as its bytes, with no string made (issue 21).
        mutating func insertID(_ found: HTMLScanner.Found, in bytes: UnsafeBufferPointer<UInt8>) {
            let raw = UnsafeBufferPointer(rebasing: bytes[found.valueStart..<found.valueEnd])
            // Room for a page's usual ids at once: growing the set's three arrays from
            // nothing was most of the cost of an id.
            if ids.isEmpty { ids.reserveCapacity(16, bytes: 256) }
            if !found.hasReference {
                let (hash, isASCII) = ValueHash.hashAndASCII(raw)
                if isASCII { ids.insert(raw, hash: hash, isASCII: true); return }
            }
            ids.insert(found.value(in: bytes))
        }

        /// Adds `record` (its `start` is set here) with its value's bytes.
        mutating func append(_ record: ReferenceRecord, value: UnsafeBufferPointer<UInt8>) {
            var record = record
            record.start = UInt32(values.count)
            values.append(contentsOf: value)
            records.append(record)
        }

        /// Leaves out the `#id` references to an id of this very file: the check skips them
        /// before anything else (`Context.isFineFragmentOfThisFile`), so keeping them for
        /// every page until the check only costs memory (issue 21: a table of contents,
        /// heading anchors and citations are a fifth of a page's references).
        mutating func dropFineOwnFragments() {
            let ids = self.ids
            let keep = values.withUnsafeBufferPointer { values in
                records.map { !Context.isFineFragmentOfThisFile(values.slice($0), ids: ids) }
            }
            guard keep.contains(false) else { return }
            // New arrays of the kept size, so that the dropped part's storage is freed.
            var kept = ScannedFile()
            kept.ids = ids
            kept.records.reserveCapacity(keep.lazy.filter { $0 }.count)
            kept.values.reserveCapacity(zip(records, keep).reduce(0) { $0 + ($1.1 ? Int($1.0.length) : 0) })
            values.withUnsafeBufferPointer { values in
                for (record, keep) in zip(records, keep) where keep { kept.append(record, value: values.slice(record)) }
            }
            self = kept
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// A reference record's value in its file's `values`.
    func slice(_ record: OutputLinkCheck.ReferenceRecord) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: self[Int(record.start)..<Int(record.start + record.length)])
    }
}
