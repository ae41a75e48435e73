import Foundation
import GroundworkCore
import TestSupport
import XCTest

/// Definition lists and `[TOC]` markers through the whole pipeline (issue 17): the rendered
/// body (reviewed golden file), diagnostics inside definitions at the file's own line and
/// column (LF and CRLF), term ids as Hugo's `autoDefinitionTermID` makes them, and a
/// `[[TOC]]` that is no longer a wiki link to nowhere.
final class DefinitionListRenderingTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("definition-lists")

    private let page = """
        ---
        title: Options
        ---

        [TOC]

        ## Output

        `publishDir`
        : (`string`) Where the site is written. See [the build](#build) and [gone](gone.md).

        Apple
        Pear

        :   Pomaceous fruit.

            Second paragraph with [a bad link](missing.md).

            - a list in a definition

        ### Build

        > Quoted term
        > : Quoted definition, [broken](broken.md).

        Build
        : A term with a heading's text.

        """

    private func build(_ text: String, termIDs: Bool) throws -> (diagnostics: [String], body: String?) {
        let site = try TempSite(["_index.md": text], knowledgeBase: false)
        defer { site.remove() }
        var options = site.options()
        options.definitionTermIDs = termIDs
        let report = try Groundwork.build(options)
        let html = try? String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        return (report.diagnostics.map { "\($0.line):\($0.column) \($0.code.id)" }, html.flatMap(GFMSpecTests.body(of:)))
    }

    func testDiagnosticsInsideDefinitionsAreAtTheirPositions() throws {
        let expected = ["10:69 link.page-missing", "17:27 link.page-missing", "24:24 link.page-missing"]
        XCTAssertEqual(try build(page, termIDs: false).diagnostics, expected)
        XCTAssertEqual(try build(page.replacingOccurrences(of: "\n", with: "\r\n"), termIDs: false).diagnostics, expected)
    }

    func testRendersAsTheGoldenFile() throws {
        let fixed = page.replacingOccurrences(of: "(gone.md)", with: "(#output)")
            .replacingOccurrences(of: "(missing.md)", with: "(#build)").replacingOccurrences(of: "(broken.md)", with: "(#build)")
        let result = try build(fixed, termIDs: true)
        XCTAssertEqual(result.diagnostics, [])
        assertGolden(result.body ?? "<no body>", Self.fixture.appendingPathComponent("expected-body.html").path)
    }

    /// Term ids are link targets like heading ids: `#publishdir` reaches the term
    /// `publishDir` only when the site asks for term ids; a term with a heading's text gets
    /// the next free id, as a repeated heading does.
    func testTermIDsAreLinkTargetsOnlyWhenAsked() throws {
        let text = "# Config\n\nSee [publishDir](#publishdir) and [build](#build-1).\n\n## Build\n\n`publishDir`\n: Where.\n\nBuild\n: Again.\n"
        XCTAssertEqual(try build(text, termIDs: false).diagnostics, ["3:5 link.anchor-missing", "3:35 link.anchor-missing"])
        let on = try build(text, termIDs: true)
        XCTAssertEqual(on.diagnostics, [])
        XCTAssertTrue(on.body?.contains("<dt id=\"publishdir\"><code>publishDir</code></dt>") == true, on.body ?? "")
        XCTAssertTrue(on.body?.contains("<dt id=\"build-1\">Build</dt>") == true, on.body ?? "")
    }

    /// kubernetes/community writes `[[TOC]]`: a table of contents, not an unresolved wiki link.
    func testWikiStyleTOCMarkerIsNotAWikiLink() throws {
        let result = try build("# Guide\n\n[[TOC]]\n\n## One\n\n### One point one\n\n## Two\n", termIDs: false)
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertTrue(result.body?.contains("<li><a href=\"#one\">One</a>\n<ul>\n<li><a href=\"#one-point-one\">One point one</a></li>\n</ul>\n</li>\n<li><a href=\"#two\">Two</a></li>") == true,
                      result.body ?? "")
    }
}
