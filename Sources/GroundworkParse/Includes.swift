import Foundation
import GroundworkDiagnostics
import GroundworkModel
import Markdown

/// Where a page's includes are looked up (issue 17 item 3). Set by the loader from the
/// project it found: an mdBook book, a MkDocs project, or a plain folder.
public struct IncludeSettings: Sendable {
    /// The content folder (pages' `relativePath` is below it).
    public var root: URL
    /// How diagnostics name the content folder.
    public var displayRoot: String
    /// The folder a snippet may not leave (pymdownx restricts snippets to their base paths):
    /// the MkDocs project (beside `mkdocs.yml`), the book's root (beside `book.toml`), else the
    /// content folder. mdBook's `{{#include}}` reads any path, as mdBook does (books include
    /// `../listings/...` from `src/`, or examples elsewhere in their repository).
    public var projectRoot: URL
    /// `pymdownx.snippets` `base_path` entries, relative to `projectRoot` (MkDocs runs from
    /// there, and its default is `.`). Nil when none is configured (or no mkdocs.yml): then snippets are also looked
    /// up beside the page and in the content folder.
    public var snippetBasePaths: [String]?
    /// A Hugo site's pages: their shortcodes are read (HugoShortcodes.swift) and mdBook's and
    /// MkDocs' include syntaxes, which Hugo does not have, are left as text.
    public var hugoShortcodes = false
    /// A folder of docs (no site.yaml): `+++` TOML front matter is read (TOMLFrontMatter.swift).
    public var tomlFrontMatter = false

    public init(root: URL, displayRoot: String, projectRoot: URL? = nil, snippetBasePaths: [String]? = nil) {
        self.root = root.standardizedFileURL
        self.displayRoot = displayRoot
        self.projectRoot = (projectRoot ?? root).standardizedFileURL
        self.snippetBasePaths = snippetBasePaths
    }
}

/// Where each line of an expanded page came from, so that a diagnostic about included text
/// names the included file's own line and column (`remap`).
public struct IncludeMap: Sendable, Equatable {
    /// From `column` on (1-based, in the expanded line), the text is `file`'s line `line`,
    /// and its column there is the expanded column minus `shift`.
    public struct Segment: Sendable, Equatable {
        public var column: Int
        public var file: String
        public var line: Int
        public var shift: Int

        package init(column: Int, file: String, line: Int, shift: Int) {
            self.column = column
            self.file = file
            self.line = line
            self.shift = shift
        }
    }

    /// One entry per expanded line (index = line - 1), its segments by rising column.
    public var lines: [[Segment]]

    package init(lines: [[Segment]]) { self.lines = lines }

    /// The file, line and column `line:column` of the expanded text came from; nil for lines
    /// the map does not cover.
    public func origin(line: Int, column: Int) -> (file: String, line: Int, column: Int)? {
        guard line >= 1, line <= lines.count else { return nil }
        let segments = lines[line - 1]
        guard var chosen = segments.first else { return nil }
        for segment in segments where segment.column <= column { chosen = segment }
        return (chosen.file, chosen.line, max(1, column - chosen.shift))
    }
}

/// A file a page included, with the bytes it had: `serve` parses the page again when they
/// change.
public struct IncludedFile: Sendable, Equatable {
    public var path: String
    /// Nil: the file was missing (creating it must parse the page again).
    public var bytes: [UInt8]?
}

/// Expands mdBook's `{{#include file}}` (with `:anchor` and line ranges, also
/// `{{#rustdoc_include}}` and `{{#playground}}`) and MkDocs' `pymdownx.snippets`
/// (`--8<-- "file"`, line ranges, `[start:name]` sections, the block form) before the page
/// is parsed, as both tools do. Both syntaxes are always on: neither can be meant literally
/// (mdBook's escape `\{{#include}}` and snippets' `;--8<--` are honoured), and a directive
/// left in a page would publish its text.
package struct IncludeExpander {
    /// mdBook stops at 10 levels; so does Groundwork (a cycle is reported before that).
    static let maxDepth = 10
    /// Includes one page may expand in all: ten files each including the next ten times
    /// would otherwise expand to 10^10 copies without any cycle.
    static let maxIncludes = 2_000
    var includeCount = 0

    let settings: IncludeSettings
    package var bag = DiagnosticBag()
    var included: [String: [UInt8]?] = [:]

    typealias Line = (text: String, segments: [IncludeMap.Segment])

    package init(settings: IncludeSettings) { self.settings = settings }

    /// Whether `text` may hold a directive (the common case, a page without any, costs one scan).
    package static func mayInclude(_ text: String) -> Bool {
        // `--8<--` is exactly where the bytes `-8<-` are; `{{` is looked for with memchr:
        // this runs over every page, and a byte-by-byte loop was 3 % of a `check` (issue 21).
        if ByteSearch.contains(text, "-8<-") { return true }
        var text = text
        return text.withUTF8 { u in
            guard let base = u.baseAddress else { return false }
            let n = u.count
            var i = 0
            while i + 2 < n, let hit = memchr(base + i, Int32(UInt8(ascii: "{")), n - 2 - i) {
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if u[i + 1] == UInt8(ascii: "{") {
                    // mdBook allows white space before the `#`: `{{ #include x }}`.
                    var j = i + 2
                    while j < n, u[j] == UInt8(ascii: " ") || u[j] == UInt8(ascii: "\t") { j += 1 }
                    if j < n, u[j] == UInt8(ascii: "#") { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// The body of the page `relativePath` (displayed as `file`) with every include expanded,
    /// and the map of where each line came from; nil when it has no include.
    package mutating func expandPage(_ body: String, relativePath: String, file: String) -> (String, IncludeMap)? {
        guard Self.mayInclude(body) else { return nil }
        let url = settings.root.appendingPathComponent(relativePath).standardizedFileURL
        let source = splitLines(body)
        let lines = expand(source, file: file, url: url, stack: [url.path], depth: 0)
        // Braces that were no directive (a Mustache example) leave the page as it was.
        let changed = lines.count != source.count || zip(lines, source).contains { $0.text != $1 }
        guard changed || !bag.items.isEmpty || !included.isEmpty else { return nil }
        return (lines.map(\.text).joined(separator: "\n"), IncludeMap(lines: lines.map(\.segments)))
    }

    /// The files read, by absolute path.
    package var includedFiles: [IncludedFile] {
        included.keys.sorted().map { IncludedFile(path: $0, bytes: included[$0]!) }
    }

    // MARK: Lines

    func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousCR { lines.append(current); current = "" }
                previousCR = false
            } else if scalar == "\r" {
                lines.append(current); current = ""
                previousCR = true
            } else {
                current.unicodeScalars.append(scalar)
                previousCR = false
            }
        }
        lines.append(current)
        return lines
    }

    /// `lines` of `file` (its own line numbers from `firstLine`), expanded.
    mutating func expand(_ lines: [String], file: String, url: URL, stack: [String], depth: Int, firstLine: Int = 1,
                         numbers: [Int]? = nil) -> [Line] {
        var out: [Line] = []
        var index = 0
        while index < lines.count {
            let text = lines[index]
            let lineNumber = numbers?[index] ?? firstLine + index
            let own = [IncludeMap.Segment(column: 1, file: file, line: lineNumber, shift: 0)]
            // MkDocs snippets: a line that is only a marker.
            if let snippet = Snippets.parseLine(text) {
                switch snippet {
                case .escaped(let unescaped):
                    out.append((unescaped, own))
                case .single(let indent, let path, let column):
                    out += includeSnippet(path, indent: indent, file: file, line: lineNumber, column: column, url: url,
                                          stack: stack, depth: depth) ?? [(text, own)]
                case .blockStart(let indent):
                    // The block form: file names one per line up to the closing marker.
                    var end = index + 1
                    var names: [(String, Int, Int)] = []
                    while end < lines.count {
                        if case .blockStart = Snippets.parseLine(lines[end]) { break }
                        let name = lines[end].trimmingCharacters(in: .whitespaces)
                        if !name.isEmpty && !name.hasPrefix(";") {
                            let column = lines[end].prefix { $0 == " " || $0 == "\t" }.count + 1
                            names.append((Snippets.unquote(name), numbers?[end] ?? firstLine + end, column))
                        }
                        end += 1
                    }
                    for (name, line, column) in names {
                        out += includeSnippet(name, indent: indent, file: file, line: line, column: column, url: url,
                                              stack: stack, depth: depth) ?? []
                    }
                    index = end + 1
                    continue
                }
                index += 1
                continue
            }
            // mdBook: directives anywhere in the line.
            if text.contains("{{") {
                out += expandBookLine(text, file: file, line: lineNumber, url: url, stack: stack, depth: depth)
            } else {
                out.append((text, own))
            }
            index += 1
        }
        return out
    }

    // MARK: mdBook

    mutating func expandBookLine(_ text: String, file: String, line: Int, url: URL, stack: [String], depth: Int) -> [Line] {
        let chars = Array(text)
        var out: [Line] = []
        var current = ""
        var currentSegments = [IncludeMap.Segment(column: 1, file: file, line: line, shift: 0)]
        var i = 0
        var literalStart = 0  // where the text copied as is started (its column in the source is i + 1)
        func flushLiteral(upTo end: Int) {
            if end > literalStart { current += String(chars[literalStart..<end]) }
        }
        while i < chars.count {
            guard chars[i] == "{", i + 2 < chars.count, chars[i + 1] == "{" else { i += 1; continue }
            var hash = i + 2
            while hash < chars.count, chars[hash] == " " || chars[hash] == "\t" { hash += 1 }
            guard hash < chars.count, chars[hash] == "#" else { i += 1; continue }
            let directiveStart = i
            guard let close = Self.closingBraces(in: chars, from: hash + 1) else { break }
            let inner = String(chars[(hash + 1)..<close])
            let name = String(inner.prefix { !$0.isWhitespace })
            // The path is the first word: `{{#playground file.rs editable}}` adds attributes.
            let argument = String(inner.dropFirst(name.count).trimmingCharacters(in: .whitespaces).prefix { !$0.isWhitespace })
            // `{{#include}}` without a file is prose about the directive; mdBook leaves it too.
            guard ["include", "rustdoc_include", "playground"].contains(name), !argument.isEmpty else { i = close + 2; continue }
            if directiveStart > 0, chars[directiveStart - 1] == "\\" {
                // `\{{#include x}}` is mdBook's escape: the directive's text, without the backslash.
                flushLiteral(upTo: directiveStart - 1)
                literalStart = directiveStart
                // The dropped backslash moves what follows one column left.
                currentSegments.append(.init(column: current.count + 1, file: file, line: line, shift: current.count - directiveStart))
                i = close + 2
                continue
            }
            let column = directiveStart + 1
            guard let lines = includeBook(argument, file: file, line: line, column: column, url: url, stack: stack, depth: depth)
            else { i = close + 2; continue }  // reported; the directive stays in the text
            flushLiteral(upTo: directiveStart)
            for (offset, included) in lines.enumerated() {
                if offset > 0 {
                    out.append((current, currentSegments))
                    current = ""
                    currentSegments = []
                }
                let prefix = current.count
                for segment in included.segments {
                    currentSegments.append(.init(column: segment.column + prefix, file: segment.file, line: segment.line,
                                                 shift: segment.shift + prefix))
                }
                current += included.text
            }
            // The rest of the line: the source column after the directive.
            let after = close + 2
            currentSegments.append(.init(column: current.count + 1, file: file, line: line, shift: current.count - after))
            literalStart = after
            i = after
        }
        flushLiteral(upTo: chars.count)
        if currentSegments.isEmpty { currentSegments = [.init(column: 1, file: file, line: line, shift: 0)] }
        out.append((current, currentSegments))
        return out
    }

    /// Where `}}` next starts at or after `start`.
    static func closingBraces(in chars: [Character], from start: Int) -> Int? {
        var i = start
        while i + 1 < chars.count {
            if chars[i] == "}" && chars[i + 1] == "}" { return i }
            i += 1
        }
        return nil
    }

    /// `{{#include path[:anchor | :start[:end]]}}`: the included lines, expanded; nil when
    /// reported.
    mutating func includeBook(_ argument: String, file: String, line: Int, column: Int, url: URL, stack: [String],
                              depth: Int) -> [Line]? {
        let path: String, selector: String
        if let colon = argument.firstIndex(of: ":") {
            path = String(argument[..<colon])
            selector = String(argument[argument.index(after: colon)...])
        } else {
            path = argument
            selector = ""
        }
        guard !path.isEmpty else {
            bag.add(.includeMissing, file: file, line: line, column: column, "include names no file")
            return nil
        }
        let target = url.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
        // mdBook reads any path (books include `../../examples/...` from their repository).
        guard let (lines, shown) = read(target, named: path, file: file, line: line, column: column, stack: stack, depth: depth,
                                        restricted: false)
        else { return nil }
        // Anchor markers are dropped from every include, as mdBook does.
        let numbered = lines.enumerated().map { (number: $0.offset + 1, text: $0.element) }
        var chosen: [(number: Int, text: String)]
        if selector.isEmpty {
            chosen = numbered
        } else if selector.allSatisfy({ $0.isNumber || $0 == ":" }) {
            let parts = selector.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            let start = max(1, parts[0] ?? 1)
            let end: Int
            if parts.count == 1 { end = parts[0] ?? lines.count } else { end = parts[1] ?? lines.count }
            chosen = start <= min(end, lines.count) ? Array(numbered[(start - 1)..<min(end, lines.count)]) : []
        } else {
            let span = Self.lines(in: numbered, named: selector) { text in
                Self.anchorMarker(text).map { (start: $0.0 == "ANCHOR", name: $0.1) }
            }
            guard let span else {
                bag.add(.includeMissing, file: file, line: line, column: column, "anchor '\(selector)' not found in '\(path)'",
                        notes: ["mark the lines with 'ANCHOR: \(selector)' and 'ANCHOR_END: \(selector)'"])
                return nil
            }
            chosen = span
        }
        chosen = chosen.filter { Self.anchorMarker($0.text) == nil }
        return expand(chosen.map(\.text), file: shown, url: target, stack: stack + [target.path], depth: depth + 1,
                      numbers: chosen.map(\.number))
    }

    /// The lines between the start and end markers named `name` (mdBook `ANCHOR:` /
    /// `ANCHOR_END:`, snippets `[start:name]` / `[end:name]`; a name may open and close
    /// several spans, all kept), or nil when no start marker names it. `marker` reads a line
    /// as a marker — whether it starts a span, and its name; marker lines are never kept.
    static func lines(in numbered: [(number: Int, text: String)], named name: String,
                      marker: (String) -> (start: Bool, name: String)?) -> [(number: Int, text: String)]? {
        var inside = false, found = false
        var chosen: [(number: Int, text: String)] = []
        for entry in numbered {
            if let marker = marker(entry.text) {
                if marker.name == name { inside = marker.start; found = found || marker.start }
                continue
            }
            if inside { chosen.append(entry) }
        }
        return found ? chosen : nil
    }

    /// `ANCHOR: name` or `ANCHOR_END: name` in a line (anywhere: after a comment sign).
    static func anchorMarker(_ text: String) -> (String, String)? {
        guard text.contains("ANCHOR") else { return nil }
        for kind in ["ANCHOR_END", "ANCHOR"] {
            guard let range = text.range(of: kind + ":") else { continue }
            let name = text[range.upperBound...].drop { $0 == " " || $0 == "\t" }
                .prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            if !name.isEmpty { return (kind, String(name)) }
        }
        return nil
    }

    // MARK: Snippets

    /// `--8<-- "path[:start[:end] | :section]"`: the included lines, indented like the marker;
    /// nil when reported.
    mutating func includeSnippet(_ spec: String, indent: String, file: String, line: Int, column: Int, url: URL, stack: [String],
                                 depth: Int) -> [Line]? {
        let lower = spec.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            // MkDocs fetches these when `url_download` is on; Groundwork never fetches while building.
            bag.add(.includeMissing, file: file, line: line, column: column, "snippet '\(spec)' is a URL; Groundwork does not download snippets")
            return nil
        }
        let (path, start, end, section) = Snippets.split(spec)
        // Where MkDocs looks: each base path, relative to the project (where mkdocs.yml is).
        var bases = (settings.snippetBasePaths ?? ["."]).map { settings.projectRoot.appendingPathComponent($0) }
        if settings.snippetBasePaths == nil { bases += [settings.root, url.deletingLastPathComponent()] }
        let candidates = bases.map { $0.appendingPathComponent(path).standardizedFileURL }
        let target = candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
        guard let (lines, shown) = read(target, named: path, file: file, line: line, column: column, stack: stack, depth: depth)
        else { return nil }
        let numbered = lines.enumerated().map { (number: $0.offset + 1, text: $0.element) }
        var chosen: [(number: Int, text: String)]
        if let section {
            guard let span = Self.lines(in: numbered, named: section, marker: Snippets.sectionMarker) else {
                bag.add(.includeMissing, file: file, line: line, column: column, "section '\(section)' not found in '\(path)'",
                        notes: ["mark the lines with '--8<-- [start:\(section)]' and '--8<-- [end:\(section)]'"])
                return nil
            }
            chosen = span
        } else {
            let first = max(1, start ?? 1), last = min(end ?? lines.count, lines.count)
            chosen = first <= last ? Array(numbered[(first - 1)..<last]) : []
        }
        chosen = chosen.filter { Snippets.sectionMarker($0.text) == nil }
        let expanded = expand(chosen.map(\.text), file: shown, url: target, stack: stack + [target.path], depth: depth + 1,
                              numbers: chosen.map(\.number))
        guard !indent.isEmpty else { return expanded }
        let width = indent.count
        return expanded.map { line in
            (indent + line.text, line.segments.map { .init(column: $0.column + width, file: $0.file, line: $0.line, shift: $0.shift + width) })
        }
    }

    // MARK: Files

    /// The lines of the file at `target`, and how diagnostics name it; nil (reported at the
    /// directive) when it is missing, outside the project, not text, or already being included.
    mutating func read(_ target: URL, named path: String, file: String, line: Int, column: Int, stack: [String],
                       depth: Int, restricted: Bool = true) -> ([String], String)? {
        let projectPath = settings.projectRoot.path
        guard !restricted || target.path == projectPath || target.path.hasPrefix(projectPath.hasSuffix("/") ? projectPath : projectPath + "/") else {
            bag.add(.includeMissing, file: file, line: line, column: column, "included file '\(path)' is outside the project folder")
            return nil
        }
        if stack.contains(target.path) {
            bag.add(.includeCycle, file: file, line: line, column: column,
                    "'\(path)' is already being included here (an include cycle)",
                    notes: ["included through: " + stack.map { displayPath($0) }.joined(separator: " → ")])
            return nil
        }
        guard depth < Self.maxDepth else {
            bag.add(.includeCycle, file: file, line: line, column: column, "includes nest more than \(Self.maxDepth) levels deep")
            return nil
        }
        includeCount += 1
        guard includeCount <= Self.maxIncludes else {
            if includeCount == Self.maxIncludes + 1 {
                bag.add(.includeCycle, file: file, line: line, column: column,
                        "the page expands more than \(Self.maxIncludes) includes; the rest are not expanded")
            }
            return nil
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: target.path) else {
            included[target.path] = .some(nil)
            bag.add(.includeMissing, file: file, line: line, column: column, "included file '\(path)' not found",
                    notes: ["looked for '\(displayPath(target.path))'"])
            return nil
        }
        let bytes = [UInt8](data)
        included[target.path] = bytes
        guard case .text(let text) = TextDecoding.decode(bytes) else {
            bag.add(.includeMissing, file: file, line: line, column: column, "included file '\(path)' is not UTF-8 text")
            return nil
        }
        var lines = splitLines(text)
        // A final line ending ends the last line; it does not open an empty one.
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return (lines, displayPath(target.path))
    }

    /// An absolute path as diagnostics name it: below the content folder as the user named
    /// that, `..` for what is beside it (`book/src` + `../listings/a.rs` → `book/listings/a.rs`).
    func displayPath(_ absolute: String) -> String {
        let rootParts = settings.root.pathComponents
        let parts = URL(fileURLWithPath: absolute).standardizedFileURL.pathComponents
        var common = 0
        while common < rootParts.count, common < parts.count, rootParts[common] == parts[common] { common += 1 }
        var shown = settings.displayRoot == "." ? [] : settings.displayRoot.split(separator: "/").map(String.init)
        for _ in common..<rootParts.count {
            if let last = shown.last, last != ".." { shown.removeLast() } else { shown.append("..") }
        }
        shown += parts[common...]
        let joined = shown.joined(separator: "/")
        return settings.displayRoot.hasPrefix("/") && !joined.hasPrefix("..") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}

/// pymdownx.snippets' line syntax.
package enum Snippets {
    enum LineKind: Equatable {
        /// `;--8<-- ...`: the line itself, one `;` fewer.
        case escaped(String)
        /// `--8<-- "file"` (`column`: where the file name starts, for diagnostics).
        case single(indent: String, path: String, column: Int)
        /// A line holding only `--8<--`: opens (or closes) the block form.
        case blockStart(indent: String)
    }

    /// What a line is, when it is a snippet marker (`-{1,}8<-{1,}`, optionally `;`-escaped).
    static func parseLine(_ text: String) -> LineKind? {
        guard text.contains("8<-") else { return nil }
        let chars = Array(text)
        var i = 0
        while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
        let indent = String(chars[0..<i])
        var semicolons = 0
        while i < chars.count, chars[i] == ";" { semicolons += 1; i += 1 }
        let markerStart = i
        var dashes = 0
        while i < chars.count, chars[i] == "-" { dashes += 1; i += 1 }
        guard dashes >= 1, i + 1 < chars.count, chars[i] == "8", chars[i + 1] == "<" else { return nil }
        i += 2
        var after = 0
        while i < chars.count, chars[i] == "-" { after += 1; i += 1 }
        guard after >= 1 else { return nil }
        let rest = String(chars[i...])
        let trimmed = rest.trimmingCharacters(in: .whitespaces)
        let isBlock = rest.isEmpty
        let isSingle = !trimmed.isEmpty && rest.first.map { $0 == " " || $0 == "\t" } == true
            && (trimmed.count >= 2 && ((trimmed.first == "\"" && trimmed.last == "\"") || (trimmed.first == "'" && trimmed.last == "'")))
        guard isBlock || isSingle else { return nil }
        if semicolons > 0 {
            var unescaped = chars
            unescaped.remove(at: markerStart - 1)
            return .escaped(String(unescaped))
        }
        if isBlock { return .blockStart(indent: indent) }
        let column = i + (rest.count - rest.drop { $0 == " " || $0 == "\t" }.count) + 1
        return .single(indent: indent, path: unquote(trimmed), column: column)
    }

    static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// `file`, `file:start`, `file:start:end`, `file::end`, `file:section` (as pymdownx reads them).
    package static func split(_ spec: String) -> (path: String, start: Int?, end: Int?, section: String?) {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        // A trailing `:name` is a section; trailing `:digits` (one or two) a range.
        if parts.count >= 2, let last = parts.last, let first = last.first, first.isLetter,
           last.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            return (parts.dropLast().joined(separator: ":"), nil, nil, last)
        }
        func number(_ text: String) -> Int?? { text.isEmpty ? .some(nil) : (Int(text).map { .some($0) } ?? nil) }
        if parts.count >= 3, let a = number(parts[parts.count - 2]), let b = number(parts[parts.count - 1]) {
            return (parts.dropLast(2).joined(separator: ":"), a, b, nil)
        }
        if parts.count >= 2, let a = number(parts[parts.count - 1]) {
            return (parts.dropLast().joined(separator: ":"), a, nil, nil)
        }
        return (spec, nil, nil, nil)
    }

    /// `--8<-- [start:name]` / `--8<-- [end:name]` anywhere in a line.
    static func sectionMarker(_ text: String) -> (start: Bool, name: String)? {
        guard text.contains("8<-"), let open = text.range(of: "[") else { return nil }
        let before = text[..<open.lowerBound].trimmingCharacters(in: .whitespaces)
        guard before.hasSuffix("8<--") || before.hasSuffix("8<-") else { return nil }
        guard let close = text[open.upperBound...].firstIndex(of: "]") else { return nil }
        let inner = text[open.upperBound..<close].replacingOccurrences(of: " ", with: "")
        for kind in ["start", "end"] where inner.lowercased().hasPrefix(kind + ":") {
            let name = String(inner.dropFirst(kind.count + 1))
            if !name.isEmpty { return (kind == "start", name) }
        }
        return nil
    }
}
