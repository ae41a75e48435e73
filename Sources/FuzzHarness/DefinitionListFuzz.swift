import Markdown

extension FuzzHarness {
    /// Definition lists and table-of-contents markers: the input as a page, and as a
    /// definition's body (first line after `: `, the rest as indented continuation or lazy
    /// lines), in a block quote, in a list item and in an MkDocs admonition. Each parse must keep
    /// every position of a term, a definition and their inlines inside the text.
    public static func definitionList(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        let indented = lines.map { "    " + $0 }.joined(separator: "\n")
        let quoted = lines.map { "> " + $0 }.joined(separator: "\n")
        for source in [
            text,
            "Term\n: " + text + "\n",
            "Term\n\n:   x\n" + indented + "\n\n" + indented + "\n",
            "> Term\n> : " + quoted + "\n",
            "- item\n\n  Term\n  : " + lines.joined(separator: "\n  ") + "\n",
            "!!! note\n    Term\n    : x\n" + indented + "\n",
            "[TOC]\n\n" + text + "\n\n[[_TOC_]]\n",
        ] {
            let document = MarkdownParser.parse(source)
            _ = document.dump()
            let bytes = Array(source.utf8)
            var lineCount = 1
            for (i, b) in bytes.enumerated() where b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) { lineCount += 1 }
            checkDefinitionListPositions(document.blocks, lineCount: lineCount)
        }
    }

    /// Traps when a definition list's positions fall outside the source's lines.
    static func checkDefinitionListPositions(_ blocks: [Block], lineCount: Int) {
        func check(_ range: SourceRange?) {
            guard let range else { return }
            precondition(range.start.line >= 1 && range.start.line <= lineCount && range.start.column >= 1
                         && range.end.line >= range.start.line && range.end.line <= lineCount,
                         "definition list position \(range) outside 1...\(lineCount)")
        }
        BlockWalker.forEachBlock(blocks) { block in
            switch block {
            case .definitionList(let list):
                check(list.range)
                for item in list.items {
                    for term in item.terms { check(term.range) }
                    for definition in item.definitions { check(definition.range) }
                }
                InlineWalker.forEach(blocks: [block]) { inline, _ in
                    switch inline {
                    case .text(let t): check(t.range)
                    case .link(let l), .image(let l): check(l.range)
                    case .code(let c): check(c.range)
                    default: break
                    }
                }
            case .tableOfContents(let toc):
                check(toc.range)
            default:
                break
            }
        }
    }
}
