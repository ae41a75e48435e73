import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

/// Link checks: every link, image, wiki link and nav entry must resolve; every page must be
/// reachable.
public enum LinkChecks {
    /// `link.*` for every broken link, image or wiki link, at the link's own position.
    public struct BrokenLinks: PageCheck {
        public var name: String { "broken links" }
        public var codes: [DiagnosticCode] { [.linkPageMissing, .linkAnchorMissing, .linkAnchorUnrendered, .linkRenderHook, .linkAssetMissing, .linkEscapesRoot, .linkOutside, .linkWikiUnresolved, .linkWikiAmbiguous, .linkExternalInvalid] }

        public init() {}

        public var reads: PageCheckInputs { .links }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            for link in context.links.occurrences[page.index] {
                if case .broken(let problem, let message, let notes) = link.target {
                    // A `ref` shortcode's page is looked up by Hugo itself, which fails on a
                    // missing one: still an error.
                    if !page.hugoRefPaths.contains(link.raw), let hook = Self.renderHook(for: link.kind, problem: problem, config: context.site.config) {
                        // The site's own template decides what the destination means (hugoDocs'
                        // `[term](g)` is a glossary link): Groundwork cannot say it is broken.
                        bag.add(.linkRenderHook, at: link.location,
                                "the site's \(link.kind == .image ? "image" : "link") render hook (\(hook)) decides what '\(link.raw)' means; Groundwork cannot check it",
                                notes: [message] + notes)
                        continue
                    }
                    bag.add(Self.code(problem), at: link.location, message, notes: notes)
                }
            }
            return bag.items
        }

        /// The Hugo render hook that decides what a link or image Groundwork cannot resolve
        /// means: for a page or file that is not found, not for a missing anchor on a page that
        /// is (the hook links to that page; its headings are known here).
        static func renderHook(for kind: LinkOccurrence.Kind, problem: LinkProblem, config: SiteConfig) -> String? {
            guard problem == .pageMissing || problem == .assetMissing else { return nil }
            switch kind {
            case .link: return config.hugoLinkRenderHook
            case .image: return config.hugoImageRenderHook
            case .wiki: return nil
            }
        }

        /// The diagnostic code of each problem the resolver records.
        static func code(_ problem: LinkProblem) -> DiagnosticCode {
            switch problem {
            case .pageMissing: return .linkPageMissing
            case .anchorMissing: return .linkAnchorMissing
            case .anchorUnrendered: return .linkAnchorUnrendered
            case .assetMissing: return .linkAssetMissing
            case .escapesRoot: return .linkEscapesRoot
            case .outside: return .linkOutside
            case .wikiUnresolved: return .linkWikiUnresolved
            case .wikiAmbiguous: return .linkWikiAmbiguous
            case .externalInvalid: return .linkExternalInvalid
            }
        }
    }

    /// `link.page-missing` for `nav:` entries in site.yaml that name no page or section.
    public struct NavEntries: Check {
        public var name: String { "nav entries" }
        public var codes: [DiagnosticCode] { [.linkPageMissing, .linkEscapesRoot] }

        public init() {}

        public func run(_ context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            let site = context.site
            // Every folder and page path, for the did-you-mean: made once, when a first entry
            // needs it (not once per broken entry, each a sort of all the pages).
            var allCandidates: [String]?
            for entry in site.config.nav where NavResolver.resolve(entry, in: site) == nil {
                let path = entry.path.trimmingCharacters(in: .whitespaces)
                if LinkResolver.scheme(of: path) != nil || path.hasPrefix("//") {
                    bag.add(.linkPageMissing, at: entry.location, "nav entry '\(entry.path)' is not a content path",
                            notes: ["nav lists pages and folders of the content folder, e.g. 'spectrum/' or 'spectrum/rag.md'"])
                    continue
                }
                if NavResolver.escapesRoot(path) {
                    bag.add(.linkEscapesRoot, at: entry.location, "nav entry '\(entry.path)' leaves the content folder")
                    continue
                }
                let candidates = allCandidates ?? (site.sections.keys.filter { !$0.isEmpty && site.folders.contains($0) }.map { $0 + "/" }
                    + site.pages.map(\.relativePath)).sorted()
                allCandidates = candidates
                var wanted = NavResolver.normalized(path)
                if !wanted.hasSuffix("/"), !wanted.lowercased().hasSuffix(".md"), !wanted.lowercased().hasSuffix(".markdown"),
                   !site.folders.contains(wanted) { wanted += ".md" }
                let hint = LinkResolver.closestPath(to: wanted, in: candidates)
                    ?? LinkResolver.closestPath(to: wanted.hasSuffix("/") ? wanted : wanted + "/", in: candidates)
                bag.add(.linkPageMissing, at: entry.location, "no page or section for nav entry '\(entry.path)'",
                        notes: hint.map { ["did you mean '\($0)'?"] } ?? [])
            }
            return bag.items
        }
    }

    /// `page.orphan`: nothing links to the page and the nav does not reach it.
    public struct Orphans: Check {
        public var name: String { "orphan pages" }
        public var codes: [DiagnosticCode] { [.pageOrphan] }

        public init() {}

        public func run(_ context: CheckContext) -> [Diagnostic] {
            let site = context.site
            guard !site.config.nav.isEmpty else { return [] }  // without a nav, every section is listed
            let reachable = NavResolver.reachablePages(site)
            var bag = DiagnosticBag()
            for page in site.pages where !page.url.isEmpty && !reachable.contains(page.index) && context.links.incoming[page.index].isEmpty {
                bag.add(.pageOrphan, file: page.file, line: 1, column: 1,
                        "no page links here and the nav does not list it",
                        notes: ["link to it from a related page, or add its section to nav in site.yaml"])
            }
            return bag.items
        }
    }

    /// `image.alt-missing`: an image without alt text cannot be read by a screen reader.
    public struct ImageAltText: PageCheck {
        public var name: String { "image alt text" }
        public var codes: [DiagnosticCode] { [.imageAltMissing] }

        public init() {}

        public var reads: PageCheckInputs { .links }

        public func run(page: Page, context: CheckContext) -> [Diagnostic] {
            var bag = DiagnosticBag()
            for link in context.links.occurrences[page.index] where link.kind == .image && link.altText.trimmingCharacters(in: .whitespaces).isEmpty {
                bag.add(.imageAltMissing, at: link.location, "image '\(link.raw)' has no alt text",
                        notes: ["describe the image: ![what it shows](\(link.raw))"])
            }
            return bag.items
        }
    }
}
