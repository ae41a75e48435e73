import GroundworkDiagnostics

/// Hugo's shortcodes in a Hugo site's pages (issue 17). Hugo replaces every call before the
/// Markdown is read, inside code blocks too, so the same is done here, on the page's text:
///
/// - `{{</* name */>}}` and `{{%/* name */%}}` (escaped) are shown as written without the
///   comment markers, as Hugo shows them.
/// - Hugo's built-ins Groundwork can do are done: `ref`/`relref` become the path they name
///   (a link to it is then checked like any link), `highlight` a fenced code block, `figure`
///   an image with its caption, `details` a `<details>` element around its Markdown.
/// - Any other shortcode is a template Groundwork cannot run. Its call is shown as code; the
///   content of a paired `{{< >}}` call (passed raw to the template) as a code block, never
///   read as Markdown (TOML's `[[menus.main]]` is no wiki link); the content of a paired
///   `{{% %}}` call (Markdown) is read as Markdown. Each such shortcode name is reported once
///   per page (`shortcode.unrendered`), so nothing disappears silently.
/// - A call in a link's destination (`[x]({{% eturl y %}})`) is left as written: the link
///   cannot be checked (`LinkResolver` skips such destinations) and the warning says so.
///
/// The text changes, so the result comes with an `IncludeMap` that maps each line and column
/// back to the page's own: diagnostics about the page name the line the writer wrote.
package enum HugoShortcodes {
    /// One call as written.
    package struct Tag: Equatable {
        /// `<` (content raw) or `%` (content Markdown).
        package var percent: Bool
        /// Without the leading `/` of a closing tag.
        package var name: String
        package var isClosing: Bool
        package var isSelfClosing: Bool
        /// Positional arguments, quotes removed.
        package var positional: [String]
        /// `key=value` arguments, quotes removed.
        package var named: [String: String]
        /// Character offsets of the call in the text: `{{` ..< after `}}`.
        package var range: Range<Int>
        /// The call was `{{</* ... */>}}`: shown literally.
        package var escaped: Bool
        /// Offsets of what an escaped call shows between `{{<` and `>}}`.
        package var escapedInner: Range<Int>?
    }

    /// A call that does not end (`{{< name` and no `>}}`), at its offset.
    package struct Unclosed: Equatable {
        package var offset: Int
        package var percent: Bool
    }

    /// Every call in `text`, in order, and the calls that never end. Linear in the text.
    package static func scan(_ text: [Character]) -> (tags: [Tag], unclosed: [Unclosed]) {
        var tags: [Tag] = []
        var unclosed: [Unclosed] = []
        let n = text.count
        var i = 0
        func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r\n" || c == "\r" }
        while i + 2 < n {
            guard text[i] == "{", text[i + 1] == "{" else { i += 1; continue }
            var j = i + 2
            while j < n, text[j] == " " || text[j] == "\t" { j += 1 }
            guard j < n, text[j] == "<" || text[j] == "%" else { i += 1; continue }
            let percent = text[j] == "%"
            let closer: Character = percent ? "%" : ">"
            j += 1
            var k = j
            while k < n, isSpace(text[k]) { k += 1 }
            // Escaped: `{{</* ... */>}}`.
            if k + 1 < n, text[k] == "/", text[k + 1] == "*" {
                var m = k + 2
                var found: Range<Int>?
                while m + 1 < n {
                    if text[m] == "*", text[m + 1] == "/" {
                        var e = m + 2
                        while e < n, isSpace(text[e]) { e += 1 }
                        if e + 2 < n, text[e] == closer, text[e + 1] == "}", text[e + 2] == "}" { found = m..<(e + 3); break }
                    }
                    m += 1
                }
                if let found {
                    tags.append(Tag(percent: percent, name: "", isClosing: false, isSelfClosing: false, positional: [], named: [:],
                                    range: i..<found.upperBound, escaped: true, escapedInner: (k + 2)..<found.lowerBound))
                    i = found.upperBound
                } else {
                    unclosed.append(Unclosed(offset: i, percent: percent))
                    i = k + 2
                }
                continue
            }
            // The name: `/` for a closing tag, then up to a space or the closer.
            var isClosing = false
            if k < n, text[k] == "/" { isClosing = true; k += 1; while k < n, isSpace(text[k]) { k += 1 } }
            let nameStart = k
            while k < n, !isSpace(text[k]), text[k] != closer, !(text[k] == "/" && k + 1 < n && text[k + 1] == closer),
                  text[k] != "}", text[k] != "{" { k += 1 }
            let name = String(text[nameStart..<k])
            // The arguments, up to `>}}` / `%}}` outside quotes.
            var args: [String] = []
            var current = ""
            var hasCurrent = false
            var end: Int?
            var selfClosing = false
            while k < n {
                let c = text[k]
                if c == closer, k + 2 < n, text[k + 1] == "}", text[k + 2] == "}" { end = k + 3; break }
                if c == "/", k + 3 < n, text[k + 1] == closer, text[k + 2] == "}", text[k + 3] == "}" { selfClosing = true; end = k + 4; break }
                if c == "\"" || c == "`" {
                    // A quoted argument; `\"` inside "..." is a quote.
                    var m = k + 1
                    while m < n, text[m] != c {
                        if c == "\"", text[m] == "\\", m + 1 < n { m += 1 }
                        current.append(text[m]); m += 1
                    }
                    hasCurrent = true
                    k = m + 1
                    continue
                }
                if isSpace(c) {
                    if hasCurrent { args.append(current); current = ""; hasCurrent = false }
                } else {
                    current.append(c); hasCurrent = true
                }
                k += 1
            }
            if hasCurrent { args.append(current) }
            guard let end, !name.isEmpty else {
                // `{{<` with no name or no end: Hugo refuses the page; here it stays text.
                unclosed.append(Unclosed(offset: i, percent: percent))
                i = j
                continue
            }
            var positional: [String] = []
            var named: [String: String] = [:]
            for arg in args {
                if let eq = arg.firstIndex(of: "="), eq != arg.startIndex {
                    named[String(arg[..<eq])] = String(arg[arg.index(after: eq)...])
                } else {
                    positional.append(arg)
                }
            }
            tags.append(Tag(percent: percent, name: name, isClosing: isClosing, isSelfClosing: selfClosing, positional: positional,
                            named: named, range: i..<end, escaped: false, escapedInner: nil))
            i = end
        }
        return (tags, unclosed)
    }

    /// For each opening tag (by index in `tags`), the index of its closing tag. A closing tag
    /// closes the nearest open tag of its name; the ones between are standalone calls.
    /// Closing tags that close nothing are returned as `stray`.
    package static func pairs(_ tags: [Tag]) -> (closing: [Int: Int], stray: [Int]) {
        var stack: [Int] = []
        var closing: [Int: Int] = [:]
        var stray: [Int] = []
        for (index, tag) in tags.enumerated() where !tag.escaped {
            if tag.isClosing {
                if let open = stack.lastIndex(where: { tags[$0].name == tag.name && tags[$0].percent == tag.percent }) {
                    closing[stack[open]] = index
                    stack.removeSubrange(open...)
                } else {
                    stray.append(index)
                }
            } else if !tag.isSelfClosing {
                stack.append(index)
            }
        }
        return (closing, stray)
    }

    /// The page's text with its shortcodes replaced, the map back to the page's positions,
    /// and the warnings. Nil when the text has no shortcode (nothing changes).
    package static func expand(_ body: String, file: String) -> (text: String, map: IncludeMap, diagnostics: [Diagnostic])? {
        var refs: Set<String> = []
        return expand(body, file: file, refPaths: &refs)
    }

    /// `expand`, also collecting the paths `ref`/`relref` calls became: Hugo's `ref` fails the
    /// build on a missing page whatever the site's link render hook does, so a link made from
    /// one stays an error in a site with a hook (`LinkChecks.BrokenLinks`).
    package static func expand(_ body: String, file: String, refPaths: inout Set<String>) -> (text: String, map: IncludeMap, diagnostics: [Diagnostic])? {
        guard body.contains("{{") else { return nil }
        let text = Array(body)
        let (tags, unclosed) = scan(text)
        guard !tags.isEmpty || !unclosed.isEmpty else { return nil }
        var writer = Writer(source: text, file: file)
        var bag = DiagnosticBag()
        let (closing, stray) = pairs(tags)
        let strays = Set(stray)
        // One warning per shortcode name per page, at its first use, with the number of uses.
        var unrendered: [String: (offset: Int, count: Int, inLink: Bool)] = [:]
        var order: [String] = []
        func unrun(_ tag: Tag, inLink: Bool = false) {
            let key = tag.name
            if var entry = unrendered[key] {
                entry.count += 1
                entry.inLink = entry.inLink || inLink
                unrendered[key] = entry
            } else {
                unrendered[key] = (tag.range.lowerBound, 1, inLink)
                order.append(key)
            }
        }
        // Closing tags reached in the loop, and what they become: the end of a `details`
        // element, or (a `%` call whose Markdown content is read) the call shown as code.
        var closesDetails: Set<Int> = []
        var index = 0
        var copied = 0
        while index < tags.count {
            let tag = tags[index]
            writer.copy(copied..<tag.range.lowerBound)
            copied = tag.range.upperBound
            defer { index += 1 }
            if tag.escaped {
                writer.insert(tag.percent ? "{{%" : "{{<", at: tag.range.lowerBound)
                writer.copy(tag.escapedInner!)
                writer.insert(tag.percent ? "%}}" : ">}}", at: tag.escapedInner!.upperBound)
                continue
            }
            if strays.contains(index) {
                writer.codeSpan(tag.range)
                bag.add(.shortcodeUnrendered, at: writer.location(tag.range.lowerBound),
                        "closing shortcode '\(tag.name)' has no opening call; shown as written")
                continue
            }
            if tag.isClosing {
                if closesDetails.contains(index) {
                    writer.newLine(at: tag.range.lowerBound)
                    writer.insert("</details>", at: tag.range.lowerBound)
                } else {
                    writer.codeSpan(tag.range)
                }
                continue
            }
            let name = tag.name.lowercased()
            if isInLinkDestination(text, at: tag.range.lowerBound) && name != "ref" && name != "relref" {
                // The link's destination is what the template prints: left as written.
                writer.copy(tag.range)
                unrun(tag, inLink: true)
                continue
            }
            let closeIndex = closing[index]
            let close = closeIndex.map { tags[$0] }
            let block = close.map { isBlock(text, tag.range) && isBlock(text, $0.range) } ?? false
            switch name {
            case "ref" where close == nil, "relref" where close == nil:
                let path = tag.positional.first ?? tag.named["path"] ?? ""
                refPaths.insert(path)
                writer.insert(path.contains(" ") ? "<\(path)>" : path, at: tag.range.lowerBound)
                continue
            case "highlight" where block:
                let inner = tag.range.upperBound..<close!.range.lowerBound
                let fence = String(repeating: "~", count: max(3, longestRun(of: "~", in: text[inner]) + 1))
                writer.insert(fence + (tag.positional.first ?? tag.named["lang"] ?? ""), at: tag.range.lowerBound)
                writer.copyRaw(inner, tags: tags)
                writer.insert(fence, at: close!.range.lowerBound)
                copied = close!.range.upperBound
                index = closeIndex!
                continue
            case "highlight" where close != nil:
                // Inline (`hl_inline=true`, or written within a line): a code span.
                writer.codeSpan(tag.range.upperBound..<close!.range.lowerBound)
                copied = close!.range.upperBound
                index = closeIndex!
                continue
            case "figure" where close == nil:
                let src = tag.named["src"] ?? ""
                var image = "![\(escapedBrackets(tag.named["alt"] ?? ""))](\(src.contains(" ") ? "<\(src)>" : src))"
                if let link = tag.named["link"], !link.isEmpty { image = "[\(image)](\(link))" }
                writer.insert(image, at: tag.range.lowerBound)
                for key in ["title", "caption"] {
                    if let words = tag.named[key], !words.isEmpty {
                        // A line of its own in the same paragraph, read as Markdown as in Hugo.
                        writer.insert("\\", at: tag.range.lowerBound)
                        writer.newLine(at: tag.range.lowerBound)
                        writer.insert(words, at: tag.range.lowerBound)
                    }
                }
                continue
            case "details" where block:
                // HTML blocks end at a blank line: one after the opening element, one before
                // the closing, so the content between is read as Markdown (Hugo renders it).
                let summary = htmlEscaped(tag.named["summary"] ?? "Details")
                let open = tag.named["open"] == "true"
                writer.insert("<details\(open ? " open" : "")><summary>\(summary)</summary>", at: tag.range.lowerBound)
                writer.newLine(at: tag.range.upperBound)
                closesDetails.insert(closeIndex!)
                continue
            default:
                break
            }
            unrun(tag)
            if let close, let closeIndex, !tag.percent {
                // Content passed raw to the template: shown as a code block, never read as Markdown.
                let inner = tag.range.upperBound..<close.range.lowerBound
                if block {
                    let fence = String(repeating: "~", count: max(3, longestRun(of: "~", in: text[inner]) + 1))
                    writer.codeSpan(tag.range)
                    writer.newLine(at: tag.range.upperBound)
                    writer.insert(fence + "text", at: tag.range.upperBound)
                    writer.copyRaw(inner, tags: tags)
                    writer.insert(fence, at: close.range.lowerBound)
                    writer.newLine(at: close.range.lowerBound)
                    writer.codeSpan(close.range)
                } else {
                    writer.codeSpan(tag.range.lowerBound..<close.range.upperBound)
                }
                copied = close.range.upperBound
                index = closeIndex
                continue
            }
            // A standalone call, or the opening of a `%` call whose content (Markdown) is read
            // as the loop goes on; its closing tag is shown as code where it is.
            writer.codeSpan(tag.range)
        }
        writer.copy(copied..<text.count)
        for offset in unclosed.map(\.offset) {
            bag.add(.shortcodeUnrendered, at: writer.location(offset),
                    "shortcode call is not closed with '>}}' or '%}}'; shown as written")
        }
        for key in order {
            let entry = unrendered[key]!
            let uses = entry.count == 1 ? "" : " (\(entry.count) uses on this page)"
            bag.add(.shortcodeUnrendered, at: writer.location(entry.offset),
                    "shortcode '\(key)' is not run by Groundwork; shown as written\(uses)",
                    notes: entry.inLink ? ["a link whose destination is a shortcode is not checked"] : [])
        }
        return (writer.text, IncludeMap(lines: writer.segments), bag.items)
    }

    /// Only spaces between the line's start and the call, and between the call and the line's end.
    static func isBlock(_ text: [Character], _ range: Range<Int>) -> Bool {
        var i = range.lowerBound - 1
        while i >= 0, text[i] == " " || text[i] == "\t" { i -= 1 }
        guard i < 0 || isNewline(text[i]) else { return false }
        var j = range.upperBound
        while j < text.count, text[j] == " " || text[j] == "\t" { j += 1 }
        return j == text.count || isNewline(text[j])
    }

    static func isNewline(_ c: Character) -> Bool { c == "\n" || c == "\r\n" || c == "\r" }

    /// The call is a link's destination: right after `](`, `](<` or a reference definition's `]: `.
    static func isInLinkDestination(_ text: [Character], at offset: Int) -> Bool {
        var i = offset - 1
        if i >= 0, text[i] == "<" { i -= 1 }
        if i >= 1, text[i] == "(", text[i - 1] == "]" { return true }
        while i >= 0, text[i] == " " || text[i] == "\t" { i -= 1 }
        return i >= 1 && text[i] == ":" && text[i - 1] == "]"
    }

    static func longestRun(of c: Character, in text: ArraySlice<Character>) -> Int {
        var best = 0, run = 0
        for x in text { if x == c { run += 1; best = max(best, run) } else { run = 0 } }
        return best
    }

    static func escapedBrackets(_ s: String) -> String {
        s.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
    }

    static func htmlEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Writes the new text line by line, with each line's segments saying where its columns
    /// came from in the page.
    struct Writer {
        let source: [Character]
        let file: String
        /// Offsets where the page's lines start.
        let lineStarts: [Int]
        var lines: [String] = [""]
        var columns = 0
        var segments: [[IncludeMap.Segment]] = [[]]

        init(source: [Character], file: String) {
            self.source = source
            self.file = file
            var starts = [0]
            for (i, c) in source.enumerated() where HugoShortcodes.isNewline(c) { starts.append(i + 1) }
            lineStarts = starts
        }

        var text: String { lines.joined(separator: "\n") }

        /// The page's line and column of `offset` (1-based).
        func position(_ offset: Int) -> (line: Int, column: Int) {
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
            }
            return (low + 1, offset - lineStarts[low] + 1)
        }

        func location(_ offset: Int) -> Location {
            let (line, column) = position(offset)
            return Location(file: file, line: line, column: column)
        }

        /// What is written next comes from `offset`.
        mutating func mark(_ offset: Int) {
            let (line, column) = position(offset)
            let segment = IncludeMap.Segment(column: columns + 1, file: file, line: line, shift: columns + 1 - column)
            if let last = segments[segments.count - 1].last, last.column == columns + 1 {
                segments[segments.count - 1][segments[segments.count - 1].count - 1] = segment
            } else {
                segments[segments.count - 1].append(segment)
            }
        }

        mutating func copy(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            mark(range.lowerBound)
            for offset in range {
                let c = source[offset]
                if HugoShortcodes.isNewline(c) {
                    lines.append(""); segments.append([]); columns = 0
                    mark(offset + 1)
                } else {
                    lines[lines.count - 1].append(c)
                    columns += 1
                }
            }
        }

        /// Raw content: copied, with escaped calls shown without their comment markers.
        mutating func copyRaw(_ range: Range<Int>, tags: [Tag]) {
            var from = range.lowerBound
            for tag in tags where tag.escaped && range.contains(tag.range.lowerBound) && tag.range.upperBound <= range.upperBound {
                copy(from..<tag.range.lowerBound)
                insert(tag.percent ? "{{%" : "{{<", at: tag.range.lowerBound)
                copy(tag.escapedInner!)
                insert(tag.percent ? "%}}" : ">}}", at: tag.escapedInner!.upperBound)
                from = tag.range.upperBound
            }
            copy(from..<range.upperBound)
        }

        /// Writes `string`, made by Groundwork from the call at `offset`. It can hold line
        /// breaks that came from the call's own text (a quoted `ref` path or `summary` that
        /// spans lines): each starts a new line mapped to the call's line, so that every line
        /// of the new text maps back to the page.
        mutating func insert(_ string: String, at offset: Int) {
            mark(offset)
            for (i, part) in string.split(omittingEmptySubsequences: false, whereSeparator: HugoShortcodes.isNewline).enumerated() {
                if i > 0 {
                    lines.append(""); segments.append([]); columns = 0
                    mark(offset)
                }
                lines[lines.count - 1] += part
                columns += part.count
            }
        }

        /// A new line, indented like the page's line holding `offset` (so it stays in a list item).
        mutating func newLine(at offset: Int) {
            let start = lineStarts[position(offset).line - 1]
            var indent = ""
            var i = start
            while i < source.count, source[i] == " " || source[i] == "\t" { indent.append(source[i]); i += 1 }
            lines.append(""); segments.append([]); columns = 0
            insert(indent, at: start)
        }

        /// The text of `range` as a code span: as many backticks as it needs.
        mutating func codeSpan(_ range: Range<Int>) {
            let fence = String(repeating: "`", count: HugoShortcodes.longestRun(of: "`", in: source[range]) + 1)
            let pad = source[range].first == "`" || source[range].last == "`" ? " " : ""
            insert(fence + pad, at: range.lowerBound)
            copy(range)
            insert(pad + fence, at: range.upperBound)
        }
    }
}
