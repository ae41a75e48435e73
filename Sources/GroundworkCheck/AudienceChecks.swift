import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve

/// The edition checks: audience names site.yaml does not declare, and leaks.
extension Audiences {
    /// `audience.unknown`: an `audience:` in a page (drafts included) or a source names an
    /// audience site.yaml does not declare.
    public struct UnknownNames: Check {
        public var name: String { "audience names" }
        public var codes: [DiagnosticCode] { [.audienceUnknown] }

        public init() {}

        public func run(_ context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            let config = context.site.config
            let known = Set(config.audiences)
            func report(_ names: [String], at location: Location) {
                for name in names where !known.contains(name) {
                    let hint = Suggestions.closest(to: name, in: config.audiences)
                    bag.add(.audienceUnknown, at: location,
                            known.isEmpty ? "audience '\(name)' is not declared: list it under 'audiences:' in site.yaml"
                                          : "unknown audience '\(name)' (site.yaml declares \(config.audiences.joined(separator: ", ")))",
                            notes: hint.map { ["did you mean '\($0)'?"] } ?? [])
                }
            }
            for declaration in context.site.declaredAudiences { report(declaration.names, at: declaration.location) }
            for source in context.sources.sources {
                if let names = source.audience { report(names, at: source.fieldLocations["audience"] ?? source.location) }
            }
            return bag.items
        }
    }

    /// `audience.leak`: for each audience checked (`CheckContext.audiences`), every link, wiki
    /// link or citation on a page that audience sees, to a page or source it may not see —
    /// reported at the link or citation.
    public struct Leaks: PageCheck {
        public var name: String { "audience leaks" }
        public var codes: [DiagnosticCode] { [.audienceLeak] }

        public init() {}

        public var reads: PageCheckInputs { [.links, .sources, .audiences] }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            let (site, links, sources, audiences) = (context.site, context.links, context.sources, context.audiences)
            var bag = DiagnosticBag()
            let config = site.config
            let own = Audiences.of(page.frontMatter, config: config)
            for audience in audiences {
                if Audiences.visible(own, to: audience) {
                    for link in links.occurrences[page.index] {
                        guard case .page(let target, _) = link.target,
                              !Audiences.visible(Audiences.of(site.pages[target].frontMatter, config: config), to: audience) else { continue }
                        bag.add(.audienceLeak, at: link.location,
                                "\(page.isCard ? "card" : "page") visible to '\(audience)' links to \(site.pages[target].relativePath), which '\(audience)' may not see",
                                notes: ["restrict this page with 'audience:', or give the target the audience '\(audience)'"])
                    }
                    for (item, location) in links.citations[page.index] {
                        guard let index = sources.byID[item.key],
                              !Audiences.visible(Audiences.of(sources.sources[index], config: config), to: audience) else { continue }
                        bag.add(.audienceLeak, at: location,
                                "\(page.isCard ? "card" : "page") visible to '\(audience)' cites source '\(item.key)', which '\(audience)' may not see")
                    }
                }
            }
            return bag.items
        }
    }
}
