import XCTest
import TestSupport
@testable import GroundworkCore
@testable import GroundworkRender
@testable import Markdown
@testable import Templating

/// The page body renderer's faster pieces (issue 21, third pass) against the plain code they
/// replace, on generated input: the escaper's eight-bytes-at-a-time scan, the highlighter's
/// token strings and the citation marker written in place.
final class BodyRenderingEquivalenceTests: XCTestCase {
    /// The five characters escaped, one scalar at a time: the escaper's definition.
    static func referenceEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    func testWordAtATimeEscapingAgreesWithScalarReference() {
        // Near misses of the five (`%`, `(`, `=`, `?`, `;`), bytes with the high bit (é, an
        // emoji, a combining mark after a quote) and long plain runs, so that specials fall at
        // every offset of an eight-byte word and in the tail after the last whole word.
        let pieces = ["a", "b", " ", "abcdefgh", "plain words run on", "&", "<", ">", "\"", "'", "%", "(", "=", "?",
                      ";", "\u{0}", "\n", "é", "🙂", "\"\u{301}", "\u{7F}", "\u{FF}", "&amp;"]
        var generator = SeededGenerator(state: 21)
        for _ in 0..<40_000 {
            var text = ""
            for _ in 0..<generator.next(12) { text += pieces[generator.next(pieces.count)] }
            let expected = Self.referenceEscape(text)
            XCTAssertEqual(HTMLEscape.escape(text), expected, text.debugDescription)
            var appended = "prefix"
            HTMLEscape.escape(text, into: &appended)
            XCTAssertEqual(appended, "prefix" + expected, text.debugDescription)
            XCTAssertEqual(HTMLEscape.needsEscaping(text), expected != text, text.debugDescription)
            var buffer = HTMLBuffer()
            buffer += "prefix"
            buffer.appendEscaped(text)
            XCTAssertEqual(buffer.string, "prefix" + expected, text.debugDescription)
            var bytesBuffer = HTMLBuffer()
            var bytes = text
            bytes.withUTF8 { bytesBuffer.appendEscaped($0) }
            XCTAssertEqual(bytesBuffer.string, expected, text.debugDescription)
        }
    }

    /// The body buffer answers as the `String` it replaces: its line-feed test is
    /// `hasSuffix("\n")`, removing it is `removeLast()`, and pieces appended as bytes (the
    /// glossary linker's) arrive whole.
    func testBodyBufferAgreesWithString() {
        let pieces = ["a", "\n", "\r", "\r\n", "é", "\u{301}", "\u{600}", "🙂", "<p>", "</p>\n", " ", "&", "\n\u{301}"]
        var generator = SeededGenerator(state: 55)
        for _ in 0..<20_000 {
            var string = ""
            var buffer = HTMLBuffer()
            for _ in 0..<generator.next(6) {
                let piece = pieces[generator.next(pieces.count)]
                string += piece
                if generator.next(2) == 0 {
                    buffer += piece
                } else {
                    var bytes = piece
                    bytes.withUTF8 { buffer.append($0) }
                }
            }
            XCTAssertEqual(buffer.string, string)
            XCTAssertEqual(buffer.endsWithLineFeed, string.hasSuffix("\n"), string.debugDescription)
            if string.hasSuffix("\n") {
                string.removeLast()
                buffer.removeLast()
                XCTAssertEqual(buffer.string, string, string.debugDescription)
            }
        }
    }

    func testEscapableWordTestIsExactForEveryByteAndPosition() {
        let escapable: Set<UInt8> = [0x26, 0x3C, 0x3E, 0x22, 0x27]
        // Every byte value at every position of a word of otherwise plain letters…
        for position in 0..<8 {
            for value in 0...255 {
                var bytes = [UInt8](repeating: UInt8(ascii: "m"), count: 8)
                bytes[position] = UInt8(value)
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                XCTAssertEqual(HTMLEscape.containsEscapable(word: word), escapable.contains(UInt8(value)), "byte \(value) at \(position)")
            }
        }
        // …and random words whose bytes sit near the five (borrows between bytes).
        var generator = SeededGenerator(state: 8)
        let near: [UInt8] = [0x00, 0x01, 0x21, 0x22, 0x23, 0x25, 0x26, 0x27, 0x28, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x7F, 0x80, 0xA6, 0xBC, 0xFF]
        for _ in 0..<100_000 {
            let bytes = (0..<8).map { _ in near[generator.next(near.count)] }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            XCTAssertEqual(HTMLEscape.containsEscapable(word: word), bytes.contains(where: escapable.contains), "\(bytes)")
        }
    }

    func testHighlighterTokenStringsAgreeWithScalarView() {
        let scalars: [Unicode.Scalar] = ["a", "Z", "_", " ", "\n", "\"", "<", "\u{7F}", "\u{80}", "é", "\u{301}", "\u{7FF}", "\u{800}",
                                         "中", "\u{FFFF}", "\u{10000}", "🙂", "\u{10FFFF}"]
        var generator = SeededGenerator(state: 3)
        for _ in 0..<20_000 {
            let all = (0..<generator.next(16)).map { _ in scalars[generator.next(scalars.count)] }
            let from = all.isEmpty ? 0 : generator.next(all.count + 1)
            let to = from + generator.next(all.count - from + 1)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: all[from..<to])
            XCTAssertEqual(SyntaxHighlighter.string(all[from..<to]), String(view))
        }
    }

    func testHighlighterSkipOfPlainScalarsChangesNothing() {
        // Pieces of every grammar's tokens, near misses and non-ASCII, run together at random.
        let pieces = ["let", "x", " ", "\n", "\t", "=", "1", ".5", "2.0e3", "\"s\"", "'c'", "`t${v}`", "\"\"\"doc\"\"\"", "//", "/*", "*/",
                      "#", "a#b", "$HOME", "${X}", "$1", "--help", "-", "é", "🙂", "中文", "true", "null", "None", "def", "fi",
                      "\\", "\"unclosed", ":", "{", "}", "[", "]", "(", ")", ";", ",", "@", "!", "?", "%", "&", "<", ">", "~"]
        let grammars: [(String, SyntaxHighlighter.Grammar)] = [
            ("json", .json), ("shell", .shell), ("python", .python), ("swift", .swift), ("javascript", .javascript),
            ("yaml quoted", SyntaxHighlighter.YAMLLines.quotedValue), ("yaml plain", SyntaxHighlighter.YAMLLines.plainValue),
        ]
        var generator = SeededGenerator(state: 34)
        var skipped = 0
        for _ in 0..<4_000 {
            var code = ""
            for _ in 0..<generator.next(20) { code += pieces[generator.next(pieces.count)] }
            for (name, grammar) in grammars {
                var fast = SyntaxHighlighter.CodeScanner(grammar: grammar, scalars: Array(code.unicodeScalars))
                var plain = fast
                plain.skipsPlainScalars = false
                var fastOut = SyntaxHighlighter.Output()
                var plainOut = SyntaxHighlighter.Output()
                fast.scan(into: &fastOut)
                plain.scan(into: &plainOut)
                XCTAssertEqual(fastOut.html, plainOut.html, "\(name): \(code.debugDescription)")
                if code.unicodeScalars.contains(where: { "=;,(){}[]:!?%&<>~@ \n\t".unicodeScalars.contains($0) }) { skipped += 1 }
            }
        }
        XCTAssertGreaterThan(skipped, 1_000, "the generated code must contain scalars the scan skips")
    }

    /// The marker as `CitationNumbering.render` built it before it wrote in place: parts,
    /// interpolations and `joined`.
    static func referenceMarker(_ citation: Citation, numbering: inout CitationNumbering) -> String {
        let library = numbering.library
        if library.sources.isEmpty { return HTML.escape(citation.raw) }
        var parts: [String] = []
        for item in citation.items {
            let locator = item.locator.isEmpty ? "" : ", " + HTML.escape(item.locator)
            if let n = numbering.number(for: item.key), let source = library.sources[library.byID[item.key]!] as Source? {
                let title = HTML.escape(source.title ?? item.key)
                parts.append("<a href=\"#ref-\(HTML.escape(URLPaths.encodeFragment(item.key)))\" title=\"\(title)\">\(n)</a>\(locator)")
            } else {
                parts.append("?\(HTML.escape(item.key))\(locator)")
            }
        }
        return "<sup class=\"citation\">[" + parts.joined(separator: "; ") + "]</sup>"
    }

    func testCitationMarkersAgreeWithPartsReference() {
        let keys = ["alpha", "b<c", "caf\u{E9}", "d e", "missing", "x'y", "q&a"]
        func source(_ id: String, title: String?) -> Source {
            var source = Source(id: id, location: Location(file: "sources.yaml", line: 1, column: 1))
            source.title = title
            return source
        }
        let sources = keys.dropLast(3).enumerated().map { index, key in
            source(key, title: index == 1 ? nil : "Title \"\(index)\" <\(key)>")
        } + [source("x'y", title: "Q & A")]
        let byID = Dictionary(uniqueKeysWithValues: sources.enumerated().map { ($1.id, $0) })
        for library in [SourceLibrary(sources: sources, byID: byID, file: "sources.yaml"), SourceLibrary.empty] {
            var generator = SeededGenerator(state: 13)
            var fast = CitationNumbering(library: library)
            var reference = CitationNumbering(library: library)
            for _ in 0..<3_000 {
                let items = (0..<(1 + generator.next(3))).map { _ in
                    Citation.Item(key: keys[generator.next(keys.count)], locator: ["", "p. 4", "ch. <2>"][generator.next(3)], position: nil)
                }
                let citation = Citation(items: items, raw: "[@" + items.map(\.key).joined(separator: "; @") + "]", range: nil)
                var out = HTMLBuffer()
                out += "before"
                fast.render(citation, into: &out)
                XCTAssertEqual(out.string, "before" + Self.referenceMarker(citation, numbering: &reference))
                XCTAssertEqual(fast.order, reference.order)
            }
        }
    }
}
