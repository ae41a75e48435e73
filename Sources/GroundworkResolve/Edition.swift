import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse

/// Editions: which audience may see which page, card and source, and the checks that prove
/// an edition does not leak what its audience may not see.
///
/// A page's audiences are its front matter `audience`, else `default_audience` from
/// site.yaml (else the first declared audience); a source's are its `audience` field, else the
/// same default. An empty list means everyone (a site that declares no audiences). Without `--audience`, Groundwork builds the full (internal) edition and checks
/// leaks for every audience site.yaml declares.
public enum Audiences {
    /// The audiences that may see a page; empty means everyone.
    public static func of(_ frontMatter: FrontMatter, config: SiteConfig) -> [String] {
        frontMatter.audience ?? unmarked(config)
    }

    /// The audiences that may see a source; empty means everyone.
    public static func of(_ source: Source, config: SiteConfig) -> [String] {
        source.audience ?? unmarked(config)
    }

    /// Who sees what carries no `audience`: `default_audience`, and without it the first
    /// audience site.yaml declares (by convention `internal`). Never everyone by omission: a
    /// writer who forgets the field must not publish to partners (CONTRIBUTING.md).
    static func unmarked(_ config: SiteConfig) -> [String] {
        if !config.defaultAudience.isEmpty { return config.defaultAudience }
        return config.audiences.first.map { [$0] } ?? []
    }

    package static func visible(_ audiences: [String], to audience: String) -> Bool {
        audiences.isEmpty || audiences.contains(audience)
    }

    /// One audience's edition, resolved: the site made of the pages that audience may see, its
    /// links, and the sources it may see. Everything derived from pages — nav, tags,
    /// backlinks, glossary, bibliography, search, sitemap, cards — comes from this smaller site.
    ///
    /// `prepared` are the whole site's pages as `SiteResolver` resolved them one by one: the
    /// edition reuses them (only the site is put together again) unless leaving pages out
    /// changes which file is a folder's index.
    package static func resolveEdition(_ audience: String, pages: [ParsedPage], prepared: SiteResolver.PreparedPages? = nil,
                                      sources: SourceLibrary, assets: [AssetFile], config: SiteConfig,
                                      displayRoot: String) -> (site: Site, links: LinkGraph, sources: SourceLibrary) {
        let kept = pages.indices.filter { visible(of(pages[$0].frontMatter, config: config), to: audience) }
        let editionPages = kept.map { pages[$0] }
        var editionPrepared: [Page?]
        if let prepared, prepared.pages.count == pages.count {
            editionPrepared = kept.map { prepared.pages[$0] }
            let claims = SiteResolver.claimIndexes(editionPages).claims
            let sameIndexes = editionPrepared.allSatisfy { page in
                guard let page else { return true }
                return page.isSectionIndex == (claims[page.sectionPath] == SiteResolver.fileName(page.relativePath))
            }
            if !sameIndexes { editionPrepared = SiteResolver.prepare(editionPages, config: config).pages }
        } else {
            editionPrepared = SiteResolver.prepare(editionPages, config: config).pages
        }
        var ignored = DiagnosticBag()  // reported on the whole site
        let site = SiteResolver.assemble(editionPrepared, parsed: editionPages, assets: assets, config: config,
                                         displayRoot: displayRoot, bag: &ignored)
        var editionSources = SourceLibrary(sources: [], byID: [:], file: sources.file)
        for source in sources.sources where visible(of(source, config: config), to: audience) {
            editionSources.byID[source.id] = editionSources.sources.count
            editionSources.sources.append(source)
        }
        return (site, LinkGraph(site: site), editionSources)
    }

    /// The pages and sources of one audience's edition.
    public static func edition(pages: [ParsedPage], sources: SourceLibrary, config: SiteConfig,
                               audience: String) -> ([ParsedPage], SourceLibrary) {
        let keptPages = pages.filter { visible(of($0.frontMatter, config: config), to: audience) }
        var kept = SourceLibrary(sources: [], byID: [:], file: sources.file)
        for source in sources.sources where visible(of(source, config: config), to: audience) {
            kept.byID[source.id] = kept.sources.count
            kept.sources.append(source)
        }
        return (keptPages, kept)
    }
}
