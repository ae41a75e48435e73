import Foundation
import GroundworkCore
@testable import GroundworkServe
import XCTest

/// Issue 18, item 7: the overlay's state carries the warnings (shown collapsed under the
/// errors, or alone in a corner panel), and says whether a good build exists, so that the
/// overlay never calls the page below "the last good build" when there is none.
extension PreviewServerTests {
    func testWarningsReachTheOverlayStateWithAndWithoutErrors() throws {
        try startServer()
        let events = try RawHTTP.EventStream(port: port)
        XCTAssertNotNil(try events.wait(for: "state", timeout: 2))

        // A warning alone: the build is good, the page reloads, and the state lists it.
        try edit("guide/editing.md") { $0.replacingOccurrences(of: "summary: Save", with: "descripton: typo\nsummary: Save") }
        let reload = try XCTUnwrap(try events.wait(for: "reload", timeout: 2))
        let good = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(reload.utf8)) as? [String: Any])
        XCTAssertEqual(good["ok"] as? Bool, true)
        XCTAssertEqual(good["lastGoodBuild"] as? Bool, true)
        XCTAssertEqual(good["warnings"] as? Int, 1)
        let warnings = try XCTUnwrap(good["warningList"] as? [[String: Any]])
        XCTAssertEqual(warnings.map { $0["code"] as? String }, ["page.unknown-field"])
        XCTAssertEqual(warnings.first?["severity"] as? String, "warning")
        XCTAssertEqual(warnings.first?["line"] as? Int, 3)

        // Then an error too: both, errors first, the warning still listed.
        try edit("guide/editing.md") {
            $0.replacingOccurrences(of: "The original sentence of the editing page.", with: "A [bad link](no-such-page.md).")
        }
        let errors = try XCTUnwrap(try events.wait(for: "errors", timeout: 2))
        let failed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(errors.utf8)) as? [String: Any])
        XCTAssertEqual(failed["ok"] as? Bool, false)
        XCTAssertEqual(failed["lastGoodBuild"] as? Bool, true, "generation 2 is being served")
        XCTAssertEqual((failed["errors"] as? [[String: Any]])?.map { $0["code"] as? String }, ["link.page-missing"])
        XCTAssertEqual((failed["warningList"] as? [[String: Any]])?.map { $0["code"] as? String }, ["page.unknown-field"])
    }

    func testAFirstBuildWithErrorsClaimsNoLastGoodBuild() throws {
        try edit("guide/editing.md") {
            $0.replacingOccurrences(of: "The original sentence of the editing page.", with: "A [bad link](no-such-page.md).")
        }
        let options = Options(content: content, contentDisplay: "content", templates: templates,
                              output: root.appendingPathComponent("_site"), today: Day("2026-11-29")!)
        let server = PreviewServer(configuration: PreviewServer.Configuration(options: options, host: "127.0.0.1", port: 0,
                                                                              polling: false, pollInterval: .milliseconds(50)))
        self.server = server
        port = try blocking { try await server.start() }
        let state = try status()
        XCTAssertEqual(state["ok"] as? Bool, false)
        XCTAssertEqual(state["lastGoodBuild"] as? Bool, false)
        XCTAssertEqual(state["generation"] as? Int, 0)
        // The script words the heading from that flag.
        XCTAssertTrue(LiveScript.source.contains("state.lastGoodBuild ? \" — the page below is the last good build\" : \" — nothing has built yet\""))
        XCTAssertTrue(LiveScript.source.contains("warningList(warnings)"), "warnings are listed under the errors")
        XCTAssertTrue(LiveScript.source.contains("el(\"details\""), "collapsed: a <details> element, closed by default")
    }
}
