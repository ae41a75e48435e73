import GroundworkModel
import Yams

extension MdBook {
    /// SUMMARY.md's chapters as the nav tree mdBook's sidebar shows: prefix and suffix
    /// chapters unnumbered, numbered chapters with their number and nested to any depth, part
    /// titles, separators, and drafts (no page: shown, not linked).
    public static func navTree(_ chapters: [Chapter]) -> [ExplicitNavItem] {
        // A stack of open entries by depth: an entry closes when one at its depth or above comes.
        var root: [ExplicitNavItem] = []
        var open: [ExplicitNavItem] = []
        func close(to depth: Int) {
            while open.count > depth {
                let done = open.removeLast()
                if open.isEmpty { root.append(done) } else { open[open.count - 1].children.append(done) }
            }
        }
        for chapter in chapters {
            let item: ExplicitNavItem
            switch chapter.kind {
            case .part, .separator:
                // Never a parent: the chapters after a part title are beside it, not in it.
                close(to: 0)
                root.append(chapter.kind == .part ? ExplicitNavItem(kind: .part, title: chapter.title) : ExplicitNavItem(kind: .separator))
                continue
            case .prefix, .suffix, .numbered:
                item = ExplicitNavItem(kind: chapter.path == nil ? .draft : .page, title: chapter.title, target: chapter.path,
                                       number: chapter.kind == .numbered ? chapter.number : nil)
            }
            // A list nested under an item with no link (mdBook refuses it) hangs under the
            // nearest open entry, so nothing it lists is lost.
            let depth = chapter.kind == .numbered ? min(chapter.depth, open.count) : 0
            close(to: depth)
            open.append(item)
        }
        close(to: 0)
        return root
    }
}

extension MkDocsConfig {
    /// The nav as MkDocs shows it: `- page.md`, `- Title: page.md`, `- Title: folder/`,
    /// `- Title: https://…` (a link out), `- Section: [entries]` (a group, any depth).
    static func navTree(_ node: Node) -> [ExplicitNavItem] {
        var items: [ExplicitNavItem] = []
        func entry(_ target: String, title: String?) -> ExplicitNavItem {
            if target.contains("://") || target.hasPrefix("mailto:") { return ExplicitNavItem(kind: .link, title: title ?? target, target: target) }
            var clean = target
            while clean.hasPrefix("./") { clean.removeFirst(2) }
            while clean.hasPrefix("/") { clean.removeFirst() }
            return ExplicitNavItem(kind: .page, title: title, target: clean)
        }
        for item in node.sequence ?? [] {
            if let target = YAMLSupport.string(item) {
                items.append(entry(target, title: nil))
            } else if let pairs = YAMLSupport.pairs(item) {
                for (title, _, value) in pairs {
                    if let target = YAMLSupport.string(value) {
                        items.append(entry(target, title: title))
                    } else {
                        items.append(ExplicitNavItem(kind: .group, title: title, children: navTree(value)))
                    }
                }
            }
        }
        return items
    }
}
