import Foundation
import TestSupport
import XCTest
@testable import Templating

/// The typed contexts (`TemplateValue`, `TemplateObject`, `TemplateKey`) against the plain
/// `[String: Any]` ones they replace: the same values both ways, and the same rendering.
final class TemplateValueTests: XCTestCase {
    /// A plain value written out with its exact types, dictionaries by sorted key.
    static func describe(_ value: Any) -> String {
        let type = type(of: value)
        if type == [String: Any].self {
            let dictionary = value as! [String: Any]
            return "{" + dictionary.keys.sorted().map { "\($0): \(describe(dictionary[$0]!))" }.joined(separator: ", ") + "}"
        }
        if type == [String: String].self { return describe((value as! [String: String]) as [String: Any]) }
        if let array = value as? [Any] { return "[" + array.map(describe).joined(separator: ", ") + "]" }
        if type == Bool.self { return "Bool(\(value))" }
        if type == Int.self { return "Int(\(value))" }
        if type == Double.self { return "Double(\(value))" }
        if type == String.self { return (value as! String).debugDescription }
        return "\(type)"
    }

    /// Lookups find a value at `valueOffset` inside its entry (perftmpl5: a folded constant).
    func testValueOffsetIsTheTuplesOwn() {
        XCTAssertEqual(TemplateObject.valueOffset, MemoryLayout<(TemplateKey, TemplateValue)>.offset(of: \(TemplateKey, TemplateValue).1))
    }

    func testKeysAreInternedOncePerName() {
        let names = ["title", "href", "pages", "title", "a.b", "", "é", "href"]
        let keys = names.map(TemplateKey.init)
        for (i, a) in names.enumerated() {
            XCTAssertEqual(keys[i].name, a)
            for (j, b) in names.enumerated() { XCTAssertEqual(keys[i] == keys[j], a == b, "\(a) \(b)") }
        }
    }

    func testObjectSetsReplacesAndRemoves() {
        var object: TemplateObject = [.init("a"): "1", .init("b"): true]
        object[TemplateKey("a")] = .int(2)
        object[TemplateKey("c")] = .double(0.5)
        object[TemplateKey("b")] = nil
        XCTAssertEqual(object.count, 2)
        XCTAssertEqual(Self.describe(object.plain), "{a: Int(2), c: Double(0.5)}")
        object.merge([TemplateKey("c"): "x", TemplateKey("d"): false])
        XCTAssertEqual(Self.describe(object.plain), "{a: Int(2), c: \"x\", d: Bool(false)}")
    }

    /// Generated contexts over every value type the renderer knows, made typed and back: the
    /// same values (lists of objects come back as `[[String: Any]]`, which is what they were
    /// or what swift-mustache reads alike).
    func testPlainContextsRoundTrip() {
        var generator = TemplateEquivalenceTests.ContextGenerator(random: SeededGenerator(state: 7), names: ["a", "b", "items", "page", "x"],
                                                                  scalars: ["x"])
        var checked = 0
        for _ in 0..<2_000 {
            let context = generator.object(depth: 0, size: 4)
            let typed = TemplateObject(any: context)
            XCTAssertEqual(typed.count, context.count)
            // `[String: String]` and `[[String: String]]` become objects and come back as `[String: Any]`:
            // compared by their description, which does not tell them apart.
            XCTAssertEqual(Self.describe(typed.plain), Self.describe(context))
            checked += 1
        }
        XCTAssertEqual(checked, 2_000)
        XCTAssertEqual(Self.describe(TemplateValue(any: Date(timeIntervalSince1970: 0)).plain), "\"Date\"")
    }

    /// A typed context renders as swift-mustache renders its plain form, on every shipped
    /// template (the page contexts are built typed; the reference sees `plain`).
    func testTypedContextsRenderAsSwiftMustacheRendersTheirPlainForm() throws {
        for (_, ours, reference, shippedGenerator) in try TemplateEquivalenceTests.shippedSets(seed: 43) {
            var generator = shippedGenerator
            for name in ours.names {
                var compared = 0
                for run in 0..<60 {
                    let object = TemplateObject(any: generator.object(depth: 0, size: 40))
                    guard let output = try? ours.render(name, object: object) else { continue }
                    XCTAssertEqual(output, try reference.render(name, context: object.plain), "\(name) run \(run)")
                    compared += 1
                }
                XCTAssertGreaterThan(compared, 5, "\(name): too few contexts compared")
            }
        }
    }
}
