import Foundation
import TestSupport
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

    /// Runs (issue 21, scaling): consecutive kept renderings that earlier lists spliced alike
    /// are spliced as one. Over generated lists sharing a store (random non-reusable
    /// positions, a few patterns repeated as the pages of one folder repeat theirs), every
    /// render equals the plain list's, every splice names its bytes, and once a pattern has
    /// been seen twice its stretches come as one splice each.
    func testRunsRenderAsThePlainList() throws {
        let templates = try set("<ul>{{#nav}}<li{{#first()}} class=f{{/first()}}{{#last()}} class=l{{/last()}}>{{title}}{{#current}}*{{/current}}</li>{{/nav}}</ul>")
        var generator = SplitMix64(seed: 21)
        for round in 0..<20 {
            let store = FragmentStore()
            let count = Int.random(in: 1...12, using: &generator)
            // A few "folders": each a set of positions patched for its pages.
            let patterns: [Set<Int>] = (0..<3).map { _ in Set((0..<Int.random(in: 0...3, using: &generator)).map { _ in Int.random(in: 0..<count, using: &generator) }) }
            for page in 0..<12 {
                let patched = patterns[(page / 4 + round) % patterns.count]
                let current = patched.min()
                let items: [[String: Any]] = (0..<count).map { i in
                    ["title": patched.contains(i) ? "p\(i)-\(page)" : "t\(i)", "current": i == current]
                }
                let list = ReusableList(items: items, reusable: (0..<count).map { !patched.contains($0) }, store: store)
                var splices: [Splice] = []
                let html = try templates.render("t", context: ["nav": list], splices: &splices)
                XCTAssertEqual(html, try templates.render("t", context: ["nav": items]), "round \(round), page \(page)")
                let bytes = Array(html.utf8)
                for splice in splices {
                    XCTAssertEqual(String(decoding: bytes[splice.offset..<splice.offset + splice.fragment.html.utf8.count], as: UTF8.self),
                                   splice.fragment.html)
                }
                // The third page of a folder: its pattern was seen twice, every stretch is one splice.
                if page % 4 >= 2 {
                    let stretches = (0..<count).filter { !patched.contains($0) && ($0 == 0 || patched.contains($0 - 1)) }.count
                    XCTAssertEqual(splices.count, stretches, "round \(round), page \(page), patched \(patched.sorted())")
                }
            }
        }
    }

    /// Aligned blocks (perftmpl5): a long list patched at a different position on every
    /// page (the nav's open section: each page marks its own entry) never repeats a stretch,
    /// so runs never form; its kept renderings are spliced as aligned blocks instead. Over
    /// generated lists sharing a store, every render equals the plain list's, every splice
    /// names its bytes, and once every position has been kept a page splices a few blocks
    /// and singles, not one splice per item.
    func testBlocksRenderAsThePlainList() throws {
        let templates = try set("<ul>{{#nav}}<li{{#first()}} class=f{{/first()}}{{#last()}} class=l{{/last()}}>{{title}}{{#current}}*{{/current}}</li>\n{{/nav}}</ul>")
        var generator = SplitMix64(seed: 5)
        for round in 0..<12 {
            let store = FragmentStore()
            let count = Int.random(in: 1...150, using: &generator)
            for page in 0..<8 {
                // The page's own entry, and now and then a second patched one.
                var patched: Set<Int> = [Int.random(in: 0..<count, using: &generator)]
                if Bool.random(using: &generator) { patched.insert(Int.random(in: 0..<count, using: &generator)) }
                let items: [[String: Any]] = (0..<count).map { i in
                    ["title": patched.contains(i) ? "p\(i)-\(page)" : "t<\(i)", "current": patched.contains(i)]
                }
                let list = ReusableList(items: items, reusable: (0..<count).map { !patched.contains($0) }, store: store)
                var splices: [Splice] = []
                let html = try templates.render("t", context: ["nav": list], splices: &splices)
                XCTAssertEqual(html, try templates.render("t", context: ["nav": items]), "round \(round), page \(page)")
                let bytes = Array(html.utf8)
                for splice in splices {
                    XCTAssertEqual(Array(bytes[splice.offset..<splice.offset + splice.fragment.utf8.count]), splice.fragment.utf8)
                }
                // Per stretch between patched positions: at most three singles at each end
                // and two blocks of each size (4 ... 64).
                if page >= 4 {
                    XCTAssertLessThanOrEqual(splices.count, (patched.count + 1) * (6 + 2 * FragmentStore.blockLevels.count),
                                             "round \(round), page \(page), \(count) items")
                }
            }
        }
    }

    /// Replacements (perftmpl5): a list given as the folder's items plus the few a page
    /// replaces renders as the plain list with those items in place, in sections, inverted
    /// sections and list transforms, kept renderings included; `items` is that list.
    func testReplacementsRenderAsThePatchedList() throws {
        let templates = try set("{{count(nav)}}|{{#first(nav)}}{{title}}{{/first(nav)}}|{{#last(nav)}}{{title}}{{/last(nav)}}|{{^empty(nav)}}<ul>{{#nav}}<li>{{title}}{{#current}}*{{/current}}</li>{{/nav}}</ul>{{/empty(nav)}}")
        var generator = SplitMix64(seed: 77)
        for round in 0..<40 {
            let store = FragmentStore()
            let count = Int.random(in: 0...20, using: &generator)
            let base: [TemplateValue] = (0..<count).map { .object([TemplateKey("title"): .string("t<\($0)"), TemplateKey("current"): false]) }
            for page in 0..<5 {
                var replacements: [(position: Int, value: TemplateValue)] = []
                for position in 0..<count where Int.random(in: 0..<6, using: &generator) == 0 {
                    replacements.append((position, .object([TemplateKey("title"): .string("p\(position)-\(page)"), TemplateKey("current"): true])))
                }
                var patched = base
                for (position, value) in replacements { patched[position] = value }
                let reusable = (0..<count).map { position in !replacements.contains { $0.position == position } }
                let list = ReusableList(items: base, replacing: replacements, reusable: reusable, store: store)
                XCTAssertEqual(list.items.count, patched.count)
                var object = TemplateObject()
                object[TemplateKey("nav")] = .reusable(list)
                var plain = TemplateObject()
                plain[TemplateKey("nav")] = .list(patched)
                XCTAssertEqual(try templates.render("t", object: object), try templates.render("t", object: plain), "round \(round), page \(page)")
            }
        }
    }

    /// The body of the template's first section.
    func navBody(_ templates: TemplateSet) -> ParsedTemplate? {
        templates.renderer.templates["t"]?.nodes.first { $0.kind == .section }?.template
    }
}
