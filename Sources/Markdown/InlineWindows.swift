#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inline extensions over a run's bytes, with units only around the syntax (issue 21).
///
/// `InlineExtensions.process(run:)` turns a whole text run into one `Unit` per scalar, finds
/// the syntax in them and builds the texts between again from the units: for the usual
/// paragraph, hundreds of units and a rebuilt string for one `[@key]` at its end (0.26 G of
/// the 2.78 G instructions of a 1,000-page `check`). When every text of the run is written
/// as it reads (no escape or entity: its bytes are the source's), a unit is just a source
/// byte offset, so the same matchers can run on short *windows* of units around each place
/// syntax can start (a `[`, or `www.`, `http://`, `https://`), and the texts between are
/// slices of the source. The result is the same inlines with the same ranges;
/// `InlineWindowsTests` compares both paths on generated runs.
///
/// Positions in a run are counted in its bytes, a soft break counting as one.
extension InlineExtensions {
    /// The run with its extension syntax, or nil when some text is not as written (an escape
    /// or entity, no position, or empty) or two texts touch: those take the units path.
    func processByWindows(_ run: [Inline], hasAutolink: Bool) -> [Inline]? {
        var output: [Inline] = []
        return processByWindows(run[...], hasAutolink: hasAutolink, into: &output) ? output : nil
    }

    /// Appends the run with its extension syntax to `output` and returns true, or returns
    /// false having appended nothing when some text is not as written (an escape or entity,
    /// no position, or empty) or two texts touch: those take the units path.
    func processByWindows(_ run: ArraySlice<Inline>, hasAutolink: Bool, into output: inout [Inline]) -> Bool {
        var pieces: [RunPiece] = []
        pieces.reserveCapacity(run.count)
        var total = 0
        for index in run.indices {
            if case .text(let t) = run[index] {
                if let last = pieces.last, !last.isBreak { return false }
                guard let source = verbatimSource(t) else { return false }
                let n = t.string.utf8.count
                pieces.append(RunPiece(isBreak: false, source: source, start: total, end: total + n, index: index))
                total += n
            } else {
                // A soft break: `process` is handed texts and soft breaks only.
                pieces.append(RunPiece(isBreak: true, source: 0, start: total, end: total + 1, index: index))
                total += 1
            }
        }
        return lines.bytes.withUnsafeBufferPointer { bytes in
            var scan = WindowScan(pieces: pieces, bytes: bytes.baseAddress!, total: total)
            let windows = scan.windows(hasAutolink: hasAutolink)
            var cursor = 0
            var pieceCursor = 0
            /// The run's text from `a` to `b` (outside any match), as the units path emits it.
            func emitGap(_ a: Int, _ b: Int) {
                guard a < b else { return }
                while pieces[pieceCursor].end <= a { pieceCursor += 1 }
                var p = pieceCursor
                while p < pieces.count, pieces[p].start < b {
                    let piece = pieces[p]
                    let lo = max(a, piece.start), hi = min(b, piece.end)
                    if piece.isBreak {
                        output.append(.softBreak)
                    } else {
                        let from = piece.source + (lo - piece.start), to = piece.source + (hi - piece.start)
                        var string: String
                        if lo == piece.start, hi == piece.end, case .text(let t) = run[piece.index] {
                            string = t.string
                        } else {
                            string = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
                        }
                        // The range of the first and last scalar, as `range(_:)` of their units.
                        var last = to - 1
                        while last > from, bytes[last] & 0xC0 == 0x80 { last -= 1 }
                        let range = SourceRange(start: lines.position(ofOffset: from), end: lines.position(ofOffset: last))
                        output.append(.text(Text(string: string, range: range)))
                        string = ""
                    }
                    p += 1
                }
            }
            for window in windows {
                let (units, positions) = scan.units(from: window.start, to: window.end)
                var matchScan = MatchScan()
                while let match = nextMatch(in: units, hasAutolink: hasAutolink, scan: &matchScan) {
                    let start = positions[match.start]
                    let end = match.end < positions.count ? positions[match.end] : window.end
                    emitGap(cursor, start)
                    output.append(match.inline)
                    cursor = end
                }
            }
            emitGap(cursor, total)
            return true
        }
    }

    /// Where a text's bytes are in the page, when they are the source's (as `align` finds them).
    private func verbatimSource(_ text: Text) -> Int? {
        guard let start = text.range?.start, let cursor = lines.byteOffset(of: start) else { return nil }
        let bytes = lines.bytes
        let count = text.string.utf8.count
        guard count > 0, cursor + count <= bytes.count else { return nil }
        let same = text.string.utf8.withContiguousStorageIfAvailable { own in
            bytes.withUnsafeBufferPointer { memcmp(own.baseAddress!, $0.baseAddress! + cursor, count) == 0 }
        }
        return same == true ? cursor : nil
    }

    /// Calls `found` with where each `www.`, `http://` and `https://` starts in `bytes`: from
    /// each `.` and `:` (rare bytes, found by `memchr`) rather than from each `w` and `h`.
    static func forEachAutolinkPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ found: (Int) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        let w = UInt8(ascii: "w"), h = UInt8(ascii: "h"), t = UInt8(ascii: "t"), p = UInt8(ascii: "p")
        let s = UInt8(ascii: "s"), slash = UInt8(ascii: "/")
        var i = 0
        while i < n, let hit = memchr(base + i, Int32(UInt8(ascii: ".")), n - i) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if at >= 3, base[at - 3] == w, base[at - 2] == w, base[at - 1] == w { found(at - 3) }
            i = at + 1
        }
        i = 0
        while i < n, let hit = memchr(base + i, Int32(UInt8(ascii: ":")), n - i) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if at + 2 < n, base[at + 1] == slash, base[at + 2] == slash {
                if at >= 4, base[at - 4] == h, base[at - 3] == t, base[at - 2] == t, base[at - 1] == p {
                    found(at - 4)
                } else if at >= 5, base[at - 5] == h, base[at - 4] == t, base[at - 3] == t, base[at - 2] == p, base[at - 1] == s {
                    found(at - 5)
                }
            }
            i = at + 1
        }
    }

    /// `s.firstIndex(of: character)` for an ASCII character: by bytes while the bytes up to
    /// the first such byte are ASCII and the byte after it is too (then that byte is a
    /// `Character` of its own: nothing before it is a prepended mark, nothing after it a
    /// combining one), by `Character`s otherwise. The generic searches cost thousands of
    /// instructions for a wiki link's few characters.
    static func firstIndex(of character: Character, in s: String) -> String.Index? {
        let byte = character.asciiValue!
        let utf8 = s.utf8
        // The byte's offset; -1: not there at all (then no such character either); nil: undecided.
        let offset: Int?? = utf8.withContiguousStorageIfAvailable { buffer -> Int? in
            for i in buffer.indices {
                let b = buffer[i]
                if b >= 0x80 { return nil }
                if b == byte { return i + 1 == buffer.count || buffer[i + 1] < 0x80 ? i : nil }
            }
            return -1
        }
        switch offset {
        case .some(.some(let i)) where i >= 0: return utf8.index(utf8.startIndex, offsetBy: i)
        case .some(.some): return nil
        default: return s.firstIndex(of: character)
        }
    }

    /// Whether `www.`, `http://` or `https://` occurs in `bytes`.
    static func hasAutolinkPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var any = false
        forEachAutolinkPrefix(bytes) { _ in any = true }
        return any
    }
}

/// One inline of a run: a soft break, or a text whose bytes are the source's at `source`.
private struct RunPiece {
    var isBreak: Bool
    /// The text's first byte in the page (`lines.bytes`); unused for a break.
    var source: Int
    /// Where the piece starts in the run, and where it ends (a break is one position).
    var start: Int
    var end: Int
    /// The inline's index in the run (a text's string is reused when it is emitted whole).
    var index: Int
}

/// The windows of a run (see `processByWindows`) and their units.
private struct WindowScan {
    typealias Unit = InlineExtensions.Unit
    let pieces: [RunPiece]
    let bytes: UnsafePointer<UInt8>
    let total: Int

    init(pieces: [RunPiece], bytes: UnsafePointer<UInt8>, total: Int) {
        self.pieces = pieces
        self.bytes = bytes
        self.total = total
    }

    /// The index of the piece holding run position `g` (< total).
    func pieceIndex(_ g: Int) -> Int {
        var lo = 0, hi = pieces.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if pieces[mid].start <= g { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The byte at run position `g` of a text piece.
    func byte(_ piece: RunPiece, _ g: Int) -> UInt8 { bytes[piece.source + (g - piece.start)] }

    /// The first `[` or `]` at or after `g` (a soft break is neither), with the byte.
    func nextBracket(from g: Int) -> (Int, UInt8)? {
        guard g < total else { return nil }
        var p = pieceIndex(g)
        var k = g
        while p < pieces.count {
            let piece = pieces[p]
            if !piece.isBreak {
                while k < piece.end {
                    let b = byte(piece, k)
                    if b == UInt8(ascii: "[") || b == UInt8(ascii: "]") { return (k, b) }
                    k += 1
                }
            }
            p += 1
            if p < pieces.count { k = pieces[p].start }
        }
        return nil
    }

    /// The position after the scalar (or soft break) at `g`.
    func afterScalar(_ g: Int) -> Int {
        guard g < total else { return total }
        let piece = pieces[pieceIndex(g)]
        if piece.isBreak { return g + 1 }
        let lead = byte(piece, g)
        return g + (lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4)
    }

    /// Stretches of the run, in order and apart, that hold every place syntax can start and
    /// all the units its matcher reads: from after the white space before it (so the unit
    /// before a window's first one is white space, a break or nothing, which every matcher
    /// treats alike) to past the `]` that ends any bracket syntax, or the end of an autolink
    /// (white space, `<`, or the end of its text). The matchers read nothing outside them.
    mutating func windows(hasAutolink: Bool) -> [(start: Int, end: Int)] {
        var windows: [(start: Int, end: Int)] = []
        var local: [(offset: Int, bracket: Bool)] = []
        for piece in pieces where !piece.isBreak {
            let count = piece.end - piece.start
            let base = bytes + piece.source
            // The previous candidate's window start and autolink end in this piece: a long
            // word full of candidates is scanned once, not once per candidate.
            var previous: (position: Int, start: Int)?
            var autolinkEnd = -1
            /// Adds the window of the candidate at `offset` in the piece, merged with the last
            /// window when they overlap. Candidates come in order.
            func add(_ offset: Int, bracket: Bool) {
                let c = piece.start + offset
                var start = c
                let floor = previous.map { $0.position + 1 } ?? piece.start
                while start > floor, byte(piece, start - 1) != UInt8(ascii: " "), byte(piece, start - 1) != UInt8(ascii: "\t") {
                    start -= 1
                }
                if start == floor, let previous, floor > piece.start,
                   byte(piece, floor - 1) != UInt8(ascii: " "), byte(piece, floor - 1) != UInt8(ascii: "\t") {
                    start = previous.start
                }
                previous = (c, start)
                var end: Int
                if bracket {
                    // Bracket syntax ends at the first `[` or `]` after its `[` (a wiki
                    // link's second `[` aside), and a wiki link reads the unit after it.
                    end = total
                    if let (j, b) = nextBracket(from: c + 1) {
                        if b == UInt8(ascii: "[") && j == c + 1 {
                            if let (k, _) = nextBracket(from: c + 2) { end = afterScalar(k + 1) }
                        } else {
                            end = afterScalar(j + 1)
                        }
                    }
                } else {
                    if autolinkEnd <= c {
                        autolinkEnd = c
                        while autolinkEnd < piece.end {
                            let b = byte(piece, autolinkEnd)
                            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "<") { break }
                            autolinkEnd += 1
                        }
                    }
                    end = autolinkEnd
                }
                if let last = windows.last, start < last.end {
                    windows[windows.count - 1].end = max(last.end, end)
                } else {
                    windows.append((start, end))
                }
            }
            if hasAutolink {
                // Brackets and autolink prefixes, sorted into one list.
                local.removeAll(keepingCapacity: true)
                var i = 0
                while i < count, let hit = memchr(base + i, Int32(UInt8(ascii: "[")), count - i) {
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    local.append((at, true))
                    i = at + 1
                }
                InlineExtensions.forEachAutolinkPrefix(UnsafeBufferPointer(start: base, count: count)) { local.append(($0, false)) }
                local.sort { $0.offset < $1.offset }
                for candidate in local { add(candidate.offset, bracket: candidate.bracket) }
            } else {
                // Brackets only, already in order: no list to make.
                var i = 0
                while i < count, let hit = memchr(base + i, Int32(UInt8(ascii: "[")), count - i) {
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    add(at, bracket: true)
                    i = at + 1
                }
            }
        }
        return windows
    }

    /// The units of the run from `a` to `b` (scalar boundaries), with each one's run position.
    func units(from a: Int, to b: Int) -> ([Unit], [Int]) {
        var units: [Unit] = []
        var positions: [Int] = []
        units.reserveCapacity(b - a)
        positions.reserveCapacity(b - a)
        var p = pieceIndex(a)
        while p < pieces.count, pieces[p].start < b {
            let piece = pieces[p]
            if piece.isBreak {
                units.append(Unit(scalar: " ", offset: nil, escaped: false, isBreak: true))
                positions.append(piece.start)
            } else {
                var g = max(a, piece.start)
                let hi = min(b, piece.end)
                while g < hi {
                    let o = piece.source + (g - piece.start)
                    let b0 = UInt32(bytes[o])
                    var value = b0
                    var length = 1
                    // Valid UTF-8: the page's bytes come from a Swift string.
                    if b0 >= 0xF0 {
                        length = 4
                        value = (b0 & 0x07) << 18 | (UInt32(bytes[o + 1]) & 0x3F) << 12 | (UInt32(bytes[o + 2]) & 0x3F) << 6 | (UInt32(bytes[o + 3]) & 0x3F)
                    } else if b0 >= 0xE0 {
                        length = 3
                        value = (b0 & 0x0F) << 12 | (UInt32(bytes[o + 1]) & 0x3F) << 6 | (UInt32(bytes[o + 2]) & 0x3F)
                    } else if b0 >= 0xC0 {
                        length = 2
                        value = (b0 & 0x1F) << 6 | (UInt32(bytes[o + 1]) & 0x3F)
                    }
                    units.append(Unit(scalar: Unicode.Scalar(value) ?? " ", offset: o, escaped: false, isBreak: false))
                    positions.append(g)
                    g += length
                }
            }
            p += 1
        }
        return (units, positions)
    }
}
