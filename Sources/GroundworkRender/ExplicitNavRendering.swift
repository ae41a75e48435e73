import Foundation
import GroundworkModel
import GroundworkResolve

/// The explicit nav (SUMMARY.md, mkdocs.yml `nav:`), resolved once per renderer and under a
/// lock, like `RenderMemo`: safe because the values are written once and only read after.
final class ExplicitNavMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var computed = false
    private var tree: [ResolvedNavItem]?
    private var order: [Int] = []
    private var positions: [Int: Int] = [:]
    private var expandAll = true

    /// Small navs are shown whole, as mdBook and MkDocs show them; above this many entries only
    /// the branch holding the page being read is open, so that the site does not grow with the
    /// square of its page count.
    static let expandedLimit = 300

    func value(_ site: Site) -> (tree: [ResolvedNavItem]?, order: [Int], positions: [Int: Int], expandAll: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if !computed {
            tree = NavResolver.explicitTree(site)
            if let tree {
                order = NavResolver.readingOrder(tree, in: site)
                for (position, index) in order.enumerated() { positions[index] = position }
                func count(_ items: [ResolvedNavItem]) -> Int { items.reduce(items.count) { $0 + count($1.children) } }
                expandAll = count(tree) <= Self.expandedLimit
            }
            computed = true
        }
        return (tree, order, positions, expandAll)
    }
}

extension SiteRenderer {
    /// Whether another tool's nav, not the folders, makes this site's nav.
    var hasExplicitNav: Bool { explicitNav.value(site).tree != nil }

    /// The template values of the explicit nav, seen from `url`: `explicit_nav` (true) and
    /// `nav_tree`, its shown entries depth first, flat (`partials/nav-tree.mustache`). Flat
    /// rather than nested so that the template needs no recursive partial (a context whose
    /// `children` is not a list would recurse for ever): an entry with children shown opens a
    /// `<ul>` (`has_children`), and `closes` has one element per list that ends after it.
    /// Empty when the site has none, so the folder nav's pages do not change.
    func explicitNavContext(from url: String, currentPage: Int?, currentSection: String?) -> [String: Any] {
        let memo = explicitNav.value(site)
        guard let tree = memo.tree else { return [:] }
        func isCurrent(_ item: ResolvedNavItem) -> Bool {
            switch item.target {
            case .page(let index)?: return index == currentPage
            case .section(let path)?:
                guard let section = site.sections[path] else { return false }
                // A folder without an index page is current on its own listing page.
                return section.indexPage.map { $0 == currentPage } ?? (currentPage == nil && currentSection == path)
            case nil: return false
            }
        }
        var flat: [[String: Any]] = []
        var depths: [Int] = []
        func add(_ item: ResolvedNavItem, depth: Int, underClosedGroup: Bool) {
            let current = isCurrent(item)
            let open = current || currentPage.map { item.pages.contains($0) } == true
            var href = ""
            switch item.target {
            case .page(let index)?: href = self.href(from: url, to: site.pages[index].url)
            case .section(let path)?: href = site.sections[path].map { self.href(from: url, to: $0.url) } ?? ""
            case nil: href = item.kind == .link ? (item.url ?? "") : ""
            }
            // A group has no page to open it from: its entries show even when it is closed,
            // one level of them (a closed group inside a closed group stays shut).
            let closedGroup = !memo.expandAll && !open && item.kind == .group && !underClosedGroup
            let shown = (memo.expandAll || open || closedGroup) && !item.children.isEmpty
            flat.append([
                "is_part": item.kind == .part, "is_separator": item.kind == .separator,
                "is_entry": item.kind != .part && item.kind != .separator,
                "is_group": item.kind == .group, "is_draft": item.kind == .draft, "is_external": item.kind == .link && item.target == nil,
                "title": item.title, "href": href, "linked": !href.isEmpty,
                "number": item.number ?? "", "has_number": item.number != nil,
                "current": current, "open": open && !item.children.isEmpty,
                "has_children": shown, "closes": [[String: Any]](),
            ])
            depths.append(depth)
            if shown {
                for child in item.children { add(child, depth: depth + 1, underClosedGroup: closedGroup) }
            }
        }
        for item in tree { add(item, depth: 0, underClosedGroup: false) }
        // After an entry without children shown, the lists deeper than the next entry end.
        for i in flat.indices where flat[i]["has_children"] as? Bool != true {
            let next = i + 1 < depths.count ? depths[i + 1] : 0
            if depths[i] > next { flat[i]["closes"] = Array(repeating: [String: Any](), count: depths[i] - next) }
        }
        return ["explicit_nav": true, "nav_tree": flat]
    }

    /// Previous and next in the explicit nav's reading order; nil when the site has none.
    /// A page the nav does not list has neither.
    func explicitPager(for page: Page) -> [String: Any]? {
        let memo = explicitNav.value(site)
        guard memo.tree != nil else { return nil }
        var context: [String: Any] = [:]
        guard let position = memo.positions[page.index] else { return context }
        if position > 0 {
            let prev = site.pages[memo.order[position - 1]]
            context["prev"] = ["title": prev.title, "href": href(from: page.url, to: prev.url)]
        }
        if position + 1 < memo.order.count {
            let next = site.pages[memo.order[position + 1]]
            context["next"] = ["title": next.title, "href": href(from: page.url, to: next.url)]
        }
        context["has_pager"] = memo.order.count > 1
        return context
    }
}
