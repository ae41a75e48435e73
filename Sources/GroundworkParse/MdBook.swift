import Foundation
import GroundworkDiagnostics
import GroundworkModel
import Markdown
import TOMLKit

/// What Groundwork reads of an mdBook book (issue 17 item 2): `book.toml`'s title and source
/// folder, and `SUMMARY.md`'s chapters (order, titles, nesting). The rest of book.toml
/// (preprocessors, the HTML renderer's options) is mdBook's business and ignored.
public enum MdBook {
    /// `book.toml`'s settings Groundwork uses.
    public struct Config: Sendable, Equatable {
        /// `[book] title`.
        public var title: String?
        /// `[book] src`, default `src`.
        public var src = "src"
    }

    /// Reads book.toml with TOMLKit; a file it cannot read is `config.invalid` at the position
    /// TOMLKit names (mdBook would refuse it too).
    package static func parseConfig(_ text: String, file: String, bag: inout DiagnosticBag) -> Config {
        var config = Config()
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            bag.add(.configInvalid, file: file, line: error.source.begin.line, column: error.source.begin.column, error.description)
            return config
        } catch {
            bag.add(.configInvalid, file: file, line: 1, column: 1, "\(error)")
            return config
        }
        if let book = table["book"]?.table {
            config.title = book["title"]?.string
            if let src = book["src"]?.string, !src.isEmpty { config.src = src }
        }
        return config
    }

    /// `--content` may name the book (a folder with `book.toml` and no `site.yaml`): the pages
    /// are its `src`. Or it names `src`, with `book.toml` beside it. Returns the folder to
    /// load, as the user would name it, book.toml, and the book's root folder.
    static func project(root: URL, displayRoot: String) -> (URL, String, RawFile?, URL?) {
        let fileManager = FileManager.default
        func read(_ url: URL) -> [UInt8]? { fileManager.contents(atPath: url.path).map { [UInt8]($0) } }
        func src(_ bytes: [UInt8]) -> String {
            var bag = DiagnosticBag()
            return parseConfig(String(decoding: bytes, as: UTF8.self), file: "book.toml", bag: &bag).src
        }
        guard ContentLoader.isFolder(root), !fileManager.fileExists(atPath: root.appendingPathComponent("site.yaml").path) else {
            return (root, displayRoot, nil, nil)
        }
        var display = displayRoot
        while display.count > 1 && display.hasSuffix("/") { display.removeLast() }
        if let bytes = read(root.appendingPathComponent("book.toml")) {
            let dir = src(bytes)
            let pages = root.appendingPathComponent(dir).standardizedFileURL
            let shownTOML = display.isEmpty || display == "." ? "book.toml" : display + "/book.toml"
            guard ContentLoader.isFolder(pages), pages.path != root.standardizedFileURL.path else {
                return (root, displayRoot, RawFile(relativePath: "book.toml", displayPath: shownTOML, bytes: bytes), root.standardizedFileURL)
            }
            let shown = display.isEmpty || display == "." ? dir : display + "/" + dir
            return (pages, shown, RawFile(relativePath: "book.toml", displayPath: shownTOML, bytes: bytes), root.standardizedFileURL)
        }
        let parent = root.standardizedFileURL.deletingLastPathComponent()
        if let bytes = read(parent.appendingPathComponent("book.toml")),
           parent.appendingPathComponent(src(bytes)).standardizedFileURL.path == root.standardizedFileURL.path {
            let shown: String
            if let slash = display.lastIndex(of: "/") { shown = String(display[...slash]) + "book.toml" }
            else { shown = display == "." ? "../book.toml" : "book.toml" }
            return (root, displayRoot, RawFile(relativePath: "book.toml", displayPath: shown, bytes: bytes), parent)
        }
        return (root, displayRoot, nil, nil)
    }

    /// One entry of SUMMARY.md, in reading order.
    public struct Chapter: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// Before the first numbered chapter (a link in a paragraph).
            case prefix
            /// In the list: numbered (`1.2.`), nested.
            case numbered
            /// After the numbered chapters.
            case suffix
            /// `# Part title`: a heading over the chapters that follow.
            case part
            /// `---`.
            case separator
        }

        public var kind: Kind
        public var title: String
        /// The page below the source folder (`ch01/intro.md`); nil for a draft chapter
        /// (`- [Title]()`), a part title or a separator.
        public var path: String?
        /// 0 at the top; one more per nested list.
        public var depth: Int
        /// `1.2.` for numbered chapters (drafts included, as mdBook numbers them).
        public var number: String?
        public var line: Int
        public var column: Int
    }

    /// SUMMARY.md's entries, read from its Markdown tree (libcmark, as every page): the first
    /// `#` heading is the summary's own title; later ones are part titles.
    public static func parseSummary(_ text: String) -> [Chapter] {
        let document = MarkdownParser.parse(text)
        var chapters: [Chapter] = []
        var seenList = false
        var seenTitle = false
        var counter = 0
        for block in document.blocks {
            switch block {
            case .heading(let heading):
                // The summary's title comes first, before any chapter.
                if !seenTitle && chapters.isEmpty { seenTitle = true; continue }
                let start = heading.range?.start
                chapters.append(Chapter(kind: .part, title: heading.inlines.plainText, path: nil, depth: 0, number: nil,
                                        line: start?.line ?? 1, column: start?.column ?? 1))
            case .paragraph(let paragraph):
                for (title, destination, position) in links(in: paragraph.inlines) {
                    chapters.append(chapter(seenList ? .suffix : .prefix, title: title, destination: destination, depth: 0,
                                            number: nil, position: position))
                }
            case .list(let list):
                // Numbering goes on across parts, as mdBook's does.
                seenList = true
                readList(list, depth: 0, prefix: "", counter: &counter, into: &chapters)
            case .thematicBreak(let range):
                chapters.append(Chapter(kind: .separator, title: "", path: nil, depth: 0, number: nil,
                                        line: range?.start.line ?? 1, column: range?.start.column ?? 1))
            default:
                continue
            }
        }
        return chapters
    }

    static func readList(_ list: ListBlock, depth: Int, prefix: String, counter: inout Int, into chapters: inout [Chapter]) {
        for item in list.items {
            var link: (String, String, SourcePosition?)?
            var nested: [ListBlock] = []
            for block in item.blocks {
                switch block {
                case .paragraph(let paragraph): if link == nil { link = links(in: paragraph.inlines).first }
                case .list(let sub): nested.append(sub)
                default: continue
                }
            }
            var number = prefix
            if let (title, destination, position) = link {
                counter += 1
                number = prefix + "\(counter)."
                chapters.append(chapter(.numbered, title: title, destination: destination, depth: depth, number: number, position: position))
            }
            var childCounter = 0
            for sub in nested { readList(sub, depth: depth + 1, prefix: number, counter: &childCounter, into: &chapters) }
        }
    }

    static func chapter(_ kind: Chapter.Kind, title: String, destination: String, depth: Int, number: String?,
                        position: SourcePosition?) -> Chapter {
        var path = destination.removingPercentEncoding ?? destination
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        while path.hasPrefix("./") { path.removeFirst(2) }
        while path.hasPrefix("/") { path.removeFirst() }
        return Chapter(kind: kind, title: title, path: path.isEmpty ? nil : path, depth: depth, number: number,
                       line: position?.line ?? 1, column: position?.column ?? 1)
    }

    /// The links of a paragraph: title, destination, position.
    static func links(in inlines: [Inline]) -> [(String, String, SourcePosition?)] {
        var found: [(String, String, SourcePosition?)] = []
        for inline in inlines {
            if case .link(let link) = inline {
                found.append((link.children.plainText, link.destination, link.range?.start))
            }
        }
        return found
    }
}
