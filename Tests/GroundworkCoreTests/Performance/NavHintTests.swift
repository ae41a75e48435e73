import XCTest
import TestSupport
@testable import GroundworkCore

/// The did-you-mean of broken `nav` entries comes from one list of the site's paths, made
/// once (issue 21): every broken entry still gets its own closest path.
final class NavHintTests: XCTestCase {
    func testEachBrokenNavEntryGetsItsOwnHint() throws {
        let temp = try TempSite([
            "site.yaml": "title: T\nnav:\n  - specturm/\n  - guides/\n  - gides/\n  - spectrum/rag\n  - nothing-like-it-at-all/\n",
            "spectrum/_index.md": "---\ntitle: Spectrum\n---\n\nS.\n",
            "spectrum/rag.md": "---\ntitle: RAG\n---\n\nR.\n",
            "guides/_index.md": "---\ntitle: Guides\n---\n\nG.\n",
        ], name: "navHints")
        defer { temp.remove() }
        let report = try Groundwork.check(temp.options())
        let nav = report.all.filter { $0.message.hasPrefix("no page or section for nav entry") }
        XCTAssertEqual(nav.map(\.message), ["no page or section for nav entry 'specturm/'", "no page or section for nav entry 'gides/'",
                                            "no page or section for nav entry 'nothing-like-it-at-all/'"])
        XCTAssertEqual(nav.map(\.notes), [["did you mean 'spectrum/'?"], ["did you mean 'guides/'?"], []])
    }
}
