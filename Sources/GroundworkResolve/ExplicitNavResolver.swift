import GroundworkDiagnostics
import GroundworkModel

/// One entry of `SiteConfig.explicitNav` with its page or folder found.
public struct ResolvedNavItem: Sendable {
    public var kind: ExplicitNavItem.Kind
    /// The nav's title, else the page's or folder's.
    public var title: String
    /// The page or section a `.page` entry shows; nil for the other kinds, and for a `.page`
    /// entry whose path names nothing (shown unlinked; SUMMARY.md's is reported).
    public var target: NavResolver.Target?
    /// A `.link` entry's URL.
    public var url: String?
    public var number: String?
    public var children: [ResolvedNavItem]
    /// The pages this entry and its descendants show: the nav opens the entries holding the
    /// page being read.
    public var pages: Set<Int>
}

extension NavResolver {
    /// The site's explicit nav with every entry's page found; nil when it has none (the
    /// folders make the nav).
    public static func explicitTree(_ site: Site) -> [ResolvedNavItem]? {
        guard let items = site.config.explicitNav, !items.isEmpty else { return nil }
        func resolveItem(_ item: ExplicitNavItem) -> ResolvedNavItem {
            let children = item.children.map(resolveItem)
            var pages = children.reduce(into: Set<Int>()) { $0.formUnion($1.pages) }
            var target: Target?
            var title = item.title
            if item.kind == .page, let path = item.target {
                target = resolve(SiteConfig.NavEntry(path: path, title: nil, location: Location(file: "", line: 1, column: 1)), in: site)
                switch target {
                case .page(let index)?:
                    pages.insert(index)
                    if title == nil { title = site.pages[index].title }
                case .section(let path)?:
                    if let section = site.sections[path] {
                        if let index = section.indexPage { pages.insert(index) }
                        if title == nil { title = section.title }
                    }
                case nil:
                    break
                }
            }
            var resolved = ResolvedNavItem(kind: item.kind, title: title ?? item.target ?? "", target: target,
                                           url: item.kind == .link ? item.target : nil, number: item.number, children: children, pages: pages)
            if case .section(let path)? = target, children.isEmpty, let section = site.sections[path] {
                // A folder entry (MkDocs `- User Guide: user-guide/`) lists what the folder holds.
                resolved.children = folderItems(section)
                for child in resolved.children { resolved.pages.formUnion(child.pages) }
            }
            return resolved
        }
        func folderItems(_ section: Section) -> [ResolvedNavItem] {
            NavResolver.children(of: section, in: site).compactMap { child -> ResolvedNavItem? in
                switch child {
                case .page(let index):
                    return ResolvedNavItem(kind: .page, title: site.pages[index].title, target: child, url: nil, number: nil,
                                           children: [], pages: [index])
                case .section(let path):
                    guard let sub = site.sections[path] else { return nil }
                    let children = folderItems(sub)
                    var pages = children.reduce(into: Set<Int>()) { $0.formUnion($1.pages) }
                    if let index = sub.indexPage { pages.insert(index) }
                    return ResolvedNavItem(kind: .page, title: sub.title, target: child, url: nil, number: nil, children: children, pages: pages)
                }
            }
        }
        return items.map(resolveItem)
    }

    /// The pages of an explicit nav in reading order (depth first, each page once): what
    /// previous/next follow.
    public static func readingOrder(_ tree: [ResolvedNavItem], in site: Site) -> [Int] {
        var order: [Int] = []
        var seen: Set<Int> = []
        func walk(_ items: [ResolvedNavItem]) {
            for item in items {
                var index: Int?
                switch item.target {
                case .page(let page)?: index = page
                case .section(let path)?: index = site.sections[path]?.indexPage
                case nil: index = nil
                }
                if let index, seen.insert(index).inserted { order.append(index) }
                walk(item.children)
            }
        }
        walk(tree)
        return order
    }
}
