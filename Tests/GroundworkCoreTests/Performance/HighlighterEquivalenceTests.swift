import XCTest
import TestSupport
@testable import GroundworkRender

/// The syntax highlighter (tokens escaped straight into bytes, keyword look-ups skipped for
/// words no keyword or literal could be) against the one before it (`ReferenceSyntaxHighlighter`,
/// kept unchanged), on generated code in every language it knows and some it does not.
final class HighlighterEquivalenceTests: XCTestCase {
    func testHighlighterAgreesWithReferenceOnGeneratedCode() {
        // Every grammar's keywords and literals, words that share their first letter or their
        // length, tokens of each language, escapable characters and non-ASCII (the Kelvin sign
        // equals `K` as a string; a combining mark after a keyword).
        let pieces = ["let", "lets", "le", "if", "in", "is", "it", "fi", "fix", "def", "do", "done", "done2", "True", "Tru",
                      "None", "NaN", "Infinity", "undefined", "self", "Self", "yes", "no", "on", "off", "null", "~", "var",
                      "value", "print", "x", "_a", "Ka", "\u{212A}", "i\u{301}f", "caf\u{E9}", "\u{4E2D}\u{6587}", "\u{1F642}",
                      " ", "  ", "\n", "\t", "\r\n", "=", "1", ".5", "2.0e3", "0x1F", "\"s\"", "'c'", "`t${v}`", "\"\"\"doc\"\"\"",
                      "//", "/*", "*/", "#", "# ", "a#b", "$HOME", "${X}", "$1", "--help", "-", "- ", "key: ", "http://a",
                      "\\", "\"unclosed", ":", "{", "}", "[", "]", "(", ")", ";", ",", "@", "!", "?", "%", "&", "<", ">",
                      "<a href=\"x\">", "</a>", "<!-- c -->", "<!DOCTYPE html>", "<br/>", "```", "~~~", "## ", "* ", "1. ",
                      "> ", "$ ", "`code`", "](target)", "---", "...", "\r", "\n\u{301}", "\r\n\u{301}"]
        let languages = ["json", "yaml", "yml", "bash", "sh", "console", "python", "swift", "javascript", "TypeScript",
                         "html", "xml", "markdown", "md", "ruby", ""]
        var generator = SeededGenerator(state: 21)
        var highlighted = 0
        for _ in 0..<3_000 {
            var code = ""
            for _ in 0..<generator.next(24) { code += pieces[generator.next(pieces.count)] }
            XCTAssertEqual(SyntaxHighlighter.lines(code), ReferenceSyntaxHighlighter.lines(code), code.debugDescription)
            for language in languages {
                let reference = ReferenceSyntaxHighlighter.highlight(code, language: language)
                XCTAssertEqual(SyntaxHighlighter.highlight(code, language: language), reference,
                               "\(language): \(code.debugDescription)")
                // Written into a page body that already holds text: appended after it.
                var body = HTMLBuffer()
                body += "<pre>"
                let known = SyntaxHighlighter.highlight(code, language: language, into: &body)
                XCTAssertEqual(known, reference != nil)
                XCTAssertEqual(body.string, "<pre>" + (reference ?? ""))
                if reference?.contains("hl-keyword") == true { highlighted += 1 }
            }
        }
        XCTAssertGreaterThan(highlighted, 1_000, "the generated code must contain keywords")
    }
}
