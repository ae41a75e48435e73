import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkSupport

/// What `nav:` entries point at.
public enum NavResolver {
    public enum Target: Sendable, Equatable {
        case page(Int)
        case section(String)
    }

    public static func resolve(_ entry: SiteConfig.NavEntry, in site: Site) -> Target? {
        let path = normalized(entry.path.trimmingCharacters(in: .whitespaces))
        guard !escapesRoot(entry.path.trimmingCharacters(in: .whitespaces)) else { return nil }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        if let section = site.sections[trimmed], site.folders.contains(trimmed) || trimmed.isEmpty {
            // A folder with an index page is that page's section; the nav shows the section.
            return .section(section.path)
        }
        let lower = path.lowercased()
        if let index = site.pageByPath[lower] ?? site.pageByPath[lower + ".md"] ?? site.pageByPath[lower + ".markdown"] {
            return .page(index)
        }
        return nil
    }

    /// A nav path without `./` and `.` segments, leading `/`, or repeated slashes; `..` is
    /// resolved. Keeps a trailing `/`.
    package static func normalized(_ raw: String) -> String {
        var parts: [Substring] = []
        for segment in raw.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(segment)
        }
        let joined = parts.joined(separator: "/")
        return raw.hasSuffix("/") && !joined.isEmpty ? joined + "/" : joined
    }

    /// Whether `..` segments climb above the content folder.
    package static func escapesRoot(_ raw: String) -> Bool {
        var depth = 0
        for segment in raw.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { depth -= 1; if depth < 0 { return true } } else { depth += 1 }
        }
        return false
    }

    /// The nav's entries in order; without a `nav:`, every top-level section and page.
    public static func entries(_ site: Site) -> [Target] {
        if site.config.nav.isEmpty {
            guard let root = site.rootSection else { return [] }
            let nested = Set(site.navChildren.values.joined())
            let entries: [Target] = root.subsections.map { .section($0) } + root.pages.filter { !nested.contains($0) }.map { .page($0) }
            return ordered(entries, in: site)
        }
        return site.config.nav.compactMap { resolve($0, in: site) }
    }

    /// A section's pages, then its sub-folders that exist, as the nav lists them under it.
    public static func children(of section: Section, in site: Site) -> [Target] {
        let pages: [Target] = section.pages.map { .page($0) }
        let folders: [Target] = section.subsections.filter { site.sections[$0] != nil }.map { .section($0) }
        return ordered(pages + folders, in: site)
    }

    /// The targets as given, unless another tool's nav (SUMMARY.md, mkdocs.yml) orders folders
    /// and pages together: then by that order (stable; unordered ones last, as given).
    static func ordered(_ targets: [Target], in site: Site) -> [Target] {
        guard !site.config.navOrder.isEmpty else { return targets }
        func order(_ target: Target) -> Int {
            switch target {
            case .page(let index): return site.pages[index].frontMatter.order ?? Int.max
            case .section(let path): return site.sections[path]?.order ?? Int.max
            }
        }
        return targets.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }.map(\.element)
    }

    /// Which entries of a nav list of `count` entries a page shows when the list may show
    /// `limit` (`nav_max_entries`): nil when it shows all of them; else the first `limit`,
    /// then the entry the reader is in (`open`) when it is past them, in list order. The
    /// list then ends with a link to a page that lists every entry (issue 21: a nav that
    /// lists every section on every page makes a site's size grow with the square of its
    /// sections; Docsy truncates its sidebar the same way).
    public static func shownEntries(count: Int, limit: Int, open: Int?) -> [Int]? {
        guard count > limit else { return nil }
        var shown = Array(0..<limit)
        if let open, open >= limit, open < count { shown.append(open) }
        return shown
    }

    /// Pages the nav reaches: listed pages, and every page of a listed section, recursively.
    public static func reachablePages(_ site: Site) -> Set<Int> {
        var reachable: Set<Int> = []
        func addSection(_ path: String) {
            guard let section = site.sections[path] else { return }
            if let index = section.indexPage { reachable.insert(index) }
            reachable.formUnion(section.pages)
            for sub in section.subsections { addSection(sub) }
        }
        for target in entries(site) {
            switch target {
            case .page(let index): reachable.insert(index); reachable.formUnion(site.navChildren[index] ?? [])
            case .section(let path): addSection(path)
            }
        }
        return reachable
    }
}
