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
        XCTAssertEqual(store.fragment(ObjectIdentifier(try XCTUnwrap(navBody(templates))), 0)?.html, "<li class=f>a</li>\n")
    }

    /// `build` scans a kept rendering once (issue 21): the splices name where each one went
    /// into the output, the first time (when it is kept) and every later time.
    func testSplicesNameWhereKeptRenderingsWent() throws {
        let templates = try set("<nav>{{#nav}}<li>{{title}}</li>{{/nav}}</nav>{{#nav}}{{title}}{{/nav}}")
        let store = FragmentStore()
        var seen: [ObjectIdentifier] = []
        for page in ["é", "two"] {
            let list = ReusableList(items: [["title": "a"], ["title": page], ["title": "c"]], reusable: [true, false, true], store: store)
            var splices: [Splice] = []
            let html = try templates.render("t", context: ["nav": list], splices: &splices)
            XCTAssertEqual(html, "<nav><li>a</li><li>\(page)</li><li>c</li></nav>a\(page)c")
            // Both sections keep their items: four splices, in output order.
            XCTAssertEqual(splices.map(\.fragment.html), ["<li>a</li>", "<li>c</li>", "a", "c"])
            let bytes = Array(html.utf8)
            for splice in splices {
                XCTAssertEqual(String(decoding: bytes[splice.offset..<splice.offset + splice.fragment.html.utf8.count], as: UTF8.self),
                               splice.fragment.html)
            }
            let ids = splices.map { ObjectIdentifier($0.fragment) }
            if !seen.isEmpty { XCTAssertEqual(ids, seen, "the second page splices the kept objects") }
            seen = ids
        }
        // Not recorded through a temporary buffer (an indented partial renders into one).
        let indented = try TemplateSet(sources: [(name: "t", file: "t", text: "<div>\n  {{>p}}\n</div>"),
                                                 (name: "p", file: "p", text: "{{#nav}}<li>{{title}}</li>{{/nav}}\n")],
                                       directory: URL(fileURLWithPath: "/"), engine: .groundwork)
        var splices: [Splice] = []
        let list = ReusableList(items: [["title": "a"]], reusable: [true], store: FragmentStore())
        _ = try indented.render("t", context: ["nav": list], splices: &splices)
        _ = try indented.render("t", context: ["nav": list], splices: &splices)
        XCTAssertEqual(splices.count, 0)
    }

    /// Blocks of kept items (`FragmentStore.blockSizes`) go in as one splice each: over lists
    /// of every length up to three small blocks and some longer than a large one, with items that are the page's own at random places
    /// and one that reads the enclosing context, the output is the plain list's, and every
    /// splice is where its HTML is. Without blocks a page would splice every item.
    func testBlocksOfKeptItemsRenderAsThePlainList() throws {
        let templates = try set("<ul>{{#nav}}<li{{#first()}} class=f{{/first()}}>{{title}}{{#mark}}{{outer}}{{/mark}}</li>{{/nav}}</ul>")
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var blockSplices = 0, bigBlockSplices = 0
        for count in Array(0...25) + [63, 64, 65, 100, 131] {
            let store = FragmentStore()
            for page in 0..<6 {
                var items: [[String: Any]] = (0..<count).map { ["title": "t\($0)<", "mark": false] }
                var reusable = Array(repeating: true, count: count)
                for _ in 0..<next(3) where count > 0 {
                    let own = next(count)
                    items[own]["title"] = "page\(page)"
                    reusable[own] = false
                }
                // Reads the page's context: never kept, so never in a block.
                if count > 3 { items[count / 2]["mark"] = true }
                let context: [String: Any] = ["nav": ReusableList(items: items, reusable: reusable, store: store), "outer": "!\(page)"]
                var splices: [Splice] = []
                let html = try templates.render("t", context: context, splices: &splices)
                XCTAssertEqual(html, try templates.render("t", context: ["nav": items, "outer": "!\(page)"]), "\(count) items, page \(page)")
                let bytes = Array(html.utf8)
                var end = 0
                for splice in splices {
                    XCTAssertGreaterThanOrEqual(splice.offset, end, "in output order, not overlapping")
                    end = splice.offset + splice.fragment.html.utf8.count
                    XCTAssertEqual(String(decoding: bytes[splice.offset..<end], as: UTF8.self), splice.fragment.html)
                    let items = splice.fragment.html.components(separatedBy: "<li").count - 1
                    if items > 1 { blockSplices += 1 }
                    if items > 8 { bigBlockSplices += 1 }
                }
            }
        }
        XCTAssertGreaterThan(blockSplices, 20)
        XCTAssertGreaterThan(bigBlockSplices, 5)
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
