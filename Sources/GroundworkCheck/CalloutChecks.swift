import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

extension ContentChecks {
    /// `callout.unknown-type`: a callout type name (any dialect) that is not known but close
    /// to a known one, a likely typo (`[!NOTES]`, `!!! warnng`, `:::tipp`). Other unknown
    /// names are a writer's own types and are not reported.
    public struct CalloutTypes: PageCheck {
        public var name: String { "callout types" }
        public var codes: [DiagnosticCode] { [.calloutUnknownType] }

        public init() {}

        /// The page alone.
        public var reads: PageCheckInputs { [] }

        /// The known type names, sorted once (for the did-you-mean).
        static let known = CalloutKind.styleOfType.keys.sorted()

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            let known = Self.known
            var bag = DiagnosticBag()
            let file = page.file  // captured instead of the page, which would be copied
            BlockSearch.forEachBlockQuote(in: page.document.blocks) { quote in
                guard quote.callout == .neutral, let header = quote.header,
                      let suggestion = Suggestions.closest(to: header.type, in: known) else { return }
                let at = header.typeRange?.start ?? quote.range?.start ?? SourcePosition(line: 1, column: 1)
                bag.add(.calloutUnknownType, file: file, line: at.line, column: at.column,
                        "unknown callout type '\(header.type)' (did you mean '\(suggestion)'?); it is shown in the neutral style")
            }
            return bag.items
        }
    }
}
