import GroundworkModel
import GroundworkResolve
import Templating

/// `nav_max_entries` (issue 21): a nav list (the top-level sections and pages, made from the
/// folders or listed in `nav:`; or the pages and sub-sections of the section the reader is in)
/// shows at most that many entries, then the entry the reader is in when it is past them, then
/// a link to the page that lists every entry: the home page for the top level, the section's
/// index for a section. Listing every section on every page made a site's size, and its build
/// time, grow with the square of its sections (500 sections: 39 KB of nav on each of 50,000
/// pages). A `nav:` list in site.yaml is limited too, without a warning: nothing leaves the
/// site (the home page lists every entry the nav leaves out), and a warning would stop a
/// strict `build`. Another tool's nav (SUMMARY.md, mkdocs.yml, Docusaurus sidebars) is shown whole.
extension SiteRenderer {
    /// The top-level entries `items` (one per nav target) limited to what the page shows, and
    /// their `ReusableList` flags; nil flags when there were none, or when the list must be
    /// rendered whole (it holds a page entry past the limit).
    func limitedNav(_ items: [TemplateObject], reusable: [Bool]?, from url: String, currentPage: Int?,
                    currentSection: String?) -> (items: [TemplateObject], reusable: [Bool]?) {
        let limit = site.config.navMaxEntries
        guard items.count > limit, items.count == navTargets.count else { return (items, reusable) }
        let open = openNavEntry(currentPage: currentPage, currentSection: currentSection)
        guard let shown = NavResolver.shownEntries(count: items.count, limit: limit, open: open) else { return (items, reusable) }
        var limited = shown.map { items[$0] }
        limited.append(moreEntry(title: Self.moreTitle(navTargets), href: href(from: url, to: "")))
        // A page entry past the limit differs between the pages that share the folder's kept
        // renderings, so the list is then rendered whole; a section entry is the same for all
        // of them (their nav is kept by current section).
        let openIsPage = open.map { navSectionTargets[$0] == nil } ?? false
        guard let reusable, !(openIsPage && shown.count > limit) else { return (limited, nil) }
        return (limited, shown.map { reusable[$0] } + [false])
    }

    /// The pages and sub-sections listed under the open section entry `index`, limited as
    /// `limitedNav` limits the top; nil when they are all shown. `changesLayout`: whether the
    /// list holds an entry past the limit (it then differs from page to page of the folder).
    func limitedChildren(_ children: [TemplateValue], ofEntry index: Int, from url: String, currentPage: Int?,
                         currentSection: String?) -> (items: [TemplateValue], shown: [Int], changesLayout: Bool)? {
        let limit = site.config.navMaxEntries
        guard children.count > limit, let section = navSectionTargets[index], children.count == section.children.count else { return nil }
        let open = section.children.firstIndex { child in
            switch child {
            case .page(let page): return page == currentPage
            case .subsection(_, _, let path): return currentSection.map { $0 == path || $0.hasPrefix(path + "/") } ?? false
            }
        }
        guard let shown = NavResolver.shownEntries(count: children.count, limit: limit, open: open) else { return nil }
        let pages = section.children.filter { if case .page = $0 { return true } else { return false } }.count
        var limited = shown.map { children[$0] }
        limited.append(.object(moreEntry(title: Self.moreTitle(sections: section.children.count - pages, pages: pages),
                                         href: href(from: url, to: section.url))))
        return (limited, shown, shown.count > limit)
    }

    /// The entries the top of the nav does not show and the home page does not list among its
    /// sections (its pages, and sections below the top that `nav:` lists), for the home page to
    /// list: the nav's "All" link leads there.
    func pagesHiddenFromNav() -> [TemplateValue] {
        let targets = navTargets
        guard !hasExplicitNav, targets.count > site.config.navMaxEntries else { return [] }
        let listed = Set(site.sections[""]?.subsections ?? [])
        return targets[site.config.navMaxEntries...].compactMap { target in
            switch target {
            case .page(let index):
                let page = site.pages[index]
                return .object([.title: .string(page.title), .summary: .string(page.summary), .href: .string(href(from: "", to: page.url))])
            case .section(let path):
                guard !listed.contains(path), let section = site.sections[path] else { return nil }
                let summary = section.indexPage.map { site.pages[$0].summary } ?? ""
                return .object([.title: .string(section.title), .summary: .string(summary), .href: .string(href(from: "", to: section.url))])
            }
        }
    }

    /// The top-level entry the reader is in: the section holding the current section, or the
    /// current page (or the page whose sub-chapters hold it). A lookup, not a walk over the
    /// entries: it is asked on every page of a site with hundreds of them.
    func openNavEntry(currentPage: Int?, currentSection: String?) -> Int? {
        let lookup = memo.navEntryLookup {
            var sections: [String: Int] = [:], pages: [Int: Int] = [:]
            for (i, target) in navTargets.enumerated() {
                switch target {
                case .section(let path): sections[path] = i
                case .page(let index):
                    pages[index] = i
                    for child in site.navChildren[index] ?? [] where pages[child] == nil { pages[child] = i }
                }
            }
            return NavEntryLookup(sections: sections, pages: pages)
        }
        if let currentSection, !currentSection.isEmpty {
            // A top-level entry's section is a folder of the content folder, or a deeper
            // one a `nav:`-less site lists at the top: try the whole path, then its parents.
            var path = Substring(currentSection)
            while true {
                if let i = lookup.sections[String(path)] { return i }
                guard let slash = path.lastIndex(of: "/") else { break }
                path = path[..<slash]
            }
        }
        return currentPage.flatMap { lookup.pages[$0] }
    }

    /// The last entry of a limited list: every key an entry of either list has, so that its
    /// rendering looks nothing up in the page around it.
    func moreEntry(title: String, href: String) -> TemplateObject {
        [.title: .string(title), .href: .string(href), .current: .bool(false), .open: .bool(false), .pages: .list([])]
    }

    static func moreTitle(_ targets: [NavResolver.Target]) -> String {
        let pages = targets.filter { if case .page = $0 { return true } else { return false } }.count
        return moreTitle(sections: targets.count - pages, pages: pages)
    }

    /// "All 500 sections", "All 130 pages", "All 120 sections and pages".
    static func moreTitle(sections: Int, pages: Int) -> String {
        if pages == 0 { return "All \(sections) sections" }
        if sections == 0 { return "All \(pages) pages" }
        return "All \(sections + pages) sections and pages"
    }
}

/// Where each top-level nav entry is found: by section path, and by page (a page with
/// sub-chapters also under each of them).
struct NavEntryLookup: Sendable {
    let sections: [String: Int]
    let pages: [Int: Int]
}
