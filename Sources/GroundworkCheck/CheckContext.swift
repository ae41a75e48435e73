import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Everything a check may read: the resolved site and what the resolver recorded about it
/// (links, heading ids, citations), the options that decide what is checked, and — for the
/// output pass only — the rendered files. Checks are pure functions of this context (the
/// external check aside, which asks the network).
public struct CheckContext: Sendable {
    public var site: Site
    /// Every link, resolved, and every citation, by page (recorded by Resolve).
    public var links: LinkGraph
    public var sources: SourceLibrary
    public var today: Day
    /// The audiences whose editions are checked for leaks: the one `--audience` names, else
    /// every audience site.yaml declares.
    public var audiences: [String]
    /// `--external`: how to check http(s) links; nil when they are not checked.
    public var external: ExternalLinkChecker.Settings?
    /// The transport the external check uses; nil for URLSession (tests pass their own).
    public var probe: (any HTTPProbe)?
    /// `--only`: the external check asks only about links in these files (as the user names them).
    public var only: [String] = []
    /// The rendered site, for the output pass; nil until it is rendered.
    public var output: RenderedOutput?
    /// In the one pass that builds the link graph (`Checks.runSite(buildingLinks:)`): the page
    /// whose links were just walked, and whether the walk saw raw HTML in it. `links` is not
    /// built yet there; this is the one thing of it a check that does not read `.links` uses.
    var walkedPage: (index: Int, sawRawHTML: Bool)?

    public init(site: Site, links: LinkGraph, sources: SourceLibrary, today: Day) {
        self.site = site
        self.links = links
        self.sources = sources
        self.today = today
        audiences = site.config.audiences
    }

    /// False when the link walk saw no raw HTML in the page (`LinkGraph.mayHoldRawHTML`),
    /// also while the link graph is being built.
    func mayHoldRawHTML(_ page: Int) -> Bool {
        if let walkedPage, walkedPage.index == page { return walkedPage.sawRawHTML }
        return links.mayHoldRawHTML(page)
    }

    /// Every citation item of every page with its location, by page index.
    var citationItemsByPage: [[CitationOccurrence]] { links.citations }
}
