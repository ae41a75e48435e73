import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkSupport
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
///
/// Cheap to create (it only holds the site); lookups use the site's tables, and the slower
/// "did you mean" searches run only for links that are already broken.
public struct LinkResolver: Sendable {
    public let site: Site

    public init(site: Site) { self.site = site }

    package static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// The scheme of a destination (`https`), or nil for a relative or site-absolute path.
    package static func scheme(of destination: String) -> String? {
        guard destination.utf8.contains(UInt8(ascii: ":")), let colon = destination.firstIndex(of: ":") else { return nil }
        let candidate = destination[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter,
              candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        // A Windows drive letter is not a scheme.
        if candidate.count == 1 { return nil }
        return candidate.lowercased()
    }

    /// Why an http(s) or mailto URL is malformed, or nil when it is well formed.
    package static func malformation(of url: String, scheme: String) -> String? {
        if url.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) { return "it contains white space" }
        if scheme == "mailto" {
            let address = url.dropFirst("mailto:".count).prefix { $0 != "?" }
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
                return "'\(address)' is not an e-mail address"
            }
            return nil
        }
        let afterScheme = url.dropFirst(scheme.count + 1)
        guard afterScheme.hasPrefix("//") else { return "a web address needs '//' after '\(scheme):'" }
        guard let components = URLComponents(string: url) else { return "it is not a valid URL" }
        guard let host = components.host, !host.isEmpty else { return "it has no host name" }
        if host.hasPrefix("[") { return nil }  // an IPv6 literal; URLComponents checked it
        if host.hasPrefix(".") || host.hasSuffix("..") || host.contains("..") {
            return "host name '\(host)' is malformed"
        }
        let badHostCharacter = host.first { c in
            !(c.isLetter || c.isNumber || c == "-" || c == "." || c == "_" || c == "%")
        }
        if let c = badHostCharacter { return "host name '\(host)' contains '\(c)'" }
        if let port = components.port, !(1...65535).contains(port) { return "port \(port) is out of range" }
        return nil
    }

    /// Resolves a Markdown link or image destination written in `page`.
    public func resolve(_ rawDestination: String, from page: Page, isImage: Bool = false) -> LinkTarget {
        if let (path, fragment) = Self.plainRelative(rawDestination) {
            return resolve(decodedPath: path, fragment: fragment, rawDestination, from: page, isImage: isImage)
        }
        let destination = rawDestination.fastTrimmingWhitespaces
        if destination.isEmpty {
            return .broken(code: isImage ? "link.asset-missing" : "link.page-missing",
                           message: isImage ? "image has an empty source" : "link has an empty destination", notes: [])
        }
        if let scheme = Self.scheme(of: destination) {
            guard Self.allowedSchemes.contains(scheme) else {
                return .broken(code: "link.external-invalid",
                               message: "URL scheme '\(scheme):' is not allowed in '\(destination)'",
                               notes: ["use http, https or mailto links"])
            }
            if let problem = Self.malformation(of: destination, scheme: scheme) {
                return .broken(code: "link.external-invalid", message: "malformed URL '\(destination)': \(problem)", notes: [])
            }
            return .external(destination)
        }
        if destination.hasPrefix("//") {
            return .broken(code: "link.external-invalid",
                           message: "protocol-relative URL '\(destination)'", notes: ["write it with https:"])
        }

        // Split off the fragment, then any query.
        var pathPart = destination
        var fragment: String?
        if let hash = destination.firstIndex(of: "#") {
            pathPart = String(destination[..<hash])
            let raw = String(destination[destination.index(after: hash)...])
            fragment = raw.fastRemovingPercentEncoding ?? raw
        }
        if let question = pathPart.firstIndex(of: "?") { pathPart = String(pathPart[..<question]) }
        let decodedPath = (pathPart.fastRemovingPercentEncoding ?? pathPart).fastReplacingBackslashes
        return resolve(decodedPath: decodedPath, fragment: fragment, rawDestination, from: page, isImage: isImage)
    }

    /// The path and fragment of a destination that needs none of the steps before them in
    /// `resolve` (ASCII, nothing to trim or percent-decode, no scheme, query or backslash, not
    /// protocol-relative): the common `other.md#heading`. Nil for anything else.
    package static func plainRelative(_ destination: String) -> (path: String, fragment: String?)? {
        let b = destination.utf8
        guard let first = b.first, let last = b.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 else { return nil }
        var hash: String.Index?
        var index = b.startIndex
        while index != b.endIndex {
            let c = b[index]
            if c >= 0x80 || c == UInt8(ascii: "%") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":") || c == UInt8(ascii: "\\") { return nil }
            if c == UInt8(ascii: "#"), hash == nil { hash = index }
            index = b.index(after: index)
        }
        if b.starts(with: "//".utf8) { return nil }
        guard let hash else { return (destination, nil) }
        return (String(destination[..<hash]), String(destination[b.index(after: hash)...]))
    }

    /// `resolve` from the decoded path on.
    private func resolve(decodedPath: String, fragment: String?, _ rawDestination: String, from page: Page, isImage: Bool) -> LinkTarget {
        if decodedPath.isEmpty {
            return check(fragment: fragment, onPage: page.index, from: page)
        }

        // Normalise against the page's folder (or the content root for site-absolute paths).
        let isAbsolute = decodedPath.hasPrefix("/")
        var components = isAbsolute ? [] : SiteResolver.folderOf(page.relativePath).split(separator: "/").map(String.init)
        for segment in decodedPath.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if components.isEmpty {
                    return .broken(code: "link.escapes-root", message: "link '\(rawDestination)' leaves the content folder",
                                   notes: ["link to a page or file inside the content folder, or use a full https:// URL"])
                }
                components.removeLast()
            default: components.append(String(segment))
            }
        }
        let path = components.joined(separator: "/")
        let lower = path.lowercased()
        let endsWithSlash = decodedPath.hasSuffix("/")
        let style: PathStyle = isAbsolute ? .absolute : .relative

        if !isImage {
            if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
                if let index = site.pageByPath[lower] { return check(fragment: fragment, onPage: index, from: page) }
                return missingPage(rawDestination, path: path, from: page, style: style)
            }
            // A folder: its index page, or its generated section page.
            if path.isEmpty || endsWithSlash || site.folders.contains(path) {
                for name in SiteResolver.indexNames {
                    let candidate = path.isEmpty ? name : lower + "/" + name
                    if let index = site.pageByPath[candidate], site.pages[index].isSectionIndex {
                        return check(fragment: fragment, onPage: index, from: page)
                    }
                }
                if let section = site.sections[path] ?? site.sections.values.first(where: { $0.path.lowercased() == lower }) {
                    guard let fragment, !fragment.isEmpty else { return .section(section.path, fragment: nil) }
                    return .broken(code: "link.anchor-missing",
                                   message: "no heading '#\(fragment)' on the generated index of '\(section.path)/'",
                                   notes: ["a folder without an _index.md has no headings; link to a page instead"])
                }
                // An output URL written by hand: `spectrum/rag/`.
                if let index = site.pageByURL[lower + "/"] { return check(fragment: fragment, onPage: index, from: page) }
                if endsWithSlash || path.isEmpty { return missingPage(rawDestination, path: path, from: page, style: style) }
            }
        }
        if let real = site.assets[lower] { return .asset(real, fragment: fragment) }
        if !isImage {
            // Extensionless page links, as wikis write them.
            if let index = site.pageByPath[lower + ".md"] ?? site.pageByPath[lower + ".markdown"] {
                return check(fragment: fragment, onPage: index, from: page)
            }
            if let index = site.pageByURL[lower + "/"] { return check(fragment: fragment, onPage: index, from: page) }
        }
        let name = SiteResolver.fileName(path)
        if isImage || name.contains(".") {
            let assets = site.assets.values.sorted()
            let hint = Self.closestPath(to: path, in: assets)
            return .broken(code: "link.asset-missing",
                           message: isImage ? "no image file for '\(rawDestination)'" : "no file for link '\(rawDestination)'",
                           notes: hint.map { ["did you mean '\(written($0, from: page, style: style))'?"] } ?? [])
        }
        return missingPage(rawDestination, path: path, from: page, style: style)
    }

    /// How the writer wrote a path, so suggestions are written the same way.
    package enum PathStyle { case relative, absolute }

    private func missingPage(_ raw: String, path: String, from page: Page, style: PathStyle) -> LinkTarget {
        let candidates = site.pages.map(\.relativePath)
        var target = path
        if !target.lowercased().hasSuffix(".md"), !target.lowercased().hasSuffix(".markdown") {
            target = target.isEmpty ? "_index.md" : target + (raw.hasSuffix("/") ? "/_index.md" : ".md")
        }
        let hint = Self.closestPath(to: target, in: candidates)
        return .broken(code: "link.page-missing", message: "no page for link '\(raw)'",
                       notes: hint.map { ["did you mean '\(written($0, from: page, style: style))'?"] } ?? [])
    }

    /// The closest content path: a case-only difference first, then a typo in the whole path,
    /// then the same file name in another folder.
    package static func closestPath(to path: String, in candidates: [String]) -> String? {
        let lower = path.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lower }) { return exact }
        if let hint = Suggestions.closest(to: path, in: candidates) { return hint }
        let name = SiteResolver.fileName(path).lowercased()
        let sameName = candidates.filter { SiteResolver.fileName($0).lowercased() == name }
        if sameName.count == 1 { return sameName[0] }
        // A typo in the file name, in another folder.
        let names = candidates.map { SiteResolver.fileName($0) }
        if let closeName = Suggestions.closest(to: SiteResolver.fileName(path), in: Set(names).sorted()) {
            let matches = candidates.filter { SiteResolver.fileName($0) == closeName }
            if matches.count == 1 { return matches[0] }
        }
        return nil
    }

    /// A content path as a link written from `page` would name it.
    package func written(_ path: String, from page: Page, style: PathStyle) -> String {
        style == .absolute ? "/" + path : relative(path, from: page)
    }

    /// A content path relative to `page`'s folder.
    package func relative(_ path: String, from page: Page) -> String {
        let from = SiteResolver.folderOf(page.relativePath).split(separator: "/").map(String.init)
        let to = path.split(separator: "/").map(String.init)
        guard !to.isEmpty else { return path }
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...]).joined(separator: "/")
    }

    /// Checks a fragment against a page's heading ids (and, when raw HTML is rendered, the
    /// ids its raw HTML declares).
    package func check(fragment: String?, onPage index: Int, from page: Page) -> LinkTarget {
        guard let fragment, !fragment.isEmpty else { return .page(index, fragment: nil) }
        // The usual case without copying the page out of the array.
        if site.pages[index].anchors.contains(fragment) { return .page(index, fragment: fragment) }
        let target = site.pages[index]
        let extra = rawHTMLAnchors(of: target)
        if extra.contains(fragment) { return .page(index, fragment: fragment) }
        let candidates = target.anchors.union(extra).sorted()
        // A case slip, a typo, the heading's text, or the id a heading would have had
        // without its explicit `{#id}`.
        let hint = candidates.first { $0.lowercased() == fragment.lowercased() }
            ?? Suggestions.closest(to: fragment, in: candidates)
            ?? candidates.first { $0 == HeadingID.slug(fragment) }
            ?? target.headings.first { HeadingID.slug($0.text) == fragment.lowercased() || $0.text.lowercased() == fragment.lowercased() }?.id
        let place = index == page.index ? "this page" : target.relativePath
        var notes = hint.map { ["did you mean '#\($0)'?"] } ?? []
        if hint == nil, candidates.isEmpty { notes = ["\(place) has no headings"] }
        return .broken(code: "link.anchor-missing", message: "no heading '#\(fragment)' on \(place)", notes: notes)
    }

    /// Ids declared in a page's raw HTML, which is rendered only with `unsafe_html: true`.
    package func rawHTMLAnchors(of page: Page) -> Set<String> {
        guard site.config.unsafeHTML else { return [] }
        var html = ""
        BlockWalker.forEachBlock(page.document.blocks) { block in
            if case .htmlBlock(let b) = block { html += b.literal + "\n" }
        }
        InlineWalker.forEach(in: page.document) { inline, _ in
            if case .html(let code) = inline { html += code.literal + "\n" }
        }
        guard !html.isEmpty else { return [] }
        var ids: Set<String> = []
        HTMLScanner.scan(Array(html.utf8), wanted: ["id", "name"]) { attribute in
            if attribute.name == "id" || attribute.tag == "a" { ids.insert(attribute.value) }
        }
        return ids
    }

    /// Resolves `[[target#fragment|label]]`: first by path (`spectrum/rag`, `rag.md`), then by
    /// title, term, also_known_as, aliases, file name or section name, case-insensitively.
    public func resolve(wiki link: WikiLink, from page: Page) -> LinkTarget {
        var target = link.target
        for ext in [".md", ".markdown"] where target.lowercased().hasSuffix(ext) { target = String(target.dropLast(ext.count)) }
        while target.hasPrefix("/") { target.removeFirst() }
        let key = target.lowercased()
        var candidates: [Int] = []
        if key.isEmpty {
            candidates = [page.index]
        } else if let index = site.pageByPath[key + ".md"] ?? site.pageByPath[key + ".markdown"] ?? site.pageByPath[key + "/_index.md"] {
            // A path names one file, so it wins over titles and names.
            candidates = [index]
        } else {
            candidates = Array(Set(site.pageByWikiKey[key] ?? [])).sorted()
        }
        if candidates.isEmpty {
            // Obsidian embeds and links files by name alone: `![[diagram.png]]`.
            let name = key.split(separator: "/").last.map(String.init) ?? key
            let fileKey = link.target.lowercased()
            if name.contains("."), let asset = site.assets.keys.sorted().first(where: { $0 == fileKey || $0.hasSuffix("/" + name) || $0 == name }) {
                return .asset(site.assets[asset]!, fragment: nil)
            }
            if let section = site.sections.values.first(where: { !$0.path.isEmpty && $0.path.lowercased() == key }) {
                guard let fragment = link.fragment, !fragment.isEmpty else { return .section(section.path, fragment: nil) }
                return .broken(code: "link.anchor-missing",
                               message: "no heading '#\(fragment)' on the generated index of '\(section.path)/'",
                               notes: ["a folder without an _index.md has no headings; link to a page instead"])
            }
            let hint = Suggestions.closest(to: target, in: wikiNames())
            return .broken(code: "link.wiki-unresolved", message: "no page or term for wiki link '\(link.raw)'",
                           notes: hint.map { ["did you mean '[[\($0)]]'?"] } ?? [])
        }
        if candidates.count > 1 {
            let paths = candidates.map { site.pages[$0].relativePath }
            return .broken(code: "link.wiki-ambiguous",
                           message: "wiki link '\(link.raw)' matches \(candidates.count) pages: \(paths.joined(separator: ", "))",
                           notes: ["name one by its path: " + paths.map { "[[\(Self.withoutExtension($0))]]" }.joined(separator: " or ")])
        }
        let index = candidates[0]
        guard let fragment = link.fragment, !fragment.isEmpty else { return .page(index, fragment: nil) }
        let targetPage = site.pages[index]
        // Obsidian writes the heading's text; Groundwork also accepts its id.
        if targetPage.anchors.contains(fragment) { return .page(index, fragment: fragment) }
        if let heading = targetPage.headings.first(where: { $0.text.lowercased() == fragment.lowercased() }) {
            return .page(index, fragment: heading.id)
        }
        let slugged = HeadingID.slug(fragment)
        if targetPage.anchors.contains(slugged) { return .page(index, fragment: slugged) }
        return check(fragment: fragment, onPage: index, from: page)
    }

    /// Every name a wiki link can use, as written (for suggestions).
    package func wikiNames() -> [String] {
        var names: Set<String> = []
        for page in site.pages {
            names.insert(page.title)
            names.insert(SiteResolver.stem(page.relativePath))
            if page.relativePath.contains("/") { names.insert(Self.withoutExtension(page.relativePath)) }
            if let term = page.frontMatter.term { names.insert(term) }
            names.formUnion(page.frontMatter.alsoKnownAs)
            names.formUnion(page.frontMatter.aliases)
        }
        return names.filter { !$0.isEmpty }.sorted()
    }

    package static func withoutExtension(_ path: String) -> String {
        for ext in [".md", ".markdown"] where path.lowercased().hasSuffix(ext) { return String(path.dropLast(ext.count)) }
        return path
    }
}
