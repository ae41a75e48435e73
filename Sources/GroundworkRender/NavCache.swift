import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Synchronization
import Templating

/// Values a renderer computes once and every page reads (issue 9): the nav's entries, and
/// the nav as seen from each folder, which `navContext` patches for the page at hand
/// instead of rebuilding a few hundred dictionaries per page. Filled lazily and under a
/// lock, so `groundwork serve`, which renders one page per request, pays only for what it
/// renders.
///
/// Sendable without the compiler's check, and safe: every stored `var` is read and written
/// only inside `value`, under `lock`, and what it hands out are copies of value types
/// (typed template values) that nothing mutates in place.
final class RenderMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var targets: [NavResolver.Target]?
    private var anyTags: Bool?
    private var mayNeedLimit: Bool?
    /// The bytes of the last page rendered around its body (nav, header, footer): with the
    /// body's size, what the next page's output reserves (`renderPageBytes`). A hint only.
    let pageFrameBytes = Atomic<Int>(0)

    /// Whether the nav has a list longer than `nav_max_entries` (NavLimit.swift).
    func navMayNeedLimit(_ make: () -> Bool) -> Bool {
        value({ $0.mayNeedLimit }, { $0.mayNeedLimit = $1 }, make)
    }
    /// Nav contexts seen from a stand-in page of a folder, by current section and folder.
    private var navs: [String: [TemplateObject]] = [:]

    package func value<T>(_ read: (RenderMemo) -> T?, _ write: (RenderMemo, T) -> Void, _ make: () -> T) -> T {
        lock.lock()
        if let value = read(self) { lock.unlock(); return value }
        lock.unlock()
        // Computed outside the lock; two threads may both compute it, with the same result.
        let value = make()
        lock.lock()
        if let existing = read(self) { lock.unlock(); return existing }
        write(self, value)
        lock.unlock()
        return value
    }

    package func navTargets(_ make: () -> [NavResolver.Target]) -> [NavResolver.Target] {
        value({ $0.targets }, { $0.targets = $1 }, make)
    }

    private var sectionTargets: [NavSectionTarget?]?

    func navSectionTargets(_ make: () -> [NavSectionTarget?]) -> [NavSectionTarget?] {
        value({ $0.sectionTargets }, { $0.sectionTargets = $1 }, make)
    }

    private var urls: [String]?
    private var entryLookup: NavEntryLookup?

    /// Where each top-level nav entry is (`openNavEntry`).
    func navEntryLookup(_ make: () -> NavEntryLookup) -> NavEntryLookup {
        value({ $0.entryLookup }, { $0.entryLookup = $1 }, make)
    }
    private var references: [Int: TemplateObject] = [:]

    /// A source's reference-list context (`ReferenceFormatter.context`), by source index.
    package func reference(_ index: Int, _ make: () -> TemplateObject) -> TemplateObject {
        value({ $0.references[index] }, { $0.references[index] = $1 }, make)
    }

    func pageURLs(_ make: () -> [String]) -> [String] {
        value({ $0.urls }, { $0.urls = $1 }, make)
    }

    func anyPageHasTags(_ make: () -> Bool) -> Bool {
        value({ $0.anyTags }, { $0.anyTags = $1 }, make)
    }

    private var tagNames: [String: SiteRenderer.TagName]?

    /// Every tag name of the pages, trimmed and slugged (`SiteRenderer.tagNames`).
    func tagNames(_ make: () -> [String: SiteRenderer.TagName]) -> [String: SiteRenderer.TagName] {
        value({ $0.tagNames }, { $0.tagNames = $1 }, make)
    }

    /// The folder nav `key` when it is already made (`nav`), without forming `nav`'s closure:
    /// a closure that captures the renderer copies it (~3,000 instructions; perftmpl3).
    func keptNav(_ key: String) -> [TemplateObject]? {
        lock.lock()
        defer { lock.unlock() }
        return navs[key]
    }

    /// `navCandidates(key)` when already made (see `keptNav`).
    func keptNavCandidates(_ key: String) -> [Int]? {
        lock.lock()
        defer { lock.unlock() }
        return candidates[key]
    }

    private var titleRanks: [Int?]?

    /// Per page, its title's place among the pages' titles (`SiteRenderer.titleRanks`).
    func titleRanks(_ make: () -> [Int?]) -> [Int?] {
        value({ $0.titleRanks }, { $0.titleRanks = $1 }, make)
    }

    package func nav(_ key: String, _ make: () -> [TemplateObject]) -> [TemplateObject] {
        value({ $0.navs[key] }, { $0.remember(key, $1, in: &$0.navs, order: &$0.navOrder) }, make)
    }

    private var candidates: [String: [Int]] = [:]
    private var candidateOrder: [String] = []

    /// The nav entries `patchedNav` looks at for the pages of the folder nav `key`.
    func navCandidates(_ key: String, _ make: () -> [Int]) -> [Int] {
        value({ $0.candidates[key] }, { $0.remember(key, $1, in: &$0.candidates, order: &$0.candidateOrder) }, make)
    }

    private var fragmentStores: [String: FragmentStore] = [:]

    /// The store of rendered nav entries for the folder nav `key` (`navValue`).
    func fragmentStore(_ key: String) -> FragmentStore {
        value({ $0.fragmentStores[key] }, { $0.remember(key, $1, in: &$0.fragmentStores, order: &$0.storeOrder) }, { FragmentStore() })
    }

    /// Folder navs and fragment stores kept at most, the oldest dropped first (issue 21,
    /// memory): pages are rendered in order, folder after folder, so a folder's entries are
    /// used by a run of pages and then not again; kept for every folder, a 50,000-page site's
    /// (500 folders, a 501-entry nav each) held 337 MiB by the last page. One dropped too
    /// early is made again, the same (the store re-renders what it no longer holds): only
    /// work is lost. Enough for every worker on a large machine to be in its own folder;
    /// tests set it lower (set it before rendering).
    var keptFolders = 64
    private var navOrder: [String] = []
    private var storeOrder: [String] = []

    /// Records `value` under `key` (not yet in `table`), dropping the oldest key beyond `keptFolders`.
    private func remember<V>(_ key: String, _ value: V, in table: inout [String: V], order: inout [String]) {
        table[key] = value
        order.append(key)
        if order.count > keptFolders { table[order.removeFirst()] = nil }
    }
}

/// What `cachedNavContext` reads of a section nav entry, for every page of the site: taken
/// out of `site.sections` once, because a lookup there hashes the path and copies the whole
/// `Section` (a million times at 10,000 pages and 100 sections). A class: every page reads
/// every folder's entry (`patchedNav`), and copying a structure of three strings and an
/// array there was 2 % of a 50,000-page build's CPU (500 folders; issue 21, scaling).
final class NavSectionTarget: Sendable {
    package let path: String
    /// `path + "/"`: a current section below this one starts with it.
    let pathPrefix: String
    package let url: String
    package let indexPage: Int?
    /// The section's pages and the sub-sections that exist (with their URL and index page),
    /// in the order the nav lists them (`NavResolver.children`).
    package let children: [Child]

    /// Per child, the page it is or the sub-section's index page (-1: none): the child a
    /// page marks as current.
    let childPages: [Int]
    /// The children's URLs as bytes, sorted bytewise, with each one's position: the children
    /// under a page's URL are a range of it (`positions(under:)`).
    let sortedChildURLs: [(url: [UInt8], position: Int)]

    init(path: String, pathPrefix: String, url: String, indexPage: Int?, children: [Child], pageURLs: [String]) {
        self.path = path
        self.pathPrefix = pathPrefix
        self.url = url
        self.indexPage = indexPage
        self.children = children
        childPages = children.map { child in
            switch child {
            case .page(let index): index
            case .subsection(_, let indexPage, _): indexPage ?? -1
            }
        }
        sortedChildURLs = children.enumerated().map { position, child in
            switch child {
            case .page(let index): (Array(pageURLs[index].utf8), position)
            case .subsection(let url, _, _): (Array(url.utf8), position)
            }
        }.sorted { Self.precedes($0.url, $1.url) || ($0.url == $1.url && $0.position < $1.position) }
    }

    /// Bytewise order (`lexicographicallyPrecedes`), by `memcmp`: the generic comparison made
    /// sorting a large site's children a visible one-time cost.
    static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                let shared = min(x.count, y.count)
                let order = shared == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, shared)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }

    /// The positions of the children whose URL starts with `prefix` (bytewise, as
    /// `URLPaths.startsWith`), in no particular order: a binary search for the first URL
    /// not before `prefix`, then the URLs that start with it, which sort together. Asking
    /// `startsWith` of every child was most of what a page's nav cost with a 100-page
    /// section open (perftmpl5).
    func positions(under prefix: String) -> [Int] {
        let prefix = Array(prefix.utf8)
        var low = 0, high = sortedChildURLs.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(sortedChildURLs[middle].url, prefix) { low = middle + 1 } else { high = middle }
        }
        var found: [Int] = []
        while low < sortedChildURLs.count, sortedChildURLs[low].url.starts(with: prefix) {
            found.append(sortedChildURLs[low].position)
            low += 1
        }
        return found
    }

    package enum Child: Sendable {
        case page(Int)
        case subsection(url: String, indexPage: Int?, path: String)
    }
}

extension SiteRenderer {
    /// This renderer, reading and filling `previous`'s memo (nav entries, rendered nav
    /// fragments, reference contexts) instead of a fresh one: for `groundwork serve`, when
    /// the new site has the previous one's pages, titles, URLs, front matter and sections,
    /// the same sources.yaml and the same templates, so every memoised value is the same
    /// (issue 21: the nav is what one page's render spent most on, computed anew per edit).
    package func reusingMemo(of previous: SiteRenderer) -> SiteRenderer {
        var renderer = self
        renderer.memo = previous.memo
        return renderer
    }

    /// Makes the site-wide tables every page reads before the pages are rendered on every
    /// core: made lazily by the first page of each worker, each was computed once per core,
    /// at the same moment (`RenderMemo.value` computes outside its lock), the title ranks
    /// sorting every title each time (perftmpl5).
    func prepareSharedTables() {
        _ = titleRanks
        _ = pageURLs
        if anyPageHasTags { _ = tagNames }
        if !hasExplicitNav { _ = navSectionTargets }
    }

    /// `NavResolver.entries(site)`, resolved once.
    package var navTargets: [NavResolver.Target] { memo.navTargets { NavResolver.entries(site) } }

    /// For each of `navTargets`, its section (nil for a page target).
    var navSectionTargets: [NavSectionTarget?] {
        memo.navSectionTargets {
            navTargets.map { target -> NavSectionTarget? in
                guard case .section(let path) = target, let section = site.sections[path] else { return nil }
                let children = NavResolver.children(of: section, in: site).compactMap { child -> NavSectionTarget.Child? in
                    switch child {
                    case .page(let index): return .page(index)
                    case .section(let sub): return site.sections[sub].map { .subsection(url: $0.url, indexPage: $0.indexPage, path: sub) }
                    }
                }
                return NavSectionTarget(path: path, pathPrefix: path + "/", url: section.url, indexPage: section.indexPage,
                                        children: children, pageURLs: pageURLs)
            }
        }
    }

    /// Per page with an ASCII title, the place of that title among the ASCII titles, equal
    /// titles sharing one (nil for the others): ordering backlinks by these numbers orders
    /// them as sorting by title does, without comparing strings on every page (perftmpl3).
    var titleRanks: [Int?] { memo.titleRanks { Self.asciiRanks(of: site.pages.map(\.title)) } }

    /// Per ASCII string, its place among the sorted ASCII strings, equal strings sharing one;
    /// nil for a string that is not ASCII. Only ASCII: for those, `<` compares bytes, a total
    /// order; among strings with combining marks the stdlib's sort was seen to order two
    /// equal strings apart (`TitleRankTests`), an order numbers cannot reproduce.
    static func asciiRanks(of strings: [String]) -> [Int?] {
        var ranks = [Int?](repeating: nil, count: strings.count)
        let order = strings.indices.filter { strings[$0].utf8.allSatisfy { $0 < 0x80 } }.sorted { strings[$0] < strings[$1] }
        var rank = 0
        for (position, index) in order.enumerated() {
            if position > 0, strings[order[position - 1]] != strings[index] { rank += 1 }
            ranks[index] = rank
        }
        return ranks
    }

    /// `pages` sorted by title, stably (ties in the given order): by `ranks` when every one of
    /// them has one, else by comparing the titles, as before.
    static func orderedByTitle(_ pages: [Int], ranks: [Int?], title: (Int) -> String) -> [Int] {
        if pages.allSatisfy({ ranks[$0] != nil }) { return pages.sorted { ranks[$0]! < ranks[$1]! } }
        return pages.map { (page: $0, title: title($0)) }.sorted { $0.title < $1.title }.map(\.page)
    }

    /// Every page's URL, by index (reading `site.pages[i].url` in a loop copies the page).
    var pageURLs: [String] { memo.pageURLs { site.pages.map(\.url) } }

    /// Whether any page has tags (asked for every page; a scan of every page when none has).
    var anyPageHasTags: Bool { memo.anyPageHasTags { site.pages.contains { !$0.frontMatter.tags.isEmpty } } }

    /// The nav for a page at `url` (`a/b/`), from the nav of its folder (`a/`).
    ///
    /// An href from `a/b/` to a target equals the href from any other page of `a/` (a stand-in
    /// `a/\u{1}/`), unless the target's URL starts with `a/b/` itself: the page, or pages
    /// below it. So the folder's nav, computed once with no current page, is right for the
    /// page except for those targets and the current-page marks, which are recomputed here
    /// with the same functions. Nil for the home page (no folder).
    package func cachedNavContext(from url: String, currentPage: Int?, currentSection: String?) -> [TemplateObject]? {
        guard var patched = patchedNav(from: url, currentPage: currentPage, currentSection: currentSection) else { return nil }
        for (i, children) in patched.children { patched.nav[i][.pages] = .list(children.items) }
        return patched.nav
    }

    /// An open section's children as patched for a page: the folder's list (`base`), the
    /// items that differ (`replacements`), and which items are the folder's (`reusable`).
    struct PatchedChildren {
        var base: [TemplateValue]
        var replacements: [(position: Int, value: TemplateValue)]
        var reusable: [Bool]

        /// The list with the replacements in place.
        var items: [TemplateValue] {
            var items = base
            for (position, value) in replacements { items[position] = value }
            return items
        }
    }

    /// The nav as the template value of `nav`: a `ReusableList` whose entries that are the
    /// folder's own (not patched for the page) are rendered once per folder and reused by its
    /// other pages, and likewise the pages listed under the open section (issue 21). The HTML
    /// is the one the plain list renders; only the work is shared.
    func navValue(from url: String, currentPage: Int?, currentSection: String?) -> TemplateValue {
        guard var patched = patchedNav(from: url, currentPage: currentPage, currentSection: currentSection) else {
            var nav = navContext(from: url, currentPage: currentPage, currentSection: currentSection)
            if let open = openNavEntry(currentPage: currentPage, currentSection: currentSection), open < nav.count,
               case .list(let children)? = nav[open][.pages],
               let limited = limitedChildren(children, ofEntry: open, from: url, currentPage: currentPage, currentSection: currentSection) {
                nav[open][.pages] = .list(limited.items)
            }
            let limited = limitedNav(nav, reusable: nil, from: url, currentPage: currentPage, currentSection: currentSection)
            return .list(limited.items.map { .object($0) })
        }
        // Taken out of `patched`, not copied: a copy of the folder's whole nav (500 entries
        // at 50,000 pages) on every page was work that grew with the number of folders.
        var nav: [TemplateObject] = []
        swap(&nav, &patched.nav)
        // The open section's list, limited (NavLimit.swift); looked at only when some list can be.
        if memo.navMayNeedLimit({ navTargets.count > site.config.navMaxEntries
                || navSectionTargets.contains { ($0?.children.count ?? 0) > site.config.navMaxEntries } }),
           let open = openNavEntry(currentPage: currentPage, currentSection: currentSection), open < nav.count,
           let children = patched.children[open]?.items ?? nav[open][.pages].flatMap({ if case .list(let items) = $0 { return items } else { return nil } }),
           let limited = limitedChildren(children, ofEntry: open, from: url, currentPage: currentPage, currentSection: currentSection) {
            if let flags = patched.children[open]?.reusable, !limited.changesLayout {
                patched.children[open] = PatchedChildren(base: limited.items, replacements: [], reusable: limited.shown.map { flags[$0] } + [false])
            } else {
                // Past the limit, the list differs between the folder's pages: rendered whole.
                patched.children[open] = nil
                nav[open][.pages] = .list(limited.items)
            }
        }
        for (i, children) in patched.children {
            nav[i][.pages] = .reusable(ReusableList(items: children.base, replacing: children.replacements, reusable: children.reusable,
                                                    store: memo.fragmentStore(patched.key + "\u{0}" + String(i))))
        }
        let limited = limitedNav(nav, reusable: patched.reusable, from: url, currentPage: currentPage, currentSection: currentSection)
        guard let reusable = limited.reusable else { return .list(limited.items.map { .object($0) }) }
        return .reusable(ReusableList(items: limited.items.map { .object($0) }, reusable: reusable, store: memo.fragmentStore(patched.key)))
    }

    /// `cachedNavContext` and what of it is the folder's: per entry, whether it is the
    /// folder's unchanged; for an entry whose children only were patched, the children and
    /// which of them are the folder's. `key` names the folder's nav.
    func patchedNav(from url: String, currentPage: Int?, currentSection: String?)
        -> (nav: [TemplateObject], key: String, reusable: [Bool], children: [Int: PatchedChildren])? {
        guard url.utf8.count > 1, url.utf8.last == UInt8(ascii: "/") else { return nil }
        let trimmed = url.utf8.dropLast()
        let parent: String
        if let slash = trimmed.lastIndex(of: UInt8(ascii: "/")) {
            parent = String(url[...slash])
        } else {
            parent = ""
        }
        let standIn = parent + "\u{1}/"
        let key = (currentSection.map { "s" + $0 } ?? "-") + "\u{0}" + parent
        let targets = navTargets
        var nav = memo.keptNav(key) ?? memo.nav(key) {
            targets.map { navEntry($0, from: standIn, currentPage: nil, currentSection: currentSection) }
        }
        var reusable = Array(repeating: true, count: nav.count)
        var patchedChildren: [Int: PatchedChildren] = [:]
        func affected(_ target: String) -> Bool { URLPaths.startsWith(target, url) }
        let pageURLs = self.pageURLs
        let sections = navSectionTargets
        // Only the entries that can be patched for a page of this folder are looked at
        // (`navCandidates`): looking at all of them made every page's cost grow with the
        // number of folders (500 at 50,000 pages; issue 21, scaling). That holds for a page
        // at its own URL; anything else looks at every entry.
        let candidates = currentPage.map { pageURLs[$0] == url } == false ? Array(targets.indices)
            : memo.keptNavCandidates(key) ?? memo.navCandidates(key) { navCandidates(parent: parent, currentSection: currentSection) }
        for i in candidates {
            let target = targets[i]
            guard let section = sections[i] else {
                if case .page(let index) = target, index == currentPage || affected(pageURLs[index])
                    || (currentPage.map { site.navChildren[index]?.contains($0) == true } ?? false) {
                    nav[i] = navEntry(target, from: url, currentPage: currentPage, currentSection: currentSection)
                    reusable[i] = false
                }
                continue
            }
            if (currentPage != nil && currentPage == section.indexPage) || affected(section.url) {
                nav[i] = navEntry(target, from: url, currentPage: currentPage, currentSection: currentSection)
                reusable[i] = false
                continue
            }
            guard currentSection.map({ $0 == section.path || $0.hasPrefix(section.pathPrefix) }) ?? false,
                  case .list(let children)? = nav[i][.pages] else { continue }
            var childReusable = Array(repeating: true, count: children.count)
            // The patched children, apart: a patched copy of the list was a retain and a
            // release of each of its items on every page (perftmpl5).
            var replacements: [(position: Int, value: TemplateValue)] = []
            // The children to patch: the current page's, and those whose URL starts with the
            // page's (found by binary search, not by asking each child).
            var patch = section.positions(under: url)
            if let currentPage {
                for (j, page) in section.childPages.enumerated() where page == currentPage { patch.append(j) }
            }
            for j in patch where childReusable[j] {
                switch section.children[j] {
                case .page(let index):
                    replacements.append((j, .object(navPageChild(index, from: url, currentPage: currentPage))))
                case .subsection(_, _, let path):
                    replacements.append((j, .object(navSubsectionChild(path, from: url, currentPage: currentPage)!)))
                }
                childReusable[j] = false
            }
            if !replacements.isEmpty {
                // The entry's `pages` stay the folder's here; `navValue` and `cachedNavContext`
                // put the patched list in.
                reusable[i] = false
                patchedChildren[i] = PatchedChildren(base: children, replacements: replacements, reusable: childReusable)
            }
        }
        return (nav, key, reusable, patchedChildren)
    }

    /// The nav entries that `patchedNav` can patch for a page at its own URL `parent + name/`
    /// in the current section `currentSection`, in nav order. What it patches is an entry
    /// whose URL, or whose index page's URL, starts with the page's URL, so with `parent`; a
    /// page entry with sub-chapters (`navChildren`); and the children of the sections that
    /// hold the current section. Every other entry is the folder's as it is.
    func navCandidates(parent: String, currentSection: String?) -> [Int] {
        let targets = navTargets, sections = navSectionTargets, pageURLs = self.pageURLs
        return targets.indices.filter { i in
            guard let section = sections[i] else {
                guard case .page(let index) = targets[i] else { return false }
                return URLPaths.startsWith(pageURLs[index], parent) || site.navChildren[index] != nil
            }
            return URLPaths.startsWith(section.url, parent)
                || section.indexPage.map { URLPaths.startsWith(pageURLs[$0], parent) } == true
                || currentSection.map { $0 == section.path || $0.hasPrefix(section.pathPrefix) } == true
        }
    }
}
