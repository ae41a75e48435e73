import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Checks on Markdown extensions.
public enum ContentChecks {
    /// `table.malformed`: every row of a `table` block must have the header's cell count.
    public struct Tables: PageCheck {
        public var name: String { "tables" }
        public var codes: [DiagnosticCode] { [.tableMalformed] }

        public init() {}

        public var reads: PageCheckInputs { [] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            do {
                var bag = DiagnosticBag()
                let file = page.file  // captured instead of the page, which would be copied
                BlockWalker.forEachBlock(page.document.blocks) { block in
                    // A pipe table is padded or cut to its header's width, as GFM says.
                    guard case .table(let table) = block, !table.isPipeTable else { return }
                    guard let header = table.header else {
                        let start = table.range?.start ?? SourcePosition(line: 1, column: 1)
                        bag.add(.tableMalformed, file: file, line: start.line, column: start.column, "table block has no rows")
                        return
                    }
                    for row in table.rows where row.cells.count != header.cells.count {
                        bag.add(.tableMalformed, file: file, line: row.position.line, column: row.position.column,
                                "row has \(row.cells.count) cells; the header has \(header.cells.count)")
                    }
                }
                return bag.items
            }
        }
    }

    /// `footnote.missing` and `footnote.unused`: every `[^label]` reference has a definition
    /// on its page, and every definition is referenced (from the text or another footnote).
    public struct Footnotes: PageCheck {
        public var name: String { "footnotes" }
        public var codes: [DiagnosticCode] { [.footnoteMissing, .footnoteUnused] }

        public init() {}

        public var reads: PageCheckInputs { [] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            do {
                var definitions: [FootnoteDefinition] = []
                for case .footnoteDefinition(let definition) in page.document.blocks { definitions.append(definition) }
                var references: [FootnoteReference] = []
                InlineWalker.forEach(in: page.document) { inline, _ in
                    if case .footnoteReference(let reference) = inline { references.append(reference) }
                }
                guard !definitions.isEmpty || !references.isEmpty else { return [] }
                var bag = DiagnosticBag()
                let defined = Set(definitions.map(\.key))
                for reference in references where !defined.contains(reference.key) {
                    let at = reference.range?.start ?? SourcePosition(line: 1, column: 1)
                    bag.add(.footnoteMissing, file: page.file, line: at.line, column: at.column,
                            "no definition for footnote '[^\(reference.label)]'")
                }
                let referenced = Set(references.map(\.key))
                var seen: Set<String> = []
                for definition in definitions {
                    let at = definition.range?.start ?? SourcePosition(line: 1, column: 1)
                    if !seen.insert(definition.key).inserted {
                        bag.add(.footnoteUnused, file: page.file, line: at.line, column: at.column,
                                "footnote '[^\(definition.label)]' is defined twice; this definition is never shown")
                    } else if !referenced.contains(definition.key) {
                        bag.add(.footnoteUnused, file: page.file, line: at.line, column: at.column,
                                "footnote '[^\(definition.label)]' is never referenced")
                    }
                }
                return bag.items
            }
        }
    }
}
