/// Link checks: every link, image, wiki link and nav entry must resolve; every page must be
/// reachable.
public enum LinkChecks {
    /// `link.*` for every broken link, image or wiki link, at the link's own position.
    public static let brokenLinks: Check = { context in
        var bag = DiagnosticBag()
        for links in context.links.occurrences {
            for link in links {
                if case .broken(let code, let message, let notes) = link.target {
                    bag.add(code, at: link.location, message, notes: notes)
                }
            }
        }
        return bag.items
    }

    /// `link.page-missing` for `nav:` entries in site.yaml that name no page or section.
    public static let navEntries: Check = { context in
        var bag = DiagnosticBag()
        let site = context.site
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
            let candidates = (site.sections.keys.filter { !$0.isEmpty && site.folders.contains($0) }.map { $0 + "/" }
                + site.pages.map(\.relativePath)).sorted()
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

    /// `page.orphan`: nothing links to the page and the nav does not reach it.
    public static let orphans: Check = { context in
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

    /// `image.alt-missing`: an image without alt text cannot be read by a screen reader.
    public static let imageAltText: Check = { context in
        var bag = DiagnosticBag()
        for links in context.links.occurrences {
            for link in links where link.kind == .image && link.altText.trimmingCharacters(in: .whitespaces).isEmpty {
                bag.add(.imageAltMissing, at: link.location, "image '\(link.raw)' has no alt text",
                        notes: ["describe the image: ![what it shows](\(link.raw))"])
            }
        }
        return bag.items
    }
}

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
    static func normalized(_ raw: String) -> String {
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
    static func escapesRoot(_ raw: String) -> Bool {
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
            return root.subsections.map { .section($0) } + root.pages.map { .page($0) }
        }
        return site.config.nav.compactMap { resolve($0, in: site) }
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
            case .page(let index): reachable.insert(index)
            case .section(let path): addSection(path)
            }
        }
        return reachable
    }
}

import Foundation
