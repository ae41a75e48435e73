import Foundation
import XCTest
@testable import GroundworkCore

/// Issue 17: a MkDocs site's own `hooks:` (Python run on every page) may write ids Groundwork
/// never sees — mkdocs-material's docs make `#option-name` anchors from comments that way. A
/// `#fragment` it cannot find is then a warning that says why; without hooks, an error.
final class MkDocsHooksTests: XCTestCase {
    static func files(hooks: Bool) -> [String: String] {
        [
            "mkdocs.yml": "site_name: Hooked\n" + (hooks ? "hooks:\n  - overrides/hooks/shortcodes.py\n" : ""),
            "docs/index.md": "# Home\n\nSee [options](setup.md#option-x), [setup](setup.md#install) and [nothing](nope.md#x).\n",
            "docs/setup.md": "# Setup\n\n## Install\n\n<!-- md:option x -->\n",
        ]
    }

    func report(hooks: Bool) throws -> [String] {
        let project = try TempSite(Self.files(hooks: hooks), knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(report.modeDescription.contains("hooks not run"), hooks, report.modeDescription)
        return report.diagnostics.map { "\($0.line):\($0.column) \($0.severity) \($0.code.id)" }
    }

    func testHooksMakeAMissingAnchorAWarning() throws {
        // The existing heading resolves either way; a missing page stays an error either way.
        XCTAssertEqual(try report(hooks: true), ["3:5 warning link.anchor-unrendered", "3:65 error link.page-missing"])
        XCTAssertEqual(try report(hooks: false), ["3:5 error link.anchor-missing", "3:65 error link.page-missing"])
    }
}
