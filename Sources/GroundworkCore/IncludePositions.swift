import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse

/// Maps diagnostics about a page with includes back to the file each line came from
/// (issue 17 item 3). The checks see the expanded page, whose headings are the page's
/// anchors; a reader fixing a broken link needs the included file's own line and column.
enum IncludePositions {
    static func remap(_ diagnostics: [Diagnostic], pages: [ParsedPage]) -> [Diagnostic] {
        var maps: [String: IncludeMap] = [:]
        for page in pages { if let map = page.includeMap { maps[page.file] = map } }
        guard !maps.isEmpty else { return diagnostics }
        var seen: Set<Diagnostic> = []
        var result: [Diagnostic] = []
        result.reserveCapacity(diagnostics.count)
        for var diagnostic in diagnostics {
            // The expander reports at the directive's own file and line already.
            let fromExpander = diagnostic.code == .includeMissing || diagnostic.code == .includeCycle || diagnostic.code == .shortcodeUnrendered
            var moved = false
            if !fromExpander, let map = maps[diagnostic.file], let origin = map.origin(line: diagnostic.line, column: diagnostic.column) {
                moved = origin.file != diagnostic.file
                diagnostic.file = origin.file
                diagnostic.line = origin.line
                diagnostic.column = origin.column
            }
            // A snippet included by several pages says its problem once (a cycle's note
            // names the way in, which differs from page to page).
            if moved || fromExpander {
                var key = diagnostic
                key.notes = []
                guard seen.insert(key).inserted else { continue }
            }
            result.append(diagnostic)
        }
        return result
    }
}

/// An mdBook book's settings applied to the site: book.toml's title, SUMMARY.md's titles and
/// order (they win over the pages' own, as in mdBook).
enum MdBookSupport {
    static func apply(_ loaded: LoadedContent, to config: inout SiteConfig, bag: inout DiagnosticBag) {
        guard loaded.siteYAML == nil, let file = loaded.bookTOML else { return }
        let book = MdBook.parseConfig(String(decoding: file.bytes, as: UTF8.self), file: file.displayPath, bag: &bag)
        if let title = book.title, !title.isEmpty { config.title = title }
        var parts = ["book.toml"]
        if let summary = loaded.summaryMD {
            parts.append("SUMMARY.md")
            // mdBook builds only what SUMMARY.md lists; Groundwork builds the rest too (links to
            // it resolve) but, like mdBook's sidebar, does not list it.
            config.navListsOnlyOrdered = true
            let chapters = MdBook.parseSummary(String(decoding: summary.bytes, as: UTF8.self))
            config.explicitNav = MdBook.navTree(chapters)
            let existing = Set(loaded.pages.map { $0.relativePath.lowercased() })
            var position = 0
            var topLevel: String?
            for chapter in chapters {
                if chapter.kind != .numbered || chapter.depth == 0 { topLevel = chapter.kind == .numbered ? chapter.path?.lowercased() : nil }
                if chapter.depth > 0, let parent = topLevel, let path = chapter.path, config.navParents[path.lowercased()] == nil {
                    config.navParents[path.lowercased()] = parent
                }
                guard let path = chapter.path else { continue }
                position += 1
                let key = path.lowercased()
                if !existing.contains(key) {
                    // mdBook would make an empty chapter of it (or refuse, with create-missing off).
                    bag.add(.linkPageMissing, file: summary.displayPath, line: chapter.line, column: chapter.column,
                            "SUMMARY.md lists '\(path)', which does not exist",
                            notes: ["write the chapter, fix the path, or make it a draft chapter: '[\(chapter.title)]()'"])
                }
                if config.navTitles[key] == nil { config.navTitles[key] = chapter.title }
                if config.navOrder[key] == nil { config.navOrder[key] = position }
            }
        }
        config.conventions.append("mdBook (" + parts.joined(separator: ", ") + ")")
    }
}
