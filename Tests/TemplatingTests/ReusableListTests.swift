import Foundation
import XCTest
@testable import Templating

/// `ReusableList` (issue 21): items rendered once and reused must give the HTML the plain
/// list gives, and an item whose rendering reads the enclosing context is never reused.
final class ReusableListTests: XCTestCase {
    func set(_ text: String) throws -> TemplateSet {
        try TemplateSet(sources: [(name: "t", file: "t", text: text)], directory: URL(fileURLWithPath: "/"), engine: .groundwork)
    }

    func testReusedItemsRenderAsThePlainList() throws {
        let templates = try set("<ul>{{#nav}}<li{{#first()}} class=f{{/first()}}>{{title}}{{^empty(pages)}}<ol>{{#pages}}<i>{{title}}{{#current}}*{{/current}}</i>{{/pages}}</ol>{{/empty(pages)}}</li>\n{{/nav}}</ul>")
        let store = FragmentStore(), inner = FragmentStore()
        for current in 0..<4 {
            let children: [[String: Any]] = (0..<4).map { ["title": "c\($0)", "current": $0 == current] }
            let items: [[String: Any]] = [
                ["title": "a", "pages": [] as [Any]],
                ["title": "b<", "pages": children],
                ["title": "c", "pages": [] as [Any]],
            ]
            var reusableItems = items
            reusableItems[1]["pages"] = ReusableList(items: children, reusable: (0..<4).map { $0 != current }, store: inner)
            let reusable = ReusableList(items: reusableItems, reusable: [true, false, true], store: store)
            let plain = try templates.render("t", context: ["nav": items])
            XCTAssertEqual(try templates.render("t", context: ["nav": reusable]), plain, "page \(current)")
            XCTAssertTrue(plain.contains("<i>c\(current)*</i>"), plain)
        }
        // What was kept is the items' own rendering.
        XCTAssertEqual(store.fragment(ObjectIdentifier(try XCTUnwrap(navBody(templates))), 0), "<li class=f>a</li>\n")
    }

    func testAnItemReadingTheEnclosingContextIsRenderedEveryTime() throws {
        // `outer` is not in the item: it comes from the page's context, which differs.
        let templates = try set("{{#nav}}[{{title}} {{outer}}]{{/nav}}")
        let store = FragmentStore()
        for outer in ["one", "two"] {
            let list = ReusableList(items: [["title": "a"]], reusable: [true], store: store)
            XCTAssertEqual(try templates.render("t", context: ["nav": list, "outer": outer]), "[a \(outer)]")
        }
    }

    func testOtherRenderersGetThePlainList() throws {
        let text = "{{#nav}}<{{title}}>{{/nav}}"
        let compared = try TemplateSet(sources: [(name: "t", file: "t", text: text)], directory: URL(fileURLWithPath: "/"), engine: .compared)
        let list = ReusableList(items: [["title": "a"], ["title": "b"]], reusable: [true, true], store: FragmentStore())
        XCTAssertEqual(try compared.render("t", context: ["nav": list]), "<a><b>")
        XCTAssertEqual(try compared.render("t", context: ["nav": list]), "<a><b>")  // the second time from the store
    }

    /// The body of the template's first section.
    func navBody(_ templates: TemplateSet) -> ParsedTemplate? {
        templates.renderer.templates["t"]?.nodes.first { $0.kind == .section }?.template
    }
}
