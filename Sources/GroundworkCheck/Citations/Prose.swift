import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

/// One character of prose with where it came from, for checks that read sentences rather
/// than Markdown nodes (quotations and statistics).
struct ProseCharacter: Sendable {
    /// What a check may do with the character.
    package enum Role: Sendable {
        /// Ordinary text.
        case text
        /// Code or an autolink: part of a quotation's wording, but never a quotation mark
        /// and never a statistic (`` `10000` `` is an identifier, not a claim).
        case literal
        /// A separator standing in for a citation, an image or raw HTML.
        case ignored
    }
    package var character: Character
    package var position: SourcePosition?
    package var role: Role
}

/// A stretch of prose that carries its own citations: a paragraph (also in a list item or a
/// callout), a table cell, or a whole block quotation.
package struct ProseUnit: Sendable {
    package enum Kind: Sendable { case paragraph, tableCell, blockQuote }
    package var kind: Kind
    var characters: [ProseCharacter]
    /// Citations written inside the unit.
    package var citations: [Citation]
    /// Citations that attribute the unit from outside it: the other cells of a table row,
    /// or the paragraph that introduces a block quotation.
    var attributing: [Citation]
    /// Where the unit starts (a block quotation's `>`).
    package var start: SourcePosition
    /// A paragraph inside a block quotation: its wording is checked as part of that
    /// quotation, not as quotations of its own.
    var insideQuotation: Bool

    /// Every citation that applies to the unit.
    var allCitations: [Citation] { citations + attributing }
}

/// Splits a page into prose units.
package enum ProseExtractor {
    /// Visits the page's prose units in document order, one at a time, so that a huge page
    /// never holds all of its characters twice. A paragraph outside a block quotation that
    /// cannot hold a quotation or a statistic (`mayQuoteOrCount`) is skipped, and so is
    /// such a table cell (its citations still source the rest of its row).
    package static func forEachUnit(in document: Document, _ body: (ProseUnit) -> Void) {
        collect(document.blocks, insideQuotation: false, quotationCitations: [], body)
    }

    /// - Parameters:
    ///   - insideQuotation: the blocks belong to a (non-callout) block quotation.
    ///   - quotationCitations: the citations that attribute that quotation, which also
    ///     source the statistics inside it.
    private static func collect(_ blocks: [Block], insideQuotation: Bool, quotationCitations: [Citation],
                                _ body: (ProseUnit) -> Void) {
        // By index: `for block in blocks` copied every block (a retain and a release of a
        // node long out of the cache), and keeping the previous one copied it again.
        for index in blocks.indices {
            switch blocks[index] {
            case .paragraph(let p):
                // A quotation's words are always read (they are compared as a whole); other
                // prose only when it could hold a quotation or a figure: a paragraph that
                // cannot is no unit at all (nothing in it could be reported).
                if !insideQuotation && !mayQuoteOrCount(p.inlines) { continue }
                let (chars, citations) = read(p.inlines, fallback: p.range?.start, always: true)
                body(ProseUnit(kind: .paragraph, characters: chars, citations: citations,
                               attributing: quotationCitations, start: p.range?.start ?? origin,
                               insideQuotation: insideQuotation))
            case .list(let list):
                for item in list.items {
                    collect(item.blocks, insideQuotation: insideQuotation, quotationCitations: quotationCitations, body)
                }
            case .footnoteDefinition(let definition):
                // A footnote is the writer's prose too: its figures need sources like any other.
                collect(definition.blocks, insideQuotation: insideQuotation, quotationCitations: quotationCitations, body)
            case .blockQuote(let quote):
                if quote.callout != nil || insideQuotation {
                    // A callout is the writer's own prose; a quotation nested in a quotation is
                    // part of the outer one.
                    collect(quote.blocks, insideQuotation: insideQuotation, quotationCitations: quotationCitations, body)
                    continue
                }
                // A quotation is attributed by a citation inside it or in the paragraph that
                // introduces it ("As GAO put it [@gao]:").
                var leadIn: [Citation] = []
                if index > 0, case .paragraph(let p) = blocks[index - 1] { leadIn = citations(in: p.inlines) }
                var inner: [ProseUnit] = []
                collect(quote.blocks, insideQuotation: true, quotationCitations: []) { inner.append($0) }
                let own = inner.flatMap(\.citations)
                var chars: [ProseCharacter] = []
                for unit in inner {
                    if !chars.isEmpty { chars.append(ProseCharacter(character: " ", position: nil, role: .ignored)) }
                    chars += unit.characters
                }
                let start = quote.range?.start ?? inner.first?.start ?? origin
                body(ProseUnit(kind: .blockQuote, characters: chars, citations: own, attributing: leadIn,
                               start: start, insideQuotation: false))
                for var unit in inner {
                    unit.attributing += own + leadIn
                    body(unit)
                }
            case .table(let table):
                // Outside a quotation only a cell that may hold a quotation or a figure makes a
                // unit (the rest of its row only lends it citations): a table without one, the
                // usual table, is passed over before any row's cells and citations are gathered.
                if !insideQuotation && !tableSkipDisabled && !anyCellMayQuoteOrCount(table) { continue }
                for row in (table.header.map { [$0] } ?? []) + table.rows {
                    let cells = row.cells.map { cell in
                        (read(cell.inlines, fallback: cell.range?.start, always: insideQuotation), cell.range?.start ?? row.position)
                    }
                    // A table's sources usually sit in their own column: a citation anywhere
                    // in the row sources every cell of it.
                    for (index, cell) in cells.enumerated() {
                        // A cell that cannot hold a quotation or a figure has nothing to report
                        // (its citations still source the other cells). Inside a quotation
                        // every cell is read: its citations attribute the quotation.
                        if cell.0.chars.isEmpty && !insideQuotation { continue }
                        var others: [Citation] = []
                        for (other, neighbour) in cells.enumerated() where other != index { others += neighbour.0.citations }
                        body(ProseUnit(kind: .tableCell, characters: cell.0.chars, citations: cell.0.citations,
                                       attributing: others + quotationCitations, start: cell.1,
                                       insideQuotation: insideQuotation))
                    }
                }
            case .definitionList(let list):
                // A definition is the writer's prose; a term is a label, as a heading is.
                for item in list.items {
                    for definition in item.definitions {
                        collect(definition.blocks, insideQuotation: insideQuotation, quotationCitations: quotationCitations, body)
                    }
                }
            case .heading, .codeBlock, .htmlBlock, .thematicBreak, .tableOfContents:
                break
            }
        }
    }

    /// Set by tests to read every table cell by cell, so that the units found with the skip
    /// above can be compared with the units found without it.
    @TaskLocal package static var tableSkipDisabled = false

    /// Whether some cell of the table, header included, may hold a quotation or a figure.
    private static func anyCellMayQuoteOrCount(_ table: Table) -> Bool {
        if let header = table.header, header.cells.contains(where: { mayQuoteOrCount($0.inlines) }) { return true }
        return table.rows.contains { row in row.cells.contains { mayQuoteOrCount($0.inlines) } }
    }

    /// The citations of some inlines and, when they may matter, their characters.
    private static func read(_ inlines: [Inline], fallback: SourcePosition?, always: Bool)
        -> (chars: [ProseCharacter], citations: [Citation]) {
        guard always || mayQuoteOrCount(inlines) else { return ([], citations(in: inlines)) }
        var chars: [ProseCharacter] = []
        var found: [Citation] = []
        flatten(inlines, fallback: fallback, into: &chars, citations: &found)
        return (chars, found)
    }

    /// The citations among inlines (they never sit inside links).
    package static func citations(in inlines: [Inline]) -> [Citation] {
        var found: [Citation] = []
        for inline in inlines {
            switch inline {
            case .citation(let c): found.append(c)
            case .emphasis(let children), .strong(let children): found += citations(in: children)
            default: break
            }
        }
        return found
    }

    /// Whether text could hold a quotation mark, a digit or a "-fold" word: a byte scan
    /// that lets most paragraphs skip the character-by-character reading.
    static func mayQuoteOrCount(_ inlines: [Inline]) -> Bool {
        func scan(_ text: String) -> Bool { ProseBytes.mayQuoteOrCount(text) }
        for index in inlines.indices {
            switch inlines[index] {
            case .text(let t): if scan(t.string) { return true }
            case .emphasis(let children), .strong(let children), .strikethrough(let children): if mayQuoteOrCount(children) { return true }
            case .link(let link): if mayQuoteOrCount(link.children) { return true }
            case .wikiLink(let wiki): if scan(wiki.label ?? wiki.target) { return true }
            default: break
            }
        }
        return false
    }

    private static let origin = SourcePosition(line: 1, column: 1)

    /// Appends the prose of inlines. Positions of text characters are their own; characters
    /// of other nodes share the node's start.
    static func flatten(_ inlines: [Inline], fallback: SourcePosition?, into chars: inout [ProseCharacter],
                        citations: inout [Citation]) {
        for inline in inlines {
            switch inline {
            case .text(let text):
                append(text.string, range: text.range, fallback: fallback, role: .text, into: &chars)
            case .softBreak, .lineBreak:
                chars.append(ProseCharacter(character: " ", position: nil, role: .text))
            case .code(let code):
                chars.append(ProseCharacter(character: " ", position: nil, role: .ignored))
                append(code.literal, range: nil, fallback: code.range?.start ?? fallback, role: .literal, into: &chars)
                chars.append(ProseCharacter(character: " ", position: nil, role: .ignored))
            case .html, .footnoteReference:
                chars.append(ProseCharacter(character: " ", position: nil, role: .ignored))
            case .emphasis(let children), .strong(let children), .strikethrough(let children):
                flatten(children, fallback: fallback, into: &chars, citations: &citations)
            case .link(let link):
                let text = link.children.plainText
                if text == link.destination || "mailto:" + text == link.destination || "http://" + text == link.destination {
                    // An autolink: its digits are an address, not a claim.
                    append(text, range: nil, fallback: link.range?.start ?? fallback, role: .literal, into: &chars)
                } else {
                    // Link text is prose: a statistic or a quotation there counts.
                    flatten(link.children, fallback: link.range?.start ?? fallback, into: &chars, citations: &citations)
                }
            case .image:
                chars.append(ProseCharacter(character: " ", position: nil, role: .ignored))
            case .attributeList:
                break  // shows nothing: the text reads on as the reader sees it
            case .citation(let citation):
                citations.append(citation)
                chars.append(ProseCharacter(character: " ", position: citation.range?.start, role: .ignored))
            case .wikiLink(let wiki):
                let label = wiki.label ?? (wiki.target.isEmpty ? wiki.fragment ?? "" : wiki.target)
                append(label, range: nil, fallback: wiki.range?.start ?? fallback, role: .text, into: &chars)
            }
        }
    }

    /// Text nodes never span lines (cmark splits them at line breaks), so a character's
    /// column is the node's start column plus its offset. Backslash escapes and entities
    /// make the source longer than the text; positions after one are then approximate.
    private static func append(_ string: String, range: SourceRange?, fallback: SourcePosition?, role: ProseCharacter.Role,
                               into chars: inout [ProseCharacter]) {
        var offset = 0
        for character in string {
            let position: SourcePosition?
            if let start = range?.start {
                position = SourcePosition(line: start.line, column: start.column + offset)
            } else {
                position = fallback
            }
            chars.append(ProseCharacter(character: character, position: position, role: role))
            offset += 1
        }
    }
}

/// The byte scan behind `ProseExtractor.mayQuoteOrCount`: whether UTF-8 text holds `"`, an
/// ASCII digit, the lead byte E2 of the curly quotation marks, or "fold" in any case.
///
/// Every paragraph of a site without figures is read to its end, so this is the citation
/// checks' hottest loop. It tests sixteen positions at a time with `SIMD16<UInt8>` (SSE2 on
/// x86-64): the bytes that settle the answer alone (`"`, digits, E2), and "ld" two bytes on;
/// only a block where "ld" follows some position also compares the first two bytes with `f`
/// and `o`. Was (issue 21): `strcspn` stopping at `"`, the digits, E2, `f` and `F`, which on
/// prose stopped at every `f` (one 16-byte block in four) and paid the call's set-up again
/// each time. Counted in instructions the two are alike (~2.5 a byte: SSE4.2's `pcmpistri`
/// does much in one instruction), but `pcmpistri` is slow and the stops are branchy: on the
/// prose of the 1,000-page corpus this loop takes about half the CPU time (BENCHMARKS.md,
/// perfbody7).
///
/// The vector code depends on how the compiler sees it: the constants are `let`s made from
/// `SIMD16(repeating:)` of a typed literal, and the lanes are tested through two `UInt64`
/// (`any(_:)` on a mask became a call and a reduction). Written otherwise (constants inferred
/// inside the comparisons), the same code compiled to a loop over the sixteen lanes.
package enum ProseBytes {
    /// Whether `text` may hold a quotation mark, a digit or a "-fold" word.
    package static func mayQuoteOrCount(_ text: String) -> Bool {
        if let answer = text.utf8.withContiguousStorageIfAvailable({ scan($0) }) { return answer }
        return Array(text.utf8).withUnsafeBufferPointer { scan($0) }
    }

    /// `mayQuoteOrCount` over bytes.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        // A block reads three bytes past its sixteen positions (the rest of a "fold").
        guard count >= blockReach else { return scanByteByByte(base, count: count) }
        let raw = UnsafeRawPointer(base)
        var start = 0
        while start &+ blockReach <= count {
            if block(raw + start) { return true }
            start &+= 16
        }
        // The positions left, but for the last three, with one more block ending where the
        // text ends: it reads some bytes a second time, which changes no answer.
        if start < count - 3, block(raw + (count - blockReach)) { return true }
        // A "fold" cannot start in the last three bytes: only the bytes that count alone.
        return countsAlone(base[count - 3]) || countsAlone(base[count - 2]) || countsAlone(base[count - 1])
    }

    /// The bytes a block reads: sixteen positions and the three bytes after the last one.
    private static var blockReach: Int { 19 }

    /// Whether any of the sixteen positions from `raw` holds a byte that counts alone or starts
    /// "fold" (any case). Reads 19 bytes.
    @inline(__always)
    private static func block(_ raw: UnsafeRawPointer) -> Bool {
        let caseBit = SIMD16<UInt8>(repeating: 0x20)
        let quote = SIMD16<UInt8>(repeating: 0x22)
        let e2 = SIMD16<UInt8>(repeating: 0xE2)
        let zero = SIMD16<UInt8>(repeating: 0x30)
        let ten = SIMD16<UInt8>(repeating: 10)
        let f = SIMD16<UInt8>(repeating: 0x66)
        let o = SIMD16<UInt8>(repeating: 0x6F)
        let l = SIMD16<UInt8>(repeating: 0x6C)
        let d = SIMD16<UInt8>(repeating: 0x64)
        let bytes = raw.loadUnaligned(as: SIMD16<UInt8>.self)
        // `byte - 0x30 < 10` wraps for bytes below `0`: one unsigned test for the digits.
        let alone = (bytes .== quote) .| (bytes .== e2) .| ((bytes &- zero) .< ten)
        // Setting 0x20 maps only `L` to `l`, `D` to `d`, and so on: a compare in any case.
        // "ld" first: it is rarer in prose than an `f` (one block in a thousand on the
        // benchmark corpus, against one in four for `f`), so most blocks end here.
        let thenLD = ((raw.loadUnaligned(fromByteOffset: 2, as: SIMD16<UInt8>.self) | caseBit) .== l)
            .& ((raw.loadUnaligned(fromByteOffset: 3, as: SIMD16<UInt8>.self) | caseBit) .== d)
        let either = unsafeBitCast(alone .| thenLD, to: SIMD2<UInt64>.self)
        if either[0] | either[1] == 0 { return false }
        let fold = thenLD .& ((bytes | caseBit) .== f)
            .& ((raw.loadUnaligned(fromByteOffset: 1, as: SIMD16<UInt8>.self) | caseBit) .== o)
        let found = unsafeBitCast(alone .| fold, to: SIMD2<UInt64>.self)
        return found[0] | found[1] != 0
    }

    /// Whether the byte is `"`, a digit or E2: any of them answers yes wherever it is.
    @inline(__always)
    private static func countsAlone(_ byte: UInt8) -> Bool {
        byte == 0x22 || byte &- 0x30 < 10 || byte == 0xE2
    }

    /// Texts too short for one block (a few words between two links).
    private static func scanByteByByte(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        var k = 0
        while k < count {
            let byte = base[k]
            if countsAlone(byte) { return true }
            if byte | 0x20 == 0x66, count - k >= 4, base[k + 1] | 0x20 == 0x6F, base[k + 2] | 0x20 == 0x6C,
               base[k + 3] | 0x20 == 0x64 {
                return true
            }
            k += 1
        }
        return false
    }

    /// The answer `mayQuoteOrCount` must give, one byte at a time (the reference the tests
    /// hold the fast scan to).
    package static func mayQuoteOrCountByteByByte(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in buffer.indices.contains { matters(at: $0, in: buffer) } }
    }

    /// Whether the byte at `k` is `"`, a digit, E2, or the `d` of "fold" (any case).
    private static func matters(at k: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let byte = bytes[k]
        if byte == 0x22 || (byte >= 0x30 && byte <= 0x39) || byte == 0xE2 { return true }
        return byte | 0x20 == 0x64 && k >= 3
            && bytes[k - 3] | 0x20 == 0x66 && bytes[k - 2] | 0x20 == 0x6F && bytes[k - 1] | 0x20 == 0x6C
    }
}

