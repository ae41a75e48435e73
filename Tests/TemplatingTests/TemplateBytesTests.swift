import Foundation
import TestSupport
import XCTest
@testable import Templating

/// Pages rendered as bytes (issue 21, perfbytes): `TemplateOutput` instead of `String`
/// appends, and page bodies handed in as bytes (`TemplateValue.utf8`). The bytes must be the
/// `String` rendering's UTF-8, and swift-mustache's.
final class TemplateBytesTests: XCTestCase {
    /// `value` with strings given as bytes (`.utf8`): each string with a one in two chance
    /// (seeded), so that both kinds meet in one context.
    /// `converted` counts the strings given as bytes.
    static func asBytes(_ value: TemplateValue, _ random: inout SeededGenerator, _ converted: inout Int) -> TemplateValue {
        switch value {
        case .string(let string):
            guard random.next(2) == 0 else { return value }
            converted += 1
            return .utf8(Array(string.utf8))
        case .list(let items): return .list(items.map { asBytes($0, &random, &converted) })
        case .object(let object): return .object(asBytes(object, &random, &converted))
        default: return value
        }
    }

    static func asBytes(_ object: TemplateObject, _ random: inout SeededGenerator, _ converted: inout Int) -> TemplateObject {
        var result = TemplateObject(capacity: object.count)
        for (key, value) in object.keysAndValues { result[key] = asBytes(value, &random, &converted) }
        return result
    }

    /// On every shipped template and generated contexts: strings given as bytes render as the
    /// strings do, as bytes and as a `String`, and as swift-mustache renders the plain form.
    func testStringsGivenAsBytesRenderAsTheStrings() throws {
        var converted = 0
        for (_, ours, reference, shippedGenerator) in try TemplateEquivalenceTests.shippedSets(seed: 47) {
            var generator = shippedGenerator
            var random = SeededGenerator(state: 48)
            for name in ours.names {
                var compared = 0
                for run in 0..<80 {
                    let object = TemplateObject(any: generator.object(depth: 0, size: 40))
                    guard let expected = try? ours.render(name, object: object) else { continue }
                    let bytesObject = Self.asBytes(object, &random, &converted)
                    var splices: [Splice] = []
                    let bytes = try ours.renderBytes(name, object: bytesObject, splices: &splices, capacity: 16)
                    XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected, "\(name) run \(run)")
                    XCTAssertEqual(bytes, Array(expected.utf8), "\(name) run \(run)")
                    XCTAssertEqual(try ours.render(name, object: bytesObject), expected, "\(name) run \(run)")
                    XCTAssertEqual(try reference.render(name, context: bytesObject.plain), expected, "\(name) run \(run)")
                    compared += 1
                }
                XCTAssertGreaterThan(compared, 5, "\(name): too few contexts compared")
            }
        }
        // The conversion really gave bytes somewhere (else the test compares strings to strings).
        XCTAssertGreaterThan(converted, 1_000)
    }

    /// Bytes values in every tag kind: escaped and not, sections, inverted sections, transforms.
    func testBytesValuesInEveryTagKind() throws {
        let text = "{{a}}|{{{a}}}|{{#a}}[{{.}}]{{/a}}|{{^a}}none{{/a}}|{{a.empty}}|{{a.uppercased}}|{{#e}}x{{/e}}{{^e}}y{{/e}}|{{e.empty}}"
        let set = try TemplateSet(sources: [(name: "t", file: "t", text: text)], directory: URL(fileURLWithPath: "/"), engine: .compared)
        for string in ["<b>é & \"q\"</b>", "", "plain"] {
            let asString: TemplateObject = [TemplateKey("a"): .string(string), TemplateKey("e"): ""]
            let asBytes: TemplateObject = [TemplateKey("a"): .utf8(Array(string.utf8)), TemplateKey("e"): .utf8([])]
            XCTAssertEqual(try set.render("t", object: asBytes), try set.render("t", object: asString), string)
        }
    }

    /// An indented partial indents the lines its output starts, as swift-mustache does: after
    /// a line feed that is a character of its own, not after `\r\n` (one character, which is
    /// not "\n": `TemplateOutput.endsWithLineFeed`).
    func testIndentedPartialsFollowTheLineFeedCharacterRule() throws {
        let partials = ["a\nb\n", "a\r\nb\r\n", "a\r\n{{x}}\nc", "{{x}}\n{{x}}\r\n{{x}}", "\n\n", "\r\n\r\n{{{x}}}"]
        for partial in partials {
            let sources = [(name: "t", file: "t", text: "<div>\n  {{>p}}\n</div>\n"), (name: "p", file: "p", text: partial)]
            let set = try TemplateSet(sources: sources, directory: URL(fileURLWithPath: "/"), engine: .compared)
            for value in ["v", "\r", "\n", "1\r\n2"] {
                XCTAssertNoThrow(try set.render("t", object: [TemplateKey("x"): .string(value)]), "\(partial.debugDescription) \(value.debugDescription)")
                XCTAssertNoThrow(try set.render("t", object: [TemplateKey("x"): .utf8(Array(value.utf8))]), "\(partial.debugDescription) \(value.debugDescription)")
            }
        }
    }
}
