import XCTest
import TestSupport
@testable import Markdown

/// Issue 21 (perftree5): `InlineExtensions.apply` reads each run of texts and soft breaks as a
/// slice of its paragraph's inlines and writes the result straight into one output array
/// (`applyRuns`, `process(run:into:)`, `processByWindows(_:hasAutolink:into:)`), taking the
/// matches one at a time (`nextMatch`). The result must be what the earlier way gave: each
/// run copied out, its syntax found on units (`processByUnits`, every scalar a unit), and
/// the results concatenated. `reference` below is that earlier way.
final class InlinePipelineTests: XCTestCase {
    /// The earlier `apply`: runs of texts and soft breaks copied out one by one and sent to the
    /// units path when a text holds a `[` or may hold an autolink, emphasis looked into.
    private func reference(_ extensions: InlineExtensions, _ inlines: [Inline]) -> [Inline] {
        var processed = inlines
        if InlineExtensions.mayHoldSyntax(inlines, autolinks: extensions.hints.mayHoldAutolink) {
            var output: [Inline] = []
            var run: [Inline] = []
            func flush() {
                if run.isEmpty { return }
                let hasBracket = run.contains { if case .text(let t) = $0 { ByteSearch.contains(t.string, byte: UInt8(ascii: "[")) } else { false } }
                let hasAutolink = extensions.hints.mayHoldAutolink
                    && run.contains { if case .text(let t) = $0 { InlineExtensions.mayHoldAutolink(t.string) } else { false } }
                output += hasBracket || hasAutolink ? extensions.processByUnits(run, hasAutolink: hasAutolink) : run
                run = []
            }
            for inline in inlines {
                switch inline {
                case .text, .softBreak: run.append(inline)
                case .emphasis(let children): flush(); output.append(.emphasis(reference(extensions, children)))
                case .strong(let children): flush(); output.append(.strong(reference(extensions, children)))
                default: flush(); output.append(inline)
                }
            }
            flush()
            processed = output
        }
        let struck = extensions.hints.mayHoldTilde ? Strikethrough(lines: extensions.lines, align: extensions.align).apply(processed) : processed
        return BlockAttributes.extractInline(struck)
    }

    /// Generated paragraphs: lines of syntax pieces (citations, wiki links, embeds, footnote
    /// references, autolinks, broken syntax, escapes and entities, multi-byte characters),
    /// each line a text, an emphasis around a text, or a text after a code span, a link or a
    /// hard break; soft breaks between the lines. The inlines carry the positions cmark
    /// would give, so the windows path is taken where the text is as written.
    func testApplyAgreesWithTheRunByRunUnitsPath() throws {
        let pieces = InlineWindowsTests.pieces + ["\\[", "&#91;", "{ .x }", "~~", "[@k]{ #i }"]
        var generator = SeededGenerator(state: 4_207)
        var compared = 0, withSyntax = 0
        for _ in 0..<6_000 {
            var lineTexts: [String] = []
            for _ in 0..<(1 + generator.next(4)) {
                var line = ""
                for _ in 0..<(1 + generator.next(8)) { line += pieces[generator.next(pieces.count)] }
                lineTexts.append(line)
            }
            let source = lineTexts.joined(separator: "\n") + "\n"
            let lines = LineTable(bytes: Array(source.utf8))
            var inlines: [Inline] = []
            for (n, line) in lineTexts.enumerated() {
                if n > 0 { inlines.append(.softBreak) }
                let text = Inline.text(Text(string: line, range: SourceRange(start: SourcePosition(line: n + 1, column: 1),
                                                                             end: SourcePosition(line: n + 1, column: max(line.count, 1)))))
                switch generator.next(6) {
                case 0: inlines.append(.emphasis([text]))
                case 1: inlines.append(.strong([.code(Code(literal: "c", range: nil)), text]))
                case 2: inlines += [.code(Code(literal: "x", range: nil)), text]
                case 3: inlines += [.link(Link(destination: "u.md", title: "", children: [.text(Text(string: "l", range: nil))], range: nil)), text]
                default: inlines.append(text)
                }
            }
            for hints in [PageHints.none, PageHints(bytes: Array(source.utf8))] {
                let extensions = InlineExtensions(lines: lines, hints: hints)
                let expected = reference(extensions, inlines)
                XCTAssertEqual(extensions.apply(inlines), expected, source.debugDescription)
                compared += 1
                if expected.contains(where: { if case .citation = $0 { true } else if case .wikiLink = $0 { true } else { false } }) {
                    withSyntax += 1
                }
            }
        }
        // Enough of the paragraphs hold syntax for the comparison to mean something.
        XCTAssertGreaterThan(withSyntax, compared / 5)
    }

    /// `firstIndex(of:in:)` by bytes agrees with `String.firstIndex(of:)` on generated strings
    /// with combining marks after the character, prepended marks before it, "\r\n" and
    /// multi-byte characters.
    func testFirstIndexAgreesWithCharacters() {
        let pieces = ["a", "|", "#", " ", "é", "e\u{301}", "|\u{301}", "#\u{301}", "\u{600}", "\u{600}|", "\r\n", "日", "😀", "x|y"]
        var generator = SeededGenerator(state: 77)
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<generator.next(7) { s += pieces[generator.next(pieces.count)] }
            XCTAssertEqual(InlineExtensions.firstIndex(of: "|", in: s), s.firstIndex(of: "|"), s.debugDescription)
            XCTAssertEqual(InlineExtensions.firstIndex(of: "#", in: s), s.firstIndex(of: "#"), s.debugDescription)
        }
    }
}
