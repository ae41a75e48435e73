import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkSupport
import Markdown

/// Stage 3: gives every page its URL, title, section and heading ids, and builds the lookup
/// tables every later stage uses (so no later step scans all pages per link).
public enum SiteResolver {
    /// File names that make a folder's index page, in order of preference.
    public static let indexNames = ["_index.md", "index.md", "readme.md"]

    public static func resolve(pages parsed: [ParsedPage], assets: [AssetFile], config: SiteConfig,
                               displayRoot: String) -> (Site, [Diagnostic]) {
        let (site, diagnostics, _) = resolveKeepingPages(parsed, assets: assets, config: config, displayRoot: displayRoot,
                                                         keepPages: false)
        return (site, diagnostics)
    }

    /// `resolve`, also returning each page as resolved on its own, so that an edition made of
    /// some of these pages need not resolve them again (`Audiences.resolveEdition`).
    ///
    /// `keepPages: false` when nothing will read the returned `PreparedPages.pages` (a run
    /// without `--audience`): it comes back empty, and the site's pages are moved out of it
    /// instead of copied (a copy retains each of a page's fields, on one core).
    package static func resolveKeepingPages(_ parsed: [ParsedPage], assets: [AssetFile], config: SiteConfig,
                                            displayRoot: String, keepPages: Bool = true) -> (Site, [Diagnostic], PreparedPages) {
        var prepared = prepare(parsed, config: config)
        var bag = DiagnosticBag()
        bag.append(contentsOf: prepared.diagnostics)
        var pages: [Page?] = []
        if keepPages { pages = prepared.pages } else { swap(&pages, &prepared.pages) }
        let site = assemble(consume pages, parsed: parsed, assets: assets, config: config, displayRoot: displayRoot, bag: &bag)
        return (site, bag.items, prepared)
    }

    /// What `resolve` works out for each page on its own, before the site is put together.
    package struct PreparedPages: Sendable {
        /// Folder → the file name of its index page.
        package var claims: [String: String]
        /// By parsed page: the page (its index not yet set), or nil for a draft or an
        /// undecodable file.
        package var pages: [Page?]
        /// `page.duplicate-index`, from the index claims.
        package var claimDiagnostics: [Diagnostic]
        /// By parsed page: what preparing it found (`groundwork serve` replaces one page's).
        package var pageDiagnostics: [[Diagnostic]]
        package var diagnostics: [Diagnostic] { claimDiagnostics + pageDiagnostics.flatMap { $0 } }
    }

    /// Which file is each folder's index, with `page.duplicate-index` for the others.
    static func claimIndexes(_ parsed: [ParsedPage]) -> (claims: [String: String], diagnostics: [Diagnostic]) {
        var bag = DiagnosticBag()
        var claimedIndex: [String: String] = [:]  // folder → index file name
        // Index files first decide which file is a folder's index when several exist.
        // Only index files take part; their ranks are computed once, not in the comparator.
        let ranked = parsed.compactMap { page in indexRank(page.relativePath).map { (rank: $0, page: page) } }
        for (rank, page) in ranked.sorted(by: { ($0.rank, $0.page.relativePath) < ($1.rank, $1.page.relativePath) }) {
            guard rank < Int.max else { continue }
            let folder = folderOf(page.relativePath)
            if let existing = claimedIndex[folder] {
                bag.add(.pageDuplicateIndex, file: page.file, line: 1, column: 1,
                        "folder '\(folder.isEmpty ? "." : folder)' already has an index page '\(existing)'; this file is treated as an ordinary page")
            } else {
                claimedIndex[folder] = fileName(page.relativePath)
            }
        }
        return (claimedIndex, bag.items)
    }

    /// Index claims, then each page's title, URL and heading ids, which depend on that page
    /// alone (and on whether it is its folder's index): on every core.
    package static func prepare(_ parsed: [ParsedPage], config: SiteConfig) -> PreparedPages {
        var (claims, claimDiagnostics) = claimIndexes(parsed)
        if config.docusaurusRouteBase != nil { DocusaurusRoutes.claimCategoryIndexes(parsed, config: config, claimed: &claims) }
        let claimed = claims
        // Split by moving, not by `map(\.0)` and `map(\.1)`, which copy every page (`unzip`).
        let (pages, pageDiagnostics) = unzip(parallelMap(parsed) { preparePage($0, claims: claimed, config: config) })
        return PreparedPages(claims: claimed, pages: pages, claimDiagnostics: claimDiagnostics,
                             pageDiagnostics: pageDiagnostics)
    }

    /// One page, resolved on its own: its title, URL and heading ids (`claims` says which file
    /// is each folder's index). `groundwork serve` prepares only the pages that changed.
    package static func preparePage(_ source: ParsedPage, claims claimed: [String: String], config: SiteConfig) -> (Page?, [Diagnostic]) {
        guard source.decoded && !source.frontMatter.draft else { return (nil, []) }
        var bag = DiagnosticBag()
        let folder = folderOf(source.relativePath)
        let isIndex = claimed[folder] == fileName(source.relativePath)
        var document = source.document
        var title = source.frontMatter.title
        // The heading that became the title leaves the body (the page header shows it),
        // but its id stays the page's: links to it keep working (`Page.titleID`).
        var titleHeading: Heading?
        if title == nil, let h1 = firstLevelOneHeading(&document, removing: true) {
            title = h1.inlines.plainText
            titleHeading = h1
        }
        // MkDocs' nav names and orders pages: its title wins, as in MkDocs.
        var frontMatter = source.frontMatter
        let navKey = source.relativePath.lowercased()
        if let navTitle = config.navTitles[navKey] { title = navTitle }
        if frontMatter.order == nil, let position = config.navOrder[navKey] { frontMatter.order = position }
        if !config.isKnowledgeBase { DocusaurusRoutes.apply(source.frontMatter.otherFields, to: &frontMatter) }
        if config.aliasesDisabled { frontMatter.aliases = [] }
        // Hugo orders pages by `weight` (a page without one after those with one, as here).
        if config.isHugo, frontMatter.order == nil, let weight = source.frontMatter.otherFields["weight"].flatMap({ Int($0) }), weight != 0 {
            frontMatter.order = weight
        }
        if title == nil, !config.isKnowledgeBase {
            // Docs written for mdBook or MkDocs often open a subchapter at `##`: its first
            // heading of any level names it (and stays in the body, with its anchor).
            title = firstHeading(in: document) ?? source.frontMatter.otherFields["sidebar_label"]
        }
        if title == nil && source.hasFrontMatter {
            if source.frontMatter.locations["title"] == nil && !source.frontMatter.unreadable {
                bag.add(.pageTitleMissing, file: source.file, line: 1, column: 1, "page has no title",
                        notes: ["add 'title: ...' to the front matter"])
            }
        }
        // Only a page without a title needs the one made from its file name.
        func fallbackTitle() -> String {
            isIndex ? (folder.isEmpty ? config.title : humanize(lastComponent(folder))) : humanize(stem(source.relativePath))
        }
        var (headings, titleID, anchors) = headingIDs(in: document, titleHeading: titleHeading, file: source.file,
                                                      style: config.headingIDs)
        let termIDs = config.definitionTermIDs ? DefinitionTermIDs.ids(in: document, style: config.headingIDs, used: &anchors) : []
        var page = Page(
            index: 0,
            relativePath: source.relativePath,
            file: source.file,
            url: url(for: source.relativePath, isIndex: isIndex),
            frontMatter: frontMatter,
            title: title ?? fallbackTitle(),
            document: document,
            isSectionIndex: isIndex,
            sectionPath: folder,
            headings: headings,
            anchors: anchors,
            titleID: titleID,
            isCard: !isIndex && (folder == "cards" || folder.hasPrefix("cards/")))
        page.definitionTermIDs = termIDs
        page.hasUnrenderedShortcodes = source.hasUnrenderedShortcodes
        page.hugoRefPaths = source.hugoRefPaths
        return (page, bag.items)
    }

    /// The site from its prepared pages (`prepared[i]` is `parsed[i]`'s): page indexes,
    /// duplicate URLs, sections and the lookup tables.
    /// `prepared` is consumed: a caller that hands over its only copy (`consume`) has its
    /// pages moved into the site, not copied.
    static func assemble(_ prepared: consuming [Page?], parsed: [ParsedPage], assets: [AssetFile], config: SiteConfig,
                                 displayRoot: String, bag: inout DiagnosticBag) -> Site {
        var pages: [Page] = []
        pages.reserveCapacity(prepared.count)
        // Popped off the end (after reversing in place) to move each page: `for page in
        // prepared` would copy every one (a retain per field).
        var remaining = consume prepared
        remaining.reverse()
        while let next = remaining.popLast() {
            guard var page = next else { continue }
            page.index = pages.count
            pages.append(page)
        }

        // Two pages, one URL (also when they differ only by case: case-insensitive file systems).
        // (Loops over the pages here read fields of `pages[index]`: `for page in pages` copies
        // every page, retaining each of its many fields, a tenth of this serial step.)
        var firstByURL: [String: Int] = [:]
        firstByURL.reserveCapacity(pages.count)
        for index in pages.indices {
            let url = pages[index].url
            let key = url.lowercased()
            if let other = firstByURL[key] {
                bag.add(.pageDuplicateURL, file: pages[index].file, line: 1, column: 1,
                        "page would be written to '\(url.isEmpty ? "/" : url)', as is '\(pages[other].file)'")
            } else {
                firstByURL[key] = index
            }
        }

        let sections = buildSections(pages: pages, config: config)
        var pageByPath: [String: Int] = [:]
        var pageByURL: [String: Int] = [:]
        var wiki: [String: [Int]] = [:]
        // Each page's lower-cased path and wiki keys on every core; the tables in page order.
        let pageKeys = parallelMap(pages) { page -> (path: String, wiki: [String]) in
            var keys: Set<String> = [page.title, stem(page.relativePath), LinkResolver.withoutExtension(page.relativePath)]
            if page.isSectionIndex { keys.insert(lastComponent(page.sectionPath)); keys.insert(page.sectionPath) }
            if let term = page.frontMatter.term { keys.insert(term) }
            keys.formUnion(page.frontMatter.alsoKnownAs)
            keys.formUnion(page.frontMatter.aliases)
            return (page.relativePath.lowercased(), keys.filter { !$0.isEmpty }.map { $0.lowercased() })
        }
        pageByPath.reserveCapacity(pages.count)
        pageByURL.reserveCapacity(pages.count)
        for (index, keys) in pageKeys.enumerated() {
            pageByPath[keys.path] = index
            if pageByURL[pages[index].url] == nil { pageByURL[pages[index].url] = index }
            for key in keys.wiki {
                wiki[key, default: []].append(index)
            }
        }
        if let base = config.docusaurusRouteBase {
            // Docusaurus serves a doc at its id or slug below the route base: links written
            // as those site paths find it (a page's own URL keeps precedence).
            for page in pages {
                for key in DocusaurusRoutes.routes(of: page, base: base) where pageByURL[key] == nil { pageByURL[key] = page.index }
            }
        }
        var assetMap: [String: String] = [:]
        var folders: Set<String> = [""]
        for asset in assets { assetMap[asset.relativePath.lowercased()] = asset.relativePath }
        for path in parsed.map(\.relativePath) + assets.map(\.relativePath) {
            var folder = folderOf(path)
            while !folder.isEmpty { folders.insert(folder); folder = folderOf(folder) }
        }
        var site = Site(config: config, pages: pages, sections: sections, displayRoot: displayRoot,
                        pageByPath: pageByPath, pageByURL: pageByURL, pageByWikiKey: wiki,
                        assets: assetMap, folders: folders,
                        declaredAudiences: parsed.compactMap { page in
                            page.frontMatter.audience.map { names in
                                AudienceDeclaration(names: names, location: page.frontMatter.locations["audience"]
                                    ?? Location(file: page.file, line: 1, column: 1))
                            }
                        })
        site.navChildren = navChildren(pages: pages, pageByPath: pageByPath, config: config)
        return site
    }

    /// `config.navParents` as page indexes: only a parent and child in the same folder (pages
    /// in a sub-folder nest under its section already), children in reading order.
    static func navChildren(pages: [Page], pageByPath: [String: Int], config: SiteConfig) -> [Int: [Int]] {
        guard !config.navParents.isEmpty else { return [:] }
        var children: [Int: [Int]] = [:]
        for page in pages where !page.isSectionIndex {
            guard let parentPath = config.navParents[page.relativePath.lowercased()], let parent = pageByPath[parentPath],
                  parent != page.index, !pages[parent].isSectionIndex, pages[parent].sectionPath == page.sectionPath else { continue }
            children[parent, default: []].append(page.index)
        }
        for key in children.keys {
            children[key]!.sort { (pages[$0].frontMatter.order ?? Int.max, $0) < (pages[$1].frontMatter.order ?? Int.max, $1) }
        }
        return children
    }

    // MARK: - Paths and URLs

    static func indexRank(_ relativePath: String) -> Int? {
        indexNames.firstIndex(of: fileName(relativePath).lowercased())
    }

    package static func fileName(_ path: String) -> String {
        if let name = ASCIIPath.lastComponent(path) { return name }
        return path.split(separator: "/").last.map(String.init) ?? path
    }

    static func folderOf(_ path: String) -> String {
        if let folder = ASCIIPath.folder(path) { return folder }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func lastComponent(_ path: String) -> String { fileName(path) }

    package static func stem(_ path: String) -> String {
        let name = fileName(path), lower = name.lowercased()
        for ext in [".md", ".markdown", ".mdx"] where lower.hasSuffix(ext) {
            return String(name.dropLast(ext.count))
        }
        return name
    }

    /// `spectrum/rag.md` → `spectrum/rag/`; `spectrum/_index.md` → `spectrum/`; `_index.md` → ``.
    package static func url(for relativePath: String, isIndex: Bool) -> String {
        var components = ASCIIPath.components(relativePath).dropLast().map { slug($0) }
        if !isIndex { components.append(slug(stem(relativePath))) }
        return components.isEmpty ? "" : components.joined(separator: "/") + "/"
    }

    /// A URL path segment: lower-cased, white space to `-`, characters that mean something in
    /// a URL or in HTML dropped. Letters of any script are kept (and percent-encoded in hrefs).
    public static func slug(_ component: String) -> String {
        if let fast = asciiSlug(component) { return fast }
        var out = ""
        for character in component.lowercased() {
            if character.isWhitespace {
                out.append("-")
            } else if character.isLetter || character.isNumber || character == "-" || character == "_" || character == "." {
                out.append(character)
            }
        }
        return out.isEmpty ? "-" : out
    }

    /// `slug` of an all-ASCII component, byte by byte (every page's URL is made of these:
    /// `Character` by `Character` it was a tenth of preparing a page). Nil for anything
    /// else, and for a `\r`, which with a following `\n` is one `Character` (one `-`).
    static func asciiSlug(_ component: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        for byte in component.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
            case 0x09, 0x0A, 0x0B, 0x0C, 0x20: bytes.append(UInt8(ascii: "-"))
            case 0x0D, 0x80...: return nil
            default: break
            }
        }
        return bytes.isEmpty ? "-" : String(decoding: bytes, as: UTF8.self)
    }

    /// `fine-tuning_basics` → `Fine tuning basics`.
    package static func humanize(_ name: String) -> String {
        let spaced = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        guard let first = spaced.first else { return name }
        return first.uppercased() + spaced.dropFirst()
    }

    // MARK: - Titles and headings

    /// The text of the first level-1 heading; removes it from the document when asked so that
    /// a title taken from it is not shown twice.
    /// The text of the page's first heading of any level, or nil.
    static func firstHeading(in document: Document) -> String? {
        var found: String?
        BlockSearch.forEachHeading(in: document.blocks) { heading in
            if found == nil { found = heading.inlines.plainText }
        }
        return found.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func firstLevelOneHeading(_ document: inout Document, removing: Bool) -> Heading? {
        guard let index = document.blocks.firstIndex(where: {
            if case .heading(let h) = $0, h.level == 1 { return true }
            return false
        }), case .heading(let heading) = document.blocks[index] else { return nil }
        // Only when the heading opens the page: a later H1 is content.
        let before = document.blocks[..<index].contains { block in
            if case .htmlBlock = block { return false }
            return true
        }
        guard !before else { return nil }
        if removing { document.blocks.remove(at: index) }
        return heading
    }

    /// The ids of a page: its headings' (GitHub-style, de-duplicated in document order: `x`,
    /// `x-1`, `x-2`; explicit `{#id}` ids kept as written, replacing the slug as MkDocs does),
    /// the ids of paragraphs and list items (`{: #id }`, Obsidian `^block-id`), the id of the heading that became
    /// its title (`titleHeading`, taken out of `document`; it came first, so it claims its
    /// slug first), and its footnotes' (`fn-1`, `fnref-1`, from `FootnoteNumbering`).
    /// Footnote ids are claimed before any generated heading id, so a heading whose slug
    /// would be `fn-1` becomes `fn-1-1`, as a repeated heading does: the HTML's ids stay unique.
    static func headingIDs(in document: Document, titleHeading: Heading? = nil, file: String,
                           style: HeadingIDStyle = .github) -> (headings: [HeadingInfo], titleID: String?, anchors: Set<String>) {
        let footnoteIDs = FootnoteNumbering.ids(in: document)
        // Room for a page's usual headings from the start: grown from empty, the set was
        // rehashed at its second, third and fifth id, most of the cost of claiming an id.
        var used = Set<String>(minimumCapacity: 16)
        used.formUnion(footnoteIDs)
        var infos: [HeadingInfo] = []
        // Explicit ids claim their names first so a generated id never takes them.
        if let id = titleHeading?.explicitID { used.insert(id) }
        // Paragraphs' and list items' `{#id}` and `^block-id` too (`blockAttributeIDs`).
        let blockIDs = document.blockAttributeIDs
        used.formUnion(blockIDs)
        // `text` is the heading's plain text, made once per heading by the caller.
        func id(of heading: Heading, text: @autoclosure () -> String) -> String {
            if let explicit = heading.explicitID { return explicit }
            // GitHub's ids unless mkdocs.yml's `toc` says otherwise (HeadingSlugs.swift).
            return HeadingSlugs.unique(HeadingSlugs.slug(text(), style: style), style: style, used: &used)
        }
        let titleID = titleHeading.map { id(of: $0, text: $0.inlines.plainText) }
        BlockSearch.forEachHeading(in: document.blocks) { heading in
            let start = heading.range?.start ?? SourcePosition(line: 1, column: 1)
            let text = heading.inlines.plainText
            infos.append(HeadingInfo(level: heading.level, text: text, id: id(of: heading, text: text),
                                     location: Location(file: file, line: start.line, column: start.column)))
        }
        var anchors = Set(infos.map(\.id)).union(footnoteIDs).union(blockIDs)
        if let titleID { anchors.insert(titleID) }
        return (infos, titleID, anchors)
    }

    // MARK: - Sections

    static func buildSections(pages: [Page], config: SiteConfig) -> [String: Section] {
        var sections: [String: Section] = [:]
        func ensure(_ path: String) {
            guard sections[path] == nil else { return }
            let parent: String? = path.isEmpty ? nil : folderOf(path)
            sections[path] = Section(path: path, title: path.isEmpty ? config.title : humanize(lastComponent(path)),
                                     indexPage: nil, pages: [], subsections: [], parent: parent,
                                     url: path.isEmpty ? "" : url(for: path + "/_index.md", isIndex: true), order: nil)
            if let parent {
                ensure(parent)
                sections[parent]!.subsections.append(path)
            }
        }
        ensure("")
        for index in pages.indices {  // not `for page in pages`: that copies every page
            let sectionPath = pages[index].sectionPath
            ensure(sectionPath)
            if pages[index].isSectionIndex {
                sections[sectionPath]!.indexPage = index
                sections[sectionPath]!.title = pages[index].title
                sections[sectionPath]!.url = pages[index].url
                sections[sectionPath]!.order = pages[index].frontMatter.order
            } else if !config.navListsOnlyOrdered || config.navOrder[pages[index].relativePath.lowercased()] != nil {
                sections[sectionPath]!.pages.append(index)
            }
        }
        // Another tool's folder titles and order (MkDocs nav sections, Docusaurus _category_)
        // win over the folder's name and its index page's.
        for key in sections.keys where !key.isEmpty {
            if let title = config.folderTitles[key.lowercased()] { sections[key]!.title = title }
            if let order = config.folderOrder[key.lowercased()] { sections[key]!.order = order }
        }
        func readingOrder(_ a: (order: Int?, title: String, path: String), _ b: (order: Int?, title: String, path: String)) -> Bool {
            let oa = a.order ?? Int.max, ob = b.order ?? Int.max
            if oa != ob { return oa < ob }
            let ta = a.title.lowercased(), tb = b.title.lowercased()
            if ta != tb { return ta < tb }
            return a.path < b.path
        }
        // Sort keys computed once per page, not twice per comparison (the same order).
        let lowerTitles = pages.map { $0.title.lowercased() }
        let orders = pages.map { $0.frontMatter.order ?? Int.max }
        let paths = pages.map(\.relativePath)
        for key in sections.keys {
            sections[key]!.pages.sort { a, b in
                if orders[a] != orders[b] { return orders[a] < orders[b] }
                if lowerTitles[a] != lowerTitles[b] { return lowerTitles[a] < lowerTitles[b] }
                return paths[a] < paths[b]
            }
        }
        if !config.navOrder.isEmpty {
            // A folder the nav orders by its pages (an mdBook chapter folder without an index
            // page) comes where its first page does.
            func firstOrder(_ path: String) -> Int? {
                let section = sections[path]!
                let own = (section.pages.map { orders[$0] } + [section.order ?? Int.max]).min()
                let nested = section.subsections.compactMap { firstOrder($0) }.min()
                let best = min(own ?? Int.max, nested ?? Int.max)
                return best == Int.max ? nil : best
            }
            for key in sections.keys where sections[key]!.order == nil { sections[key]!.order = firstOrder(key) }
            if config.navListsOnlyOrdered {
                // A folder SUMMARY.md lists nothing of (include fragments, 404.md's folder) stays out of the nav.
                let unlisted = Set(sections.filter { $0.value.order == nil }.map(\.key))
                for key in sections.keys { sections[key]!.subsections.removeAll { unlisted.contains($0) } }
            }
        }
        let snapshot = sections
        for key in sections.keys {
            sections[key]!.subsections.sort { readingOrder((snapshot[$0]!.order, snapshot[$0]!.title, $0),
                                                           (snapshot[$1]!.order, snapshot[$1]!.title, $1)) }
        }
        return sections
    }
}
