import Foundation
@testable import GroundworkCore
import XCTest

/// Random edit sequences on a generated site: after every step, the report of the preview's
/// incremental rebuild is exactly the report of a full `check` of the same files (every
/// diagnostic, sorted). Seeded, so a failure names the seed and step that reproduce it;
/// `GROUNDWORK_PROPERTY_STEPS` runs longer sequences.
final class IncrementalPropertyTests: XCTestCase {
    /// SplitMix64: small, seedable, the same sequence on every platform.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A page as the generator keeps it; written to Markdown on every change.
    struct PageModel {
        var title: String?
        var audience: [String]?
        var draft = false
        /// Headings, in order (some repeated: ids become `x-1`).
        var headings: [String] = []
        /// Body lines, each a paragraph: links, citations, statistics, quotations.
        var paragraphs: [String] = []
        var reviewBy: String?
        /// Anchors that are not headings (attribute lists, raw HTML ids, Obsidian block ids):
        /// the id a link names, and the paragraph that declares it.
        var anchors: [(id: String, paragraph: String)] = []
    }

    let sections = ["alpha", "beta", "cards"]
    let headingWords = ["Overview", "Setup", "Costs", "Risks", "Overview", "Next steps", "Notes"]
    var root: URL!
    var options: Options!
    var pages: [String: PageModel] = [:]
    var sources: [(id: String, audience: [String]?, excerpt: String, accessed: String)] = []

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil
        options = nil
        pages = [:]
    }

    func testIncrementalReportEqualsFullCheck() throws {
        let steps = ProcessInfo.processInfo.environment["GROUNDWORK_PROPERTY_STEPS"].flatMap(Int.init) ?? 120
        for seed: UInt64 in 1...5 {
            try run(seed: seed, steps: steps)
        }
    }

    /// Edits that keep the site free of errors (so the preview serves it): headings, titles,
    /// body text. After every few, every page the preview serves is the page a fresh build
    /// renders, byte for byte (the preview reuses the glossary and path tables meanwhile).
    func testServedPagesEqualAFreshBuild() throws {
        for seed: UInt64 in 1...2 {
            try run(seed: seed, steps: 40, kinds: [0, 1, 2, 11, 16, 17], compareRenderingEvery: 4)
        }
    }

    /// While only page bodies change, each new site's renderer reuses the previous one's memo
    /// (nav, rendered nav fragments, reference contexts); a sources.yaml edit keeps the site's
    /// shape but must not reuse the reference contexts, nor a title edit the nav. After each
    /// edit every served page is a fresh build's, the memo having been filled by rendering
    /// every page before the edit.
    func testRendererMemoIsHandedOnOnlyWhileItHolds() throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("groundwork-memo-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        try fm.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        options = Options(content: root.appendingPathComponent("content"), contentDisplay: "content",
                          templates: PreviewServerTests.repository.appendingPathComponent("templates"),
                          output: root.appendingPathComponent("_site"), today: Day("2026-11-29")!)
        sources = [("src0", nil, "the model was adapted with 2 examples", "2026-11-01")]
        try write("site.yaml", "title: Memo\nnav:\n  - alpha/\n")
        try writeSources()
        pages = ["_index.md": PageModel(title: "Home", paragraphs: ["Start at [alpha](alpha/_index.md)."]),
                 "alpha/_index.md": PageModel(title: "Alpha", paragraphs: ["The alpha section."]),
                 "alpha/p0.md": PageModel(title: "First", headings: ["Overview"], paragraphs: ["About 40% of teams do this [@src0]."]),
                 "alpha/p1.md": PageModel(title: "Second", paragraphs: ["See [the first](p0.md)."])]
        for path in pages.keys { try writePage(path) }
        let builder = IncrementalBuilder(options: options)
        var site = try XCTUnwrap(builder.rebuild(changedPaths: nil, templatesChanged: true).site)
        let edits: [(name: String, shapeKept: Bool, apply: () throws -> Set<String>)] = [
            ("body", true, { self.pages["alpha/p0.md"]!.paragraphs.append("More text."); try self.writePage("alpha/p0.md"); return ["alpha/p0.md"] }),
            ("heading", true, { self.pages["alpha/p1.md"]!.headings = ["Costs"]; try self.writePage("alpha/p1.md"); return ["alpha/p1.md"] }),
            ("sources.yaml", true, { self.sources[0].accessed = "2026-10-15"; try self.writeSources(); return ["sources.yaml"] }),
            ("title", false, { self.pages["alpha/p1.md"]!.title = "Renamed"; try self.writePage("alpha/p1.md"); return ["alpha/p1.md"] }),
        ]
        for edit in edits {
            // Every page rendered (and so memoised) before the edit.
            for path in try site.paths() where path.hasSuffix(".html") { _ = try site.file(at: path) }
            let outcome = try builder.rebuild(changedPaths: try edit.apply(), templatesChanged: false)
            site = try XCTUnwrap(outcome.site, "\(edit.name): \(outcome.report.all)")
            XCTAssertEqual(site.shapeKept, edit.shapeKept, edit.name)
            let fresh = try XCTUnwrap(IncrementalBuilder(options: options).rebuild(changedPaths: nil, templatesChanged: true).site)
            XCTAssertEqual(try site.paths(), try fresh.paths(), edit.name)
            for path in try fresh.paths() where path.hasSuffix(".html") {
                guard case .data(let expected)? = try fresh.file(at: path), case .data(let got)? = try site.file(at: path) else {
                    XCTFail("\(edit.name): \(path) missing"); continue
                }
                XCTAssertTrue(got == expected, "after the \(edit.name) edit, \(path) differs from a fresh build")
            }
        }
    }

    func run(seed: UInt64, steps: Int, kinds: [Int] = Array(0..<17) + [18, 19, 20, 21], compareRenderingEvery: Int? = nil) throws {
        var random = Generator(state: seed)
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("groundwork-property-\(UUID().uuidString)")
        try fm.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        options = Options(content: root.appendingPathComponent("content"), contentDisplay: "content",
                          templates: PreviewServerTests.repository.appendingPathComponent("templates"),
                          output: root.appendingPathComponent("_site"), today: Day("2026-11-29")!)
        pages = [:]
        sources = (0..<4).map { ("src\($0)", $0 == 3 ? ["internal"] : nil, "the model was adapted with \($0 + 2) examples", "2026-11-01") }
        try write("site.yaml", "title: Property\nnav:\n  - alpha/\n  - beta/\naudiences: [internal, partner]\ndefault_audience: [internal, partner]\n")
        try writeSources()
        for section in sections {
            pages["\(section)/_index.md"] = PageModel(title: section.capitalized, paragraphs: ["The \(section) section."])
            for n in 0..<5 {
                var page = PageModel(title: "\(section.capitalized) page \(n)")
                page.headings = (0..<Int.random(in: 1...3, using: &random)).map { _ in headingWords.randomElement(using: &random)! }
                page.paragraphs = ["Opening text of page \(n)."]
                pages["\(section)/p\(n).md"] = page
            }
        }
        pages["_index.md"] = PageModel(title: "Home", paragraphs: ["Start at [alpha](alpha/_index.md)."])
        for path in pages.keys { try writePage(path) }

        let builder = IncrementalBuilder(options: options)
        var outcome = try builder.rebuild(changedPaths: nil, templatesChanged: true)
        try assertSameAsFullCheck(outcome, seed: seed, step: 0, edit: "first build")
        var incrementalSteps = 0
        var served = outcome.site
        if compareRenderingEvery != nil { XCTAssertFalse(outcome.failed, "\(outcome.report.all.filter { $0.severity == .error })") }
        for step in 1...steps {
            let (edit, changed) = try randomEdit(&random, kinds: kinds)
            outcome = try builder.rebuild(changedPaths: changed, templatesChanged: false)
            let full = try assertSameAsFullCheck(outcome, seed: seed, step: step, edit: edit)
            if outcome.changed && !outcome.fullReload && outcome.checkedPages < full.pageCount { incrementalSteps += 1 }
            if let every = compareRenderingEvery, step % every == 0 {
                let site = try XCTUnwrap(outcome.site ?? builder.rebuild(changedPaths: [], templatesChanged: false).site ?? served,
                                         "seed \(seed), step \(step): nothing served")
                let first = try IncrementalBuilder(options: options).rebuild(changedPaths: nil, templatesChanged: true)
                let fresh = try XCTUnwrap(first.site, "seed \(seed), step \(step) (\(edit)): \(first.report.all.filter { $0.severity == .error })")
                XCTAssertEqual(try site.paths(), try fresh.paths(), "seed \(seed), step \(step)")
                for path in try fresh.paths() where path.hasSuffix(".html") {
                    guard case .data(let expected)? = try fresh.file(at: path), case .data(let got)? = try site.file(at: path) else {
                        XCTFail("seed \(seed), step \(step): \(path) missing"); continue
                    }
                    XCTAssertTrue(got == expected, "seed \(seed), step \(step) (\(edit)): \(path) differs from a fresh build")
                }
            }
            if let site = outcome.site { served = site }
        }
        // The incremental path must have been taken, or this test compares a full check with itself.
        XCTAssertGreaterThan(incrementalSteps, steps / 4, "seed \(seed): too few rebuilds reused earlier findings")
        try? fm.removeItem(at: root)
    }

    struct Stop: Error {}

    @discardableResult
    func assertSameAsFullCheck(_ outcome: RebuildOutcome, seed: UInt64, step: Int, edit: String) throws -> Report {
        let full = try Groundwork.check(options)
        let incremental = outcome.report.all.map { "\($0)" }
        let expected = full.all.map { "\($0)" }
        if incremental != expected {
            let missing = expected.filter { !incremental.contains($0) }, extra = incremental.filter { !expected.contains($0) }
            XCTFail("seed \(seed), step \(step) (\(edit)): the incremental report differs from a full check\n"
                    + "missing: \(missing)\nextra: \(extra)")
            throw Stop()  // the first difference is the one to look at
        }
        return full
    }

    // MARK: Edits

    func randomEdit(_ random: inout Generator, kinds: [Int]) throws -> (String, Set<String>) {
        let paths = pages.keys.sorted()
        let contentPaths = paths.filter { !$0.hasSuffix("_index.md") }
        let path = paths.randomElement(using: &random)!
        var page = pages[path]!
        let kind = kinds.randomElement(using: &random)!
        switch kind {
        case 0:
            page.headings.insert(headingWords.randomElement(using: &random)!, at: Int.random(in: 0...page.headings.count, using: &random))
        case 1:
            if !page.headings.isEmpty { page.headings.remove(at: Int.random(in: 0..<page.headings.count, using: &random)) }
        case 2:
            if !page.headings.isEmpty {
                page.headings[Int.random(in: 0..<page.headings.count, using: &random)] = headingWords.randomElement(using: &random)! + " \(Int.random(in: 0..<3, using: &random))"
            }
        case 3, 4:
            // A link to a page that exists, perhaps to one of its headings (or one it lacks).
            let target = paths.randomElement(using: &random)!
            let anchors = (pages[target]?.headings ?? []).map(slug) + (pages[target]?.anchors ?? []).map(\.id) + ["missing-anchor"]
            let anchor = Bool.random(using: &random) ? "#" + anchors.randomElement(using: &random)! : ""
            page.paragraphs.append("See [there](\(relative(from: path, to: target))\(anchor)).")
        case 5:
            page.paragraphs.append("See [nowhere](\(relative(from: path, to: "beta/none\(Int.random(in: 0..<3, using: &random)).md"))).")
        case 6:
            if page.paragraphs.count > 1 { page.paragraphs.remove(at: Int.random(in: 1..<page.paragraphs.count, using: &random)) }
        case 7:
            let key = Bool.random(using: &random) ? sources.randomElement(using: &random)?.id ?? "src0" : "unknown\(Int.random(in: 0..<2, using: &random))"
            page.paragraphs.append(Bool.random(using: &random)
                ? "About 40% of teams do this [@\(key)]."
                : "The report says \"the model was adapted with \(Int.random(in: 2...6, using: &random)) examples\" [@\(key)].")
        case 8:
            page.title = Bool.random(using: &random) ? "Renamed \(Int.random(in: 0..<4, using: &random))" : (Bool.random(using: &random) ? nil : page.title)
        case 9:
            page.audience = [nil, ["internal"], ["partner"], ["internal", "partner"], ["nobody"]].randomElement(using: &random)!
        case 10:
            // Wiki links by title (some titles are shared after renames: ambiguous).
            let title = Bool.random(using: &random) ? (pages.values.compactMap(\.title).randomElement(using: &random) ?? "Home") : "No such page"
            page.paragraphs.append("Compare [[\(title)]].")
        case 11:
            page.paragraphs.append("Unsourced: 75% of buyers agree.")
        case 12:
            // A new page.
            let section = sections.randomElement(using: &random)!
            let newPath = "\(section)/n\(Int.random(in: 0..<6, using: &random)).md"
            guard pages[newPath] == nil else { break }
            var created = PageModel(title: "New \(newPath)")
            created.headings = [headingWords.randomElement(using: &random)!]
            created.paragraphs = ["Links to [a page](\(relative(from: newPath, to: contentPaths.randomElement(using: &random)!)))."]
            pages[newPath] = created
            try writePage(newPath)
            return ("new page \(newPath)", [newPath])
        case 13:
            // A page deleted.
            guard !path.hasSuffix("_index.md"), contentPaths.count > 4 else { break }
            pages[path] = nil
            try FileManager.default.removeItem(at: root.appendingPathComponent("content/" + path))
            return ("deleted \(path)", [path])
        case 14:
            // sources.yaml: a source added, removed, or its audience or excerpt changed.
            switch Int.random(in: 0..<5, using: &random) {
            case 0: sources.append(("src\(sources.count + Int.random(in: 0..<3, using: &random))", nil, "a new excerpt", "2026-11-01"))
            case 1: if sources.count > 1 { sources.remove(at: Int.random(in: 0..<sources.count, using: &random)) }
            case 2: if !sources.isEmpty { sources[Int.random(in: 0..<sources.count, using: &random)].audience = [nil, ["internal"], ["partner"], ["nobody"]].randomElement(using: &random)! }
            case 3: if !sources.isEmpty { sources[Int.random(in: 0..<sources.count, using: &random)].accessed = ["2026-11-01", "2024-01-01"].randomElement(using: &random)! }
            default: if !sources.isEmpty { sources[Int.random(in: 0..<sources.count, using: &random)].excerpt = "the model was adapted with \(Int.random(in: 2...6, using: &random)) examples" }
            }
            try writeSources()
            return ("sources.yaml", ["sources.yaml"])
        case 15:
            page.draft.toggle()
        case 17:
            page.title = "Retitled \(Int.random(in: 0..<4, using: &random))"
        case 18:
            // An anchor that is not a heading; the same id twice on a page is anchor.duplicate.
            let id = "k\(Int.random(in: 0..<4, using: &random))"
            switch Int.random(in: 0..<3, using: &random) {
            case 0: page.anchors.append((id, "A paragraph with an id. {#\(id)}"))
            case 1: page.anchors.append((id, "<div id=\"\(id)\">Raw HTML with an id.</div>"))
            default: page.anchors.append(("^" + id, "A block with an Obsidian id. ^\(id)"))
            }
        case 19:
            if !page.anchors.isEmpty { page.anchors.remove(at: Int.random(in: 0..<page.anchors.count, using: &random)) }
        case 20:
            // A link inside an MkDocs admonition's indented body.
            let target = paths.randomElement(using: &random)!
            let anchor = Bool.random(using: &random) ? "#" + ((pages[target]?.anchors ?? []).map(\.id) + ["missing-anchor"]).randomElement(using: &random)! : ""
            page.paragraphs.append("!!! note \"Aside\"\n    See [inside](\(relative(from: path, to: target))\(anchor)).")
        case 21:
            // A link in raw HTML, checked like a Markdown link.
            let target = Bool.random(using: &random) ? paths.randomElement(using: &random)! : "beta/none0.md"
            let anchor = Bool.random(using: &random) ? "#" + ((pages[target]?.anchors ?? []).map(\.id) + ["missing-anchor"]).randomElement(using: &random)! : ""
            // Sometimes with an attribute the sanitizer removes (`html.removed`): the check
            // skips pages the link walk saw no raw HTML in, so an edit that adds some must
            // bring the page's hint up to date.
            let removed = Bool.random(using: &random) ? " onclick=\"go()\"" : ""
            page.paragraphs.append("<p>Raw <a href=\"\(relative(from: path, to: target))\(anchor)\"\(removed)>link</a></p>")
        default:
            page.reviewBy = [nil, "2026-01-01", "2027-01-01"].randomElement(using: &random)!
            page.paragraphs.insert("Body text \(Int.random(in: 0..<100, using: &random)).", at: 0)
        }
        pages[path] = page
        try writePage(path)
        return ("edit \(kind) of \(path)", [path])
    }

    // MARK: Files

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent("content/" + path))
    }

    func writePage(_ path: String) throws {
        let page = pages[path]!
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/" + path).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        var text = "---\n"
        if let title = page.title { text += "title: \(title)\n" }
        if let audience = page.audience { text += "audience: [\(audience.joined(separator: ", "))]\n" }
        if page.draft { text += "draft: true\n" }
        if let review = page.reviewBy { text += "review_by: \(review)\n" }
        text += "---\n\n"
        if let first = page.paragraphs.first { text += first + "\n\n" }
        for (n, heading) in page.headings.enumerated() {
            text += "## \(heading)\n\n"
            let rest = page.paragraphs.dropFirst()
            for (m, paragraph) in rest.enumerated() where m % max(page.headings.count, 1) == n { text += paragraph + "\n\n" }
        }
        if page.headings.isEmpty { for paragraph in page.paragraphs.dropFirst() { text += paragraph + "\n\n" } }
        for anchor in page.anchors { text += anchor.paragraph + "\n\n" }
        try write(path, text)
    }

    func writeSources() throws {
        var text = "references:\n"
        for source in sources {
            text += "  - id: \(source.id)\n    type: report\n    title: Report \(source.id)\n    URL: https://example.org/\(source.id)\n"
            text += "    accessed: \(source.accessed)\n    status: confirmed\n"
            if let audience = source.audience { text += "    audience: [\(audience.joined(separator: ", "))]\n" }
            text += "    excerpts:\n      - \"\(source.excerpt)\"\n"
        }
        try write("sources.yaml", text)
    }

    func relative(from: String, to: String) -> String {
        from.contains("/") ? "../" + to : to
    }

    func slug(_ heading: String) -> String {
        heading.lowercased().replacingOccurrences(of: " ", with: "-")
    }
}
