import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

/// Checks on raw HTML in Markdown.
public enum RawHTMLChecks {
    /// `html.removed`: each element, attribute or URL the sanitizer removes from a page's raw
    /// HTML (`RawHTML.removals`), at its position in the page. Nothing with `unsafe_html: true`.
    public struct Removed: PageCheck {
        public var name: String { "raw HTML" }
        public var codes: [DiagnosticCode] { [.htmlRemoved] }

        public init() {}

        /// The page and site.yaml's `unsafe_html` (a site.yaml edit redoes every check).
        public var reads: PageCheckInputs { [] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            guard !context.site.config.unsafeHTML else { return [] }
            // The link walk saw no raw HTML in the page: nothing to sanitize, no walk. (The
            // preview walks an edited page's links again before its checks, so this is fresh.)
            guard context.mayHoldRawHTML(page.index) else { return [] }
            var bag = DiagnosticBag()
            for removal in RawHTML.removals(in: page, config: context.site.config) {
                bag.add(.htmlRemoved, file: page.file, line: removal.position.line, column: removal.position.column,
                        "removed \(removal.what): \(removal.why)")
            }
            return bag.items
        }
    }
}
