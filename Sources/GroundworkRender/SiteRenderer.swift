import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown
import Templating

/// Stage 5: renders every page through the templates and produces the site's files in memory.
public struct SiteRenderer: Sendable {
    public let site: Site
    public let links: LinkGraph
    public let sources: SourceLibrary
    public let templates: TemplateSet
    public let glossary: Glossary
    public let today: Day
    /// Whether pages get a search box (the Pagefind index is built after writing).
    public var searchEnabled: Bool
    /// "Last updated" days by content-relative path (from git history, read by the CLI); empty: no dates shown.
    public var lastUpdated: [String: Day] = [:]
    /// Values computed once per renderer instead of once per page (NavCache.swift); the
    /// preview hands it on to the next renderer while the site's shape is unchanged
    /// (`reusingMemo(of:)`).
    var memo = RenderMemo()
    /// Whether page bodies take each link's target from `links` (RecordedLinks.swift) rather
    /// than resolving it again. The preview turns it off: its link graph is patched page by
    /// page after an edit (`IncrementalBuilder.linkGraph`), and a page is rendered on request,
    /// so resolving there costs nothing worth a record that might lag behind the site.
    package var usesRecordedLinkTargets = true
    /// Another tool's nav (SUMMARY.md, mkdocs.yml `nav:`), resolved once (ExplicitNavRendering.swift).
    let explicitNav = ExplicitNavMemo()

    /// Templates every site needs.
    public static let requiredTemplates = ["base", "page", "section", "home"]

    /// `glossary`: one already made for a site with the same pages' front matter (the preview
    /// keeps it while an edit changes only page bodies).
    public init(site: Site, links: LinkGraph, sources: SourceLibrary, templates: TemplateSet, today: Day, searchEnabled: Bool,
                glossary: Glossary? = nil) {
        self.site = site
        self.links = links
        self.sources = sources
        self.templates = templates
        self.glossary = glossary ?? Glossary(site: site)
        self.today = today
        self.searchEnabled = searchEnabled
    }

    /// Throws when a template every site needs is missing.
    public func checkRequiredTemplates() throws {
        for name in Self.requiredTemplates where !templates.contains(name) {
            throw EnvironmentError("\(templates.directory.appendingPathComponent(name + ".mustache").path): missing template '\(name)'")
        }
    }

    /// Renders every content page on every core, handing each file to `body` as soon as it is
    /// rendered, and returns what `body` returns, in page order: `build` scans and writes each
    /// page there, so no page's HTML is kept.
    /// - Parameter bodies: the pages' trees when they were moved out of the site
    ///   (`PageBodies`): each is freed once its page is rendered.
    public func renderPages<T: Sendable>(bodies: PageBodies? = nil,
                                         _ body: @Sendable (_ path: String, _ html: inout String, _ template: String) -> T) throws -> [T] {
        // The same rendering as `renderPages(bodies:withSplices:)` (the splices are recorded
        // either way), for callers that do not scan the pages.
        try renderPages(bodies: bodies, withSplices: { path, bytes, template, _ in
            var html = String(decoding: bytes, as: UTF8.self)
            return body(path, &html, template)
        })
    }

    public func render() throws -> [OutputFile] {
        try checkRequiredTemplates()
        let renderer = self
        let rendered: [Result<OutputFile, Error>] = parallelMap(site.pages) { page in
            Result { try renderer.renderPage(page) }
        }
        var files = try rendered.map { try $0.get() }
        files.append(contentsOf: try renderSiteFiles())
        return files.sorted { $0.path < $1.path }
    }

    /// Every file but the content pages' own: synthetic section indexes and the site pages
    /// (404, sitemap, ...). `groundwork serve` renders these per rebuild and pages on request.
    ///
    /// The files are independent of each other: they are rendered on every core at once, one
    /// job per file or small group (`siteFileJobs`), and returned in the order the jobs are
    /// listed, which is the order they were rendered in one after another (a later file at the
    /// same path wins when they are written). The longest jobs start first: the bibliography
    /// and the tag pages were half of the phase at 10,000 pages, and started last they left
    /// one core idle at the end (issue 21).
    public func renderSiteFiles() throws -> [OutputFile] {
        let jobs = siteFileJobs()
        // Start order: longest first (their cost grows with the pages and the citations);
        // the results go back to the listed order below.
        let start = jobs.indices.sorted { (jobs[$0].long ? 0 : 1, $0) < (jobs[$1].long ? 0 : 1, $1) }
        let results = parallelMap(start) { index in Result { try jobs[index].render() } }
        var byJob = [Result<[OutputFile], Error>?](repeating: nil, count: jobs.count)
        for (index, result) in zip(start, results) { byJob[index] = result }
        // The first failure in the listed order, as when the jobs ran one after another.
        let files = try byJob.flatMap { try $0!.get() }
        return withoutFilesAtPageURLs(files)
    }

    /// `files` without those a content page is written to, and with one file per path.
    ///
    /// A writer's page at a generated page's URL wins and the generated one is not written:
    /// `tags/rag.md` is the page of the tag `rag`, as `glossary.md` is the glossary. Most
    /// generated pages already step aside (`hasGlossaryPage`, `cardsPrintURL`, ...); this keeps
    /// every other one, such as a single tag's page, from silently replacing what the writer
    /// wrote (site files are written after the pages). Compared case-insensitively, as
    /// `page.duplicate-url` compares page URLs.
    ///
    /// Two site files at one path: the later in `siteFileJobs`' order is kept, as it was when
    /// both were written. So a folder `tags/` of the writer's pages without an index file gets
    /// the tag index at `tags/`, not the listing of its pages (which stay in the nav).
    func withoutFilesAtPageURLs(_ files: [OutputFile]) -> [OutputFile] {
        var taken: Set<String> = []
        taken.reserveCapacity(site.pages.count + files.count)
        // The stored `url`, not the computed `outputPath`: calling that across modules copied
        // each page (a retain of every field), a visible share of the site files' time.
        for index in site.pages.indices { taken.insert(site.pages[index].url.lowercased() + "index.html") }
        var kept: [OutputFile] = []
        for file in files.reversed() where taken.insert(file.path.lowercased()).inserted {
            kept.append(file)
        }
        return kept.reversed()
    }

    /// One independent piece of `renderSiteFiles`.
    struct SiteFileJob: Sendable {
        /// Whether it grows with the site (every page or every citation): started first.
        var long = false
        var render: @Sendable () throws -> [OutputFile]
    }

    /// The site files' jobs, in the order their files are returned (and were rendered when
    /// this was one loop): synthetic section indexes, 404, glossary, tag pages, the cards'
    /// print sheet, bibliography and sources.json, sitemap, redirects.
    func siteFileJobs() -> [SiteFileJob] {
        let renderer = self
        var jobs: [SiteFileJob] = []
        // Folders without an index file still get an index page listing their pages.
        for section in site.sections.values.sorted(by: { $0.path < $1.path }) where section.indexPage == nil {
            jobs.append(SiteFileJob { [try renderer.renderSyntheticSection(section)] })
        }
        if templates.contains("404") { jobs.append(SiteFileJob { [try renderer.notFoundPage()] }) }  // ReaderPages.swift
        if hasGlossaryPage { jobs.append(SiteFileJob { [try renderer.glossaryPage()] }) }
        if hasTagPages { jobs.append(SiteFileJob(long: true) { try renderer.tagPages() }) }
        jobs.append(SiteFileJob { try renderer.cardsPrintSheet().map { [$0] } ?? [] })  // battle cards (CardRendering.swift)
        // Bibliography page, sources.json (Citations/BibliographyRendering.swift).
        if rendersBibliographyPage { jobs.append(SiteFileJob(long: true) { [try renderer.bibliographyPage()] }) }
        if !sources.file.isEmpty { jobs.append(SiteFileJob { [renderer.sourcesJSON()] }) }
        // Sitemap locations must be absolute URLs: without a base_url there is no sitemap.
        if !site.config.baseURL.isEmpty {
            jobs.append(SiteFileJob(long: true) { [OutputFile(path: "sitemap.xml", contents: Data(renderer.sitemap().utf8), template: nil)] })
        }
        jobs.append(SiteFileJob(long: true) { renderer.redirectFiles() })  // aliases: old URLs (Redirects.swift)
        return jobs
    }

    // MARK: Pages

    package func renderPage(_ page: Page) throws -> OutputFile {
        let (html, template) = try renderPageHTML(page)
        return OutputFile(path: page.outputPath, contents: Data(html.utf8), template: template)
    }

    /// A content page's HTML and the template that made it.
    func renderPageHTML(_ page: Page) throws -> (html: String, template: String) {
        var splices: [Splice] = []
        return try renderPageHTML(page, splices: &splices)
    }

    /// `renderPageHTML`, and where the template spliced kept nav fragments into it (`Splice`).
    func renderPageHTML(_ page: Page, splices: inout [Splice]) throws -> (html: String, template: String) {
        let (bytes, template) = try renderPageBytes(page, splices: &splices)
        return (String(decoding: bytes, as: UTF8.self), template)
    }

    /// `renderPageHTML(_:splices:)` as UTF-8 bytes, what `build` writes and scans: the body
    /// goes into the template and the page to the writer without becoming a `String`
    /// (issue 21, perfbytes; `Splice` offsets are offsets into these bytes).
    func renderPageBytes(_ page: Page, splices: inout [Splice]) throws -> (html: [UInt8], template: String) {
        var body = PageBodyRenderer(site: site, page: page, resolver: LinkResolver(site: site),
                                    citations: CitationNumbering(library: sources),
                                    glossary: GlossaryLinker(glossary: glossary, site: site))
        // Each link's target as the link graph resolved it (RecordedLinks.swift), not resolved again.
        if usesRecordedLinkTargets, page.index < links.occurrences.count { body.recorded = RecordedLinks(links.occurrences[page.index]) }
        let html = body.renderBytes(page.document)
        // Built typed (`TemplateObject`), not as `[String: Any]`: the renderer's lookups then
        // compare interned keys instead of hashing strings and casting `Any` (issue 21).
        var context = baseObject(url: page.url, title: page.title, currentPage: page.index, currentSection: page.sectionPath)
        context[.page] = .object(pageContext(page, content: .utf8(html)))
        context[.references] = .list(referencesContext(order: body.citations.order))
        context[.hasReferences] = .bool(!body.citations.order.isEmpty)
        let template: String
        if page.url.isEmpty {
            template = "home"
            context[.sections] = .list(sectionListContext(site.sections[""], from: page.url))
            let hidden = pagesHiddenFromNav()  // NavLimit.swift
            context[.navOverflowPages] = .list(hidden)
            context[.hasNavOverflowPages] = .bool(!hidden.isEmpty)
        } else if page.isSectionIndex {
            var cards: [String: Any] = [:]
            template = cardsIndexTemplate(sectionPath: page.sectionPath, url: page.url, context: &cards) ?? "section"  // CardRendering.swift
            context.merge(TemplateObject(any: cards))
            context[.sections] = .list(sectionListContext(site.sections[page.sectionPath], from: page.url))
            context[.children] = .list(childPagesContext(site.sections[page.sectionPath], from: page.url))
            context[.listChildren] = .bool(indexNeedsPageList(page))  // ReaderPages.swift
        } else {
            template = page.isCard && templates.contains("card") ? "card" : "page"
            if template == "card" { context[.card] = .object(TemplateObject(any: cardContext(page, at: page.url))) }  // CardRendering.swift
        }
        // Room for the whole page at once: the body plus the rest of the page (nav, header,
        // footer; the nav grows with the site, so the last page's size is the better guess).
        let capacity = html.count + max(memo.pageFrameBytes.load(ordering: .relaxed), 16 * 1024) + 512
        let output = try templates.renderBytes(template, object: context, splices: &splices, capacity: capacity)
        memo.pageFrameBytes.store(output.count - html.count, ordering: .relaxed)
        return (output, template)
    }

    func renderSyntheticSection(_ section: Section) throws -> OutputFile {
        var context = baseObject(url: section.url, title: section.title, currentPage: nil, currentSection: section.path)
        context[.page] = .object([.title: .string(section.title), .summary: "", .content: "", .url: .string(section.url)])
        context[.children] = .list(childPagesContext(section, from: section.url))
        context[.listChildren] = .bool(!section.pages.isEmpty)
        context[.sections] = .list(sectionListContext(section, from: section.url))
        if section.path.isEmpty {
            let hidden = pagesHiddenFromNav()  // NavLimit.swift
            context[.navOverflowPages] = .list(hidden)
            context[.hasNavOverflowPages] = .bool(!hidden.isEmpty)
        }
        var cards: [String: Any] = [:]
        let template = section.path.isEmpty ? "home"
            : cardsIndexTemplate(sectionPath: section.path, url: section.url, context: &cards) ?? "section"
        context.merge(TemplateObject(any: cards))
        let output = try templates.render(template, object: context)
        return OutputFile(path: section.url + "index.html", contents: Data(output.utf8), template: template)
    }

    package func sitemap() -> String {
        var base = site.config.baseURL
        if !base.isEmpty, !base.hasSuffix("/") { base += "/" }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        var urls = Set(pageURLs)
        for section in site.sections.values { urls.insert(section.url) }
        urls.formUnion(readerPageURLs())
        urls.formUnion(citationPageURLs())
        for url in urls.sorted() {
            xml += "  <url><loc>\(HTML.escape(base + URLPaths.percentEncode(url)))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }

    // MARK: Contexts

    /// What every template gets: the site, the relative root, nav and breadcrumbs, as a
    /// dictionary, for the site pages that add theirs as dictionaries (`baseObject`).
    func baseContext(url: String, title: String, currentPage: Int?, currentSection: String?) -> [String: Any] {
        baseObject(url: url, title: title, currentPage: currentPage, currentSection: currentSection).dictionary
    }

    /// What every template gets: the site, the relative root, nav and breadcrumbs.
    func baseObject(url: String, title: String, currentPage: Int?, currentSection: String?) -> TemplateObject {
        let root = URLPaths.relative(from: url, to: "")
        // Room for what the page's templates add to it (about 30 keys): it would grow twice
        // on every page (issue 21).
        var context = TemplateObject(capacity: 40)
        context[.site] = .object([.title: .string(site.config.title), .description: .string(site.config.description),
                                  .language: .string(site.config.language)])
        context[.root] = .string(root == "./" ? "" : root)
        context[.search] = .bool(searchEnabled)
        context[.title] = .string(title)
        context[.nav] = hasExplicitNav ? .list([]) : navValue(from: url, currentPage: currentPage, currentSection: currentSection)  // NavCache.swift
        context[.breadcrumbs] = .list(breadcrumbsContext(url: url, currentSection: currentSection, currentPage: currentPage))
        context[.generator] = "Groundwork"
        addReaderContext(url: url, to: &context)  // ReaderPages.swift
        guard hasExplicitNav else { return context }
        context.merge(TemplateObject(any: explicitNavContext(from: url, currentPage: currentPage, currentSection: currentSection)))
        return context
    }

    package func href(from url: String, to target: String) -> String { URLPaths.relative(from: url, to: target) }

    package func navContext(from url: String, currentPage: Int?, currentSection: String?) -> [TemplateObject] {
        // Built once per folder and patched for the page (NavCache.swift).
        if let nav = cachedNavContext(from: url, currentPage: currentPage, currentSection: currentSection) { return nav }
        return navTargets.map { navEntry($0, from: url, currentPage: currentPage, currentSection: currentSection) }
    }

    /// One entry of the nav: `title`, `href`, `current`, `pages` (its children, shown while
    /// the reader is in it) and `open`.
    package func navEntry(_ target: NavResolver.Target, from url: String, currentPage: Int?, currentSection: String?) -> TemplateObject {
        switch target {
        case .page(let index):
            let page = site.pages[index]
            // Sub-chapters (SUMMARY.md) show, like a section's pages, while the reader is in them.
            let nested = site.navChildren[index] ?? []
            let open = !nested.isEmpty && currentPage.map { $0 == index || nested.contains($0) } == true
            let children: [TemplateValue] = open ? nested.map { .object(navPageChild($0, from: url, currentPage: currentPage)) } : []
            var entry: TemplateObject = [.title: .string(page.title), .href: .string(href(from: url, to: page.url)),
                                         .current: .bool(index == currentPage), .pages: .list(children)]
            if open { entry[.open] = true }
            return entry
        case .section(let path):
            let section = site.sections[path]!
            let inSection = currentSection.map { $0 == path || $0.hasPrefix(path + "/") } ?? false
            // Only the current section lists its pages: every page listing every page
            // would make the site quadratic in size.
            let children: [TemplateValue] = !inSection ? [] : NavResolver.children(of: section, in: site).compactMap { child in
                switch child {
                case .page(let index): return .object(navPageChild(index, from: url, currentPage: currentPage))
                case .section(let sub): return navSubsectionChild(sub, from: url, currentPage: currentPage).map { .object($0) }
                }
            }
            return [.title: .string(section.title), .href: .string(href(from: url, to: section.url)),
                    .current: .bool(currentPage != nil && currentPage == section.indexPage),
                    .open: .bool(inSection), .pages: .list(children)]
        }
    }

    func navPageChild(_ index: Int, from url: String, currentPage: Int?) -> TemplateObject {
        // Fields read in place, not a copy of the whole `Page`.
        [.title: .string(site.pages[index].title), .href: .string(href(from: url, to: site.pages[index].url)),
         .current: .bool(index == currentPage)]
    }

    func navSubsectionChild(_ sub: String, from url: String, currentPage: Int?) -> TemplateObject? {
        guard let s = site.sections[sub] else { return nil }
        return [.title: .string(s.title), .href: .string(href(from: url, to: s.url)),
                .current: .bool(currentPage != nil && currentPage == s.indexPage)]
    }

    func breadcrumbsContext(url: String, currentSection: String?, currentPage: Int?) -> [TemplateValue] {
        guard !url.isEmpty else { return [] }
        // "Home", not the home page's (often long) title: breadcrumbs must stay short on a phone.
        var crumbs: [TemplateValue] = [.object([.title: "Home", .href: .string(href(from: url, to: ""))])]
        var chain: [String] = []
        var path = currentSection
        while let p = path, !p.isEmpty {
            chain.insert(p, at: 0)
            path = site.sections[p]?.parent
        }
        for sectionPath in chain {
            guard let section = site.sections[sectionPath], section.url != url else { continue }
            crumbs.append(.object([.title: .string(section.title), .href: .string(href(from: url, to: section.url))]))
        }
        return crumbs
    }

    func pageContext(_ page: Page, content: TemplateValue) -> TemplateObject {
        // Made big enough at once: it grew twice on every page (issue 21).
        var context = TemplateObject(capacity: 32)
        context[.title] = .string(page.title)
        context[.summary] = .string(page.summary)
        context[.content] = content
        context[.url] = .string(page.url)
        context[.sourceFile] = .string(page.relativePath)
        context[.isCard] = .bool(page.isCard)
        // The id of the heading the title came from, for the header's `<h1>`: links to it
        // were checked against it, so the output must have it.
        if let titleID = page.titleID { context[.titleID] = .string(titleID) }
        if let review = page.frontMatter.reviewBy {
            context[.reviewBy] = .string(review.description)
            context[.overdue] = .bool(review < today)
        }
        if let owner = page.frontMatter.owner { context[.owner] = .string(owner) }
        if let term = page.frontMatter.term {
            context[.term] = .string(term)
            context[.alsoKnownAs] = .string(page.frontMatter.alsoKnownAs.joined(separator: ", "))
        }
        // One pass, no filtered copy of the headings (each copy retains its strings).
        var toc: [TemplateValue] = []
        for heading in page.headings where heading.level == 2 || heading.level == 3 {
            toc.append(.object([.text: .string(heading.text), .id: .string(heading.id),
                                .href: .string("#" + URLPaths.encodeFragment(heading.id)), .sub: .bool(heading.level == 3)]))
        }
        context[.toc] = .list(toc)
        context[.hasTOC] = .bool(toc.count >= 2)
        context[.tags] = .list(tagLinks(page.frontMatter.tags, from: page.url))  // ReaderPages.swift
        context[.hasTags] = .bool(!page.frontMatter.tags.isEmpty)
        addHistoryContext(page, to: &context)  // ReaderBasics.swift
        // Ordered by title (ties in link-graph order) before the objects are made, by rank
        // numbers where the titles allow (`orderedByTitle`, NavCache.swift).
        let ordered = Self.orderedByTitle(links.incoming[page.index], ranks: titleRanks) { site.pages[$0].title }
        let backlinks = ordered.map { index -> TemplateValue in
            // The two fields read where they are: `let from = site.pages[index]` copied the
            // whole `Page` (every string and array in it retained, then released).
            .object([.title: .string(site.pages[index].title), .href: .string(href(from: page.url, to: site.pages[index].url))])
        }
        context[.backlinks] = .list(backlinks)
        context[.hasBacklinks] = .bool(!backlinks.isEmpty)
        // Reading order: another tool's nav's (ExplicitNavRendering.swift), else within the
        // section: its index page first, then its pages.
        if let pager = explicitPager(for: page) {
            context.merge(TemplateObject(any: pager))
        } else if let section = site.sections[page.sectionPath] {
            let sequence = (section.indexPage.map { [$0] } ?? []) + section.pages
            if let position = sequence.firstIndex(of: page.index) {
                if position > 0 {
                    let prev = sequence[position - 1]
                    context[.prev] = .object([.title: .string(site.pages[prev].title), .href: .string(href(from: page.url, to: site.pages[prev].url))])
                }
                if position + 1 < sequence.count {
                    let next = sequence[position + 1]
                    context[.next] = .object([.title: .string(site.pages[next].title), .href: .string(href(from: page.url, to: site.pages[next].url))])
                }
                context[.hasPager] = .bool(sequence.count > 1)
            }
        }
        return context
    }

    func childPagesContext(_ section: Section?, from url: String) -> [TemplateValue] {
        guard let section else { return [] }
        return section.pages.map { index in
            .object([.title: .string(site.pages[index].title), .summary: .string(site.pages[index].summary),
                     .href: .string(href(from: url, to: site.pages[index].url))])
        }
    }

    func sectionListContext(_ section: Section?, from url: String) -> [TemplateValue] {
        guard let section else { return [] }
        return section.subsections.compactMap { path in
            guard let sub = site.sections[path] else { return nil }
            let summary = sub.indexPage.map { site.pages[$0].summary } ?? ""
            return .object([.title: .string(sub.title), .summary: .string(summary), .href: .string(href(from: url, to: sub.url)),
                            .pages: .list(childPagesContext(sub, from: url))])
        }
    }

    func referencesContext(order: [String]) -> [TemplateValue] {
        order.enumerated().compactMap { offset, key in
            guard let index = sources.byID[key] else { return nil }
            // Formatted once per source (NavCache.swift); only the number is the page's.
            var context = memo.reference(index) { TemplateObject(any: ReferenceFormatter.context(for: sources.sources[index], number: 0)) }
            context[.number] = .int(offset + 1)
            return .object(context)
        }
    }
}
