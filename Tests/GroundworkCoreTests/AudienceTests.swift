import Foundation
import XCTest
@testable import GroundworkCore

/// Two editions from one knowledge base: the partner edition carries no trace of
/// internal-only pages, sources or cards, and every leak is caught at its line.
final class AudienceTests: XCTestCase {
    /// Fixtures/editions: internal-only pages, sources and cards carry unique `MARKER-` strings;
    /// nothing public links to them.
    static let clean: [String: String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/editions/content")
        var files: [String: String] = [:]
        for path in FileManager.default.subpaths(atPath: root.path) ?? [] {
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path),
               let text = String(data: data, encoding: .utf8) { files[path] = text }
        }
        return files
    }()

    func testPartnerEditionContainsNoInternalMaterial() throws {
        XCTAssertEqual(Self.clean.count, 9)
        let site = try TempSite(Self.clean)
        defer { site.remove() }
        XCTAssertEqual(try site.check().diagnostics.filter { $0.severity == .error }, [])
        var options = site.options()
        options.audience = "partner"
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        let files = snapshot(site.output)
        XCTAssertTrue(files.keys.contains("guide/public/index.html"))
        XCTAssertFalse(files.keys.contains("guide/pricing/index.html"))
        for (path, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            XCTAssertFalse(text.contains("MARKER-"), "\(path) leaks internal material")
            XCTAssertFalse(text.contains("field-estimate"), "\(path) mentions the internal source")
        }
        // The internal (default) edition has it all.
        var internalEdition = site.options()
        internalEdition.output = site.root.appendingPathComponent("internal")
        XCTAssertTrue(try Groundwork.build(internalEdition).wrote)
        let pricing = try String(contentsOf: internalEdition.output.appendingPathComponent("guide/pricing/index.html"), encoding: .utf8)
        XCTAssertTrue(pricing.contains("MARKER-PAGE-3KX"))
    }

    func testEveryLeakKindIsReportedAtItsLine() throws {
        var files = Self.clean
        files["guide/public.md"] = """
            ---
            title: Public page
            audience: [internal, partner]
            ---
            See the report [@public-report].
            Relative link to [pricing](pricing.md).
            Wiki link to [[Pricing MARKER-PAGE-3KX]].
            Cites [@public-report; @field-estimate].
            """
        files["cards/public-card.md"] = "---\ntitle: Public card\naudience: [internal, partner]\n---\n## Claims\n\n- Estimate [@field-estimate].\n"
        let site = try TempSite(files)
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.diagnostics.filter { $0.code == .audienceLeak }.map { "\($0.file):\($0.line):\($0.column)" }, [
            "content/cards/public-card.md:7:13",
            "content/guide/public.md:6:18",
            "content/guide/public.md:7:14",
            "content/guide/public.md:8:24",
        ])
        XCTAssertTrue(report.diagnostics.allSatisfy { $0.code != .audienceLeak || $0.message.contains("'partner'") })
        var options = site.options()
        options.audience = "partner"
        XCTAssertFalse(try Groundwork.build(options).wrote)
    }

    func testUnknownAudienceNames() throws {
        var files = Self.clean
        files["guide/public.md"] = "---\ntitle: Public page\naudience: [internal, partnr]\n---\nText.\n"
        let site = try TempSite(files)
        defer { site.remove() }
        let report = try site.check()
        let unknown = try XCTUnwrap(report.diagnostics.first { $0.code == .audienceUnknown })
        XCTAssertEqual("\(unknown.file):\(unknown.line):\(unknown.column)", "content/guide/public.md:3:11")
        XCTAssertEqual(unknown.notes, ["did you mean 'partner'?"])
        var options = site.options()
        options.audience = "customers"
        XCTAssertThrowsError(try Groundwork.check(options)) { XCTAssertTrue($0 is EnvironmentError) }
    }

    /// The edition reuses the pages the whole site resolved (titles, URLs, heading ids) and
    /// only puts the site together again; the result equals resolving the edition's pages from
    /// scratch — also when hiding a page changes which file is a folder's index.
    func testEditionFromResolvedPagesEqualsEditionResolvedAgain() throws {
        var withTeam = Self.clean
        withTeam["team/_index.md"] = "---\ntitle: Team\naudience: [internal]\n---\nInternal team.\n"
        withTeam["team/index.md"] = "---\ntitle: Team for partners\naudience: [internal, partner]\n---\nPublic team.\n"
        withTeam["team/member.md"] = "---\ntitle: Member\naudience: [internal, partner]\n---\n# Member\n\n## Role\n"
        for files in [Self.clean, withTeam] {
            let (loaded, config, pages) = try Self.loadAndParse(files)
            let (_, _, prepared) = SiteResolver.resolveKeepingPages(pages, assets: loaded.assets, config: config, displayRoot: "content")
            XCTAssertEqual(config.audiences, ["internal", "partner"])
            for audience in config.audiences {
                func edition(_ prepared: SiteResolver.PreparedPages?) -> (site: Site, links: LinkGraph, sources: SourceLibrary) {
                    Audiences.resolveEdition(audience, pages: pages, prepared: prepared, sources: .empty, assets: loaded.assets,
                                             config: config, displayRoot: "content")
                }
                let (reused, fresh) = (edition(prepared), edition(nil))
                XCTAssertGreaterThan(reused.site.pages.count, 2)
                XCTAssertEqual(Self.describe(reused.site), Self.describe(fresh.site), audience)
                XCTAssertEqual(reused.links.occurrences.map { $0.map { "\($0)" } }, fresh.links.occurrences.map { $0.map { "\($0)" } })
                if files.keys.contains("team/index.md") {
                    XCTAssertEqual(reused.site.sections["team"]?.title, audience == "partner" ? "Team for partners" : "Team",
                                   "the partners' index of team/ is index.md")
                }
            }
        }
    }

    /// Issue 21 (perfcopies): without `--audience` the resolver moves the prepared pages into
    /// the site instead of copying them (`keepPages: false`); the site is the same, with a
    /// draft left out, and the pages are not kept twice.
    func testSiteFromMovedPagesEqualsSiteFromKeptPages() throws {
        var files = Self.clean
        files["team/draft.md"] = "---\ntitle: Draft\ndraft: true\n---\nNot yet.\n"
        let (loaded, config, pages) = try Self.loadAndParse(files)
        let kept = SiteResolver.resolveKeepingPages(pages, assets: loaded.assets, config: config, displayRoot: "content")
        let moved = SiteResolver.resolveKeepingPages(pages, assets: loaded.assets, config: config, displayRoot: "content",
                                                     keepPages: false)
        XCTAssertGreaterThan(kept.0.pages.count, 2)
        XCTAssertEqual(kept.0.pages.count, pages.count - 1, "the draft is left out")
        XCTAssertEqual(Self.describe(moved.0), Self.describe(kept.0))
        XCTAssertEqual(moved.1, kept.1)
        XCTAssertEqual(kept.2.pages.count, pages.count)
        XCTAssertEqual(moved.2.pages.count, 0, "the pages moved into the site")
    }

    /// Everything a site holds, as text, in a stable order.
    /// `files` as a content folder, loaded and parsed as `analyze` does before resolving (the
    /// folder is removed again: everything needed is in memory by then).
    static func loadAndParse(_ files: [String: String]) throws -> (loaded: LoadedContent, config: SiteConfig, pages: [ParsedPage]) {
        let site = try TempSite(files)
        defer { site.remove() }
        let loaded = try ContentLoader.load(root: site.content, displayRoot: "content")
        var bag = DiagnosticBag()
        let config = SiteConfig.parse(String(decoding: try XCTUnwrap(loaded.siteYAML).bytes, as: UTF8.self),
                                      file: "content/site.yaml", defaultTitle: "Editions", bag: &bag)
        return (loaded, config, loaded.pages.map { PageParser.parse($0).0 })
    }

    static func describe(_ site: Site) -> String {
        var lines = site.pages.map { page in
            "\(page.index) \(page.relativePath) \(page.url) \(page.title) index:\(page.isSectionIndex) card:\(page.isCard) "
                + "\(page.sectionPath) \(page.headings.map(\.id)) \(page.anchors.sorted())"
        }
        lines += site.sections.keys.sorted().map { key in
            let s = site.sections[key]!
            return "section \(key) \(s.title) \(s.url) \(String(describing: s.indexPage)) \(s.pages) \(s.subsections) \(String(describing: s.parent))"
        }
        lines += site.pageByPath.sorted { $0.key < $1.key }.map { "path \($0.key) \($0.value)" }
        lines += site.pageByURL.sorted { $0.key < $1.key }.map { "url \($0.key) \($0.value)" }
        lines += site.pageByWikiKey.sorted { $0.key < $1.key }.map { "wiki \($0.key) \($0.value)" }
        lines.append("folders \(site.folders.sorted()) assets \(site.assets.sorted { $0.key < $1.key })")
        return lines.joined(separator: "\n")
    }
}
