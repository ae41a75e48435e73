import Foundation
import XCTest
import TestSupport
@testable import GroundworkCore
@testable import GroundworkRender
import GroundworkSupport

/// The bibliography's citing pages and the tag pages' groups are worked out with one title
/// ranking per site instead of sorting every list by its pages' titles (issue 21,
/// perfsite6). They must be exactly what the sorts they replace gave, kept here as the
/// reference, on generated sites with colliding titles, repeated citations and tags that
/// share a slug.
final class SiteFileOrderTests: XCTestCase {
    /// The pages citing each source id, as `citingPages` made them before: a set per key,
    /// sorted by (lowercased title, URL).
    static func referenceCitingPages(_ renderer: SiteRenderer) -> [String: [Int]] {
        var byKey: [String: Set<Int>] = [:]
        for (index, citations) in renderer.links.citations.enumerated() {
            for citation in citations { byKey[citation.item.key, default: []].insert(index) }
        }
        let titles = renderer.site.pages.map { $0.title.lowercased() }
        let urls = renderer.site.pages.map(\.url)
        return byKey.mapValues { pages in pages.sorted { (titles[$0], urls[$0]) < (titles[$1], urls[$1]) } }
    }

    /// The tags as `tagGroups` made them before: trimmed and slugged per page, each tag's
    /// pages sorted by (lowercased title, index).
    static func referenceTagGroups(_ renderer: SiteRenderer) -> [SiteRenderer.TagGroup] {
        var groups: [String: SiteRenderer.TagGroup] = [:]
        for page in renderer.site.pages {
            var seen: Set<String> = []
            for name in page.frontMatter.tags {
                let trimmed = name.fastTrimmingWhitespaces
                guard !trimmed.isEmpty else { continue }
                let slug = SiteResolver.slug(trimmed)
                guard seen.insert(slug).inserted else { continue }
                groups[slug, default: SiteRenderer.TagGroup(name: trimmed, slug: slug, pages: [])].pages.append(page.index)
            }
        }
        let titles = renderer.site.pages.map { $0.title.lowercased() }
        return groups.values.map { group in
            var group = group
            group.pages.sort { (titles[$0], $0) < (titles[$1], $1) }
            return group
        }.sorted { ($0.name.lowercased(), $0.slug) < ($1.name.lowercased(), $1.slug) }
    }

    func testCitingPagesAndTagGroupsAreTheSortedOnes() throws {
        var generator = SeededGenerator(state: 2126)
        let ids = ["alpha", "beta", "gamma", "delta", "eps"]
        var sources = "references:\n"
        for id in ids { sources += "  - id: \(id)\n    title: \(id.capitalized) Title\n    URL: https://example.com/\(id)\n" }
        // Titles that collide once lowercased, so the URL (or index) decides.
        let titles = ["Apple", "apple", "Banana", "bánana", "Cherry", "cherry pie", "Zed", "zed"]
        let tags = ["alpha", "Alpha", " alpha ", "Beta", "gamma delta", "gamma-delta", "ü", "u\u{0308}", "RAG", "rag", "x"]
        var checked = 0
        for round in 0..<6 {
            var files: [String: String] = ["site.yaml": "title: T\n", "sources.yaml": sources,
                                           "_index.md": "---\ntitle: Home\n---\n\nText.\n"]
            for n in 0..<(15 + generator.next(40)) {
                let folder = ["", "a/", "b/", "a/c/"][generator.next(4)]
                let pageTags = (0..<generator.next(4)).map { _ in tags[generator.next(tags.count)].debugDescription }
                var body = "Text"
                for _ in 0..<generator.next(5) { body += " [@\(ids[generator.next(ids.count)])]" }
                files[folder + "p\(n).md"] = "---\ntitle: \(titles[generator.next(titles.count)])\ntags: [\(pageTags.joined(separator: ", "))]\n---\n\n\(body).\n"
            }
            let site = try TempSite(files, knowledgeBase: false)
            defer { site.remove() }
            let renderer = try SiteFilesAndFoldersTests.renderer(content: site.content)

            let citing = renderer.citingPages()
            let reference = Self.referenceCitingPages(renderer)
            for (index, source) in renderer.sources.sources.enumerated() {
                XCTAssertEqual(citing[index], reference[source.id] ?? [], "round \(round): \(source.id)")
                checked += citing[index].count
            }

            let groups = renderer.tagGroups(), referenceGroups = Self.referenceTagGroups(renderer)
            XCTAssertEqual(groups.map(\.slug), referenceGroups.map(\.slug), "round \(round)")
            XCTAssertEqual(groups.map(\.name), referenceGroups.map(\.name), "round \(round)")
            XCTAssertEqual(groups.map(\.pages), referenceGroups.map(\.pages), "round \(round)")
            checked += groups.count
        }
        XCTAssertGreaterThan(checked, 100, "the generated sites cite and tag")
    }
}
