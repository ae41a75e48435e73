import Foundation
import XCTest
@testable import GroundworkCore

/// The injection guarantees of `SecurityTests` for attribute lists, block ids and embeds:
/// attribute values, alt text, embed targets and options never become markup or script.
final class AnchorsAndEmbedsSecurityTests: XCTestCase {
    func testAttributeListsAndEmbedsCannotInject() throws {
        let site = try TempSite([
            "site.yaml": "title: T\nchecks:\n  link.wiki-unresolved: off\n  link.asset-missing: off\n  attribute.removed: off\n  page.orphan: off\n",
            "assets/diagram.png": "GIF89a",
            "assets/clip.mp4": "x",
            "_index.md": #"""
                # Home

                ## Heading {: #h1 title='" onmouseover="alert(1)' data-x='">' onclick="alert(2)" style="x:expression(alert(3))" href="javascript:alert(4)" }

                Paragraph.
                {: .a title="' onfocus='alert(5)" data-y='&lt;img src=x onerror=alert(6)&gt;' src=javascript:alert(7) }

                ## Not an attribute list {#"onmouseover=alert(8)}

                A block id ^x"onmouseover=alert(9) and text.

                Images ![[diagram.png|" onerror="alert(10)]] ![[diagram.png|' onerror='alert(11)|20]]
                ![[diagram.png|20x20" onerror="alert(12)]] ![[clip.mp4|" onplay="alert(13)]]
                ![[javascript:alert(14)]] ![[javascript:alert(15).png]] ![[data:text/html,alert(16).png]]
                ![[x" onerror="alert(17).png]] ![[T|" onmouseover="alert(18)]] ![[#h1|">]]
                """#,
            "t.md": "---\ntitle: \"T <b>\\\" onclick=\\\"alert(19)\"\n---\n[Home](_index.md)\n",
        ])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote, report.summaryLines.joined(separator: "\n"))
        let home = String(decoding: snapshot(site.output)["index.html"] ?? Data(), as: UTF8.self)
        let body = GFMSpecTests.body(of: home) ?? ""
        XCTAssertFalse(body.isEmpty)
        let allowed: Set<String> = ["h2", "a", "p", "img", "video"]
        for tag in SecurityTests.tags(in: body) {
            XCTAssertTrue(allowed.contains(tag.name), "unexpected <\(tag.name)> in \(body)")
            for (attribute, value) in tag.attributes {
                XCTAssertFalse(attribute.hasPrefix("on"), "event attribute \(attribute) on <\(tag.name)>")
                XCTAssertFalse(value.lowercased().hasPrefix("javascript:"), "\(attribute)=\(value)")
                XCTAssertNotEqual(attribute, "style")
            }
        }
        XCTAssertFalse(body.contains("<b>"), body)
        // An embed that does not resolve is its name as text, never a stray `!`.
        XCTAssertFalse(body.contains("!"), body)
        XCTAssertTrue(body.contains(" javascript:alert(15).png "), body)
        // The safe part of each list was kept, its values escaped.
        XCTAssertTrue(body.contains(#"<h2 id="h1" title="&quot; onmouseover=&quot;alert(1)" data-x="&quot;&gt;">"#), body)
        XCTAssertTrue(body.contains(#"<p class="a" title="&#39; onfocus=&#39;alert(5)" data-y="&lt;img src=x onerror=alert(6)&gt;">"#), body)
        XCTAssertTrue(body.contains(#"alt="&quot; onerror=&quot;alert(10)""#), body)
        XCTAssertTrue(body.contains(#"alt="&#39; onerror=&#39;alert(11)" width="20""#), body)
        // A malformed list, a malformed block id and unresolvable embeds stay text.
        XCTAssertTrue(body.contains("{#&quot;onmouseover=alert(8)}"), body)
        XCTAssertTrue(body.contains("^x&quot;onmouseover=alert(9) and text."), body)
        // With the checks on, each refused attribute and each missing embed is reported.
        try site.write("site.yaml", "title: T\nchecks:\n  page.orphan: off\n")
        let strict = try Groundwork.check(site.options())
        XCTAssertEqual(strict.diagnostics.filter { $0.code == .attributeRemoved }.map { "\($0.line):\($0.column)" },
                       ["3:12", "3:12", "3:12", "6:1"])
    }

    /// Many markers on one line cost no more than their length, and nothing crashes.
    func testHostileMarkers() throws {
        let n = 20_000
        let page = "---\ntitle: H\n---\n"
            + String(repeating: "![[", count: n) + "\n\n"
            + String(repeating: "{", count: n) + "\n\n"
            + "a " + String(repeating: "{: #x ", count: n) + "}\n\n"
            + String(repeating: " ^a", count: n) + "\n\n"
            + String(repeating: "![[a.png|", count: n) + "]]\n\n"
            + "## h " + String(repeating: "{#a}", count: n) + "\n"
        let site = try TempSite(["_index.md": "# Home\n\n[h](h.md)\n", "h.md": page])
        defer { site.remove() }
        let report = try Groundwork.check(site.options())
        XCTAssertFalse(report.diagnostics.contains { $0.code == .environment })
    }
}
