import Foundation
import TestSupport
import XCTest
@testable import Templating

/// Groundwork's template parser and renderer (`TemplateParser`, `TemplateRenderer`) against
/// swift-mustache, the reference: on every shipped template with generated contexts, and on
/// generated templates. A difference fails with the template and context to reproduce it.
final class TemplateEquivalenceTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shippedFolders = [
        repository.appendingPathComponent("templates"),
        repository.appendingPathComponent("Tests/GroundworkCoreTests/Fixtures/golden-site/templates"),
    ]

    /// Both engines over the same sources.
    static func sets(_ sources: [String: String]) throws -> (ours: TemplateSet, reference: TemplateSet) {
        let list = sources.keys.sorted().map { (name: $0, file: "\($0).mustache", text: sources[$0]!) }
        let folder = URL(fileURLWithPath: "/generated")
        return (try TemplateSet(sources: list, directory: folder, engine: .groundwork),
                try TemplateSet(sources: list, directory: folder, engine: .swiftMustache))
    }

    // MARK: Contexts

    /// Random contexts over a vocabulary of names, with values of every type Groundwork
    /// passes: text that needs escaping, numbers, booleans, lists (empty too), objects.
    struct ContextGenerator {
        var random: SeededGenerator
        var names: [String]
        /// Names written as variables get scalars more often (a variable cannot show a list).
        var scalars: Set<String>
        static let texts = ["", "x", "Hello world", "<b>&amp;</b>", "a\"b'c", "x\"\u{301} y", "é", "line\nbreak", "  ", "1"]

        mutating func scalar() -> Any {
            switch random.next(5) {
            case 0, 1: return Self.texts[random.next(Self.texts.count)]
            case 2: return random.next(7) - 2
            case 3: return random.next(2) == 0
            default: return [0.5, 2.0, -1.25][random.next(3)]
            }
        }

        mutating func value(for name: String, depth: Int) -> Any {
            if scalars.contains(name) || depth > 1 { return scalar() }
            switch random.next(10) {
            case 0: return scalar()
            case 1: return random.next(2) == 0
            case 2: return [[String: Any]]()
            case 3: return (0..<random.next(3)).map { _ in Self.texts[random.next(Self.texts.count)] }
            case 4: return object(depth: depth + 1)
            // The other list types the renderer iterates (`TemplateRenderer.ListValue`).
            case 5: return (0..<random.next(3)).map { _ in random.next(5) - 1 }
            case 6: return (0..<random.next(3)).map { _ -> Any in random.next(2) == 0 ? scalar() : object(depth: depth + 1) }
            case 7: return (0..<random.next(3)).map { _ in ["title": Self.texts[random.next(Self.texts.count)]] }
            default: return (0..<(1 + random.next(2))).map { _ in object(depth: depth + 1) }
            }
        }

        /// An object holding about `size` of the names (each with its own chance), so
        /// that large vocabularies (the shipped templates') make small contexts.
        mutating func object(depth: Int, size: Int = 6) -> [String: Any] {
            var object: [String: Any] = [:]
            let per1000 = min(1000, 1000 * size / max(1, names.count))
            for name in names where random.next(1000) < per1000 { object[name] = value(for: name, depth: depth) }
            return object
        }
    }

    /// Each shipped template folder, loaded by our engine and by swift-mustache, with a
    /// generator of contexts over the names its templates read (seeded with `seed`).
    static func shippedSets(seed: UInt64) throws -> [(folder: URL, ours: TemplateSet, reference: TemplateSet, generator: ContextGenerator)] {
        try shippedFolders.map { folder in
            let ours = try TemplateSet(directory: folder)
            let reference = try TemplateSet(directory: folder, engine: .swiftMustache)
            var names = Set<String>(), variables = Set<String>(), sections = Set<String>()
            for template in ours.renderer.templates.values {
                Self.names(in: template, into: &names, variables: &variables, sections: &sections)
            }
            // Names only ever shown as variables get scalars: a variable cannot show a list.
            let generator = ContextGenerator(random: SeededGenerator(state: seed), names: names.sorted(),
                                             scalars: variables.subtracting(sections))
            return (folder, ours, reference, generator)
        }
    }

    /// The names a parsed template reads: every part of every path, and which are variables.
    static func names(in template: ParsedTemplate, into names: inout Set<String>, variables: inout Set<String>,
                      sections: inout Set<String>) {
        for node in template.nodes {
            names.formUnion(node.name.path)
            if node.kind == .variable { variables.formUnion(node.name.path.suffix(1)) }
            if node.kind == .section || node.kind == .invertedSection { sections.formUnion(node.name.path) }
            if node.kind != .variable { sections.formUnion(node.name.path.dropLast()) }
            if let body = node.template { self.names(in: body, into: &names, variables: &variables, sections: &sections) }
            for inherited in (node.inherits ?? [:]).values {
                self.names(in: inherited, into: &names, variables: &variables, sections: &sections)
            }
        }
    }

    /// Renders `name` with both engines; nil when ours declines the context (a value type it
    /// does not render, such as a list in a variable tag), after checking it said so clearly.
    func compare(_ sets: (ours: TemplateSet, reference: TemplateSet), _ name: String, _ context: [String: Any],
                 _ describe: @autoclosure () -> String) -> Bool? {
        let reference = try? sets.reference.render(name, context: context)
        do {
            let ours = try sets.ours.render(name, context: context)
            XCTAssertEqual(ours, reference, describe())
            return ours == reference
        } catch {
            XCTAssertTrue("\(error)".contains("cannot render"), "\(error)\n\(describe())")
            return nil
        }
    }

    // MARK: Shipped templates

    func testEveryShippedTemplateMatchesSwiftMustacheOnGeneratedContexts() throws {
        for (folder, ours, reference, shippedGenerator) in try Self.shippedSets(seed: 41) {
            var generator = shippedGenerator
            XCTAssertGreaterThan(ours.names.count, 3)
            for name in ours.names {
                var compared = 0
                for run in 0..<150 {
                    let context = generator.object(depth: 0, size: 40)
                    if compare((ours, reference), name, context, "\(folder.lastPathComponent)/\(name) run \(run)") != nil { compared += 1 }
                }
                XCTAssertGreaterThan(compared, 15, "\(name): too few contexts compared")
            }
        }
    }

    // MARK: Generated templates

    /// Random templates: balanced sections, inverted sections, transforms, comments,
    /// partials, inheritance, set delimiters, and the whitespace around them (standalone
    /// lines, indentation, CRLF).
    struct TemplateGenerator {
        var random: SeededGenerator
        static let names = ["a", "b", "items", "flag", "page", "page.title", ".", ".a", "x.y", "empty(items)", "count(items)",
                            "first()", "last()", "index()", "lowercased(a)", "empty(page)", "nothing", "first(items)"]
        // No text ends in "{": before a tag it would make "{{{" (or "{" at the very end, an error).
        static let texts = ["x", "Hello", "<p>", "&", "é", " ", "  ", "\t", "a}b", "{ x", "}", "\r\n", "\n", "\n", "\n"]
        static let blanks = ["", "", " ", "  ", "\t", " \t"]

        mutating func pick(_ list: [String]) -> String { list[random.next(list.count)] }

        /// A tag alone on its line (standalone) or inline, with whitespace around it.
        mutating func around(_ tag: String) -> String {
            switch random.next(3) {
            case 0: return "\n" + pick(Self.blanks) + tag + pick(Self.blanks) + (random.next(4) == 0 ? "\r\n" : "\n")
            case 1: return pick(Self.blanks) + tag
            default: return tag + pick(Self.blanks)
            }
        }

        mutating func body(depth: Int, partials: Bool, blocks: Bool) -> String {
            var out = ""
            for _ in 0..<(1 + random.next(6)) {
                switch random.next(depth > 2 ? 6 : 11) {
                case 0, 1: out += pick(Self.texts)
                case 2: out += around("{{" + pick(Self.names) + "}}")
                case 3:
                    let name = pick(Self.names)
                    out += around(random.next(2) == 0 ? "{{{" + name + "}}}" : "{{&" + name + "}}")
                case 4: out += around("{{! a comment\nover lines }}")
                case 5:
                    if partials { out += around("{{>" + pick(["p", "q", "missing"]) + "}}") } else { out += pick(Self.texts) }
                case 6, 7:
                    let name = pick(Self.names)
                    let kind = random.next(3) == 0 ? "^" : "#"
                    out += around("{{\(kind)\(name)}}") + body(depth: depth + 1, partials: partials, blocks: blocks) + around("{{/\(name)}}")
                case 8:
                    if blocks { out += around("{{$blk}}") + body(depth: depth + 1, partials: false, blocks: false) + around("{{/blk}}") }
                case 9:
                    out += around("{{=<% %>=}}") + pick(Self.texts) + around("<%" + pick(Self.names) + "%>") + around("<%={{ }}=%>")
                default:
                    if partials {
                        out += around("{{<parent}}") + pick(["", "\n", " "]) + around("{{$blk}}")
                            + body(depth: depth + 1, partials: false, blocks: false) + around("{{/blk}}") + around("{{/parent}}")
                    }
                }
            }
            return out
        }
    }

    func testGeneratedTemplatesMatchSwiftMustache() throws {
        var generator = TemplateGenerator(random: SeededGenerator(state: 7))
        var contexts = ContextGenerator(random: SeededGenerator(state: 9),
                                        names: ["a", "b", "items", "flag", "page", "title", "x", "y"], scalars: ["a", "b", "title", "y"])
        var compared = 0, templates = 0
        for run in 0..<1_500 {
            let sources = [
                "t": generator.body(depth: 0, partials: true, blocks: true),
                "p": generator.body(depth: 1, partials: false, blocks: true),
                "parent": generator.body(depth: 1, partials: false, blocks: true) + "{{$blk}}default\n{{/blk}}",
                "q": "  {{a}}\n{{#items}}\n  - {{.}}\n{{/items}}\n",
            ]
            let sets: (ours: TemplateSet, reference: TemplateSet)
            do {
                sets = try Self.sets(sources)
            } catch {
                XCTFail("run \(run): \(error)\n\(sources)")
                continue
            }
            templates += 1
            for _ in 0..<4 {
                let context = contexts.object(depth: 0)
                if compare(sets, "t", context, "run \(run): \(sources.sorted { $0.key < $1.key })\ncontext \(context)") != nil {
                    compared += 1
                }
            }
        }
        XCTAssertEqual(templates, 1_500)
        XCTAssertGreaterThan(compared, 3_000)
    }

    /// Random soup of tags, balanced or not: the two parsers accept and reject the same
    /// templates, and what both accept renders the same.
    func testParsersAgreeOnWhatIsATemplate() throws {
        let pieces = ["{{#a}}", "{{/a}}", "{{/b}}", "{{^b}}", "{{", "}}", "{{{a}}", "{{{a}}}", "{{a(b}}", "{{a(b)}}", "{{a(b(c))}}",
                      "{{a(b))}}", "{{=| |=}}", "|a|", "|={{ }}=|", "{{=x}}", "{{!", "{{! c }}", "{{<parent}}", "{{$blk}}",
                      "{{/blk}}", "{{/parent}}", "x", "{{a b}}", "\n", " ", "{", "{{>p}}", "{{&a}}", "\r\n", "{{ }}", "{{.}}",
                      "{{$a(b)}}", "{{#a}}\n", "  {{/a}}\n"]
        var random = SeededGenerator(state: 3)
        var contexts = ContextGenerator(random: SeededGenerator(state: 5), names: ["a", "b", "c"], scalars: ["a"])
        var accepted = 0, rejected = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<(1 + random.next(6)) { text += pieces[random.next(pieces.count)] }
            let sources = ["t": text, "p": "{{a}}\n", "parent": "[{{$blk}}d{{/blk}}]"]
            var swiftMustacheAccepts = true
            do {
                _ = try TemplateSet(sources: [(name: "t", file: "t", text: text)], directory: URL(fileURLWithPath: "/"), engine: .swiftMustache)
            } catch {
                swiftMustacheAccepts = "\(error)".contains("template syntax error") ? false : true
            }
            let oursAccepts = (try? TemplateParser.parse(text)) != nil
            XCTAssertEqual(oursAccepts, swiftMustacheAccepts, text.debugDescription)
            if oursAccepts && swiftMustacheAccepts {
                accepted += 1
                let sets = try Self.sets(sources)
                _ = compare(sets, "t", contexts.object(depth: 0), text.debugDescription)
            } else {
                rejected += 1
            }
        }
        XCTAssertGreaterThan(accepted, 1_000)
        XCTAssertGreaterThan(rejected, 1_000)
    }

    /// Loading parses with swift-mustache only where Groundwork's parser rejects a template
    /// (issue 21): the error is still the one of the former rule — parsed by swift-mustache first
    /// (its syntax error, with its position), then by ours (a feature it leaves out) — for the
    /// first template, by name, that fails. Random soups of tags over several templates.
    func testLoadErrorsFollowTheSwiftMustacheFirstRule() throws {
        let pieces = ["{{#a}}", "{{/a}}", "{{/b}}", "{{^b}}", "{{", "}}", "{{{a}}", "{{{a}}}", "{{a(b}}", "{{a(b)}}", "{{a(b))}}",
                      "{{=| |=}}", "|a|", "|={{ }}=|", "{{=x}}", "{{!", "{{! c }}", "{{<parent}}", "{{$blk}}", "{{/blk}}",
                      "{{/parent}}", "x", "{{a b}}", "\n", " ", "{", "{{>p}}", "{{&a}}", "\r\n", "\r", "{{ }}", "{{.}}",
                      "{{$a(b)}}", "{{#a}}\n", "  {{/a}}\n", "{{% CONTENT_TYPE: TEXT}}", "{{%x}}", "{{>*p}}", "{{<*p}}",
                      "{{/*p}}", "é", "{\u{301}", "{{\u{301}a}}", "{{a\u{301}}}", "}\u{301}}", "\u{2028}", "{{a-b?*}}"]
        var random = SeededGenerator(state: 11)
        func formerRule(_ sources: [(name: String, file: String, text: String)]) -> String {
            for source in sources {
                do {
                    _ = try TemplateSet.parseWithSwiftMustache(source.text, file: source.file)
                    _ = try TemplateParser.parse(source.text)
                } catch let failure as TemplateParser.Failure {
                    return "\(source.file):\(failure.line):\(failure.column): \(failure.message)"
                } catch {
                    return "\(error)"
                }
            }
            return "loaded"
        }
        var contexts = ContextGenerator(random: SeededGenerator(state: 13), names: ["a", "b", "c"], scalars: ["a"])
        var failed = 0, syntaxErrors = 0, rendered = 0
        for _ in 0..<6_000 {
            var sources: [(name: String, file: String, text: String)] = []
            for name in ["a", "b", "c"].prefix(1 + random.next(3)) {
                var text = ""
                for _ in 0..<(1 + random.next(5)) { text += pieces[random.next(pieces.count)] }
                sources.append((name, name + ".mustache", text))
            }
            let expected = formerRule(sources)
            for engine in [TemplateSet.Engine.groundwork, .swiftMustache] {
                let outcome: String
                do {
                    _ = try TemplateSet(sources: sources, directory: URL(fileURLWithPath: "/"), engine: engine)
                    outcome = "loaded"
                } catch {
                    outcome = "\(error)"
                }
                XCTAssertEqual(outcome, expected, sources.map(\.text).debugDescription)
            }
            if expected != "loaded" { failed += 1 }
            if expected.contains("template syntax error") { syntaxErrors += 1 }
            // What loads renders as swift-mustache renders it: the text cut from the
            // template's bytes (`TemplateParser.string`), non-ASCII characters included.
            if expected == "loaded" {
                var named: [String: String] = ["p": "{{a}}\n", "parent": "[{{$blk}}d{{/blk}}]"]
                for source in sources { named[source.name] = source.text }
                let sets = try Self.sets(named)
                for source in sources { _ = compare(sets, source.name, contexts.object(depth: 0), source.text.debugDescription) }
                rendered += 1
            }
        }
        XCTAssertGreaterThan(rendered, 300)
        XCTAssertGreaterThan(failed, 1_000)
        XCTAssertGreaterThan(syntaxErrors, 500)
        XCTAssertLessThan(failed, 5_900)
    }

    // MARK: What is not supported is an error

    func testUnsupportedFeaturesAreClearErrors() throws {
        for (text, expected) in [("a\n{{% CONTENT_TYPE: TEXT}}", "2:1: pragmas"), ("x {{>*name}}", "1:3: dynamic partials"),
                                 ("{{<*name}}{{/*name}}", "1:1: dynamic partials")] {
            XCTAssertThrowsError(try Self.sets(["t": text]), text) { error in
                XCTAssertTrue("\(error)".hasPrefix("t.mustache:" + expected), "\(error)")
            }
        }
        let (ours, reference) = try Self.sets(["t": "{{#items}}{{.}}{{/items}}|{{sorted(items)}}", "v": "{{a}}", "s": "{{#a}}x{{/a}}"])
        XCTAssertEqual(try reference.render("v", context: ["a": Date(timeIntervalSince1970: 0)]), "1970-01-01 00:00:00 +0000")
        XCTAssertThrowsError(try ours.render("v", context: ["a": Date(timeIntervalSince1970: 0)])) { error in
            XCTAssertEqual("\(error)", "/generated/v.mustache: cannot render: {{a}} is a Date, which a variable tag cannot render")
        }
        XCTAssertThrowsError(try ours.render("s", context: ["a": Date()])) { XCTAssertTrue("\($0)".contains("{{#a}} holds a Date"), "\($0)") }
        XCTAssertThrowsError(try ours.render("t", context: ["items": ["b", "a"]])) { error in
            XCTAssertTrue("\(error)".contains("the transform 'sorted'"), "\(error)")
        }
        XCTAssertThrowsError(try ours.render("nope", context: [:])) { XCTAssertTrue("\($0)".contains("missing template 'nope'")) }
        // A syntax error is swift-mustache's, with its position, as before.
        XCTAssertThrowsError(try Self.sets(["t": "x\n{{#a}}"])) { XCTAssertTrue("\($0)".contains("template syntax error"), "\($0)") }
    }

    /// The one escaper: both engines write `HTMLEscape`'s entities, a quote followed by a
    /// combining mark included.
    func testBothEnginesEscapeThroughHTMLEscape() throws {
        let value = "<a href=\"x\"\u{301}>'&"
        let (ours, reference) = try Self.sets(["t": "{{v}}|{{{v}}}|{{&v}}"])
        let expected = HTMLEscape.escape(value) + "|" + value + "|" + value
        XCTAssertEqual(try ours.render("t", context: ["v": value]), expected)
        XCTAssertEqual(try reference.render("t", context: ["v": value]), expected)
        XCTAssertTrue(expected.hasPrefix("&lt;a href=&quot;x&quot;\u{301}&gt;&#39;&amp;"))
    }

    /// Standalone lines and indented partials, spelled out (the generated tests cover more).
    func testWhitespaceRules() throws {
        let sources = ["t": "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n  {{>p}}\n{{<parent}}\n  {{$blk}}\n    B\n  {{/blk}}\n{{/parent}}\n",
                       "p": "one\ntwo\n", "parent": "[\n  {{$blk}}D{{/blk}}\n]\n"]
        let (ours, reference) = try Self.sets(sources)
        let context: [String: Any] = ["items": ["a", "b"]]
        // The block's text is inline in `parent` ("D{{/blk}}" goes on), so its line break stays.
        let expected = "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n  one\n  two\n[\n  B\n\n]\n"
        XCTAssertEqual(try reference.render("t", context: context), expected)
        XCTAssertEqual(try ours.render("t", context: context), expected)
    }
}
