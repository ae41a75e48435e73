/// GFM strikethrough over one level of inlines: a run of one or two `~` that can open (left-
/// flanking) pairs with the nearest later run of the same length that can close (right-
/// flanking), and what lies between becomes `.strikethrough`. Runs of three or more are text.
///
/// It works on the inline list, not on one text node, so `~~a *b* c~~` spans the emphasis.
/// Whether a `~` was escaped (`\~`) and what stands beside a run are read from the source.
struct Strikethrough {
    let lines: LineTable
    let align: (Text) -> [InlineExtensions.Unit]

    private enum Token {
        case inline(Inline)
        /// A tilde run: its text (for when it stays text), range, length, and flanking.
        case run(Text, length: Int, canOpen: Bool, canClose: Bool)
    }

    func apply(_ inlines: [Inline]) -> [Inline] {
        let hasTilde = inlines.contains { inline in
            if case .text(let t) = inline { return ByteSearch.contains(t.string, byte: UInt8(ascii: "~")) }
            return false
        }
        guard hasTilde else { return inlines }

        var tokens: [Token] = []
        for (index, inline) in inlines.enumerated() {
            guard case .text(let text) = inline, ByteSearch.contains(text.string, byte: UInt8(ascii: "~")) else {
                tokens.append(.inline(inline))
                continue
            }
            tokenize(text, atStart: index == 0 || inlines[index - 1].isBreak,
                     atEnd: index == inlines.count - 1 || inlines[index + 1].isBreak, into: &tokens)
        }

        // Pair closers with openers of the same length (a stack, as for emphasis).
        // One stack per run length, so a closer finds its opener at once (a single stack
        // searched backwards is quadratic on hostile input); pairing drops the openers of
        // the other length that lie between the two, as they can no longer close.
        var partner: [Int: Int] = [:]
        var openers: [[Int]] = [[], []]
        for (i, token) in tokens.enumerated() {
            guard case .run(_, let length, let canOpen, let canClose) = token else { continue }
            if canClose, let opener = openers[length - 1].last {
                partner[opener] = i
                openers[length - 1].removeLast()
                while let top = openers[2 - length].last, top > opener { openers[2 - length].removeLast() }
                continue
            }
            if canOpen { openers[length - 1].append(i) }
        }
        guard !partner.isEmpty else { return inlines }

        func build(_ range: Range<Int>) -> [Inline] {
            var out: [Inline] = []
            var i = range.lowerBound
            while i < range.upperBound {
                switch tokens[i] {
                case .inline(let inline):
                    out.append(inline)
                    i += 1
                case .run(let text, _, _, _):
                    if let close = partner[i], close < range.upperBound {
                        out.append(.strikethrough(build((i + 1)..<close)))
                        i = close + 1
                    } else {
                        out.append(.text(text))
                        i += 1
                    }
                }
            }
            return Self.mergeTexts(out)
        }
        return build(0..<tokens.count)
    }

    /// Splits a text node into text pieces and tilde runs, with their source ranges.
    private func tokenize(_ text: Text, atStart: Bool, atEnd: Bool, into tokens: inout [Token]) {
        let units = align(text)
        var pieceStart = 0
        var i = 0
        func piece(_ r: Range<Int>) -> Text {
            var s = String.UnicodeScalarView()
            for u in units[r] { s.append(u.scalar) }
            let offsets = units[r].compactMap(\.offset)
            let range = offsets.first.map { SourceRange(start: lines.position(ofOffset: $0), end: lines.position(ofOffset: offsets.last!)) }
            return Text(string: String(s), range: range)
        }
        while i < units.count {
            guard units[i].scalar == "~", !units[i].escaped else { i += 1; continue }
            var j = i
            while j < units.count, units[j].scalar == "~", !units[j].escaped { j += 1 }
            let length = j - i
            if length <= 2 {
                let before: Unicode.Scalar? = i > 0 ? units[i - 1].scalar : (atStart ? nil : neighbour(units[i].offset, -1))
                let after: Unicode.Scalar? = j < units.count ? units[j].scalar : (atEnd ? nil : neighbour(units[j - 1].offset, +1))
                let beforeSpace = before.map(Self.isSpace) ?? true, afterSpace = after.map(Self.isSpace) ?? true
                let beforePunct = before.map(Self.isPunctuation) ?? false, afterPunct = after.map(Self.isPunctuation) ?? false
                let left = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
                let right = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
                if pieceStart < i { tokens.append(.inline(.text(piece(pieceStart..<i)))) }
                tokens.append(.run(piece(i..<j), length: length, canOpen: left, canClose: right))
                pieceStart = j
            }
            i = j
        }
        if pieceStart < units.count { tokens.append(.inline(.text(piece(pieceStart..<units.count)))) }
    }

    /// The source character beside a byte offset (before: -1, after: +1), when it is ASCII;
    /// a non-ASCII neighbour counts as a letter.
    private func neighbour(_ offset: Int?, _ direction: Int) -> Unicode.Scalar? {
        guard let offset else { return "a" }
        let k = offset + direction
        guard k >= 0, k < lines.bytes.count else { return nil }
        let b = lines.bytes[k]
        if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { return " " }
        return b < 0x80 ? Unicode.Scalar(b) : "a"
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(s) }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// Adjacent text nodes joined again, so later passes see one run.
    static func mergeTexts(_ inlines: [Inline]) -> [Inline] {
        var out: [Inline] = []
        for inline in inlines {
            if case .text(let t) = inline, case .text(var previous)? = out.last {
                previous.string += t.string
                if let s = previous.range?.start ?? t.range?.start, let e = t.range?.end ?? previous.range?.end {
                    previous.range = SourceRange(start: s, end: e)
                }
                out[out.count - 1] = .text(previous)
            } else {
                out.append(inline)
            }
        }
        return out
    }
}

extension Inline {
    var isBreak: Bool {
        switch self {
        case .softBreak, .lineBreak: return true
        default: return false
        }
    }
}
