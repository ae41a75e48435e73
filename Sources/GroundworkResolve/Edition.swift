import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkSupport
import Markdown

/// Editions: which audience may see which page, card and source, and the checks that prove
/// an edition does not leak what its audience may not see.
///
/// A page's audiences are its front matter `audience`, else `default_audience` from
/// site.yaml; a source's are its `audience` field, else the same default. An empty list means
/// everyone. Without `--audience`, Groundwork builds the full (internal) edition and checks
/// leaks for every audience site.yaml declares.
public enum Audiences {
    /// The audiences that may see a page; empty means everyone.
    public static func of(_ frontMatter: FrontMatter, config: SiteConfig) -> [String] {
        frontMatter.audience ?? config.defaultAudience
    }

    /// The audiences that may see a source; empty means everyone.
    public static func of(_ source: Source, config: SiteConfig) -> [String] {
        source.audience ?? config.defaultAudience
    }

    package static func visible(_ audiences: [String], to audience: String) -> Bool {
        audiences.isEmpty || audiences.contains(audience)
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
