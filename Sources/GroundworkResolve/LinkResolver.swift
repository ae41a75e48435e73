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
    /// A link that leads nowhere: what is wrong, the message and notes to show (with a "did
    /// you mean" when something is close). `LinkChecks.BrokenLinks` reports it.
    case broken(LinkProblem, message: String, notes: [String])
}

/// What is wrong with a link that does not resolve, as the resolver records it. The link check
/// decides how it is reported (its diagnostic code).
public enum LinkProblem: Sendable, Equatable, CaseIterable {
    /// No page at the path (or an empty destination).
    case pageMissing
    /// The page exists; the `#fragment` names no heading on it.
    case anchorMissing
    /// As `anchorMissing`, on a Hugo page with shortcodes Groundwork does not run, whose
    /// output may hold the id: a warning.
    case anchorUnrendered
    /// No file (or image) at the path.
    case assetMissing
    /// `..` climbs above the content folder (a knowledge base).
    case escapesRoot
    /// `..` climbs above a docs folder: not checked, a warning.
    case outside
    /// A wiki link names no page, term or file.
    case wikiUnresolved
    /// A wiki link names several pages.
    case wikiAmbiguous
    /// A URL with a scheme other than http, https or mailto, malformed, or protocol-relative.
    case externalInvalid
}

/// Resolves link destinations and wiki links against the site's lookup tables.
///
/// Cheap to create (it only holds the site); lookups use the site's tables, and the slower
/// "did you mean" searches run only for links that are already broken.
public struct LinkResolver: Sendable {
    public let site: Site

    public init(site: Site) { self.site = site }

    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]
    /// Schemes of the web and of the phone, never application links (`ftp:` stays refused,
    /// as browsers no longer open it).
    static let webSchemes: Set<String> = ["http", "https", "mailto", "tel", "ftp"]
    /// Schemes that run code or read the reader's disk: never a link.
    package static let refusedSchemes: Set<String> = ["javascript", "vbscript", "data", "file", "blob", "about", "filesystem"]

    /// Whether `destination` (with `scheme`) opens an application — `obsidian://open?…`,
    /// `vscode://file/…`, `zotero://select/…`, `x-devonthink-item://…`: a scheme that is not a
    /// web scheme nor a refused one, whose `//` part (if any) names no domain. It cannot be
    /// checked from here, so it is accepted as written. `htps://example.com` has a domain: a
    /// mistyped web address, still reported.
    package static func isAppLink(_ destination: String, scheme: String) -> Bool {
        guard !webSchemes.contains(scheme), !refusedSchemes.contains(scheme) else { return false }
        let rest = destination.dropFirst(scheme.count + 1)
        guard rest.hasPrefix("//") else { return true }
        let host = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !host.contains(".")
    }

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
        // The usual `other.md#heading`, over its bytes (PlainPageLinks.swift).
        if !isImage, let target = resolvePlainPageLink(rawDestination, from: page) { return target }
        return resolveInFull(rawDestination, from: page, isImage: isImage)
    }

    /// `resolve` without the byte shortcut for plain page links: every destination.
    package func resolveInFull(_ rawDestination: String, from page: Page, isImage: Bool = false) -> LinkTarget {
        if let (path, fragment) = Self.plainRelative(rawDestination) {
            return resolve(decodedPath: path, fragment: fragment, rawDestination, from: page, isImage: isImage)
        }
        let destination = rawDestination.fastTrimmingWhitespaces
        // A Hugo shortcode's output (`{{% eturl x %}}`) is known only to Hugo: taken as written,
        // unchecked; the parser's `shortcode.unrendered` says so (HugoShortcodes.swift).
        if site.config.isHugo, destination.contains("{{<") || destination.contains("{{%") { return .external(destination) }
        if destination.isEmpty {
            return .broken(isImage ? .assetMissing : .pageMissing,
                           message: isImage ? "image has an empty source" : "link has an empty destination", notes: [])
        }
        if let scheme = Self.scheme(of: destination) {
            // Telephone numbers and application links are taken as written.
            if scheme == "tel" || Self.isAppLink(destination, scheme: scheme) { return .external(destination) }
            guard Self.allowedSchemes.contains(scheme) else {
                return .broken(.externalInvalid,
                               message: "URL scheme '\(scheme):' is not allowed in '\(destination)'",
                               notes: ["use http, https or mailto links"])
            }
            if let problem = Self.malformation(of: destination, scheme: scheme) {
                return .broken(.externalInvalid, message: "malformed URL '\(destination)': \(problem)", notes: [])
            }
            return .external(destination)
        }
        if destination.hasPrefix("//") {
            return .broken(.externalInvalid,
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
        // Over the contiguous bytes: stepping a `String.Index` through the UTF-8 view cost
        // more than the rest of resolving such a link.
        var destination = destination
        let scan: Int?? = destination.withUTF8 { b in
            guard let first = b.first, let last = b.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 else { return nil }
            if b.count >= 2, b[0] == UInt8(ascii: "/"), b[1] == UInt8(ascii: "/") { return nil }
            var hash: Int?
            for (offset, c) in b.enumerated() {
                if c >= 0x80 || c == UInt8(ascii: "%") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":") || c == UInt8(ascii: "\\") { return nil }
                if c == UInt8(ascii: "#"), hash == nil { hash = offset }
            }
            return .some(hash)
        }
        guard let scan else { return nil }  // not a plain relative destination
        guard let hash = scan else { return (destination, nil) }
        // ASCII: byte offsets are character offsets.
        let bytes = destination.utf8
        let at = bytes.index(bytes.startIndex, offsetBy: hash)
        return (String(destination[..<at]), String(destination[bytes.index(after: at)...]))
    }

    /// `resolve` from the decoded path on.
    private func resolve(decodedPath: String, fragment: String?, _ rawDestination: String, from page: Page, isImage: Bool) -> LinkTarget {
        if decodedPath.isEmpty {
            return check(fragment: fragment, onPage: page.index, from: page)
        }

        if site.config.docusaurusRouteBase != nil, let target = docusaurusTarget(decodedPath, fragment: fragment, from: page, isImage: isImage) {
            return target
        }
        if site.config.isHugo, !isImage, !decodedPath.hasPrefix("/"), !decodedPath.hasPrefix("./"), !decodedPath.hasPrefix("../") {
            // Hugo's link render hook (built in, and copied by most sites) looks a path up as
            // `GetPage` does: beside the page, then from the content root (`methods/page/date/`).
            let relative = resolve(decodedPath: "./" + decodedPath, fragment: fragment, rawDestination, from: page, isImage: isImage)
            guard case .broken(.pageMissing, _, _) = relative else { return relative }
            let fromRoot = resolve(decodedPath: "/" + decodedPath, fragment: fragment, rawDestination, from: page, isImage: isImage)
            if case .broken(.pageMissing, _, _) = fromRoot { return relative }
            return fromRoot
        }
        // Normalise against the page's folder (or the content root for site-absolute paths).
        let isAbsolute = decodedPath.hasPrefix("/")
        guard case .path(let path, let lower) = Self.normalize(decodedPath, from: page.relativePath) else {
            if !site.config.isKnowledgeBase {
                return .broken(.outside, message: "link '\(rawDestination)' leads outside the content folder; it is not checked",
                               notes: [])
            }
            return .broken(.escapesRoot, message: "link '\(rawDestination)' leaves the content folder",
                           notes: ["link to a page or file inside the content folder, or use a full https:// URL"])
        }
        let endsWithSlash = decodedPath.hasSuffix("/")
        let style: PathStyle = isAbsolute ? .absolute : .relative

        if !isImage {
            if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") || (lower.hasSuffix(".mdx") && site.pageByPath[lower] != nil) {
                if let index = site.pageByPath[lower] { return check(fragment: fragment, onPage: index, from: page) }
                if site.config.isObsidianVault, !decodedPath.contains("/"), let index = vaultPage(named: lower, from: page) {
                    // Obsidian writes Markdown links by file name alone, wherever the note is.
                    return check(fragment: fragment, onPage: index, from: page)
                }
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
                    return .broken(.anchorMissing,
                                   message: "no heading '#\(fragment)' on the generated index of '\(section.path)/'",
                                   notes: ["a folder without an _index.md has no headings; link to a page instead"])
                }
                // An output URL written by hand: `spectrum/rag/`.
                if let index = site.pageByURL[lower + "/"] { return check(fragment: fragment, onPage: index, from: page) }
                if endsWithSlash || path.isEmpty { return missingPage(rawDestination, path: path, from: page, style: style) }
            }
        }
        if let real = site.assets[lower] { return .asset(real, fragment: fragment) }
        if !isImage, let index = htmlSource(of: lower) {
            // mdBook and Sphinx-style links name the page a source becomes: `chapter.html` is
            // `chapter.md`, `guide/index.html` is the folder's index page.
            return check(fragment: fragment, onPage: index, from: page)
        }
        if !isImage, site.config.isObsidianVault, !decodedPath.contains("/"), let index = vaultPage(named: lower, from: page) {
            // Obsidian writes Markdown links by file name alone, wherever the note is.
            return check(fragment: fragment, onPage: index, from: page)
        }
        if !isImage {
            // Extensionless page links, as wikis write them.
            if let index = site.pageByPath[lower + ".md"] ?? site.pageByPath[lower + ".markdown"] ?? site.pageByPath[lower + ".mdx"] {
                return check(fragment: fragment, onPage: index, from: page)
            }
            if let index = site.pageByURL[lower + "/"] { return check(fragment: fragment, onPage: index, from: page) }
        }
        let name = SiteResolver.fileName(path)
        if isImage || name.contains(".") {
            let assets = site.assets.values.sorted()
            let hint = Self.closestPath(to: path, in: assets)
            return .broken(.assetMissing,
                           message: isImage ? "no image file for '\(rawDestination)'" : "no file for link '\(rawDestination)'",
                           notes: hint.map { ["did you mean '\(written($0, from: page, style: style))'?"] } ?? [])
        }
        return missingPage(rawDestination, path: path, from: page, style: style)
    }

    /// The page whose output an `.html` path names: `x.html` → `x.md`, `x/index.html` → the
    /// index page of `x/`. Nil when there is no such source.
    func htmlSource(of lowerPath: String) -> Int? {
        var stem: Substring
        if lowerPath.hasSuffix(".html") { stem = lowerPath.dropLast(5) } else if lowerPath.hasSuffix(".htm") { stem = lowerPath.dropLast(4) } else { return nil }
        if let index = site.pageByPath[stem + ".md"] ?? site.pageByPath[stem + ".markdown"] { return index }
        if stem == "index" || stem.hasSuffix("/index") {
            let folder = stem.dropLast("index".count)
            for name in SiteResolver.indexNames {
                if let index = site.pageByPath[folder + name], site.pages[index].isSectionIndex { return index }
            }
        }
        return nil
    }

    /// In a vault, the page a bare file name names (`Note.md`, `note`), nearest the linking
    /// page first; nil when there is none or two are equally near.
    func vaultPage(named lowerName: String, from page: Page) -> Int? {
        let name = lowerName.hasSuffix(".md") || lowerName.hasSuffix(".markdown") ? lowerName : lowerName + ".md"
        let matches = site.pages.filter { SiteResolver.fileName($0.relativePath).lowercased() == name }.map(\.index)
        let nearest = Self.nearest(matches, from: page, in: site)
        return nearest.count == 1 ? nearest[0] : nil
    }

    /// The candidates nearest `page`, as Obsidian picks among notes of one name: one in the
    /// page's own folder, else one in the nearest parent folder, else the one with the
    /// shortest path. More than one only when several are equally near.
    package static func nearest(_ candidates: [Int], from page: Page, in site: Site) -> [Int] {
        guard candidates.count > 1 else { return candidates }
        let here = SiteResolver.folderOf(page.relativePath).split(separator: "/").map(String.init)
        func rank(_ index: Int) -> (Int, Int) {
            let there = SiteResolver.folderOf(site.pages[index].relativePath).split(separator: "/").map(String.init)
            // Same folder: (0, 0); a parent `k` levels up: (1, k); anywhere else: (2, depth).
            if there.count <= here.count, Array(here.prefix(there.count)) == there { return there.count == here.count ? (0, 0) : (1, here.count - there.count) }
            return (2, there.count + 1)
        }
        let ranked = candidates.map { (index: $0, rank: rank($0)) }
        let best = ranked.map(\.rank).min { $0 < $1 }!
        return ranked.filter { $0.rank == best }.map(\.index)
    }

    /// The content path a link's decoded path names from the page at `pagePath`, or
    /// `.escapes` when a `..` climbs above the content folder: byte by byte for ASCII paths
    /// (`ASCIIPath.normalized`), else component by component.
    package static func normalize(_ decodedPath: String, from pagePath: String) -> ASCIIPath.Normalized {
        ASCIIPath.normalized(decodedPath, base: pagePath) ?? normalizeByComponents(decodedPath, from: pagePath)
    }

    /// `normalize` with `String` components, for any text.
    package static func normalizeByComponents(_ decodedPath: String, from pagePath: String) -> ASCIIPath.Normalized {
        var components = decodedPath.hasPrefix("/") ? [] : ASCIIPath.components(SiteResolver.folderOf(pagePath))
        for segment in ASCIIPath.components(decodedPath) {
            switch segment {
            case ".": continue
            case "..":
                if components.isEmpty { return .escapes }
                components.removeLast()
            default: components.append(String(segment))
            }
        }
        let path = components.joined(separator: "/")
        return .path(path, lower: path.lowercased())
    }

    /// How the writer wrote a path, so suggestions are written the same way.
    enum PathStyle { case relative, absolute }

    private func missingPage(_ raw: String, path: String, from page: Page, style: PathStyle) -> LinkTarget {
        let candidates = site.pages.map(\.relativePath)
        var target = path
        if !target.lowercased().hasSuffix(".md"), !target.lowercased().hasSuffix(".markdown") {
            target = target.isEmpty ? "_index.md" : target + (raw.hasSuffix("/") ? "/_index.md" : ".md")
        }
        let hint = Self.closestPath(to: target, in: candidates)
        return .broken(.pageMissing, message: "no page for link '\(raw)'",
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
    func written(_ path: String, from page: Page, style: PathStyle) -> String {
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
        if let matched = caseInsensitiveAnchor(fragment, among: target.anchors) { return .page(index, fragment: matched) }
        if let footnote = pythonMarkdownFootnote(fragment, on: target) { return .page(index, fragment: footnote) }
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
        // `#^abc-123` names an Obsidian block id, not a heading.
        let what = fragment.hasPrefix("^") ? "block id" : "heading"
        if target.hasUnrenderedShortcodes {
            // Part of the page is made by shortcodes Groundwork shows as written (hugoDocs'
            // `include` pulls in other files, its glossary page is built by one): the id may be
            // in their output, so the link cannot be called broken.
            return .broken(.anchorUnrendered,
                           message: "no \(what) '#\(fragment)' on \(place), but its shortcodes are not run by Groundwork and may make it",
                           notes: notes)
        }
        if !site.config.mkdocsHooks.isEmpty {
            // A MkDocs site's own Python hooks run on every page and may write ids (Material's
            // docs make `#option-name` anchors from comments this way); Groundwork cannot run them.
            let hooks = site.config.mkdocsHooks.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            return .broken(.anchorUnrendered,
                           message: "no \(what) '#\(fragment)' on \(place), but the site's MkDocs hooks (\(hooks)) are not run by Groundwork and may make it",
                           notes: notes)
        }
        return .broken(.anchorMissing, message: "no \(what) '#\(fragment)' on \(place)", notes: notes)
    }

    /// Ids (and `<a name>`) declared in a page's raw HTML: those the sanitizer keeps, or
    /// every one with `unsafe_html: true` (raw HTML then goes to the page as written).
    func rawHTMLAnchors(of page: Page) -> Set<String> {
        site.config.unsafeHTML ? RawHTML.declaredAnchors(in: page) : RawHTML.anchors(in: page)
    }

    /// Resolves `[[target#fragment|label]]`: first by path (`spectrum/rag`, `rag.md`), then by
    /// title, term, also_known_as, aliases, file name or section name, case-insensitively.
    public func resolve(wiki link: WikiLink, from page: Page) -> LinkTarget {
        var target = link.target
        // Lower-casing never makes a ".": a target without one (most: `[[Some note]]`) has
        // no extension to drop, and is not lower-cased twice more to find that out.
        let hasDot = Self.containsByte(link.target, UInt8(ascii: "."))
        if hasDot {
            for ext in [".md", ".markdown"] where target.lowercased().hasSuffix(ext) { target = String(target.dropLast(ext.count)) }
        }
        while target.hasPrefix("/") { target.removeFirst() }
        let key = target.lowercased()
        // A target without a "." has no file extension: it names a note, never a file (the
        // test first, as `namesFile` reads the extension `Character` by `Character`).
        if hasDot, link.namesFile, !key.isEmpty, let file = resolveFile(link, from: page) {
            // `![[diagram.png]]`, `[[report.pdf]]`: a file, found by name as Obsidian finds it.
            return file
        }
        var candidates: [Int] = []
        if key.isEmpty {
            candidates = [page.index]
        } else if Self.containsByte(key, UInt8(ascii: "/")), key.contains("/"), let index = site.pageByPath[key + ".md"] ?? site.pageByPath[key + ".markdown"] ?? site.pageByPath[key + "/_index.md"] {
            // A path names one file, so it wins over titles and names. (The byte test first
            // spares the `Character` search to the keys without a "/", most of them.)
            candidates = [index]
        } else {
            // A bare name: every page it names, the nearest first (a file at the root is
            // only one of them, in the root folder).
            // (A key names one page far more often than several: no set to sort then.)
            let named = site.pageByWikiKey[key] ?? []
            candidates = named.count < 2 ? named : Self.nearest(Array(Set(named)).sorted(), from: page, in: site)
            if candidates.isEmpty, let index = site.pageByPath[key + ".md"] ?? site.pageByPath[key + ".markdown"] ?? site.pageByPath[key + "/_index.md"] {
                candidates = [index]
            }
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
                return .broken(.anchorMissing,
                               message: "no heading '#\(fragment)' on the generated index of '\(section.path)/'",
                               notes: ["a folder without an _index.md has no headings; link to a page instead"])
            }
            let hint = Suggestions.closest(to: target, in: wikiNames())
            return .broken(.wikiUnresolved, message: "no page or term for wiki link '\(link.raw)'",
                           notes: hint.map { ["did you mean '[[\($0)]]'?"] } ?? [])
        }
        if candidates.count > 1 {
            let paths = candidates.map { site.pages[$0].relativePath }
            return .broken(.wikiAmbiguous,
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
        // Obsidian matches a heading's text whatever its white space: `[[#Rules for naming]]`
        // names `### Rules  for naming`, and a no-break space is a space.
        let loose = Self.looseHeadingText(fragment)
        if let heading = targetPage.headings.first(where: { Self.looseHeadingText($0.text) == loose }) {
            return .page(index, fragment: heading.id)
        }
        let slugged = HeadingID.slug(fragment)
        if targetPage.anchors.contains(slugged) { return .page(index, fragment: slugged) }
        if fragment.contains("#") {
            // Obsidian's nested heading path: `[[Page#Heading#Subheading]]`.
            return resolveHeadingPath(fragment, onPage: index, from: page)
        }
        return check(fragment: fragment, onPage: index, from: page)
    }

    /// Whether `text`'s UTF-8 holds `byte`, over its contiguous bytes (the generic
    /// `utf8.contains` steps a `String.Index` through the view: ~600 instructions a call).
    static func containsByte(_ text: String, _ byte: UInt8) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? text.utf8.contains(byte)
    }

    /// Heading text compared as Obsidian compares it: lower-cased, every run of white space
    /// (no-break spaces included) one space, trimmed.
    static func looseHeadingText(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Every name a wiki link can use, as written (for suggestions).
    func wikiNames() -> [String] {
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

    static func withoutExtension(_ path: String) -> String {
        for ext in [".md", ".markdown", ".mdx"] where path.lowercased().hasSuffix(ext) { return String(path.dropLast(ext.count)) }
        return path
    }
}
