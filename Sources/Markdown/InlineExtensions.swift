#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds Groundwork's inline syntax — citations and wiki links — and the GFM inline
/// extensions cmark 0.30 lacks (footnote references, extended autolinks, strikethrough)
/// inside cmark's text nodes.
///
/// cmark resolves backslash escapes and entities before we see the text, so every candidate
/// is aligned back to the source bytes: a bracket that was written `\[` or as an entity is
/// text, not syntax. A citation may continue across a soft line break.
struct InlineExtensions {
    let lines: LineTable
    /// What the page's bytes rule out (PageHints.swift): passes that cannot find anything are skipped.
    let hints: PageHints

    init(lines: LineTable, hints: PageHints = .none) {
        self.lines = lines
        self.hints = hints
    }

    /// The inlines with the extension syntax found in their texts.
    /// - Parameter bracketOrEmphasis: whether some text of `inlines` holds a `[` or an
    ///   emphasis is among them, when the caller already knows (the tree builder notes it as
    ///   it adds them); nil to look.
    /// The array is taken (`consuming`), so that one without syntax can be handed back as it is.
    func apply(_ inlines: consuming [Inline], bracketOrEmphasis: Bool? = nil) -> [Inline] {
        // Most inline lists (list items, headings, plain paragraphs) hold no syntax for this
        // pass: they are passed on as they are, without being copied run by run.
        let mayHoldSyntax: Bool
        if let bracketOrEmphasis, bracketOrEmphasis || !hints.mayHoldAutolink {
            // Without autolinks on the page, this is what `mayHoldSyntax` would answer.
            mayHoldSyntax = bracketOrEmphasis
        } else {
            mayHoldSyntax = Self.mayHoldSyntax(inlines, autolinks: hints.mayHoldAutolink)
        }
        let processed = mayHoldSyntax ? applyRuns(inlines) : inlines
        let struck = hints.mayHoldTilde ? Strikethrough(lines: lines, align: align).apply(processed) : processed
        return hints.mayHoldAttributes ? BlockAttributes.extractInline(struck) : struck
    }

    /// Whether `applyRuns` could change anything: some text holds a `[` or may hold an
    /// autolink (else `process(run:)` returns every run as it is), or there is emphasis to
    /// look into.
    ///
    /// The tree builder answers the `[` and emphasis part of this as it adds a paragraph's
    /// inlines (`Frame.mayHoldBracketOrEmphasis` in MarkdownParser.swift, passed to `apply`):
    /// syntax that can start with another byte must be noted there too.
    /// - Parameter autolinks: false when the page cannot hold an autolink (`PageHints`).
    static func mayHoldSyntax(_ inlines: [Inline], autolinks: Bool = true) -> Bool {
        for inline in inlines {
            switch inline {
            case .text(let t):
                if ByteSearch.contains(t.string, byte: UInt8(ascii: "[")) || (autolinks && mayHoldAutolink(t.string)) { return true }
            case .emphasis, .strong:
                return true
            default:
                continue
            }
        }
        return false
    }

    /// The inlines with the extension syntax of each run of texts and soft breaks found, and
    /// emphasis looked into. Each run is read where it is (a slice of `inlines`) and its
    /// result written straight into the one output array: no array per run, and no copy of
    /// a run's result into the output (issue 21).
    private func applyRuns(_ inlines: [Inline]) -> [Inline] {
        var output: [Inline] = []
        // One more than the input: a paragraph ending in a citation becomes a text and the
        // citation, without a second allocation.
        output.reserveCapacity(inlines.count + 1)
        var runStart = inlines.startIndex
        for index in inlines.indices {
            switch inlines[index] {
            case .text, .softBreak:
                continue
            case .emphasis(let children):
                process(run: inlines[runStart..<index], into: &output)
                output.append(.emphasis(apply(children)))
            case .strong(let children):
                process(run: inlines[runStart..<index], into: &output)
                output.append(.strong(apply(children)))
            default:
                process(run: inlines[runStart..<index], into: &output)
                output.append(inlines[index])
            }
            runStart = index + 1
        }
        process(run: inlines[runStart...], into: &output)
        return output
    }

    /// One unit of a text run: a Unicode scalar with its source byte offset, or a soft break.
    struct Unit {
        var scalar: Unicode.Scalar
        var offset: Int?
        var escaped: Bool
        var isBreak: Bool
    }

    /// Appends `run` (texts and soft breaks) to `output` with its extension syntax found.
    private func process(run: ArraySlice<Inline>, into output: inout [Inline]) {
        if run.isEmpty { return }
        let hasBracket = run.contains { inline in
            guard case .text(let t) = inline else { return false }
            // memchr over the contiguous bytes: this runs for every text run of every page.
            return ByteSearch.contains(t.string, byte: UInt8(ascii: "["))
        }
        let hasAutolink = hints.mayHoldAutolink && run.contains { inline in
            guard case .text(let t) = inline else { return false }
            return Self.mayHoldAutolink(t.string)
        }
        guard hasBracket || hasAutolink else {
            output.append(contentsOf: run)
            return
        }
        // Most runs are text as written (no escape or entity): only the stretches around a
        // `[` or an autolink prefix are turned into units (InlineWindows.swift).
        if !processByWindows(run, hasAutolink: hasAutolink, into: &output) {
            output.append(contentsOf: processByUnits(Array(run), hasAutolink: hasAutolink))
        }
    }

    /// The run with its extension syntax, every text turned into units (any text: escapes and
    /// entities are marked, positions may be missing).
    func processByUnits(_ run: [Inline], hasAutolink: Bool) -> [Inline] {
        var units: [Unit] = []
        for inline in run {
            switch inline {
            case .text(let t): units.append(contentsOf: align(t))
            default: units.append(Unit(scalar: " ", offset: nil, escaped: false, isBreak: true))
            }
        }

        var output: [Inline] = []
        // The units not yet emitted: always `units[pendingStart..<i]`, a slice, not a copy.
        var pendingStart = 0
        func emitText(upTo end: Int) {
            var current: ArraySlice<Unit> = units[pendingStart..<pendingStart]
            func emitCurrent() {
                guard !current.isEmpty else { return }
                // The scalars as UTF-8 bytes: the same string, without the scalar view's appends.
                var bytes: [UInt8] = []
                bytes.reserveCapacity(current.count)
                for unit in current {
                    if unit.scalar.isASCII { bytes.append(UInt8(truncatingIfNeeded: unit.scalar.value)) } else { bytes.append(contentsOf: unit.scalar.utf8) }
                }
                output.append(.text(Text(string: String(decoding: bytes, as: UTF8.self), range: range(current))))
            }
            var k = pendingStart
            while k < end {
                if units[k].isBreak {
                    emitCurrent()
                    output.append(.softBreak)
                    current = units[(k + 1)..<(k + 1)]
                } else {
                    current = units[current.startIndex...k]
                }
                k += 1
            }
            emitCurrent()
            pendingStart = end
        }
        for match in matches(in: units, hasAutolink: hasAutolink) {
            emitText(upTo: match.start)
            output.append(match.inline)
            pendingStart = match.end
        }
        emitText(upTo: units.count)
        return output
    }

    /// A piece of syntax found in a run's units: it replaces `units[start..<end]`.
    struct Match {
        var start: Int
        var end: Int
        var inline: Inline
    }

    /// The extension syntax in `units`, left to right, none overlapping.
    func matches(in units: [Unit], hasAutolink: Bool) -> [Match] {
        var found: [Match] = []
        var scan = MatchScan()
        while let match = nextMatch(in: units, hasAutolink: hasAutolink, scan: &scan) { found.append(match) }
        return found
    }

    /// Where `nextMatch` is in a run's units.
    struct MatchScan {
        /// The next unit to look at.
        var i = 0
        /// Where the text not yet taken by a match starts (an embed's `!` must be in it).
        var pendingStart = 0
    }

    /// The next piece of extension syntax in `units` from `scan`, moving `scan` past it; nil
    /// when there is none. `matches(in:hasAutolink:)` without an array: the windows path asks
    /// for the matches of every window of every paragraph holding a `[`.
    func nextMatch(in units: [Unit], hasAutolink: Bool, scan: inout MatchScan) -> Match? {
        var i = scan.i
        defer { scan.i = i }
        while i < units.count {
            let unit = units[i]
            if hasAutolink, unit.scalar == "w" || unit.scalar == "h", !unit.isBreak,
               let (link, end) = matchAutolink(units, at: i) {
                let match = Match(start: i, end: end, inline: .link(link))
                i = end
                scan.pendingStart = end
                return match
            }
            if unit.scalar == "[", !unit.escaped, !unit.isBreak {
                if let (reference, end) = matchFootnoteReference(units, at: i) {
                    let match = Match(start: i, end: end, inline: .footnoteReference(reference))
                    i = end
                    scan.pendingStart = end
                    return match
                }
                if let (wikiLink, end) = matchWikiLink(units, at: i) {
                    var wiki = wikiLink
                    var start = i
                    // `![[target]]`: an Obsidian embed, the `!` part of it (never a stray `!`).
                    let bang = i - 1
                    if bang >= scan.pendingStart, units[bang].scalar == "!", !units[bang].escaped, !units[bang].isBreak {
                        wiki.isEmbed = true
                        wiki.raw = "!" + wiki.raw
                        if let r = wiki.range, let offset = units[bang].offset {
                            wiki.range = SourceRange(start: lines.position(ofOffset: offset), end: r.end)
                        }
                        start = bang
                    }
                    let match = Match(start: start, end: end, inline: .wikiLink(wiki))
                    i = end
                    scan.pendingStart = end
                    return match
                }
                if let (citation, end) = matchCitation(units, at: i) {
                    let match = Match(start: i, end: end, inline: .citation(citation))
                    i = end
                    scan.pendingStart = end
                    return match
                }
            }
            i += 1
        }
        return nil
    }

    private func range(_ units: ArraySlice<Unit>) -> SourceRange? {
        guard let first = units.first(where: { $0.offset != nil })?.offset,
              let last = units.last(where: { $0.offset != nil })?.offset else { return nil }
        return SourceRange(start: lines.position(ofOffset: first), end: lines.position(ofOffset: last))
    }

    private func range(_ units: [Unit]) -> SourceRange? { range(units[...]) }

    func string(_ units: ArraySlice<Unit>) -> String {
        // As UTF-8 bytes written straight into the string's storage: the same string, without
        // the scalar view's appends or a temporary byte array (keys, labels and raw texts of
        // every citation and wiki link are made here).
        var count = 0
        for u in units { count += u.isBreak ? 1 : u.scalar.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var i = 0
            for u in units {
                let scalar: Unicode.Scalar = u.isBreak ? " " : u.scalar
                if scalar.isASCII {
                    buffer[i] = UInt8(truncatingIfNeeded: scalar.value)
                    i += 1
                } else {
                    for byte in scalar.utf8 { buffer[i] = byte; i += 1 }
                }
            }
            return i
        }
    }

    /// `[^label]`: no white space or brackets in the label.
    func matchFootnoteReference(_ units: [Unit], at start: Int) -> (FootnoteReference, Int)? {
        guard start + 2 < units.count, units[start + 1].scalar == "^", !units[start + 1].isBreak else { return nil }
        var j = start + 2
        while j < units.count {
            let u = units[j]
            if u.isBreak || u.scalar == " " || u.scalar == "\t" || u.scalar == "[" { return nil }
            if u.scalar == "]", !u.escaped { break }
            j += 1
        }
        guard j < units.count, j > start + 2 else { return nil }
        let label = string(units[(start + 2)..<j])
        return (FootnoteReference(label: label, range: range(units[start...j])), j + 1)
    }

    /// Whether a text may hold a GFM extended autolink (`www.`, `http://`, `https://`).
    static func mayHoldAutolink(_ s: String) -> Bool {
        guard ByteSearch.contains(s, byte: UInt8(ascii: ".")) else { return false }
        let u = s.utf8
        // Bytes first: Foundation's `contains` is a locale-aware search of ~50,000
        // instructions a call, a third of a 1,000-page build (issue 21). It finds an ASCII
        // needle only where the needle's bytes are, so without them it finds nothing; in an
        // ASCII text it finds exactly those; any other text still asks Foundation.
        // One pass from each `.` and `:` (InlineWindows.swift), not three from each `w` and `h`.
        guard u.withContiguousStorageIfAvailable(Self.hasAutolinkPrefix)
                ?? (Self.containsBytes(u, "www.") || Self.containsBytes(u, "http://") || Self.containsBytes(u, "https://")) else {
            return false
        }
        if u.allSatisfy({ $0 < 0x80 }) { return true }
        return s.contains("www.") || s.contains("http://") || s.contains("https://")
    }

    /// Whether the bytes of `needle` occur, in order and adjacent, in `haystack` (`memmem`).
    static func containsBytes(_ haystack: String.UTF8View, _ needle: StaticString) -> Bool {
        ByteSearch.contains(haystack, needle)
    }

    /// A GFM extended autolink starting at `start`: `www.` or `http(s)://`, a valid domain,
    /// then anything up to white space or `<`, without trailing punctuation, an unbalanced
    /// `)` or an entity-like `&name;` at its end.
    func matchAutolink(_ units: [Unit], at start: Int) -> (Link, Int)? {
        // Only at the start of the text, after white space or after `*`, `_`, `~`, `(`.
        if start > 0 {
            let p = units[start - 1]
            guard p.isBreak || p.scalar == " " || p.scalar == "\t" || "*_~(".unicodeScalars.contains(p.scalar) else { return nil }
        }
        func has(_ prefix: String, at i: Int) -> Bool {
            var k = i
            for s in prefix.unicodeScalars {
                guard k < units.count, !units[k].isBreak, units[k].scalar == s else { return false }
                k += 1
            }
            return true
        }
        var domainStart: Int
        let isWWW: Bool
        if has("www.", at: start) { domainStart = start; isWWW = true }
        else if has("https://", at: start) { domainStart = start + 8; isWWW = false }
        else if has("http://", at: start) { domainStart = start + 7; isWWW = false }
        else { return nil }
        // The domain: segments of letters, digits, `_` and `-` separated by periods.
        var j = domainStart
        while j < units.count, !units[j].isBreak {
            let s = units[j].scalar
            guard s == "." || s == "-" || s == "_" || s.properties.isAlphabetic || (s.value >= 0x30 && s.value <= 0x39) else { break }
            j += 1
        }
        let domain = string(units[domainStart..<j])
        let segments = domain.split(separator: ".", omittingEmptySubsequences: false)
        // A trailing period ends the sentence, not the domain.
        var trimmedSegments = segments
        while trimmedSegments.count > 1, trimmedSegments.last?.isEmpty == true { trimmedSegments.removeLast() }
        guard !domain.isEmpty, trimmedSegments.allSatisfy({ !$0.isEmpty }) else { return nil }
        if isWWW, trimmedSegments.count < 2 { return nil }
        if trimmedSegments.suffix(2).contains(where: { $0.contains("_") }) { return nil }
        // The rest: up to white space or `<`.
        var end = j
        while end < units.count, !units[end].isBreak, units[end].scalar != " ", units[end].scalar != "\t", units[end].scalar != "<" {
            end += 1
        }
        // Trailing punctuation, unbalanced `)` and entity-like references are not part of it.
        // Parentheses are counted once and kept up to date as the end moves back.
        var open = 0, close = 0
        for u in units[start..<end] { if u.scalar == "(" { open += 1 } else if u.scalar == ")" { close += 1 } }
        while end > domainStart {
            let last = units[end - 1].scalar
            if "?!.,:*_~'\"".unicodeScalars.contains(last) {
                end -= 1
            } else if last == ")" {
                guard close > open else { break }
                close -= 1
                end -= 1
            } else if last == ";" {
                var k = end - 2
                while k > start, units[k].scalar.properties.isAlphabetic || (units[k].scalar.value >= 0x30 && units[k].scalar.value <= 0x39) { k -= 1 }
                guard k < end - 2, units[k].scalar == "&" else { break }
                end = k
            } else {
                break
            }
        }
        guard end > domainStart else { return nil }
        let text = string(units[start..<end])
        // The domain must survive the trimming (`www.` alone is not a link).
        if isWWW, !text.dropFirst(4).contains(".") && text.count <= 4 { return nil }
        let textRange = range(units[start..<end])
        let destination = isWWW ? "http://" + text : text
        let link = Link(destination: destination, title: "", children: [.text(Text(string: text, range: textRange))], range: textRange)
        return (link, end)
    }

    /// `[[target#fragment|label]]` on one line or across soft breaks; no brackets inside.
    func matchWikiLink(_ units: [Unit], at start: Int) -> (WikiLink, Int)? {
        guard start + 1 < units.count, units[start + 1].scalar == "[", !units[start + 1].escaped else { return nil }
        var j = start + 2
        while j + 1 < units.count {
            let s = units[j].scalar
            if s == "[" { return nil }
            if s == "]" {
                guard units[j + 1].scalar == "]" else { return nil }
                let inner = string(units[(start + 2)..<j])
                guard !inner.trimmingSpaces().isEmpty else { return nil }
                var targetPart = inner
                var label: String?
                if let bar = Self.firstIndex(of: "|", in: inner) {
                    targetPart = String(inner[..<bar])
                    label = String(inner[inner.index(after: bar)...]).trimmingSpaces()
                    if label?.isEmpty == true { label = nil }
                }
                var target = targetPart
                var fragment: String?
                if let hash = Self.firstIndex(of: "#", in: targetPart) {
                    target = String(targetPart[..<hash])
                    fragment = String(targetPart[targetPart.index(after: hash)...]).trimmingSpaces()
                }
                let raw = string(units[start...(j + 1)])
                let link = WikiLink(
                    target: target.trimmingSpaces(), fragment: fragment, label: label, raw: raw,
                    range: range(units[start...(j + 1)]))
                return (link, j + 2)
            }
            j += 1
        }
        return nil
    }

    /// `[@key]`, `[@key, p. 4]`, `[@a; @b]`, `[see @key]`.
    func matchCitation(_ units: [Unit], at start: Int) -> (Citation, Int)? {
        var j = start + 1
        var sawAt = false
        while j < units.count {
            let s = units[j].scalar
            if s == "[" { return nil }
            if s == "@" { sawAt = true }
            if s == "]" { break }
            j += 1
        }
        guard sawAt, j < units.count else { return nil }
        // `[@key](url)` would have been a link; `[@key][ref]` too. Text followed by `(` stays text.
        // The items between `;`s, as slices of `units` (no copy of the bracket's units).
        var items: [Citation.Item] = []
        var itemStart = start + 1
        var k = start + 1
        while k <= j {
            if k == j || units[k].scalar == ";" {
                guard let item = parseItem(units[itemStart..<k]) else { return nil }
                items.append(item)
                itemStart = k + 1
            }
            k += 1
        }
        guard !items.isEmpty else { return nil }
        let citation = Citation(items: items, raw: string(units[start...j]), range: range(units[start...j]))
        return (citation, j + 1)
    }

    private static func isKeyStart(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            // ASCII letters are the only alphabetic ASCII scalars.
            let v = s.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) || v == 0x5F
        }
        return s.properties.isAlphabetic
    }

    private static func isKeyInner(_ s: Unicode.Scalar) -> Bool {
        if isKeyStart(s) { return true }
        switch s {
        case ":", ".", "#", "$", "%", "&", "-", "+", "?", "<", ">", "~", "/": return true
        default: return false
        }
    }

    private func parseItem(_ units: ArraySlice<Unit>) -> Citation.Item? {
        // Find an `@` at the start or after white space.
        var at: Int?
        var previous: Unicode.Scalar = " "
        for index in units.indices {
            let s = units[index].scalar
            if s == "@", !units[index].isBreak, previous == " " || previous == "\t" {
                at = index
                break
            }
            previous = units[index].isBreak ? " " : s
        }
        guard let at, at + 1 < units.endIndex, Self.isKeyStart(units[at + 1].scalar) else { return nil }
        var end = at + 1
        while end < units.endIndex, Self.isKeyInner(units[end].scalar), !units[end].isBreak { end += 1 }
        // Trailing punctuation belongs to the sentence, not the key.
        while end > at + 2, ".:".unicodeScalars.contains(units[end - 1].scalar) { end -= 1 }
        let key = string(units[(at + 1)..<end])
        // Nothing after the key (`[@key]`, the usual citation): no locator to make.
        var locator = end == units.endIndex ? "" : string(units[end..<units.endIndex]).trimmingSpaces()
        if locator.hasPrefix(",") { locator = String(locator.dropFirst()).trimmingSpaces() }
        let position = units[at].offset.map { lines.position(ofOffset: $0) }
        return Citation.Item(key: key, locator: locator, position: position)
    }

    /// Aligns a text node's scalars to source bytes, marking those written as escapes or entities.
    func align(_ text: Text) -> [Unit] {
        let scalars = Array(text.string.unicodeScalars)
        guard let start = text.range?.start, var cursor = lines.byteOffset(of: start) else {
            return scalars.map { Unit(scalar: $0, offset: nil, escaped: false, isBreak: false) }
        }
        let bytes = lines.bytes
        var units: [Unit] = []
        units.reserveCapacity(scalars.count)
        // The text as it is written (no escape or entity in it): every scalar at the next bytes,
        // as the loop below would find them one by one.
        let utf8Count = text.string.utf8.count
        if cursor + utf8Count <= bytes.count,
           text.string.utf8.withContiguousStorageIfAvailable({ own in
               bytes.withUnsafeBufferPointer { memcmp(own.baseAddress!, $0.baseAddress! + cursor, utf8Count) == 0 }
           }) == true, utf8Count > 0 {
            for scalar in scalars {
                units.append(Unit(scalar: scalar, offset: cursor, escaped: false, isBreak: false))
                cursor += scalar.utf8.count
            }
            return units
        }
        func hasPrefix(_ utf8: Unicode.Scalar.UTF8View, at offset: Int) -> Bool {
            guard offset + utf8.count <= bytes.count else { return false }
            for (n, b) in utf8.enumerated() where bytes[offset + n] != b { return false }
            return true
        }
        for scalar in scalars {
            // The scalar's own UTF-8 view: no String or Array per scalar.
            let utf8 = scalar.utf8
            if hasPrefix(utf8, at: cursor) {
                units.append(Unit(scalar: scalar, offset: cursor, escaped: false, isBreak: false))
                cursor += utf8.count
            } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\\"), hasPrefix(utf8, at: cursor + 1) {
                units.append(Unit(scalar: scalar, offset: cursor, escaped: true, isBreak: false))
                cursor += 1 + utf8.count
            } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "&"),
                let semicolon = bytes[cursor..<min(cursor + 40, bytes.count)].firstIndex(of: UInt8(ascii: ";")) {
                units.append(Unit(scalar: scalar, offset: cursor, escaped: true, isBreak: false))
                cursor = semicolon + 1
            } else {
                units.append(Unit(scalar: scalar, offset: min(cursor, max(bytes.count - 1, 0)), escaped: false, isBreak: false))
                cursor += 1
            }
        }
        return units
    }
}
