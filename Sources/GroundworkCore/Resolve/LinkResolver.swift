import Foundation
import Markdown

/// Where a link in a page leads.
public enum LinkTarget: Sendable, Equatable {
    /// An http, https or mailto URL.
    case external(String)
    /// A page, with an optional `#fragment` (already percent-decoded).
    case page(Int, fragment: String?)
    /// A section folder without an index file: its generated index page.
    case section(String, fragment: String?)
    /// A file from the content folder, copied to the output.
    case asset(String, fragment: String?)
    /// A problem: the diagnostic code, message and notes.
    case broken(code: String, message: String, notes: [String])
}

/// Resolves link destinations and wiki links against the site's lookup tables.
public struct LinkResolver: Sendable {
    public let site: Site

    public init(site: Site) { self.site = site }

    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// The scheme of a destination (`https`), or nil for a relative or site-absolute path.
    static func scheme(of destination: String) -> String? {
        guard let colon = destination.firstIndex(of: ":") else { return nil }
        let candidate = destination[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter,
              candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        // A Windows drive letter or a path segment with a colon is not a scheme.
        if candidate.count == 1 { return nil }
        return candidate.lowercased()
    }

    /// Resolves a Markdown link or image destination written in `page`.
    public func resolve(_ rawDestination: String, from page: Page, isImage: Bool = false) -> LinkTarget {
        let destination = rawDestination.trimmingCharacters(in: .whitespaces)
        if destination.isEmpty {
            return .broken(code: "link.page-missing", message: "link has an empty destination", notes: [])
        }
        if let scheme = Self.scheme(of: destination) {
            guard Self.allowedSchemes.contains(scheme) else {
                return .broken(code: "link.external-invalid",
                               message: "URL scheme '\(scheme):' is not allowed (use http, https or mailto)", notes: [])
            }
            if scheme == "mailto" {
                return destination.count > 7 ? .external(destination)
                    : .broken(code: "link.external-invalid", message: "empty mailto link", notes: [])
            }
            guard let components = URLComponents(string: destination), let host = components.host, !host.isEmpty,
                  !host.contains(" ") else {
                return .broken(code: "link.external-invalid", message: "malformed URL '\(destination)'", notes: [])
            }
            return .external(destination)
        }
        if destination.hasPrefix("//") {
            return .broken(code: "link.external-invalid",
                           message: "protocol-relative URL '\(destination)'; write it with https:", notes: [])
        }

        // Split off the fragment and any query.
        var pathPart = destination
        var fragment: String?
        if let hash = destination.firstIndex(of: "#") {
            pathPart = String(destination[..<hash])
            fragment = String(destination[destination.index(after: hash)...]).removingPercentEncoding
                ?? String(destination[destination.index(after: hash)...])
        }
        if let question = pathPart.firstIndex(of: "?") { pathPart = String(pathPart[..<question]) }
        let decodedPath = pathPart.removingPercentEncoding ?? pathPart

        if decodedPath.isEmpty {
            return check(fragment: fragment, onPage: page.index)
        }

        // Normalise against the page's folder (or the root for site-absolute paths).
        let isAbsolute = decodedPath.hasPrefix("/")
        let base = isAbsolute ? [] : SiteResolver.folderOf(page.relativePath).split(separator: "/").map(String.init)
        var components = base
        for segment in decodedPath.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if components.isEmpty {
                    return .broken(code: "link.escapes-root", message: "link '\(rawDestination)' leaves the content folder", notes: [])
                }
                components.removeLast()
            default: components.append(String(segment))
            }
        }
        let path = components.joined(separator: "/")
        let lower = path.lowercased()
        let endsWithSlash = decodedPath.hasSuffix("/")

        if !isImage {
            if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
                if let index = site.pageByPath[lower] { return check(fragment: fragment, onPage: index) }
                return missingPage(rawDestination, path: path)
            }
            // A folder: its index page, or its generated section page.
            if path.isEmpty || endsWithSlash || site.folders.contains(path) {
                for name in SiteResolver.indexNames {
                    let candidate = path.isEmpty ? name : path + "/" + name
                    if let index = site.pageByPath[candidate], site.pages[index].isSectionIndex {
                        return check(fragment: fragment, onPage: index)
                    }
                }
                if let section = site.sections[path] {
                    return fragment == nil ? .section(section.path, fragment: nil)
                        : .broken(code: "link.anchor-missing", message: "no heading '#\(fragment!)' on the generated index of '\(path)/'", notes: [])
                }
                // An output URL written by hand: `spectrum/rag/`.
                if let index = site.pageByURL[lower + "/"] { return check(fragment: fragment, onPage: index) }
                if !site.folders.contains(path) { return missingPage(rawDestination, path: path) }
            }
        }
        if let real = site.assets[lower] { return .asset(real, fragment: fragment) }
        if !isImage {
            // Extensionless page links, as wikis write them.
            if let index = site.pageByPath[lower + ".md"] { return check(fragment: fragment, onPage: index) }
            if let index = site.pageByURL[lower + "/"] { return check(fragment: fragment, onPage: index) }
        }
        let name = SiteResolver.fileName(path)
        if isImage || name.contains(".") {
            let hint = Suggestions.closest(to: path, in: site.assets.values.sorted())
            return .broken(code: "link.asset-missing", message: "no file for link '\(rawDestination)'",
                           notes: hint.map { ["did you mean '\(relative($0, from: page))'?"] } ?? [])
        }
        return missingPage(rawDestination, path: path)
    }

    private func missingPage(_ raw: String, path: String) -> LinkTarget {
        let candidates = site.pages.map(\.relativePath)
        var hint = Suggestions.closest(to: path, in: candidates)
        if hint == nil {
            // Compare file names alone: a right name in the wrong folder.
            let name = SiteResolver.fileName(path).lowercased()
            hint = candidates.first { SiteResolver.fileName($0).lowercased() == name || SiteResolver.fileName($0).lowercased() == name + ".md" }
        }
        return .broken(code: "link.page-missing", message: "no page for link '\(raw)'",
                       notes: hint.map { ["did you mean '\($0)'?"] } ?? [])
    }

    /// A content path as a link written from `page` would name it.
    func relative(_ path: String, from page: Page) -> String {
        let from = SiteResolver.folderOf(page.relativePath).split(separator: "/").map(String.init)
        let to = path.split(separator: "/").map(String.init)
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...]).joined(separator: "/")
    }

    /// Checks a fragment against a page's heading ids.
    func check(fragment: String?, onPage index: Int) -> LinkTarget {
        guard let fragment, !fragment.isEmpty else { return .page(index, fragment: nil) }
        let target = site.pages[index]
        if target.anchors.contains(fragment) { return .page(index, fragment: fragment) }
        let hint = Suggestions.closest(to: fragment, in: target.anchors.sorted())
        return .broken(code: "link.anchor-missing",
                       message: "no heading '#\(fragment)' on \(target.relativePath)",
                       notes: hint.map { ["did you mean '#\($0)'?"] } ?? [])
    }

    /// Resolves `[[target#fragment|label]]` by title, term, also_known_as, aliases, file name
    /// or path, case-insensitively.
    public func resolve(wiki link: WikiLink, from page: Page) -> LinkTarget {
        let key = link.target.lowercased()
        var candidates: [Int]
        if key.isEmpty {
            candidates = [page.index]
        } else {
            candidates = site.pageByWikiKey[key] ?? []
            if candidates.isEmpty, let index = site.pageByPath[key] ?? site.pageByPath[key + ".md"] { candidates = [index] }
        }
        candidates = Array(Set(candidates)).sorted()
        if candidates.isEmpty {
            // Obsidian embeds and links files by name alone: `![[diagram.png]]`.
            let name = key.split(separator: "/").last.map(String.init) ?? key
            if name.contains("."), let asset = site.assets.keys.sorted().first(where: { $0 == key || $0.hasSuffix("/" + name) || $0 == name }) {
                return .asset(site.assets[asset]!, fragment: nil)
            }
            let hint = Suggestions.closest(to: link.target, in: Set(site.pages.map(\.title)).sorted())
            return .broken(code: "link.wiki-unresolved", message: "no page or term for wiki link '\(link.raw)'",
                           notes: hint.map { ["did you mean '[[\($0)]]'?"] } ?? [])
        }
        if candidates.count > 1 {
            let names = candidates.map { site.pages[$0].relativePath }.joined(separator: ", ")
            return .broken(code: "link.wiki-ambiguous", message: "wiki link '\(link.raw)' matches \(candidates.count) pages: \(names)",
                           notes: ["link by path instead, e.g. [[\(String(site.pages[candidates[0]].relativePath.dropLast(3)))]]"])
        }
        guard let fragment = link.fragment, !fragment.isEmpty else { return .page(candidates[0], fragment: nil) }
        let target = site.pages[candidates[0]]
        // Obsidian writes the heading's text; Groundwork also accepts its id.
        if target.anchors.contains(fragment) { return .page(target.index, fragment: fragment) }
        if let heading = target.headings.first(where: { $0.text.lowercased() == fragment.lowercased() }) {
            return .page(target.index, fragment: heading.id)
        }
        let slugged = HeadingID.slug(fragment)
        if target.anchors.contains(slugged) { return .page(target.index, fragment: slugged) }
        return check(fragment: fragment, onPage: target.index)
    }
}

/// URL arithmetic for relative output links.
public enum URLPaths {
    /// The shortest relative href from a page at `from` (a site URL like `a/b/`) to `to`
    /// (`a/c/` or `assets/style.css`), so the site works under any sub-path.
    public static func relative(from: String, to: String) -> String {
        let fromSegments = from.split(separator: "/").map(String.init)
        let toIsFolder = to.isEmpty || to.hasSuffix("/")
        var toSegments = to.split(separator: "/").map(String.init)
        let file = toIsFolder ? nil : toSegments.popLast()
        var common = 0
        while common < fromSegments.count, common < toSegments.count, fromSegments[common] == toSegments[common] { common += 1 }
        var parts = Array(repeating: "..", count: fromSegments.count - common)
        parts += toSegments[common...].map { percentEncode($0) }
        var result = parts.joined(separator: "/")
        if let file {
            result += (result.isEmpty ? "" : "/") + percentEncode(file)
        } else if !result.isEmpty {
            result += "/"
        }
        return result.isEmpty ? "./" : result
    }

    /// Percent-encodes a URL path (keeps `/` and unreserved characters).
    public static func percentEncode(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// Percent-encodes a fragment.
    public static func encodeFragment(_ fragment: String) -> String {
        var allowed = CharacterSet.urlFragmentAllowed
        allowed.remove(charactersIn: "#%\"<>")
        return fragment.addingPercentEncoding(withAllowedCharacters: allowed) ?? fragment
    }
}
