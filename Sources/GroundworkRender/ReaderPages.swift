import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Templating

/// The site pages readers navigate by besides the content: the glossary, tag pages with a tag
/// index, the 404 page; and the links to them (with the bibliography's) that every page shows.
extension SiteRenderer {
    /// Where the generated pages live. A content page at the same URL wins: the generated one
    /// is then not written.
    static let glossaryURL = "glossary/"
    static let tagsURL = "tags/"
    static let bibliographyURL = "bibliography/"

    /// A tag, the pages that carry it (in title order), and its page's URL.
    struct TagGroup {
        var name: String
        var slug: String
        var pages: [Int]
        var url: String { SiteRenderer.tagsURL + slug + "/" }
    }

    var hasGlossaryPage: Bool {
        templates.contains("glossary") && !glossary.entries.isEmpty && site.pageByURL[Self.glossaryURL] == nil
    }

    var hasTagPages: Bool {
        templates.contains("tag") && site.pageByURL[Self.tagsURL] == nil && anyPageHasTags  // once per renderer: NavCache.swift
    }

    /// The bibliography page is rendered from `bibliography.mustache` (issue 4); link to it
    /// only when that template exists.
    /// Not without sources: a folder of docs has no bibliography to show.
    var hasBibliographyPage: Bool {
        (templates.contains("bibliography") && !sources.sources.isEmpty) || site.pageByURL[Self.bibliographyURL] != nil
    }

    /// Tags by slug; two spellings with one slug ("RAG", "rag") are one tag, named as first seen
    /// (in page order). Each tag's pages are in title order (lowercased title, then index);
    /// the tags in name order (lowercased name, then slug).
    ///
    /// Each tag name is trimmed and slugged once per site (`tagNames`), not once per page
    /// that carries it; and the pages are put in title order once, then added to their tags
    /// in that order, instead of every tag's pages being sorted by their titles (string
    /// comparisons: most of the tag pages' time; issue 21, perfsite6).
    func tagGroups() -> [TagGroup] {
        let names = tagNames
        var groups: [TagGroup] = []
        var groupBySlug: [String: Int] = [:]
        // Each tagged page's tags as group numbers, once each: `tagsOf[page]`.
        var tagsOf = [[Int]](repeating: [], count: site.pages.count)
        var tagged: [Int] = []
        for page in site.pages.indices {
            for name in site.pages[page].frontMatter.tags {
                let tag = tagName(name, in: names)
                guard !tag.trimmed.isEmpty else { continue }
                let group: Int
                if let known = groupBySlug[tag.slug] {
                    group = known
                } else {
                    group = groups.count
                    groupBySlug[tag.slug] = group
                    groups.append(TagGroup(name: tag.trimmed, slug: tag.slug, pages: []))
                }
                if !tagsOf[page].contains(group) { tagsOf[page].append(group) }
            }
            if !tagsOf[page].isEmpty { tagged.append(page) }
        }
        // Each title lowered once, not in every comparison.
        let titles = tagged.map { site.pages[$0].title.lowercased() }
        let order = tagged.indices.sorted { (titles[$0], tagged[$0]) < (titles[$1], tagged[$1]) }
        for position in order {
            let page = tagged[position]
            for group in tagsOf[page] { groups[group].pages.append(site.pages[page].index) }
        }
        let lowered = groups.map { $0.name.lowercased() }
        return groups.indices.sorted { (lowered[$0], groups[$0].slug) < (lowered[$1], groups[$1].slug) }.map { groups[$0] }
    }

    /// The slugs of `tagGroups()`, unsorted and without their pages (the sitemap needs only
    /// the tag pages' URLs; sorting every tag's pages for it again cost as much as the tag
    /// pages themselves).
    func tagSlugs() -> Set<String> {
        var slugs: Set<String> = []
        for page in site.pages {
            for name in page.frontMatter.tags {
                let trimmed = name.fastTrimmingWhitespaces
                guard !trimmed.isEmpty else { continue }
                slugs.insert(SiteResolver.slug(trimmed))
            }
        }
        return slugs
    }

    /// A tag as written in front matter, worked out once per renderer (`tagNames`): its name
    /// trimmed, its slug and its tag page's URL.
    struct TagName: Sendable {
        let trimmed: String
        let slug: String
        let url: String

        init(_ name: String) {
            trimmed = name.fastTrimmingWhitespaces
            slug = SiteResolver.slug(trimmed)
            url = SiteRenderer.tagsURL + slug + "/"
        }
    }

    /// Every ASCII tag name the pages' front matter has, as `TagName`s. Made once: trimming,
    /// slugging and joining the URL per tag and page cost ~1,900 instructions a tag, a
    /// lookup here a few hundred (issue 21). ASCII only, and looked up only with ASCII
    /// names (`tagName`): `String` keys match by canonical equivalence, so `ü` and `u` +
    /// U+0308 would find each other's entry, while their slugs (bytes) differ.
    var tagNames: [String: TagName] {
        memo.tagNames {
            var names: [String: TagName] = [:]
            for page in site.pages {
                for name in page.frontMatter.tags where Self.isASCII(name) && names[name] == nil { names[name] = TagName(name) }
            }
            return names
        }
    }

    private static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    /// `TagName(name)`, from `names` (`tagNames`) when it is there.
    private func tagName(_ name: String, in names: [String: TagName]) -> TagName {
        guard Self.isASCII(name), let known = names[name] else { return TagName(name) }
        return known
    }

    /// A page's tags as links to their tag pages (plain names when there are no tag pages).
    func tagLinks(_ tags: [String], from url: String) -> [TemplateValue] {
        guard !tags.isEmpty else { return [] }
        let hasTagPages = self.hasTagPages  // asked once, not per tag
        let names = tagNames
        // Slugs already linked. A page has a handful of tags: looking through an array of them
        // is cheaper than hashing each into a set, which only a long list needs.
        var seenFew: [String] = []
        var seenMany: Set<String> = []
        func firstTime(_ slug: String) -> Bool {
            guard tags.count > 16 else {
                if seenFew.contains(slug) { return false }
                seenFew.append(slug)
                return true
            }
            return seenMany.insert(slug).inserted
        }
        var links: [TemplateValue] = []
        links.reserveCapacity(tags.count)
        for name in tags {
            let tag = tagName(name, in: names)
            guard !tag.trimmed.isEmpty, firstTime(tag.slug) else { continue }
            var object: TemplateObject = [.tagName: .string(tag.trimmed)]
            if hasTagPages { object[.href] = .string(href(from: url, to: tag.url)) }
            links.append(.object(object))
        }
        return links
    }

    /// Links to the site pages, for the nav, the home page and the footer, and the hrefs in
    /// them (nil for a site page the site does not have), which `addReaderContext` reuses
    /// instead of working them out again per page.
    private func siteLinksAndHrefs(from url: String) -> (links: [TemplateValue], glossary: String?, bibliography: String?, tags: String?) {
        var links: [TemplateValue] = []
        links.reserveCapacity(3)
        func add(_ title: String, _ target: String, _ description: String) -> String {
            let href = self.href(from: url, to: target)
            links.append(.object([.title: .string(title), .href: .string(href),
                                  .description: .string(description), .current: .bool(url == target)]))
            return href
        }
        let glossary = hasGlossaryPage ? add("Glossary", Self.glossaryURL, "Every term this guide defines, in one list.") : nil
        let bibliography = hasBibliographyPage
            ? add("Bibliography", Self.bibliographyURL, "Every source, its status, and the pages that cite it.") : nil
        let tags = hasTagPages ? add("Tags", Self.tagsURL, "Pages grouped by topic.") : nil
        return (links, glossary, bibliography, tags)
    }

    /// Adds the context keys every template gets besides `baseContext`'s own.
    func addReaderContext(url: String, to context: inout TemplateObject) {
        let (links, glossary, bibliography, tags) = siteLinksAndHrefs(from: url)
        context[.siteLinks] = .list(links)
        context[.hasSiteLinks] = .bool(!links.isEmpty)
        context[.isHome] = .bool(url.isEmpty)
        context[.hasSources] = .bool(!sources.sources.isEmpty)
        if let glossary { context[.glossaryHref] = .string(glossary) }
        if let bibliography { context[.bibliographyHref] = .string(bibliography) }
        if let tags { context[.tagsHref] = .string(tags) }
    }

    /// Whether a section index page gets the generated list of its section's pages: not when
    /// its own text already links to every one of them (a hand-written "In this section").
    func indexNeedsPageList(_ page: Page) -> Bool {
        guard let section = site.sections[page.sectionPath], !section.pages.isEmpty else { return false }
        var linked: Set<Int> = []
        for link in links.occurrences[page.index] {
            if case .page(let target, _) = link.target { linked.insert(target) }
        }
        return !section.pages.allSatisfy(linked.contains)
    }

    /// URLs of the generated pages, for the sitemap.
    func readerPageURLs() -> [String] {
        var urls: [String] = []
        if hasGlossaryPage { urls.append(Self.glossaryURL) }
        if hasTagPages { urls.append(Self.tagsURL); urls += tagSlugs().map { Self.tagsURL + $0 + "/" } }
        return urls
    }

    func glossaryPage() throws -> OutputFile {
        let url = Self.glossaryURL
        var context = baseContext(url: url, title: "Glossary", currentPage: nil, currentSection: nil)
        var usedIDs: Set<String> = []
        let terms: [[String: Any]] = glossary.entries.map { index in
            let page = site.pages[index]
            let term = page.frontMatter.term ?? page.title
            var id = "term-" + SiteResolver.slug(term)
            var n = 1
            while !usedIDs.insert(id).inserted { id = "term-" + SiteResolver.slug(term) + "-\(n)"; n += 1 }
            // Terms are often written in lower case (`term: context window`); a list entry starts with a capital.
            let display = term.prefix(1).uppercased() + term.dropFirst()
            var entry: [String: Any] = ["term": display, "id": id, "href": href(from: url, to: page.url),
                                        "summary": page.summary, "title": page.title]
            if !page.frontMatter.alsoKnownAs.isEmpty { entry["also_known_as"] = page.frontMatter.alsoKnownAs.joined(separator: ", ") }
            return entry
        }
        context["terms"] = terms
        context["page"] = ["title": "Glossary", "url": url,
                           "summary": "Every term defined in this guide, with a one-line summary. Each term links to its full definition."] as [String: Any]
        let output = try templates.render("glossary", context: context)
        return OutputFile(path: url + "index.html", contents: Data(output.utf8), template: "glossary")
    }

    /// The tag index `tags/` and one page per tag (`tagGroups`). Their contexts are built
    /// typed (`TemplateObject`), as the pages' are: converting a `[String: Any]` listing
    /// every page of a tag at the renderer's door cost as much as rendering it (issue 21,
    /// perfsite6).
    func tagPages() throws -> [OutputFile] {
        let groups = tagGroups()
        let urls = pageURLs
        var files: [OutputFile] = []
        // The index of every tag.
        do {
            let url = Self.tagsURL
            var context = baseObject(url: url, title: "Tags", currentPage: nil, currentSection: nil)
            context[.tags] = .list(groups.map { group -> TemplateValue in
                .object([.tagName: .string(group.name), .href: .string(href(from: url, to: group.url)), .count: .int(group.pages.count),
                         .countText: .string(group.pages.count == 1 ? "1 page" : "\(group.pages.count) pages")])
            })
            context[.isIndex] = true
            context[.page] = .object([.title: "Tags", .url: .string(url), .summary: "Every tag, with the number of pages that carry it."])
            let output = try templates.render("tag", object: context)
            files.append(OutputFile(path: url + "index.html", contents: Data(output.utf8), template: "tag"))
        }
        for group in groups {
            let url = group.url
            var context = baseObject(url: url, title: "Tagged “\(group.name)”", currentPage: nil, currentSection: nil)
            context[.breadcrumbs] = .list(breadcrumbsContext(url: url, currentSection: nil, currentPage: nil)
                + [.object([.title: "Tags", .href: .string(href(from: url, to: Self.tagsURL))])])
            context[.tag] = .object([.tagName: .string(group.name)])
            // The page's fields read in place, not the whole page copied for three of them.
            context[.pages] = .list(group.pages.map { index -> TemplateValue in
                .object([.title: .string(site.pages[index].title), .summary: .string(site.pages[index].summary),
                         .href: .string(href(from: url, to: urls[index]))])
            })
            context[.page] = .object([.title: .string("Tagged “\(group.name)”"), .url: .string(url),
                                      .summary: .string(group.pages.count == 1 ? "1 page" : "\(group.pages.count) pages")])
            let output = try templates.render("tag", object: context)
            files.append(OutputFile(path: url + "index.html", contents: Data(output.utf8), template: "tag"))
        }
        return files
    }

    /// `404.html`. Servers return it for any missing URL at any depth, so relative links
    /// cannot work: with a `base_url` its links start from that URL's path (`/customize/`),
    /// which works on any host that serves the site at that path; without one they are
    /// relative to the site root.
    func notFoundPage() throws -> OutputFile {
        var context = baseContext(url: "", title: "Page not found", currentPage: nil, currentSection: nil)
        if let base = Self.rootPath(ofBaseURL: site.config.baseURL) {
            context = Self.prefixingHrefs(context, with: base) as! [String: Any]
            context["root"] = base
        }
        context["is_home"] = false
        context["page"] = ["title": "Page not found"] as [String: Any]
        let output = try templates.render("404", context: context)
        return OutputFile(path: "404.html", contents: Data(output.utf8), template: "404")
    }

    /// `https://x.example/customize` → `/customize/`; nil when there is no usable base URL.
    static func rootPath(ofBaseURL baseURL: String) -> String? {
        guard !baseURL.isEmpty, let components = URLComponents(string: baseURL) else { return nil }
        var path = components.percentEncodedPath
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        return path
    }

    /// Prefixes every relative `href` in a context (nav, breadcrumbs, site links) with `base`.
    static func prefixingHrefs(_ value: Any, with base: String) -> Any {
        if let dictionary = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (key, item) in dictionary {
                if key == "href", let href = item as? String, !href.hasPrefix("#"), !href.contains(":"), !href.hasPrefix("/") {
                    out[key] = base + (href == "./" ? "" : href)
                } else {
                    out[key] = prefixingHrefs(item, with: base)
                }
            }
            return out
        }
        if let array = value as? [[String: Any]] { return array.map { prefixingHrefs($0, with: base) as! [String: Any] } }
        if let array = value as? [Any] { return array.map { prefixingHrefs($0, with: base) } }
        return value
    }
}
