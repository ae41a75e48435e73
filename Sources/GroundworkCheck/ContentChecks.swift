import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Checks on Markdown extensions.
public enum ContentChecks {
    /// `table.malformed`: every row of a `table` block must have the header's cell count.
    public static let tables: Check = { context in
        // Page by page, on every core.
        parallelMap(context.site.pages) { page -> [Diagnostic] in
            var bag = DiagnosticBag()
            BlockWalker.forEachBlock(page.document.blocks) { block in
                guard case .table(let table) = block else { return }
                guard let header = table.header else {
                    let start = table.range?.start ?? SourcePosition(line: 1, column: 1)
                    bag.add("table.malformed", file: page.file, line: start.line, column: start.column, "table block has no rows")
                    return
                }
                for row in table.rows where row.cells.count != header.cells.count {
                    bag.add("table.malformed", file: page.file, line: row.position.line, column: row.position.column,
                            "row has \(row.cells.count) cells; the header has \(header.cells.count)")
                }
            }
            return bag.items
        }.flatMap { $0 }
    }
}
