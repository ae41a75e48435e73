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

    static func visible(_ audiences: [String], to audience: String) -> Bool {
        audiences.isEmpty || audiences.contains(audience)
    }

    /// `audience.unknown` for names site.yaml does not declare.
    public static func unknownNames(pages: [ParsedPage], sources: SourceLibrary, config: SiteConfig) -> [Diagnostic] {
        var bag = DiagnosticBag()
        let known = Set(config.audiences)
        func report(_ names: [String], at location: Location) {
            for name in names where !known.contains(name) {
                let hint = Suggestions.closest(to: name, in: config.audiences)
                bag.add("audience.unknown", at: location,
                        known.isEmpty ? "audience '\(name)' is not declared: list it under 'audiences:' in site.yaml"
                                      : "unknown audience '\(name)' (site.yaml declares \(config.audiences.joined(separator: ", ")))",
                        notes: hint.map { ["did you mean '\($0)'?"] } ?? [])
            }
        }
        for page in pages {
            if let names = page.frontMatter.audience {
                report(names, at: page.frontMatter.locations["audience"] ?? Location(file: page.file, line: 1, column: 1))
            }
        }
        for source in sources.sources {
            if let names = source.audience { report(names, at: source.fieldLocations["audience"] ?? source.location) }
        }
        return bag.items
    }

    /// `audience.leak`: for each audience, every link, wiki link or citation on a page that
    /// audience sees, to a page or source it may not see — reported at the link or citation.
    public static func leaks(site: Site, links: LinkGraph, sources: SourceLibrary, audiences: [String]) -> [Diagnostic] {
        var bag = DiagnosticBag()
        let config = site.config
        let pageAudiences = site.pages.map { of($0.frontMatter, config: config) }
        for audience in audiences {
            for page in site.pages where visible(pageAudiences[page.index], to: audience) {
                for link in links.occurrences[page.index] {
                    guard case .page(let target, _) = link.target,
                          !visible(pageAudiences[target], to: audience) else { continue }
                    bag.add("audience.leak", at: link.location,
                            "\(page.isCard ? "card" : "page") visible to '\(audience)' links to \(site.pages[target].relativePath), which '\(audience)' may not see",
                            notes: ["restrict this page with 'audience:', or give the target the audience '\(audience)'"])
                }
                InlineWalker.forEach(in: page.document) { inline, _ in
                    guard case .citation(let citation) = inline else { return }
                    for item in citation.items {
                        guard let index = sources.byID[item.key],
                              !visible(of(sources.sources[index], config: config), to: audience) else { continue }
                        let at = item.position ?? citation.range?.start ?? SourcePosition(line: 1, column: 1)
                        bag.add("audience.leak", file: page.file, line: at.line, column: at.column,
                                "\(page.isCard ? "card" : "page") visible to '\(audience)' cites source '\(item.key)', which '\(audience)' may not see")
                    }
                }
            }
        }
        return bag.items
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
