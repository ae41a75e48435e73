import Foundation
import GroundworkCore

/// Completion, hover, go to definition and quick fixes, answered from the last analysis (made
/// up to date first, so an answer never lags the text it is asked about).
extension LanguageServer {
    /// The open document at a URI, its knowledge base (up to date) and its page.
    func context(_ uri: String) -> (text: String, lines: [Substring], workspace: Workspace?, page: Page?)? {
        guard let path = Self.path(ofURI: uri) else { return nil }
        let text = documents[uri]?.text
            ?? FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lines = TextPositions.lines(text)
        guard let (workspace, relative) = workspace(containing: path) else { return (text, lines, nil, nil) }
        flush(workspace)
        let page = workspace.analysis?.site.pages.first { $0.relativePath == relative }
        return (text, lines, workspace, page)
    }

    // MARK: Completion

    func completion(at cursor: Cursor) -> LSPAny {
        let empty: LSPAny = ["isIncomplete": false, "items": []]
        guard let context = context(cursor.uri), cursor.line < context.lines.count,
              let analysis = context.workspace?.analysis else { return empty }
        let line = context.lines[cursor.line]
        let before = TextPositions.prefix(of: line, utf16Offset: cursor.character)
        let end = TextPositions.width(before)
        func item(_ label: String, detail: String, kind: Int, replacing typed: Substring) -> LSPAny {
            let start = end - TextPositions.width(typed)
            return ["label": .string(label), "detail": .string(detail), "kind": .int(kind),
                    "textEdit": ["range": DiagnosticConversion.range(cursor.line, start, end), "newText": .string(label)]]
        }
        var items: [LSPAny] = []
        func headings(of page: Page?, typed: Substring) {
            for heading in page?.headings ?? [] {
                items.append(item(heading.id, detail: heading.text, kind: 18, replacing: typed))
            }
        }
        if inFrontMatter(context.lines, line: cursor.line), audienceValue(context.lines, line: cursor.line, before: before) {
            let typed = before.reversed().prefix { !" ,[-:".contains($0) }
            let word = before.suffix(typed.count)
            for audience in analysis.site.config.audiences {
                items.append(item(audience, detail: "audience", kind: 12, replacing: word))
            }
        } else if let typed = openCitationKey(before) {
            for source in analysis.sources.sources {
                let detail = [source.title ?? "", source.status?.rawValue ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")
                items.append(item(source.id, detail: detail, kind: 18, replacing: typed))
            }
        } else if let typed = after(before, opener: "[[", closers: ["]]", "|"]) {
            if let hash = typed.firstIndex(of: "#") {
                let name = typed[..<hash]
                headings(of: name.isEmpty ? context.page : wikiPage(String(name), in: analysis.site), typed: typed[typed.index(after: hash)...])
            } else {
                for page in analysis.site.pages where page.relativePath != context.page?.relativePath {
                    items.append(item(Self.withoutExtension(page.relativePath), detail: page.title, kind: 17, replacing: typed))
                }
            }
        } else if let typed = after(before, opener: "](", closers: [")", " "]) {
            if let hash = typed.firstIndex(of: "#") {
                let path = typed[..<hash]
                let target = path.isEmpty ? context.page : context.page.flatMap { linkedPage(String(path), from: $0, in: analysis.site) }
                headings(of: target, typed: typed[typed.index(after: hash)...])
            } else {
                for page in analysis.site.pages where page.relativePath != context.page?.relativePath {
                    let label = context.page.map { Self.relative(page.relativePath, from: $0.relativePath) } ?? page.relativePath
                    items.append(item(label, detail: page.title, kind: 17, replacing: typed))
                }
            }
        }
        return ["isIncomplete": false, "items": .array(items)]
    }

    /// The key typed so far after `[@` (or `; @` inside a citation's brackets); nil elsewhere.
    func openCitationKey(_ before: Substring) -> Substring? {
        guard let at = before.lastIndex(of: "@"), let open = before.lastIndex(of: "["), open < at,
              !before[open...].contains("]") else { return nil }
        let typed = before[before.index(after: at)...]
        let previous = at > open ? before[before.index(before: at)] : "["
        guard "[ -;".contains(previous), !typed.contains(where: { $0.isWhitespace || ";,]".contains($0) }) else { return nil }
        return typed
    }

    /// What was typed after the last `opener` on the line, when no closer followed it.
    func after(_ before: Substring, opener: String, closers: [String]) -> Substring? {
        guard let range = before.range(of: opener, options: .backwards) else { return nil }
        let typed = before[range.upperBound...]
        return closers.contains { typed.contains($0) } ? nil : typed
    }

    func inFrontMatter(_ lines: [Substring], line: Int) -> Bool {
        guard line > 0, lines.first?.trimmingCharacters(in: .whitespacesAndNewlines) == "---" else { return false }
        return !lines[1..<line].contains { $0.trimmingCharacters(in: .whitespacesAndNewlines) == "---" }
    }

    /// Whether the cursor is at an audience name: `audience: ` or `audience: [a, ` or a list
    /// item (`- `) under `audience:`.
    func audienceValue(_ lines: [Substring], line: Int, before: Substring) -> Bool {
        let trimmed = before.drop { $0 == " " }
        if trimmed.hasPrefix("audience:") { return true }
        guard trimmed.hasPrefix("-") else { return false }
        var index = line - 1
        while index > 0, lines[index].drop(while: { $0 == " " }).hasPrefix("-") { index -= 1 }
        return index > 0 && lines[index].hasPrefix("audience:")
    }

    // MARK: Hover and definition

    /// What the cursor is on: a citation (its source) or a link (its target).
    enum Target {
        case citation(Source)
        case link(LinkOccurrence)
        /// A mention of a glossary term (a page with `term:`), by its term or one of its
        /// `also_known_as` names.
        case term(Page)
    }

    func target(at cursor: Cursor) -> (Target, Analysis)? {
        guard let context = context(cursor.uri), cursor.line < context.lines.count,
              let analysis = context.workspace?.analysis, let page = context.page else { return nil }
        let line = context.lines[cursor.line]
        let column = TextPositions.column(atUTF16: cursor.character, in: line)
        let characters = Array(line)
        for (item, location) in analysis.links.citations[page.index] where location.line == cursor.line + 1 {
            if column >= location.column, column <= location.column + item.key.count,
               let index = analysis.sources.byID[item.key] {
                return (.citation(analysis.sources.sources[index]), analysis)
            }
        }
        for link in analysis.links.occurrences[page.index] where link.location.line == cursor.line + 1 {
            // The link runs from its start to the end of its destination and bracket.
            guard let at = DiagnosticConversion.find(link.raw, in: characters, from: link.location.column - 1) else { continue }
            if column >= link.location.column, column <= at + link.raw.count + 1 { return (.link(link), analysis) }
        }
        // A glossary term written in the prose: a whole-word, case-insensitive match.
        let lower = characters.map { Character($0.lowercased()) }
        for term in analysis.site.pages where term.frontMatter.term != nil && term.index != page.index {
            for name in [term.frontMatter.term!] + term.frontMatter.alsoKnownAs where !name.isEmpty {
                let needle = name.lowercased()
                var from = 0
                while let at = DiagnosticConversion.find(needle, in: lower, from: from) {
                    let end = at + needle.count
                    let whole = (at == 0 || !lower[at - 1].isLetter && !lower[at - 1].isNumber)
                        && (end == lower.count || !lower[end].isLetter && !lower[end].isNumber)
                    if whole, column - 1 >= at, column - 1 < end { return (.term(term), analysis) }
                    from = at + 1
                }
            }
        }
        return nil
    }

    func hover(at cursor: Cursor) -> LSPAny {
        guard let (target, analysis) = target(at: cursor) else { return .null }
        var text: String
        switch target {
        case .citation(let source):
            text = "**\(source.title ?? source.id)** (`@\(source.id)`)"
            var facts: [String] = []
            if let status = source.status { facts.append("status: \(status.rawValue)") }
            if let review = source.reviewBy { facts.append("review by: \(review)") }
            if !facts.isEmpty { text += "\n\n" + facts.joined(separator: " · ") }
            for excerpt in source.excerpts { text += "\n\n> " + excerpt.replacingOccurrences(of: "\n", with: "\n> ") }
        case .link(let link):
            switch link.target {
            case .page(let index, let fragment):
                let page = analysis.site.pages[index]
                text = "**\(page.title)**"
                if let fragment, let heading = page.headings.first(where: { $0.id == fragment }) { text += " › " + heading.text }
                if !page.summary.isEmpty { text += "\n\n" + page.summary }
                text += "\n\n`\(page.relativePath)`"
            case .section(let path, _): text = "**\(analysis.site.sections[path]?.title ?? path)** (section `\(path)/`)"
            case .asset(let path, _): text = "file `\(path)`"
            case .external(let url): text = url
            case .broken(_, let message, let notes): text = ([message] + notes).joined(separator: "\n\n")
            }
        case .term(let page):
            text = "**\(page.frontMatter.term ?? page.title)**"
            if !page.summary.isEmpty { text += "\n\n" + page.summary }
            text += "\n\n`\(page.relativePath)`"
        }
        return ["contents": ["kind": "markdown", "value": .string(text)]]
    }

    func definition(at cursor: Cursor) -> LSPAny {
        guard let (target, analysis) = target(at: cursor) else { return .null }
        func location(_ file: String, line: Int) -> LSPAny {
            let path = file.hasPrefix("/") ? file : analysis.site.displayRoot + "/" + file
            return ["uri": .string(Self.uri(ofPath: path)), "range": DiagnosticConversion.range(max(line, 1) - 1, 0, 0)]
        }
        switch target {
        case .citation(let source):
            return location(source.location.file, line: source.location.line)
        case .link(let link):
            guard case .page(let index, let fragment) = link.target else { return .null }
            let page = analysis.site.pages[index]
            let heading = fragment.flatMap { fragment in page.headings.first { $0.id == fragment } }
            return location(page.file, line: heading?.location.line ?? 1)
        case .term(let page):
            return location(page.file, line: 1)
        }
    }

    // MARK: Code actions

    func codeActions(uri: String, params: LSPAny) -> LSPAny {
        guard let path = Self.path(ofURI: uri), let (workspace, _) = workspace(containing: path) else { return [] }
        flush(workspace)
        let first = params["range"]?["start"]?["line"]?.int ?? 0
        let last = params["range"]?["end"]?["line"]?.int ?? Int.max
        var actions: [LSPAny] = []
        for fix in workspace.fixes(for: uri) where fix.line >= first && fix.line <= last {
            actions.append([
                "title": .string("Replace with '\(fix.newText)'"),
                "kind": "quickfix",
                "isPreferred": true,
                "diagnostics": [fix.diagnostic],
                "edit": ["changes": .object([uri: [["range": fix.range, "newText": .string(fix.newText)]]])],
            ])
        }
        return .array(actions)
    }

    // MARK: Paths

    /// A page named in a wiki link: by path, else by title, term or alias.
    func wikiPage(_ name: String, in site: Site) -> Page? {
        let key = name.lowercased()
        if let index = site.pageByPath[key + ".md"] ?? site.pageByPath[key] ?? site.pageByWikiKey[key]?.first { return site.pages[index] }
        return nil
    }

    /// The page a link destination written in `page` names.
    func linkedPage(_ destination: String, from page: Page, in site: Site) -> Page? {
        let decoded = destination.removingPercentEncoding ?? destination
        var parts = decoded.hasPrefix("/") ? [] : page.relativePath.split(separator: "/").dropLast().map(String.init)
        for part in decoded.split(separator: "/") {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else if part != "." { parts.append(String(part)) }
        }
        let key = parts.joined(separator: "/").lowercased()
        if let index = site.pageByPath[key] ?? site.pageByPath[key + ".md"] ?? site.pageByPath[key + "/_index.md"] { return site.pages[index] }
        return nil
    }

    /// A content path as a link from the page at `from` writes it.
    static func relative(_ path: String, from: String) -> String {
        let here = from.split(separator: "/").dropLast().map(String.init)
        let there = path.split(separator: "/").map(String.init)
        var common = 0
        while common < here.count, common < there.count - 1, here[common] == there[common] { common += 1 }
        return (Array(repeating: "..", count: here.count - common) + there[common...]).joined(separator: "/")
    }

    static func withoutExtension(_ path: String) -> String {
        for ext in [".md", ".markdown"] where path.lowercased().hasSuffix(ext) { return String(path.dropLast(ext.count)) }
        return path
    }
}
