import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import HTMLSanitizer
import Markdown

/// Renders one page's Markdown tree to HTML, resolving links to output URLs, numbering
/// citations and linking glossary terms. One instance per page: it carries the page's
/// running state (heading counter, citation numbers, terms already linked).
struct PageBodyRenderer {
    /// The resolver's site (the callers pass the same site to both): read through the resolver,
    /// not stored again, since a second copy retained and released every field of the `Site`,
    /// objects that all render threads share, once per page (issue 21, perfarc7).
    package var site: Site { _read { yield resolver.site } }
    package let page: Page
    package let resolver: LinkResolver
    package var citations: CitationNumbering
    package var glossary: GlossaryLinker
    private var headingCounter = 0
    /// Definition terms rendered so far (their ids are `page.definitionTermIDs`, in order).
    private var termCounter = 0
    /// The page's footnotes, numbered as they are referenced (the resolver recorded the ids
    /// this produces with the same numbering: `FootnoteNumbering.ids(in:)`).
    private var footnotes: FootnoteNumbering
    /// How many footnotes a footnotes section has shown already.
    private var footnotesRendered = 0
    /// Raw HTML elements left open, innermost last, each with the depth of the container
    /// being rendered that opened it: the sanitizer closes them only with an end tag in the
    /// same container, and the container closes what remains at its end
    /// (`RawHTML.containers` walks the same containers). One list for the page, not one per
    /// container: most pages open none, and ~40 containers a page each pushed and popped an
    /// empty array (issue 21, perfbody5).
    private var rawOpen: [(depth: Int, name: String)] = []
    /// How many containers (`render(_:[Block]…)`, `renderInlines`) are being rendered.
    private var containerDepth = 0

    /// Prefixed to footnote ids, so that several cards on one print sheet keep them unique.
    package var idPrefix = ""
    /// Whether `render(_:)` ends with the footnotes section; a card rendering its blocks one
    /// at a time asks for it once, at the end (`renderFootnotes()`).
    package var footnotesAtEnd = true
    /// Folded callouts (`> [!tip]-`, `??? note`) written open. A battle card is printed and read
    /// aloud before a call: a printed `<details>` that is closed shows only its title, so on a
    /// card nothing may stay folded.
    package var unfoldCallouts = false
    /// The targets the link graph recorded for this page's links, taken instead of resolving
    /// each link again; none (every link resolved) unless the caller sets them.
    package var recorded = RecordedLinks.none

    /// `site` must be `resolver.site` (what `site` reads).
    package init(site: Site, page: Page, resolver: LinkResolver, citations: CitationNumbering, glossary: GlossaryLinker) {
        self.page = page
        self.resolver = resolver
        self.citations = citations
        self.glossary = glossary
        // The page's definitions, also when a card renders its blocks one at a time.
        self.footnotes = FootnoteNumbering(document: page.document)
    }

    package mutating func render(_ document: Document) -> String {
        String(decoding: renderBytes(document), as: UTF8.self)
    }

    /// `render`'s HTML as UTF-8 bytes: a page's body goes into its template as bytes
    /// (`TemplateValue.utf8`), not validated and copied into a `String` (issue 21, perfbytes).
    @inline(never)  // one call a page; kept apart so that profiles show the body as one function
    package mutating func renderBytes(_ document: Document) -> [UInt8] {
        var out = HTMLBuffer(capacity: 16384)
        render(document.blocks, into: &out, tight: false)
        if footnotesAtEnd { renderFootnotes(into: &out) }
        return out.takeBytes()
    }

    /// The footnotes section for what has been rendered so far, when a caller renders a
    /// page's blocks one at a time (a card); empty when nothing referenced a footnote.
    package mutating func renderFootnotes() -> String {
        var out = HTMLBuffer()
        renderFootnotes(into: &out)
        return out.string
    }

    /// The footnotes section, GitHub's shape: one item per referenced footnote in the order
    /// of first reference, each with a back-link per reference. A footnote referenced only
    /// from another footnote is numbered when that one is rendered (the loop sees it).
    private mutating func renderFootnotes(into out: inout HTMLBuffer) {
        guard footnotesRendered < footnotes.order.count else { return }
        out += "<section class=\"footnotes\" data-footnotes aria-label=\"Footnotes\">\n<ol>\n"
        var index = footnotesRendered
        defer { footnotesRendered = footnotes.order.count }
        while index < footnotes.order.count {
            let key = footnotes.order[index]
            let number = index + 1
            index += 1
            guard let definition = footnotes.definitions[key] else { continue }
            var bodyHTML = HTMLBuffer()
            render(definition.blocks, into: &bodyHTML, tight: false)
            var body = bodyHTML.string
            var backlinks = ""
            for n in 1...max(footnotes.referenceCounts[key] ?? 1, 1) {
                let id = idPrefix + FootnoteNumbering.referenceID(number, count: n)
                let label = n == 1 ? "Back to reference \(number)" : "Back to reference \(number)-\(n)"
                backlinks += " <a href=\"#\(id)\" class=\"footnote-backref\" data-footnote-backref aria-label=\"\(label)\">↩\(n == 1 ? "" : "<sup>\(n)</sup>")</a>"
            }
            if body.hasSuffix("</p>\n") {
                body.removeLast(5)
                body += backlinks + "</p>\n"
            } else {
                body += "<p>" + backlinks.dropFirst() + "</p>\n"
            }
            out += "<li id=\"\(idPrefix)\(FootnoteNumbering.noteID(number))\">\n" + body + "</li>\n"
        }
        out += "</ol>\n</section>\n"
    }

    // MARK: Blocks

    private mutating func render(_ blocks: [Block], into out: inout HTMLBuffer, tight: Bool) {
        containerDepth += 1
        for block in blocks { render(block, into: &out, tight: tight) }
        closeRawHTML(into: &out)
    }

    /// Closes the raw HTML elements the container being finished left open, and leaves it.
    @inline(__always)
    private mutating func closeRawHTML(into out: inout HTMLBuffer) {
        while let last = rawOpen.last, last.depth == containerDepth {
            out += "</\(last.name)>"
            rawOpen.removeLast()
        }
        containerDepth -= 1
    }

    private mutating func render(_ block: Block, into out: inout HTMLBuffer, tight: Bool) {
        switch block {
        case .paragraph(let p):
            if tight, p.attributes == nil {
                renderInlines(p.inlines, into: &out, linkable: true)
                out += "\n"
            } else {
                Self.openTag("<p", plain: "<p>", attributes: p.attributes, into: &out)
                renderInlines(p.inlines, into: &out, linkable: true)
                out += "</p>\n"
            }
        case .heading(let h):
            let info = headingCounter < page.headings.count ? page.headings[headingCounter] : nil
            headingCounter += 1
            let level = min(max(h.level, 1), 6)
            out += Self.headingOpen[level]
            if let id = info?.id {
                out += " id=\""
                HTML.escape(id, into: &out)
                out += "\""
                if let attributes = h.attributes { Self.appendAttributes(attributes, withID: false, into: &out) }
                out += ">"
                renderInlines(h.inlines, into: &out, linkable: false)
                out += " <a class=\"heading-anchor\" href=\"#"
                out.appendEncodedFragment(id)
                out += "\" aria-label=\"Link to this section\" data-pagefind-ignore>#</a>"
            } else {
                if let attributes = h.attributes { Self.appendAttributes(attributes, withID: false, into: &out) }
                out += ">"
                renderInlines(h.inlines, into: &out, linkable: false)
            }
            out += Self.headingClose[level]
        case .blockQuote(let quote):
            if let kind = quote.callout {
                // Every dialect (GitHub, Obsidian, MkDocs, Docusaurus) renders alike; a
                // collapsible one is a <details> whose summary is the title.
                let name = kind.rawValue.lowercased()
                var titleHTML = HTMLBuffer()
                if let written = quote.header?.title { renderInlines(written, into: &titleHTML, linkable: false) }
                var title = titleHTML.string
                if title.isEmpty, quote.header?.title == nil || quote.header?.fold != nil {
                    title = HTML.escape(quote.header?.defaultTitle ?? kind.title)
                }
                if let fold = quote.header?.fold {
                    out += "<details class=\"callout callout-\(name)\"\(fold == .open || unfoldCallouts ? " open" : "")>\n<summary class=\"callout-title\">\(title)</summary>\n"
                    render(quote.blocks, into: &out, tight: false)
                    out += "</details>\n"
                } else {
                    out += "<div class=\"callout callout-\(name)\" role=\"note\">\n"
                    if !title.isEmpty { out += "<p class=\"callout-title\">\(title)</p>\n" }
                    render(quote.blocks, into: &out, tight: false)
                    out += "</div>\n"
                }
            } else {
                out += "<blockquote>\n"
                render(quote.blocks, into: &out, tight: false)
                out += "</blockquote>\n"
            }
        case .list(let list):
            if list.ordered {
                out += list.start == 1 ? "<ol>\n" : "<ol start=\"\(list.start)\">\n"
            } else {
                out += "<ul>\n"
            }
            for item in list.items {
                if let checked = item.task {
                    // GitHub's task list shape; the box shows the state and cannot be changed.
                    // In a loose list it goes inside the item's first paragraph. A form control
                    // needs an accessible name (axe `label`), so it says its state in words.
                    let box = checked ? "<input type=\"checkbox\" checked disabled aria-label=\"Done\">"
                        : "<input type=\"checkbox\" disabled aria-label=\"Not done\">"
                    var innerHTML = HTMLBuffer()
                    render(item.blocks, into: &innerHTML, tight: list.tight)
                    let inner = innerHTML.string
                    out += "<li\(Self.attributes(item.attributes, classes: ["task-list-item"]))>"
                    if inner.hasPrefix("<p>") { out += "<p>" + box + inner.dropFirst(3) } else { out += box + inner }
                } else {
                    Self.openTag("<li", plain: "<li>", attributes: item.attributes, into: &out)
                    render(item.blocks, into: &out, tight: list.tight)
                }
                if out.endsWithLineFeed { out.removeLast() }
                out += "</li>\n"
            }
            out += list.ordered ? "</ol>\n" : "</ul>\n"
        case .codeBlock(let code):
            let language = code.language
            // An attribute list's id, further classes and allowed pairs go on the `<pre>`.
            let pre = code.attributes.map { written in
                var a = written
                a.classes = code.extraClasses
                return Self.attributes(a)
            } ?? ""
            out += "<pre"
            out += pre
            if language.isEmpty {
                out += "><code>"
            } else {
                out += "><code class=\"language-"
                HTML.escape(language, into: &out)
                out += "\">"
            }
            // Known languages are highlighted at build time (SyntaxHighlighter.swift).
            if !SyntaxHighlighter.highlight(code.literal, language: language, into: &out) {
                HTML.escape(code.literal, into: &out)
            }
            out += "</code></pre>\n"
        case .table(let table):
            // A pipe table in cmark-gfm's layout (one cell per line); a fenced `table` block
            // keeps its rows on one line each, as it always has.
            out += "<div class=\"table-wrap\"><table>\n"
            if let header = table.header {
                out += table.isPipeTable ? "<thead>\n<tr>\n" : "<thead>\n<tr>"
                for (column, cell) in header.cells.enumerated() {
                    renderCell(cell, of: table, column: column, opening: "<th scope=\"col\"", closing: "</th>", into: &out)
                }
                out += "</tr>\n</thead>\n"
            }
            if !table.rows.isEmpty {
                out += "<tbody>\n"
                for row in table.rows {
                    out += table.isPipeTable ? "<tr>\n" : "<tr>"
                    for (column, cell) in row.cells.enumerated() {
                        renderCell(cell, of: table, column: column, opening: "<td", closing: "</td>", into: &out)
                    }
                    out += "</tr>\n"
                }
                out += "</tbody>\n"
            }
            out += "</table></div>\n"
        case .htmlBlock(let html):
            out += site.config.unsafeHTML ? html.literal : sanitized(html.literal)
        case .thematicBreak:
            out += "<hr>\n"
        case .footnoteDefinition:
            // Rendered at the end of the body, in the order of first reference.
            break
        case .definitionList(let list):
            out += "<dl>\n"
            for item in list.items {
                for term in item.terms {
                    // Ids only when the site asks for them (Hugo's autoDefinitionTermID).
                    if termCounter < page.definitionTermIDs.count {
                        out += "<dt id=\""
                        HTML.escape(page.definitionTermIDs[termCounter], into: &out)
                        out += "\">"
                    } else {
                        out += "<dt>"
                    }
                    termCounter += 1
                    renderInlines(term.inlines, into: &out, linkable: true)
                    out += "</dt>\n"
                }
                for definition in item.definitions {
                    out += "<dd>"
                    render(definition.blocks, into: &out, tight: definition.tight)
                    if out.endsWithLineFeed { out.removeLast() }
                    out += "</dd>\n"
                }
            }
            out += "</dl>\n"
        case .tableOfContents:
            out += tableOfContents()
        }
    }

    /// The page's headings as nested lists of links, where a `[TOC]` marker stood. Nothing
    /// when the page has no heading. Left out of the search index, as the heading anchors
    /// are: the headings themselves are indexed where they stand.
    private func tableOfContents() -> String {
        guard !page.headings.isEmpty else { return "" }
        var out = "<nav class=\"toc-inline\" aria-label=\"Contents\" data-pagefind-ignore>\n"
        // The levels of the lists open, innermost last.
        var open: [Int] = []
        for heading in page.headings {
            if open.isEmpty {
                out += "<ul>\n<li>"
                open.append(heading.level)
            } else if heading.level > open[open.count - 1] {
                out += "\n<ul>\n<li>"
                open.append(heading.level)
            } else {
                out += "</li>\n"
                while open.count > 1, heading.level <= open[open.count - 2] {
                    open.removeLast()
                    out += "</ul>\n</li>\n"
                }
                out += "<li>"
            }
            out += "<a href=\"#\(HTML.escape(URLPaths.encodeFragment(heading.id)))\">\(HTML.escape(heading.text))</a>"
        }
        out += "</li>\n"
        while open.count > 1 {
            open.removeLast()
            out += "</ul>\n</li>\n"
        }
        return out + "</ul>\n</nav>\n"
    }

    /// A pipe table column's alignment as a style attribute (`align` is obsolete in HTML5).
    /// One header or body cell: `opening` is its start tag without the `>`, so that the
    /// column's alignment goes in; a pipe table ends each cell's line, as cmark-gfm does.
    private mutating func renderCell(_ cell: Table.Cell, of table: Table, column: Int, opening: StaticString, closing: StaticString,
                                     into out: inout HTMLBuffer) {
        out += opening
        out += alignment(table, column)
        out += ">"
        renderInlines(cell.inlines, into: &out, linkable: true)
        out += closing
        if table.isPipeTable { out += "\n" }
    }

    private func alignment(_ table: Table, _ column: Int) -> StaticString {
        guard column < table.alignments.count else { return "" }
        switch table.alignments[column] {
        case .none: return ""
        case .left: return " style=\"text-align: left\""
        case .center: return " style=\"text-align: center\""
        case .right: return " style=\"text-align: right\""
        }
    }

    // MARK: Inlines

    /// - Parameter linkable: whether glossary terms may be linked here (not in headings or
    ///   inside links).
    private mutating func renderInlines(_ inlines: [Inline], into out: inout HTMLBuffer, linkable: Bool) {
        containerDepth += 1
        renderInlineRun(inlines, into: &out, linkable: linkable)
        closeRawHTML(into: &out)
    }

    private mutating func renderInlineRun(_ inlines: [Inline], into out: inout HTMLBuffer, linkable: Bool) {
        guard linkable else {
            for (i, inline) in inlines.enumerated() { render(inline, attributedBy: inlines, at: i, into: &out, linkable: false) }
            return
        }
        // Text split by soft line breaks is one run for the glossary, so a term wrapped
        // across two source lines is still found ("foundation\nmodel"): a run starts at a
        // text node and takes the text nodes and soft breaks after it. A run of one text node
        // (most) is linked from the node's own string; only a run of several is copied, as
        // bytes, into `joined` (kept between runs).
        var joined: [UInt8] = []
        var i = 0
        let count = inlines.count
        while i < count {
            guard case .text(let text) = inlines[i] else {
                render(inlines[i], attributedBy: inlines, at: i, into: &out, linkable: true)
                i += 1
                continue
            }
            var end = i + 1
            while end < count, Self.continuesRun(inlines[end]) { end += 1 }
            if end == i + 1 {
                glossary.render(text.string, into: &out, pageIndex: page.index, pageURL: page.url)
            } else {
                joined.removeAll(keepingCapacity: true)
                for k in i..<end {
                    if case .text(let piece) = inlines[k] { joined.append(contentsOf: piece.string.utf8) } else { joined.append(UInt8(ascii: "\n")) }
                }
                joined.withUnsafeBufferPointer { glossary.render($0, into: &out, pageIndex: page.index, pageURL: page.url) }
            }
            i = end
        }
    }

    /// Whether `inline` goes on a text run begun before it: a text node or a soft break.
    @inline(__always)
    private static func continuesRun(_ inline: Inline) -> Bool {
        switch inline {
        case .text, .softBreak: return true
        default: return false
        }
    }

    /// Renders `inlines[i]`, with the attribute list that follows it (`**x**{ #id }`) put on
    /// its element: its HTML is written first, then the attributes go after the tag name of
    /// its first tag. An element written as text alone (a refused link) gets a `<span>`.
    private mutating func render(_ inline: Inline, attributedBy inlines: [Inline], at i: Int, into out: inout HTMLBuffer, linkable: Bool) {
        guard i + 1 < inlines.count, case .attributeList(let attributes) = inlines[i + 1] else {
            render(inline, into: &out, linkable: linkable)
            return
        }
        var pieceHTML = HTMLBuffer()
        render(inline, into: &pieceHTML, linkable: linkable)
        var piece = pieceHTML.string
        if attributes.pairs.contains(where: { $0.name == "loading" }), piece.hasPrefix("<img "), piece.hasSuffix(" loading=\"lazy\">") {
            // The writer's `loading` replaces the default one: an attribute may appear once.
            piece = String(piece.dropLast(" loading=\"lazy\">".count)) + ">"
        }
        let written = Self.attributes(attributes)
        if piece.hasPrefix("<"), let nameEnd = piece.firstIndex(where: { $0 == " " || $0 == ">" }) {
            piece.insert(contentsOf: written, at: nameEnd)
            out += piece
        } else {
            out += "<span\(written)>" + piece + "</span>"
        }
    }

    private mutating func render(_ inline: Inline, into out: inout HTMLBuffer, linkable: Bool) {
        switch inline {
        case .text(let text):
            if linkable {
                glossary.render(text.string, into: &out, pageIndex: page.index, pageURL: page.url)
            } else {
                HTML.escape(text.string, into: &out)
            }
        case .softBreak:
            out += "\n"
        case .lineBreak:
            out += "<br>\n"
        case .code(let code):
            out += "<code>"
            HTML.escape(code.literal, into: &out)
            out += "</code>"
        case .html(let html):
            out += site.config.unsafeHTML ? html.literal : sanitized(html.literal)
        case .emphasis(let children):
            out += "<em>"
            renderInlines(children, into: &out, linkable: linkable)
            out += "</em>"
        case .strong(let children):
            out += "<strong>"
            renderInlines(children, into: &out, linkable: linkable)
            out += "</strong>"
        case .link(let link):
            let target = recorded.target(.link, raw: link.destination, at: link.range?.start)
                ?? resolver.resolve(link.destination, from: page)
            glossary.noteExplicitLink(to: target)
            if appendHref(for: target, written: link.destination, after: "<a href=\"", into: &out) {
                if link.title.isEmpty {
                    out += "\">"
                } else {
                    out += "\" title=\""
                    HTML.escape(link.title, into: &out)
                    out += "\">"
                }
                renderInlines(link.children, into: &out, linkable: false)
                out += "</a>"
            } else {
                // A link we refuse to emit (`javascript:`, `data:`) keeps only its text.
                renderInlines(link.children, into: &out, linkable: false)
            }
        case .image(let image):
            let alt = image.children.plainText
            let target = recorded.target(.image, raw: image.destination, at: image.range?.start)
                ?? resolver.resolve(image.destination, from: page, isImage: true)
            if appendHref(for: target, written: image.destination,
                          after: "<img src=\"", into: &out) {
                out += "\" alt=\""
                HTML.escape(alt, into: &out)
                out += "\""
                if !image.title.isEmpty {
                    out += " title=\""
                    HTML.escape(image.title, into: &out)
                    out += "\""
                }
                out += " loading=\"lazy\">"
            } else {
                HTML.escape(alt, into: &out)
            }
        case .citation(let citation):
            citations.render(citation, into: &out)
        case .strikethrough(let children):
            out += "<del>"
            renderInlines(children, into: &out, linkable: linkable)
            out += "</del>"
        case .attributeList:
            // Put on the element before it (render(_:attributedBy:at:)); shows nothing itself.
            break
        case .footnoteReference(let reference):
            let key = reference.key
            guard let (number, count) = footnotes.reference(key) else {
                // No definition (`footnote.missing` reports it): the text as written.
                out += HTML.escape("[^" + reference.label + "]")
                return
            }
            out += "<sup class=\"footnote-ref\"><a href=\"#"
            out += idPrefix
            out += FootnoteNumbering.noteID(number)
            out += "\" id=\""
            out += idPrefix
            out += FootnoteNumbering.referenceID(number, count: count)
            out += "\" data-footnote-ref>"
            out.append(decimal: number)
            out += "</a></sup>"
        case .wikiLink(let wiki) where wiki.isEmbed:
            let target = recorded.target(.wiki, raw: wiki.raw, at: wiki.range?.start) ?? resolver.resolve(wiki: wiki, from: page)
            glossary.noteExplicitLink(to: target)
            renderEmbed(wiki, target: target, into: &out)
        case .wikiLink(let wiki):
            let label = wiki.label ?? wiki.target
            let target = recorded.target(.wiki, raw: wiki.raw, at: wiki.range?.start) ?? resolver.resolve(wiki: wiki, from: page)
            glossary.noteExplicitLink(to: target)
            if case .broken = target {
                // Unresolved (`link.wiki-unresolved` reports it): the text as written.
                out += HTML.escape(wiki.raw)
            } else {
                out.append("<a class=\"wiki-link\" href=\"")
                if case .external(let url) = target { HTML.escape(url, into: &out) } else { appendKnownHref(for: target, into: &out) }
                out += "\">"
                HTML.escape(label.isEmpty ? (wiki.fragment ?? "") : label, into: &out)
                out += "</a>"
            }
        }
    }

    /// A Markdown link's or image's `href`/`src`, escaped for the attribute; nil only for a
    /// scheme that runs code or reads the reader's disk (`javascript:`, `data:`, `file:`).
    ///
    /// Where Groundwork knows the target it writes its output URL (`other.md` becomes
    /// `../other/`); everything else — an external URL, and a link the checks could not
    /// resolve, whatever their severity (`link.broken`, `link.outside` in a folder of docs, a
    /// check switched off) — is written as the writer wrote it, escaped as cmark's renderer
    /// escapes it. Reporting a link is the checker's job: the page never silently loses one.
    @inline(__always)  // (not inlined, each call copied the whole renderer to pass it: ~600 bytes)
    private func attributeHref(for target: LinkTarget, written destination: String) -> String? {
        switch target {
        case .external(let url):
            return HrefEscaping.escape(url)
        case .broken:
            if let scheme = LinkResolver.scheme(of: destination.fastTrimmingWhitespaces),
               LinkResolver.refusedSchemes.contains(scheme) { return nil }
            return HrefEscaping.escape(destination)
        default:
            return href(for: target).map(HTML.escape)
        }
    }

    /// Appends `opening` and `attributeHref(for:written:)` (escaped), written straight into
    /// the body for the targets Groundwork knows rather than joined and escaped as a string
    /// first; false, with nothing appended, for a refused scheme.
    @inline(__always)  // as `attributeHref`
    private func appendHref(for target: LinkTarget, written destination: String, after opening: StaticString,
                            into out: inout HTMLBuffer) -> Bool {
        switch target {
        case .external, .broken:
            guard let href = attributeHref(for: target, written: destination) else { return false }
            out.append(opening)
            out += href
        case .page, .section, .asset:
            out.append(opening)
            appendKnownHref(for: target, into: &out)
        }
        return true
    }

    /// `href(for:)` of a page, section or asset, escaped, written straight into the body: the
    /// relative URL as bytes (`URLPaths.appendRelative`), then the fragment.
    @inline(__always)  // as `attributeHref`
    private func appendKnownHref(for target: LinkTarget, into out: inout HTMLBuffer) {
        func appendFragment(_ fragment: String?) {
            guard let fragment else { return }
            out += "#"
            out.appendEncodedFragment(fragment)
        }
        switch target {
        case .page(let index, let fragment):
            if index != page.index || fragment == nil {
                URLPaths.appendRelative(from: page.url, to: site.pages[index].url, into: &out)
            }
            appendFragment(fragment)
        case .section(let path, _):
            URLPaths.appendRelative(from: page.url, to: site.sections[path]?.url ?? "", into: &out)
        case .asset(let path, let fragment):
            URLPaths.appendRelative(from: page.url, to: path, into: &out)
            appendFragment(fragment)
        case .external, .broken:
            assertionFailure("not a target Groundwork knows: \(target)")
        }
    }

    /// Raw HTML through the allow-list (`HTMLSanitizer`; `html.removed` reports what it
    /// removes). A kept link resolves like a Markdown link: to the URL of what it names, and,
    /// when it names nothing Groundwork can find, stays as the writer wrote it (the link checks
    /// report it at the link; the page never silently loses it). The allow-list has already
    /// removed URLs with schemes that run code.
    private mutating func sanitized(_ html: String) -> String {
        // This container's open elements, outermost first, out of the page's list and back.
        var first = rawOpen.count
        while first > 0, rawOpen[first - 1].depth == containerDepth { first -= 1 }
        var open = rawOpen[first...].map(\.name)
        rawOpen.removeSubrange(first...)
        defer { for name in open { rawOpen.append((containerDepth, name)) } }
        // The closure takes what it reads, not a copy of the whole renderer.
        let resolver = resolver, page = page, site = site
        return HTMLSanitizer.sanitize(html, open: &open) { url, isEmbedded in
            if RawHTML.isDataImage(url) { return url }
            let target = resolver.resolve(url, from: page, isImage: isEmbedded)
            if case .broken = target { return url }
            return Self.href(for: target, from: page, in: site)
        }.html
    }

    /// The output href for a resolved link, relative to this page; nil for broken or
    /// disallowed links (the check stage has reported those).
    func href(for target: LinkTarget) -> String? { Self.href(for: target, from: page, in: site) }

    /// `href(for:)` of a link on `page`.
    static func href(for target: LinkTarget, from page: Page, in site: Site) -> String? {
        switch target {
        case .external(let url):
            return url
        case .page(let index, let fragment):
            let base = index == page.index && fragment != nil ? "" : URLPaths.relative(from: page.url, to: site.pages[index].url)
            return base + (fragment.map { "#" + URLPaths.encodeFragment($0) } ?? "")
        case .section(let path, _):
            return URLPaths.relative(from: page.url, to: site.sections[path]?.url ?? "")
        case .asset(let path, let fragment):
            return URLPaths.relative(from: page.url, to: path) + (fragment.map { "#" + URLPaths.encodeFragment($0) } ?? "")
        case .broken:
            return nil
        }
    }
}

extension CalloutKind {
    /// The callout's visible title.
    package var title: String {
        switch self {
        case .note: return "Note"
        case .tip: return "Tip"
        case .important: return "Important"
        case .warning: return "Warning"
        case .caution: return "Caution"
        case .success: return "Success"
        case .question: return "Question"
        case .example: return "Example"
        case .quote: return "Quote"
        case .neutral: return "Note"
        }
    }
}
