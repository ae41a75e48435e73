import XCTest
import TestSupport
@testable import GroundworkCore
@testable import GroundworkRender
import Templating

/// `tagLinks` reads each tag's trimmed name, slug and URL from a table made once per
/// renderer (`tagNames`, issue 21); its links must be those of the per-tag computation it
/// replaced, whatever the tags' spelling, case, spaces, repeats or count.
final class TagLinksEquivalenceTests: XCTestCase {
    /// The former `tagLinks`, the reference.
    static func referenceTagLinks(_ renderer: SiteRenderer, _ tags: [String], from url: String) -> [TemplateValue] {
        guard !tags.isEmpty else { return [] }
        var seen: Set<String> = []
        return tags.compactMap { name in
            let trimmed = name.fastTrimmingWhitespaces
            let slug = SiteResolver.slug(trimmed)
            guard !trimmed.isEmpty, seen.insert(slug).inserted else { return nil }
            var tag: TemplateObject = [.tagName: .string(trimmed)]
            if renderer.hasTagPages { tag[.href] = .string(URLPaths.relative(from: url, to: SiteRenderer.tagsURL + slug + "/")) }
            return .object(tag)
        }
    }

    func testTagLinksAgreeWithPerTagComputation() throws {
        var generator = SplitMix64(seed: 77)
        func next(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        let spellings = ["RAG", "rag", " rag ", "Évaluation", "evaluation", "two words", "two-words", "", "  ", "C++", "ü", "u\u{308}",
                         "K", "\u{212A}", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10"]
        var files: [String: String] = ["site.yaml": "title: T\n", "_index.md": "---\ntitle: Home\n---\n\nText.\n"]
        for n in 0..<40 {
            // Up to 29 tags, so that both the short and the long way of skipping repeats run.
            let tags = (0..<next(n % 4 == 0 ? 30 : 6)).map { _ in spellings[next(spellings.count)] }
            let folder = n % 3 == 0 ? "tags/" : n % 3 == 1 ? "s\(n % 5)/" : ""
            files[folder + "p\(n).md"] = "---\ntitle: P\(n)\ntags: [\(tags.map { $0.debugDescription }.joined(separator: ", "))]\n---\n\nText.\n"
        }
        let site = try TempSite(files, knowledgeBase: false)
        defer { site.remove() }
        let analysis = try Groundwork.analyze(site.options())
        let renderer = try SiteRenderer.forTests(analysis)
        XCTAssertTrue(renderer.hasTagPages)
        var linked = 0
        for page in analysis.site.pages {
            let tags = page.frontMatter.tags
            let expected = Self.referenceTagLinks(renderer, tags, from: page.url)
            XCTAssertEqual(FastPathEquivalenceTests.describe(renderer.tagLinks(tags, from: page.url).map(\.plain)),
                           FastPathEquivalenceTests.describe(expected.map(\.plain)), "page \(page.url)")
            linked += expected.count
            // A list of tags no page has (the table's fallback).
            let other = ["New tag", " rag", "new-tag"]
            XCTAssertEqual(FastPathEquivalenceTests.describe(renderer.tagLinks(other, from: page.url).map(\.plain)),
                           FastPathEquivalenceTests.describe(Self.referenceTagLinks(renderer, other, from: page.url).map(\.plain)))
        }
        XCTAssertGreaterThan(linked, 100)
    }
}
