import XCTest
import TestSupport
@testable import GroundworkCheck
@testable import GroundworkCore
@testable import GroundworkRender
import Templating

/// The byte-level fast paths added for throughput (issue 9) must agree exactly with the
/// `Character`-level code they replace, on adversarial input.
final class FastPathEquivalenceTests: XCTestCase {
    /// A deterministic generator, so a failure is reproducible.
    typealias Generator = SeededGenerator

    static func describe(_ split: FrontMatterSplitter.Split) -> String {
        switch split {
        case .none: return "none"
        case .unterminated: return "unterminated"
        case .some(let yaml, let body): return "some(\(yaml.debugDescription), \(body.debugDescription))"
        }
    }

    func testFastStringsAgreeWithFoundation() {
        let pieces = ["a", "%", "%20", "%C3%A9", "%zz", "%E2", " ", "\t", "\n", "\r", "\u{A0}", "\u{2003}", "\u{85}", "\\",
                      "/", "é", "#", ":", "\u{2028}", "x y"]
        var generator = Generator(state: 5)
        for _ in 0..<30_000 {
            var text = ""
            for _ in 0..<generator.next(7) { text += pieces[generator.next(pieces.count)] }
            XCTAssertEqual(text.fastRemovingPercentEncoding, text.removingPercentEncoding, text.debugDescription)
            XCTAssertEqual(text.fastTrimmingWhitespaces, text.trimmingCharacters(in: .whitespaces), text.debugDescription)
            XCTAssertEqual(text.fastTrimmingWhitespacesAndNewlines, text.trimmingCharacters(in: .whitespacesAndNewlines), text.debugDescription)
            XCTAssertEqual(text.fastReplacingBackslashes, text.replacingOccurrences(of: "\\", with: "/"), text.debugDescription)
        }
    }

    func testPercentEncodingFastPathsAgreeWithFoundation() {
        let pieces = ["a", "Z", "0", "-", ".", "_", "~", "/", " ", "%", "?", "#", ";", "é", "\"", "<", "(", "+", "&", ":", "@"]
        var generator = Generator(state: 11)
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<generator.next(6) { text += pieces[generator.next(pieces.count)] }
            XCTAssertEqual(URLPaths.percentEncode(text), text.addingPercentEncoding(withAllowedCharacters: URLPaths.pathAllowed) ?? text)
            XCTAssertEqual(URLPaths.encodeFragment(text), text.addingPercentEncoding(withAllowedCharacters: URLPaths.fragmentAllowed) ?? text)
        }
    }

    /// The original, `String`-based `URLPaths.relative`, kept here as the reference the
    /// byte-level one must agree with.
    static func relativeByCharacters(from: String, to: String) -> String {
        let fromSegments = from.split(separator: "/").map(String.init)
        let toIsFolder = to.isEmpty || to.hasSuffix("/")
        var toSegments = to.split(separator: "/").map(String.init)
        let file = toIsFolder ? nil : toSegments.popLast()
        var common = 0
        while common < fromSegments.count, common < toSegments.count, fromSegments[common] == toSegments[common] { common += 1 }
        var parts = Array(repeating: "..", count: fromSegments.count - common)
        parts += toSegments[common...].map { URLPaths.percentEncode($0) }
        var result = parts.joined(separator: "/")
        if let file {
            result += (result.isEmpty ? "" : "/") + URLPaths.percentEncode(file)
        } else if !result.isEmpty {
            result += "/"
        }
        return result.isEmpty ? "./" : result
    }

    func testRelativeURLAgreesWithStringReference() {
        // Precomposed and decomposed letters name the same segment, as Strings compare.
        let pieces = ["a", "b", "a/", "b/", "/", "//", "c.css", "assets/", "é/", "e\u{301}/", "x y/", "p%41/", ".", "../", "ab",
                      "_-~/", "日本/"]
        var generator = Generator(state: 17)
        for _ in 0..<30_000 {
            var from = "", to = ""
            for _ in 0..<generator.next(5) { from += pieces[generator.next(pieces.count)] }
            for _ in 0..<generator.next(5) { to += pieces[generator.next(pieces.count)] }
            XCTAssertEqual(URLPaths.relative(from: from, to: to), Self.relativeByCharacters(from: from, to: to),
                           "from \(from.debugDescription) to \(to.debugDescription)")
        }
    }

    static func describe(_ value: Any) -> String {
        if let dictionary = value as? [String: Any] {
            return "{" + dictionary.keys.sorted().map { "\($0): \(describe(dictionary[$0]!))" }.joined(separator: ", ") + "}"
        }
        if let array = value as? [Any] { return "[" + array.map(describe).joined(separator: ", ") + "]" }
        return "\(type(of: value))(\(value))"
    }

    /// The nav built once per folder and patched per page equals the nav built for the page.
    func testCachedNavEqualsNavBuiltPerPage() throws {
        var files: [String: String] = [
            "site.yaml": "title: T\nnav:\n  - a/\n  - b/\n  - top.md\n  - a/x.md\n",
            "_index.md": "---\ntitle: Home\n---\n\n[a](a/) [b](b/) [t](top.md)\n",
            "top.md": "---\ntitle: Top\n---\n\nText.\n",
            "a/_index.md": "---\ntitle: A\n---\n\nText.\n",
            "a/sub/_index.md": "---\ntitle: Sub\n---\n\nText.\n",
            "a/sub/deep.md": "---\ntitle: Deep\n---\n\nText.\n",
            "a/x.md": "---\ntitle: X\n---\n\nText.\n",
            "a/x/_index.md": "---\ntitle: X folder\n---\n\nText.\n",
            "a/x/inner.md": "---\ntitle: Inner\n---\n\nText.\n",
            "b/one.md": "---\ntitle: One\n---\n\nText.\n",
            "b/two/three.md": "---\ntitle: Three\n---\n\nText.\n",
            "b/é.md": "---\ntitle: E\n---\n\nText.\n",
        ]
        for n in 0..<5 { files["a/p\(n).md"] = "---\ntitle: P\(n)\n---\n\nText.\n" }
        let site = try TempSite(files)
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        let templates = try TemplateSet(directory: TempSite.repositoryTemplates)
        let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                    templates: templates, today: Day(year: 2026, month: 11, day: 29), searchEnabled: false)
        var checked = 0
        var urls = analysis.site.pages.map { ($0.url, Optional($0.index), Optional($0.sectionPath)) }
        urls += analysis.site.sections.values.map { ($0.url, nil, Optional($0.path)) }
        urls += [("glossary/", nil, nil), ("tags/x/", nil, nil), ("a/x/", nil, Optional("a")), ("a/", nil, nil)]
        for (url, page, section) in urls {
            let cached = renderer.navContext(from: url, currentPage: page, currentSection: section)
            let direct = renderer.navTargets.map { renderer.navEntry($0, from: url, currentPage: page, currentSection: section) }
            XCTAssertEqual(Self.describe(cached.map(\.plain)), Self.describe(direct.map(\.plain)), "page at \(url)")
            if renderer.cachedNavContext(from: url, currentPage: page, currentSection: section) != nil { checked += 1 }
        }
        XCTAssertGreaterThan(checked, 10)
    }

    /// The sitemap's tag URLs come from `tagSlugs` (issue 21, site files): they are the URLs of
    /// `tagGroups`, the tag pages written, whatever the tags' spelling, case, spaces or repeats.
    func testTagSlugsAreTheTagGroupsURLs() throws {
        var generator = Generator(state: 21)
        let spellings = ["RAG", "rag", " rag ", "Évaluation", "evaluation", "two words", "two-words", "", "  ", "C++", "ü", "u\u{308}"]
        var files: [String: String] = ["site.yaml": "title: T\n", "_index.md": "---\ntitle: Home\n---\n\nText.\n"]
        for n in 0..<40 {
            let tags = (0..<generator.next(5)).map { _ in spellings[generator.next(spellings.count)] }
            files["p\(n).md"] = "---\ntitle: P\(n)\ntags: [\(tags.map { $0.debugDescription }.joined(separator: ", "))]\n---\n\nText.\n"
        }
        let site = try TempSite(files, knowledgeBase: false)
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        let renderer = try SiteRenderer.forTests(analysis)
        let groups = renderer.tagGroups()
        XCTAssertGreaterThan(groups.count, 5)
        XCTAssertEqual(Set(renderer.tagSlugs().map { SiteRenderer.tagsURL + $0 + "/" }), Set(groups.map(\.url)))
        XCTAssertEqual(renderer.tagSlugs().count, groups.count)
    }

    /// Every page of the repository's knowledge base and of the golden site, rendered by
    /// Groundwork's template renderer and by swift-mustache, byte for byte
    /// (`TemplateSet.Engine.compared` throws on a difference).
    func testTemplateRendererMatchesSwiftMustacheOnEveryPage() throws {
        let repository = TempSite.repositoryTemplates.deletingLastPathComponent()
        let golden = repository.appendingPathComponent("Tests/GroundworkCoreTests/Fixtures/golden-site")
        let shipped = (repository.appendingPathComponent("content"), TempSite.repositoryTemplates)
        let cases: [(URL, URL, String?)] = [(shipped.0, shipped.1, nil), (shipped.0, shipped.1, "partner"),
                                            (golden.appendingPathComponent("content"), golden.appendingPathComponent("templates"), nil)]
        for (content, templates, audience) in cases {
            var options = Options(content: content, contentDisplay: "content", templates: templates,
                                  output: FileManager.default.temporaryDirectory.appendingPathComponent("unused"),
                                  today: Day(year: 2026, month: 11, day: 29))
            options.audience = audience
            let set = try TemplateSet(directory: templates, engine: .compared)
            let analysis = try Groundwork.analyze(options)
            let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                        templates: set, today: options.today, searchEnabled: true)
            let files = try renderer.render()
            XCTAssertGreaterThan(files.count, 3)
        }
    }

    func testOutputReferenceFastPathAgreesWithResolve() {
        let pieces = ["a", "b/", "../", "./", "#", "#x", "/", "%20", "?q", ":", " ", "https://x.org/kb/", "é", "index.html",
                      "pagefind/", "..", "https:", "\r\n"]
        var generator = Generator(state: 23)
        for _ in 0..<30_000 {
            var value = ""
            for _ in 0..<generator.next(5) { value += pieces[generator.next(pieces.count)] }
            for from in ["a/b/index.html", "index.html", "x/index.html", "a/b/c/index.html"] {
                for base in ["", "https://x.org/kb/", "https://x.org/kb"] {
                    guard let fast = OutputLinkCheck.resolveRelativeASCII(value, from: from, baseURL: base, ignoredPrefixes: ["pagefind/"]) else { continue }
                    // The general path, with the fast path disabled by a value it does not take.
                    XCTAssertEqual(fast, OutputLinkCheck.resolveGeneral(value, from: from, baseURL: base, ignoredPrefixes: ["pagefind/"]),
                                   "\(value.debugDescription) from \(from) base \(base)")
                }
            }
        }
    }

    /// Issue 21: `sharable` decided over the first bytes agrees with the general path.
    func testSharableFastPathAgreesWithGeneral() {
        let pieces = ["a", "b/", "../", "./", "..", ".", "#", "#x", "/", "//", "%20", "?q", ":", " ", "https://x.org/kb/", "é",
                      "\r\n", "\t", "mailto:", "x:", "A+b-c.d", "9", ":\u{301}", "\u{301}", "_"]
        var generator = Generator(state: 29)
        var decided = 0
        for _ in 0..<30_000 {
            var value = ""
            for _ in 0..<generator.next(5) { value += pieces[generator.next(pieces.count)] }
            // `a/` and `ab/`: a base URL without a scheme, which relative values can start with.
            for base in ["", "https://x.org/kb/", "/kb/", "./", "#", "a/", "ab/"] {
                guard let fast = OutputLinkCheck.sharableFast(value, baseURL: base) else { continue }
                decided += 1
                XCTAssertEqual(fast, OutputLinkCheck.sharableGeneral(value, baseURL: base), "\(value.debugDescription) base \(base)")
            }
        }
        XCTAssertGreaterThan(decided, 10_000)
    }

    /// A `#id` reference the output check takes as fine without resolving it is one that
    /// `problem` also finds fine, and the shortcut declines what it must not decide.
    func testSameFileFragmentShortcutAgreesWithProblem() {
        let ids: Set<String> = ["intro", "x", "ref-src-1", "a b", "é", "top-2", "%41"]
        let from = "a/b/index.html"
        for base in ["", "https://x.org/kb/"] {
            let settings = OutputLinkCheck.Settings(outputDisplay: "_site", baseURL: base)
            let context = OutputLinkCheck.Context(existing: [from, "index.html"], folders: .init([from]), idsByPath: [from: OutputLinkCheck.ValueSet(ids)],
                                                  baseURL: base, settings: settings)
            var pieces = Array(ids) + ["", "#", "missing", "?q", "%20", " ", "top", ":~:text=x", "INTRO"]
            pieces.sort()
            var generator = Generator(state: 7)
            var decided = 0
            for _ in 0..<5_000 {
                var value = "#"
                for _ in 0..<(1 + generator.next(2)) { value += pieces[generator.next(pieces.count)] }
                let shortcut = OutputLinkCheck.Context.isFineFragmentOfThisFile(value, ids: ids)
                // The ids as `ScannedFile` keeps them (bytes, perfout7): the same answer.
                var bytes = value
                XCTAssertEqual(bytes.withUTF8 { OutputLinkCheck.Context.isFineFragmentOfThisFile($0, ids: OutputLinkCheck.ValueSet(ids)) },
                               shortcut, value.debugDescription)
                if shortcut {
                    decided += 1
                    XCTAssertNil(context.problem(value, from: from), "\(value.debugDescription) base \(base)")
                }
                // Broken fragments are never taken as fine.
                if context.problem(value, from: from) != nil { XCTAssertFalse(shortcut, value.debugDescription) }
            }
            XCTAssertGreaterThan(decided, 100)
            XCTAssertFalse(OutputLinkCheck.Context.isFineFragmentOfThisFile("#%41", ids: ids), "percent-decoding is left to resolve")
            XCTAssertFalse(OutputLinkCheck.Context.isFineFragmentOfThisFile("#missing", ids: ids))
            XCTAssertTrue(OutputLinkCheck.Context.isFineFragmentOfThisFile("#intro", ids: ids))
        }
    }

    static func describe(_ fm: FrontMatter) -> String {
        let locations = fm.locations.keys.sorted().map { "\($0)@\(fm.locations[$0]!.line):\(fm.locations[$0]!.column)" }
        return "\(fm.title.debugDescription)|\(fm.summary.debugDescription)|\(fm.tags)|\(fm.order.debugDescription)|"
            + "\(fm.reviewBy.debugDescription)|\(fm.owner.debugDescription)|\(fm.aliases)|\(fm.term.debugDescription)|"
            + "\(fm.alsoKnownAs)|\(fm.audience.debugDescription)|\(fm.draft)|\(locations)"
    }

    /// Front matter read without Yams is what Yams makes of it, positions included; the fast
    /// path declines anything else.
    func testSimpleFrontMatterAgreesWithYams() {
        let keys = ["title", "summary", "tags", "order", "review_by", "owner", "aliases", "term", "also_known_as",
                    "audience", "draft", "unknown", "title"]
        let values = ["A title", "x", "2099-12-31", "2026-02-30", "12", "-3", "+4", "yes", "No", "off", "true", "[a, b]", "[a b, c-d]",
                      "[a,b]", "[]", "[ a ]", "null", "~", "a: b", "a #c", "'q'", "\"q\"", "é", "a  b", "a ", "", "it's", "x, y",
                      "(x) y", "_x", "- x", "1.5", "0x10", "& a", "a & b", "a\tb", "[a, [b]]", "a]", "{a: b}", "|", ">", "!t", "*x"]
        var generator = Generator(state: 31)
        var accepted = 0
        for _ in 0..<20_000 {
            var lines: [String] = []
            for _ in 0..<(1 + generator.next(5)) {
                switch generator.next(12) {
                case 0: lines.append("")
                case 1: lines.append("  continued")
                case 2: lines.append("# comment")
                default: lines.append("\(keys[generator.next(keys.count)]): \(values[generator.next(values.count)])")
                }
            }
            let yaml = lines.joined(separator: "\n")
            guard let fast = SimpleFrontMatter.parse(yaml, file: "p.md", lineOffset: 1) else { continue }
            accepted += 1
            var bag = DiagnosticBag()
            let reference = FrontMatter.parseWithYams(yaml, file: "p.md", lineOffset: 1, bag: &bag)
            XCTAssertEqual(bag.items, [], yaml)
            XCTAssertEqual(Self.describe(fast), Self.describe(reference), yaml)
        }
        XCTAssertGreaterThan(accepted, 1000)
    }

    /// The shortcut for plain relative links yields what the full preamble of `resolve` does.
    func testPlainRelativeLinkAgreesWithPreamble() {
        let pieces = ["a", "b.md", "../", "./", "#", "#x", "/", "//", "%20", "?q", ":", " ", "\t", "é", "\\", "x y", "http:"]
        var generator = Generator(state: 41)
        for _ in 0..<30_000 {
            var raw = ""
            for _ in 0..<generator.next(5) { raw += pieces[generator.next(pieces.count)] }
            guard let (path, fragment) = LinkResolver.plainRelative(raw) else { continue }
            let destination = raw.trimmingCharacters(in: .whitespaces)
            XCTAssertFalse(destination.isEmpty, raw)
            XCTAssertNil(LinkResolver.scheme(of: destination), raw)
            XCTAssertFalse(destination.hasPrefix("//"), raw)
            var pathPart = destination
            var expectedFragment: String?
            if let hash = destination.firstIndex(of: "#") {
                pathPart = String(destination[..<hash])
                let rest = String(destination[destination.index(after: hash)...])
                expectedFragment = rest.removingPercentEncoding ?? rest
            }
            if let question = pathPart.firstIndex(of: "?") { pathPart = String(pathPart[..<question]) }
            let decoded = (pathPart.removingPercentEncoding ?? pathPart).replacingOccurrences(of: "\\", with: "/")
            XCTAssertEqual(path, decoded, raw)
            XCTAssertEqual(fragment, expectedFragment, raw)
        }
    }

    /// Glossary linking over ASCII bytes makes the same links as over `Character`s.
    func testGlossaryASCIIPathAgreesWithCharacters() throws {
        let site = try TempSite([
            "site.yaml": "title: T\n",
            "_index.md": "---\ntitle: Home\n---\n\nHome.\n",
            "terms/policy.md": "---\ntitle: Policy\nterm: policy\nsummary: A rule.\n---\n\nText.\n",
            "terms/rag.md": "---\ntitle: RAG\nterm: retrieval-augmented generation\nalso_known_as: [RAG]\n---\n\nText.\n",
            "terms/ft.md": "---\ntitle: FT\nterm: fine-tuning\nalso_known_as: [reinforcement fine-tuning, fine tuning]\n---\n\nText.\n",
            "terms/model.md": "---\ntitle: Model\nterm: foundation model\nalso_known_as: [model, box]\n---\n\nText.\n",
            "terms/kelvin.md": "---\ntitle: K\nterm: \"\u{212A}V\"\n---\n\nText.\n",
            "terms/ai.md": "---\ntitle: AI\nterm: AI\n---\n\nText.\n",
            "terms/ty.md": "---\ntitle: Ty\nterm: ty\nalso_known_as: [x y, q]\n---\n\nText.\n",
            // Phrases inside other pages' phrases: once "data model" is linked, the "model"
            // inside a later "data model" must still not link.
            "terms/dm.md": "---\ntitle: DM\nterm: data model\n---\n\nText.\n",
            "terms/rl.md": "---\ntitle: RL\nterm: reinforcement learning\n---\n\nText.\n",
            "terms/learning.md": "---\ntitle: L\nterm: learning\nalso_known_as: [learning rate]\n---\n\nText.\n",
            "page.md": "---\ntitle: Page\n---\n\nText.\n",
        ])
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        let glossary = Glossary(site: analysis.site)
        XCTAssertGreaterThan(glossary.phrases.count, 5)
        let page = try XCTUnwrap(analysis.site.pages.first { $0.relativePath == "page.md" })
        let words = ["policy", "policies", "Policies", "RAG", "rag", "RAGs", "fine-tuning", "fine", "tuning", "reinforcement",
                     "foundation", "model", "models", "Model", "boxes", "box", "KV", "kV", "x", "-", "_", "<b>", "&", "\"",
                     "retrieval-augmented", "generation", "policyes", "modelss", "AI", "ai", "AIs", "ty", "ties", "Ties", "x", "y", "q", "qs",
                     "data model", "data", "reinforcement learning", "learning", "rate", "learning rate", "data models",
                     // Near misses, capitals, `@`/`[` beside `A`/`Z`, phrases longer than eight bytes.
                     "FOUNDATION MODEL", "Fine-Tuning", "fine-tunin", "fine_tuning", "foundatio", "reinforcementlearning",
                     "Retrieval-Augmented Generation", "DATA\tMODEL", "@I", "[i", "aI", "Policy", "POLICIES", "polic", "Box", "bOXES"]
        let separators = [" ", "  ", "\n", "\t", ", ", ".", "-", "\u{0B}", "\u{1C}"]
        var generator = Generator(state: 3)
        var linkedTexts = 0, kelvin = 0
        for _ in 0..<600 {
            var fast = GlossaryLinker(glossary: glossary, site: analysis.site)
            var slow = GlossaryLinker(glossary: glossary, site: analysis.site)
            for _ in 0..<8 {
                var text = ""
                for _ in 0..<generator.next(12) { text += words[generator.next(words.count)] + separators[generator.next(separators.count)] }
                var a = "", b = ""
                var bytes = text
                bytes.withUTF8 { fast.renderASCII(text, $0, into: &a, pageIndex: page.index, pageURL: page.url) }
                slow.renderCharacters(text, into: &b, page: page)
                XCTAssertEqual(a, b, text.debugDescription)
                XCTAssertEqual(fast.linked, slow.linked, text.debugDescription)
                if a.contains("class=\"term\"") { linkedTexts += 1 }
                if a.contains("kelvin/") { kelvin += 1 }
            }
        }
        XCTAssertGreaterThan(linkedTexts, 100)
        XCTAssertGreaterThan(kelvin, 0, "KV matches the term written with a Kelvin sign")
    }

    /// The original, `Character`-based front matter split, kept here as the reference the
    /// byte-level `FrontMatterSplitter.split` must agree with.
    static func splitByCharacters(_ text: String) -> FrontMatterSplitter.Split {
        guard text.hasPrefix("---") else { return .none }
        // "\r\n" is one Character in Swift: split on every line ending cmark knows.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        guard let first = lines.first, trimmingTrailingCR(first) == "---" else { return .none }
        guard let close = lines.indices.dropFirst().first(where: {
            let l = trimmingTrailingSpaces(trimmingTrailingCR(lines[$0]))
            return l == "---" || l == "..."
        }) else { return .unterminated }
        let yaml = lines[1..<close].map { String(trimmingTrailingCR($0)) }.joined(separator: "\n")
        for i in 0...close { lines[i] = "" }
        return .some(yaml: yaml, body: lines.joined(separator: "\n"))
    }

    private static func trimmingTrailingCR(_ s: Substring) -> Substring { s.last == "\r" ? s.dropLast() : s }
    private static func trimmingTrailingSpaces(_ s: Substring) -> Substring {
        var s = s
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }

    func testFrontMatterSplitAgreesWithCharacterSplit() {
        let pieces = ["---", "---", "...", "\n", "\n", "\r\n", "\r", " ", "\t", "a", "é", "e\u{301}", "\u{301}",
                      ":", "-", ".", "title: x", "- item", "🇫🇷", "\r\r\n", "-\u{301}", " \u{301}"]
        var generator = Generator(state: 42)
        for _ in 0..<30_000 {
            var text = generator.next(4) == 0 ? "" : "---"
            for _ in 0..<generator.next(14) { text += pieces[generator.next(pieces.count)] }
            let fast = Self.describe(FrontMatterSplitter.split(text))
            let reference = Self.describe(Self.splitByCharacters(text))
            XCTAssertEqual(fast, reference, "input: \(text.debugDescription)")
            if fast != reference { return }
        }
        for text in ["---", "---\n", "---\n---", "---\n---\n", "---\r\n---\r\nbody\r\nmore", "---\ra: b\r...\rx",
                     "--- \n---\n", "---\na: b\n---  \t\nbody", "----\n---\n", "---\n\n\n---\n\n", "---\na\n..."] {
            XCTAssertEqual(Self.describe(FrontMatterSplitter.split(text)), Self.describe(Self.splitByCharacters(text)),
                           "input: \(text.debugDescription)")
        }
    }
}

/// `Day.description` is built from digits (issue 21); it must write what `String(format:)` did.
final class DayDescriptionTests: XCTestCase {
    func testDigitsAgreeWithStringFormat() {
        var days = stride(from: -800_000, through: 800_000, by: 997).map { Day(daysSinceEpoch: $0) }
        days += [Day(year: 0, month: 1, day: 1), Day(year: 9999, month: 12, day: 31), Day(year: 10_000, month: 1, day: 1),
                 Day(year: -1, month: 1, day: 1), Day(year: 7, month: 3, day: 9), Day(year: 2026, month: 11, day: 29)]
        for day in days {
            XCTAssertEqual(day.description, String(format: "%04d-%02d-%02d", day.year, day.month, day.day))
        }
        XCTAssertGreaterThan(days.count, 1_000)
    }
}
