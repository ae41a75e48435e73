import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Checks on the ids and attributes written on blocks (`{: #id .class }`, `^block-id`).
public enum AnchorChecks {
    /// `anchor.duplicate`: an id declared twice on one page (the second is reported);
    /// `attribute.removed`: an attribute list sets an attribute that is not rendered.
    public struct BlockAttributeIDs: PageCheck {
        public var name: String { "block-attributes" }
        public var codes: [DiagnosticCode] { [.anchorDuplicate, .attributeRemoved] }

        public init() {}

        /// The page alone: the preview checks only the pages an edit changed.
        public var reads: PageCheckInputs { [] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            let all = page.document.blockAttributes
            guard !all.isEmpty else { return [] }
            var bag = DiagnosticBag()
            var declared: [String: Int] = [:]
            for attributes in all {
                let at = attributes.position ?? SourcePosition(line: 1, column: 1)
                if let id = attributes.id {
                    if let line = declared[id] {
                        bag.add(.anchorDuplicate, file: page.file, line: at.line, column: at.column,
                                "id '\(id)' is already declared at line \(line)")
                    } else {
                        declared[id] = at.line
                    }
                }
                for name in attributes.refused {
                    bag.add(.attributeRemoved, file: page.file, line: at.line, column: at.column,
                            "attribute '\(name)' is not rendered (allowed: id, class, title, lang, dir, translate, data-*; on an image also width, height, loading, align with a valid value)")
                }
            }
            return bag.items
        }
    }
}
