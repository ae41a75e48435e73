import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport
import Markdown

/// The edition checks: audience names site.yaml does not declare, and leaks.
extension Audiences {
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
}
