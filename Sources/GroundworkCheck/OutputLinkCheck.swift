import Foundation
import Synchronization
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

/// The rendered site as the output pass reads it.
public struct RenderedOutput: Sendable {
    /// Every output file's path, in writing order (a later file with the same path replaced
    /// an earlier one).
    public var paths: [String]
    /// The HTML files among them, scanned, in the same order.
    public var scanned: [OutputLinkCheck.ScannedOutput]
    /// The XML files (the sitemap).
    public var xmlFiles: [OutputFile]
    /// Files copied as they are: content assets and template assets.
    public var copies: [(from: URL, to: String)]
    public var settings: OutputLinkCheck.Settings

    public init(paths: [String], scanned: [OutputLinkCheck.ScannedOutput], xmlFiles: [OutputFile], copies: [(from: URL, to: String)],
                settings: OutputLinkCheck.Settings) {
        self.paths = paths
        self.scanned = scanned
        self.xmlFiles = xmlFiles
        self.copies = copies
        self.settings = settings
    }
}

/// The output pass: after rendering and before writing, every internal `href`, `src`,
/// `srcset` and `poster` in the generated HTML must name a generated file or a copied asset,
/// and a `#fragment` must name an element id in the target page. A template mistake (or raw
/// HTML in content) cannot ship a broken link.
///
/// Fast by construction: each HTML file is scanned once (in parallel) for both its ids and its
/// links; lookups use a set of output paths and a map of ids per page, built once.
public enum OutputLinkCheck {
    /// `output.broken-link`: the output pass, on the files `build` rendered.
    public struct OutputLinks: Check {
        public var name: String { "output links" }
        public var codes: [DiagnosticCode] { [.outputBrokenLink] }
        public var phase: CheckPhase { .output }

        public init() {}

        public func run(_ context: CheckContext) -> [Diagnostic] {
            guard let output = context.output else { return [] }
            return OutputLinkCheck.check(paths: output.paths, scanned: output.scanned, xmlFiles: output.xmlFiles,
                                         copies: output.copies, settings: output.settings)
        }
    }

    public struct Settings: Sendable {
        /// How diagnostics name the output folder (`_site`).
        public var outputDisplay: String
        /// How notes name the templates folder (`templates`).
        public var templatesDisplay: String
        /// `base_url` from site.yaml: absolute links under it are internal links.
        public var baseURL: String
        /// Output folders written after this pass (the search index): not checked.
        public var ignoredPrefixes: [String]
        /// Destinations of Markdown links and images the content checks could not resolve,
        /// as the pages write them (`passedThrough(_:)`): the page shows such a link as the
        /// writer wrote it, and its diagnostic (or its check switched off) is the content
        /// checks' word, so this pass does not report it a second time.
        public var reportedByContentChecks: Set<String> = []

        public init(outputDisplay: String, templatesDisplay: String = "templates", baseURL: String = "",
                    ignoredPrefixes: [String] = ["pagefind/"]) {
            self.outputDisplay = outputDisplay
            self.templatesDisplay = templatesDisplay
            self.baseURL = baseURL
            self.ignoredPrefixes = ignoredPrefixes
        }
    }

    /// The `reportedByContentChecks` of a site: the destination of every Markdown link and
    /// image whose target the resolver could not find, as a page's attribute holds it once
    /// scanned (escaped as cmark escapes hrefs, character references decoded), and as raw
    /// HTML holds it (as written).
    public static func passedThrough(_ links: LinkGraph) -> Set<String> {
        var result: Set<String> = []
        for occurrence in links.occurrences.joined() where occurrence.kind != .wiki {
            // A Hugo shortcode's output (`{{% eturl x %}}`): kept as written, unchecked (LinkResolver).
            // Asked only of external targets: Foundation's `contains` for every link of the
            // site was 40 % of the output check at 10,000 pages.
            func isShortcode() -> Bool { occurrence.raw.contains("{{%") || occurrence.raw.contains("{{<") }
            if case .broken = occurrence.target {
                result.insert(HTMLScanner.decodeReferences(HrefEscaping.escape(occurrence.raw)))
                result.insert(occurrence.raw)
            } else if case .external = occurrence.target, isShortcode() {
                result.insert(HTMLScanner.decodeReferences(HrefEscaping.escape(occurrence.raw)))
                // A link in raw HTML is kept exactly as written (the sanitizer only escapes it
                // for the attribute), so its value scans back as the raw destination.
                result.insert(occurrence.raw)
            }
        }
        return result
    }

    /// One reference found in a file, as strings: what `ScannedFile.references` makes of its
    /// records (`ReferenceRecord`, which is how the check keeps them) for tests and messages.
    struct Reference: Sendable {
        var attribute: String
        var value: String
        /// Byte offset of the value in the file: diagnostics point at the URL itself.
        var offset: Int
    }

    /// A rendered HTML file as the check needs it: its path, template and scan; its bytes
    /// only to point at a problem (`build` reads them back from the staging folder: it does
    /// not keep every page in memory).
    public struct ScannedOutput: Sendable {
        public var path: String
        public var template: String?
        var scan: ScannedFile
        var bytes: @Sendable () -> [UInt8]
        /// Whether `scan` lacks references that another file of its group recorded
        /// (`SharedReferences`): the file is scanned again if its group has a problem.
        var droppedShared = false

        /// A file in memory.
        public init(_ file: OutputFile) {
            path = file.path
            template = file.template
            scan = file.contents.withUnsafeBytes { OutputLinkCheck.scan($0.bindMemory(to: UInt8.self)) }  // no copy of the page
            bytes = { [UInt8](file.contents) }
        }

        /// A file scanned from its bytes and written at `written`, where they are read again if needed.
        ///
        /// - Parameter shared: when given, references that resolve alike from every file of
        ///   this file's group and that another file of the group already recorded are left
        ///   out of `scan` (issue 21: the site navigation repeats the same few hundred links on
        ///   every page; at 50,000 pages keeping them all was most of the build's memory).
        public init(path: String, template: String?, bytes: UnsafeBufferPointer<UInt8>, writtenAt written: String,
                    shared: SharedReferences? = nil) {
            self.path = path
            self.template = template
            scan = OutputLinkCheck.scan(bytes)
            self.bytes = { readBytes(written) ?? [] }
            scan.dropFineOwnFragments()
            if let shared { droppedShared = shared.dropRecorded(from: &scan, path: path) }
        }

        /// `init(path:template:bytes:writtenAt:shared:)` for a page with kept fragments
        /// spliced into it (`KnownPiece`, in page order): each fragment is scanned once, in
        /// `fragments`, and only the bytes between them here. The same scan as of the whole
        /// page, or the whole page is scanned (`scan(_:pieces:)`).
        public init(path: String, template: String?, bytes: UnsafeBufferPointer<UInt8>, writtenAt written: String,
                    shared: SharedReferences?, pieces: [KnownPiece], fragments: FragmentScans) {
            self.path = path
            self.template = template
            self.bytes = { readBytes(written) ?? [] }
            guard !pieces.isEmpty, let parts = OutputLinkCheck.scan(bytes, pieces: pieces, fragments: fragments) else {
                scan = OutputLinkCheck.scan(bytes)
                scan.dropFineOwnFragments()
                if let shared { droppedShared = shared.dropRecorded(from: &scan, path: path) }
                return
            }
            // Debug builds (the tests) check the pieces against the whole page.
            assert(OutputLinkCheck.sameScan(parts.joined(), OutputLinkCheck.scan(bytes)), "\(path): scanned in pieces differs from the page")
            guard let shared else {
                scan = parts.joined()
                scan.dropFineOwnFragments()
                return
            }
            // As the whole page's scan does (`dropFineOwnFragments`, issue 21): kept for every
            // page until the check, they were 340 MiB of a 50,000-page build.
            (scan, droppedShared) = shared.dropRecorded(parts, path: path, dropFineOwnFragments: true)
        }
    }

    /// The sharable references (`sharable`) each group of files (`group(of:)`) has recorded
    /// so far, filled while pages are rendered on every core.
    ///
    /// Why leaving the others out changes nothing: the check skips a sharable reference that
    /// another file of the group had fine, since it resolves alike from each of them. If the
    /// one recorded is not fine, the check scans the group's files again in full
    /// (`droppedShared`) and reports every occurrence, as without this.
    public final class SharedReferences: Sendable {
        /// By group: the sharable values recorded, and the kept fragments (`FragmentScans`)
        /// whose sharable values all are among them.
        let recorded = Mutex<[String: GroupRecord]>([:])
        let baseURL: String

        struct GroupRecord {
            var values = ValueSet()
            /// `FragmentScan.id`s (never reused in a build).
            var fragments = IDSet()
        }

        /// `baseURL`: site.yaml's `base_url`, as the check is given it.
        public init(baseURL: String) {
            var base = baseURL
            if !base.isEmpty, !base.hasSuffix("/") { base += "/" }
            self.baseURL = base
        }

        /// Removes from `scan` the sharable references its group has recorded, records the
        /// others; true when it removed any.
        func dropRecorded(from scan: inout ScannedFile, path: String) -> Bool {
            let key = OutputLinkCheck.group(of: path)
            let sharable = scan.values.withUnsafeBufferPointer { values in
                scan.records.map { OutputLinkCheck.sharable(values.slice($0), baseURL: baseURL) }
            }
            var keep = Array(repeating: true, count: scan.records.count)
            var dropped = false
            scan.values.withUnsafeBufferPointer { values in
                recorded.withLock { recorded in
                    var group = recorded.removeValue(forKey: key) ?? GroupRecord()
                    for (i, record) in scan.records.enumerated() where sharable[i] {
                        if !group.values.insert(values.slice(record), hash: record.hash, isASCII: record.isASCII) {
                            keep[i] = false
                            dropped = true
                        }
                    }
                    recorded[key] = group
                }
            }
            guard dropped else { return false }
            var kept = ScannedFile()
            kept.ids = scan.ids
            scan.values.withUnsafeBufferPointer { values in
                for (i, record) in scan.records.enumerated() where keep[i] { kept.append(record, value: values.slice(record)) }
            }
            scan = kept
            return true
        }
    }

    /// Files whose folders share a parent (the pages of a section) share most references
    /// (`../other/`, `../../assets/style.css`): the check groups them by that parent.
    static func group(of path: String) -> String {
        // Over the bytes for an ASCII path, where every `/` byte is a `/` `Character`: by
        // `Character`s this was ~7,000 instructions a page, twice (issue 21, callgrind).
        var bytes = path  // a native string is not copied
        let ascii = bytes.withUTF8 { b -> String? in
            guard b.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard let last = b.lastIndex(of: UInt8(ascii: "/")), last > 0 else { return "/" }
            guard let parent = b[..<last].lastIndex(of: UInt8(ascii: "/")) else { return "" }
            return String(decoding: b[..<parent], as: UTF8.self)
        }
        if let ascii { return ascii }
        let folder = folder(of: path)
        return folder.isEmpty ? "/" : Self.folder(of: folder)
    }

    /// The check over files already scanned: `paths` are every output file's path, in
    /// writing order (a later file with the same path replaced an earlier one); `scanned` the
    /// HTML files among them, in the same order.
    public static func check(paths: [String], scanned: [ScannedOutput], xmlFiles: [OutputFile],
                             copies: [(from: URL, to: String)], settings: Settings) -> [Diagnostic] {
        var existing = Set(paths)
        for copy in copies { existing.insert(copy.to) }
        var base = settings.baseURL
        if !base.isEmpty, !base.hasSuffix("/") { base += "/" }

        var idsByPath: [String: ValueSet] = [:]
        for file in scanned { idsByPath[file.path] = file.scan.ids }

        let context = Context(existing: existing, folders: Folders(existing), idsByPath: idsByPath, baseURL: base, settings: settings)
        // Files whose folders share a parent (the pages of a section) share most references
        // (`../other/`, `../../assets/style.css`): one found fine for one of them is fine for
        // all (`sharable`), so each group checks a reference once.
        var groupOf: [String: Int] = [:]
        var groups: [[Int]] = []
        for (index, file) in scanned.enumerated() {
            let key = group(of: file.path)
            if let group = groupOf[key] { groups[group].append(index) } else { groupOf[key] = groups.count; groups.append([index]) }
        }
        var diagnostics = parallelMap(groups) { indices -> [Diagnostic] in
            var fine = ValueSet()
            var found: [Diagnostic] = []
            for index in indices { found += context.check(scanned[index], fine: &fine) }
            // A problem in a group whose files left out references another file recorded
            // (`SharedReferences`): the check again over every file's references, so that
            // each occurrence is reported.
            if !found.isEmpty, indices.contains(where: { scanned[$0].droppedShared }) {
                fine = ValueSet()
                found = []
                for index in indices {
                    var file = scanned[index]
                    if file.droppedShared { file.scan = OutputLinkCheck.scan(file.bytes()) }
                    found += context.check(file, fine: &fine)
                }
            }
            return found
        }.flatMap { $0 }

        for file in xmlFiles {
            diagnostics += context.checkSitemap(file)
        }
        for copy in copies where copy.to.lowercased().hasSuffix(".css") {
            guard let data = FileManager.default.contents(atPath: copy.from.path) else { continue }
            diagnostics += context.checkCSS([UInt8](data), path: copy.to, display: display(copy.from))
        }
        return diagnostics
    }

    /// Output paths by folder, for suggestions: built on the first suggestion (most builds
    /// never need one), once.
    package final class Folders: Sendable {
        private let existing: Set<String>
        private let built = Mutex<[String: [String]]?>(nil)

        package init(_ existing: Set<String>) { self.existing = existing }

        package subscript(folder: String) -> [String]? {
            built.withLock { built in
                if built == nil {
                    var byFolder: [String: [String]] = [:]
                    for path in existing.sorted() {
                        let folder = OutputLinkCheck.folder(of: path)
                        byFolder[folder, default: []].append(path)
                        // `a/b/index.html` is also a neighbour of the files in `a/`: sibling pages.
                        if path.hasSuffix("/index.html") || path == "index.html", !folder.isEmpty {
                            byFolder[OutputLinkCheck.folder(of: folder), default: []].append(path)
                        }
                    }
                    built = byFolder
                }
                return built![folder]
            }
        }
    }

    package static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return name[dot...].lowercased()
    }

    package static func isHTML(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".html") || lower.hasSuffix(".htm")
    }

    /// Ids (and `<a name>`s) declared in a page, and every reference in it.
    static func scan(_ bytes: [UInt8]) -> ScannedFile {
        bytes.withUnsafeBufferPointer { scan($0) }
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> ScannedFile { scanPiece(bytes).scan }

    /// `scan`, and whether the bytes ended outside any markup (`HTMLScanner.scan`'s result):
    /// then what follows them cannot change what they scan to.
    static func scanPiece(_ bytes: UnsafeBufferPointer<UInt8>) -> (scan: ScannedFile, complete: Bool) {
        var scan = ScannedFile()
        let complete = scanPiece(bytes, at: 0, into: &scan)
        return (scan, complete)
    }

    /// The attributes `scanPiece` reads, by their index in `HTMLScanner.linkWanted.names`.
    private static let idName = HTMLScanner.linkWanted.names.firstIndex(of: "id")!
    private static let nameName = HTMLScanner.linkWanted.names.firstIndex(of: "name")!
    private static let srcsetName = HTMLScanner.linkWanted.names.firstIndex(of: "srcset")!

    /// Adds the ids and references of `bytes`, which are the file's bytes from `position` on,
    /// to `scan` (offsets the file's); returns whether the bytes ended outside any markup.
    static func scanPiece(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, into scan: inout ScannedFile) -> Bool {
        let (idName, nameName, srcsetName) = (Self.idName, Self.nameName, Self.srcsetName)  // once, not per attribute
        return HTMLScanner.scanRanges(bytes, wanted: HTMLScanner.linkWanted) { found in
            switch found.name {
            case idName:
                scan.insertID(found, in: bytes)
            case nameName:
                // `<a name>` (the tag lower-cased is `a`: no other name lower-cases to it).
                if found.tagEnd - found.tagStart == 1, bytes[found.tagStart] | 0x20 == UInt8(ascii: "a") {
                    scan.insertID(found, in: bytes)
                }
            case srcsetName:
                // `a.png 1x, b.png 2x`: each candidate's URL is checked, at its own position.
                let value = found.value(in: bytes)
                var searchFrom = value.startIndex
                for candidate in value.split(separator: ",") {
                    var url = candidate.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first.map(String.init) ?? ""
                    guard !url.isEmpty else { continue }
                    var offset = found.valueStart
                    if let range = value.range(of: url, range: searchFrom..<value.endIndex) {
                        offset += value.utf8.distance(from: value.startIndex, to: range.lowerBound)
                        searchFrom = range.upperBound
                    }
                    url.withUTF8 { scan.append(attribute: srcsetName, value: $0, offset: position + offset) }
                }
            default:
                // `href` on <a>, <link>, <area>; `src`, `poster` on media and scripts. A
                // <base> href would change how the others resolve: treat it as a reference too.
                // An ASCII value without character references is its bytes: no string made.
                let raw = UnsafeBufferPointer(rebasing: bytes[found.valueStart..<found.valueEnd])
                if found.hasReference || !scan.appendIfASCII(attribute: found.name, value: raw, offset: position + found.valueStart) {
                    var value = found.value(in: bytes)
                    value.withUTF8 { scan.append(attribute: found.name, value: $0, offset: position + found.valueStart) }
                }
            }
        }
    }

    /// A path as the user would name it: relative to the working folder when inside it.
    /// (`workingDirectory` is the CLI's; without one, the absolute path.)
    package static func display(_ url: URL, relativeTo workingDirectory: URL? = nil) -> String {
        let path = url.standardizedFileURL.path
        guard let cwd = workingDirectory?.standardizedFileURL.path else { return path }
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }

    /// Where a reference leads, below the output folder.
    package enum Resolution: Equatable {
        /// Not checked: external, `mailto:`, `data:`, a search-index file, ...
        case skip
        case target(path: String, fragment: String?)
        case broken(String)
    }

    /// Resolves `value` written in the file at `from` (a path below the output folder).
    package static func resolve(_ value: String, from: String, baseURL: String, ignoredPrefixes: [String]) -> Resolution {
        if let resolution = resolveRelativeASCII(value, from: from, baseURL: baseURL, ignoredPrefixes: ignoredPrefixes) { return resolution }
        return resolveGeneral(value, from: from, baseURL: baseURL, ignoredPrefixes: ignoredPrefixes)
    }

    /// `resolve` for any reference.
    package static func resolveGeneral(_ value: String, from: String, baseURL: String, ignoredPrefixes: [String]) -> Resolution {
        var raw = value.fastTrimmingWhitespacesAndNewlines
        var fromRoot = false
        if !baseURL.isEmpty, raw.hasPrefix(baseURL) {
            raw = String(raw.dropFirst(baseURL.count))
            fromRoot = true
        } else if !baseURL.isEmpty, raw + "/" == baseURL {
            raw = ""
            fromRoot = true
        } else if LinkResolver.scheme(of: raw) != nil || raw.hasPrefix("//") {
            return .skip
        }
        var fragment: String?
        if let hash = raw.firstIndex(of: "#") {
            let text = String(raw[raw.index(after: hash)...])
            fragment = text.fastRemovingPercentEncoding ?? text
            raw = String(raw[..<hash])
        }
        if let question = raw.firstIndex(of: "?") { raw = String(raw[..<question]) }
        if raw.hasPrefix("/") {
            // Site-absolute: fine below base_url's own path (the 404 page, served at any depth,
            // needs that); anything else only works at one particular address.
            var basePath = URLComponents(string: baseURL)?.path ?? ""
            if !basePath.hasSuffix("/") { basePath += "/" }
            if baseURL.isEmpty {
                return .broken("a site-absolute link works only when the site is served at a domain's root; "
                    + "write it relative (or set base_url)")
            }
            guard raw.hasPrefix(basePath) || raw + "/" == basePath else {
                return .broken("it leaves base_url's path '\(basePath)'")
            }
            raw = String(raw.dropFirst(min(basePath.count, raw.count)))
            fromRoot = true
        }
        let decoded = raw.fastRemovingPercentEncoding ?? raw
        if decoded.isEmpty {
            // `#x` or `?q`: this very file; base_url itself: the home page.
            return .target(path: fromRoot ? "index.html" : from, fragment: fragment)
        }
        return target(of: decoded[...], below: fromRoot ? [] : from.split(separator: "/").dropLast(), fragment: fragment,
                      ignoredPrefixes: ignoredPrefixes)
    }

    /// The file `path` names from the folder `base` (its components), `.` and `..` applied
    /// and a folder meaning its `index.html`; broken when it climbs above the output folder.
    package static func target(of path: Substring, below base: ArraySlice<Substring>, fragment: String?,
                       ignoredPrefixes: [String]) -> Resolution {
        var components = base
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if components.isEmpty { return .broken("it leads outside the site's folder") }
                components.removeLast()
            default: components.append(segment)
            }
        }
        var target = components.joined(separator: "/")
        if path.utf8.last == UInt8(ascii: "/") || target.isEmpty { target += target.isEmpty ? "index.html" : "/index.html" }
        for prefix in ignoredPrefixes where target.hasPrefix(prefix) { return .skip }
        return .target(path: target, fragment: fragment)
    }

    /// `resolve` for the common reference, over bytes: a relative path and/or `#fragment` in
    /// ASCII, with nothing to trim or percent-decode and no query or scheme, either as it is
    /// or after a `base_url` of printable ASCII (a sitemap's `<loc>`, an absolute link into the
    /// site). Nil for anything else, and for the branches of `resolve` it skips.
    package static func resolveRelativeASCII(_ value: String, from: String, baseURL: String, ignoredPrefixes: [String]) -> Resolution? {
        // Over the contiguous bytes: through `String.UTF8View` indices, substrings and the
        // fragment's `String` this was ~4,700 instructions a reference (issue 21, callgrind).
        var value = value, fromBytes = from, baseURL = baseURL  // native strings: not copied
        return value.withUTF8 { v in
            baseURL.withUTF8 { base in
                fromBytes.withUTF8 { f in resolveRelativeASCII(v, from: f, fromString: from, baseURL: base, ignoredPrefixes: ignoredPrefixes) }
            }
        }
    }

    private static func resolveRelativeASCII(_ v: UnsafeBufferPointer<UInt8>, from f: UnsafeBufferPointer<UInt8>, fromString: String,
                                             baseURL base: UnsafeBufferPointer<UInt8>, ignoredPrefixes: [String]) -> Resolution? {
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        guard let first = v.first, let last = v.last, !isSpace(first), !isSpace(last) else { return nil }
        var rest = v
        var fromRoot = false
        if !base.isEmpty {
            // `resolve` reads the base URL first (`hasPrefix`, by `Character`s). For a base of
            // printable ASCII and an ASCII value that is the bytes' prefix: no `\r\n` pair can
            // straddle its end.
            let printableBase = base.allSatisfy { $0 > 0x20 && $0 < 0x7F }
            if printableBase, v.count >= base.count, memcmp(v.baseAddress!, base.baseAddress!, base.count) == 0 {
                for c in v where c >= 0x80 { return nil }
                rest = UnsafeBufferPointer(rebasing: v[base.count...])
                fromRoot = true
            } else {
                // Any other overlap with the base URL (the base without its `/`, a base that is
                // not ASCII) is left to `resolve`.
                guard printableBase || base.allSatisfy({ $0 < 0x80 }) else { return nil }
                let common = min(base.count, v.count)
                if memcmp(v.baseAddress!, base.baseAddress!, common) == 0 { return nil }
            }
        }
        if let start = rest.first, start == UInt8(ascii: "/") { return nil }  // site-absolute
        var hash = -1
        for (k, c) in rest.enumerated() {
            if c >= 0x80 || c == UInt8(ascii: "%") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":") { return nil }
            if c == UInt8(ascii: "#"), hash < 0 { hash = k }
        }
        let path = hash < 0 ? rest : UnsafeBufferPointer(rebasing: rest[..<hash])
        let fragment = hash < 0 ? nil : String(decoding: rest[(hash + 1)...], as: UTF8.self)
        if path.isEmpty { return .target(path: fromRoot ? "index.html" : fromString, fragment: fragment) }
        if fromRoot { return targetASCII(path, UnsafeBufferPointer(start: nil, count: 0), fragment: fragment, ignoredPrefixes: ignoredPrefixes) }
        // Over bytes when `from` is ASCII too: splitting and joining `Character`s cost
        // ~27,000 instructions a reference (issue 21, callgrind), the same answer.
        if f.allSatisfy({ $0 < 0x80 }) { return targetASCII(path, f, fragment: fragment, ignoredPrefixes: ignoredPrefixes) }
        let pathString = String(decoding: path, as: UTF8.self)
        return target(of: pathString[...], below: fromString.split(separator: "/").dropLast(), fragment: fragment, ignoredPrefixes: ignoredPrefixes)
    }

    package struct Context: Sendable {
        let existing: Set<String>
        /// Output paths by folder, for suggestions that stay cheap on big sites.
        let folders: Folders
        let idsByPath: [String: ValueSet]
        let baseURL: String
        let settings: Settings
        /// Answers shared across groups (`OutputResolutionMemo.swift`).
        let memo = ProblemMemo()
        /// `settings.reportedByContentChecks`, asked over bytes.
        let reported: ValueSet
        /// `existing`, asked over bytes (`Set<String>`'s SipHash of a path was an eighth of
        /// resolving a reference, issue 21).
        let existingValues: ValueSet
        /// What `isFineFast` (OutputCheckFastPath.swift) looks things up in; nil when it may
        /// not decide (an output path, the base URL or an ignored prefix it cannot read as bytes).
        let fast: FastTargets?

        init(existing: Set<String>, folders: Folders, idsByPath: [String: ValueSet], baseURL: String, settings: Settings) {
            self.existing = existing
            self.folders = folders
            self.idsByPath = idsByPath
            self.baseURL = baseURL
            self.settings = settings
            reported = ValueSet(settings.reportedByContentChecks)
            existingValues = ValueSet(existing)
            fast = FastTargets(existing: existing, idsByPath: idsByPath, baseURL: baseURL, ignoredPrefixes: settings.ignoredPrefixes)
        }

        /// - Parameter fine: references already found fine in a file whose folder has the same
        ///   parent as this file's (and is not the output folder itself); grows with this file's.
        func check(_ file: ScannedOutput, fine: inout ValueSet) -> [Diagnostic] {
            var diagnostics: [Diagnostic] = []
            var bytes: [UInt8]?
            let scan = file.scan
            var path = file.path  // a native string is not copied
            path.withUTF8 { from in
            let fast = self.fast.flatMap { $0.usable(from: from) ? $0 : nil }
            scan.values.withUnsafeBufferPointer { values in
                for record in scan.records {
                    // What is already known is decided over the value's bytes; a string is
                    // made only for a value that must be resolved (issue 21).
                    let value = values.slice(record)
                    if Self.isFineFragmentOfThisFile(value, ids: scan.ids) { continue }
                    if fine.contains(value, hash: record.hash, isASCII: record.isASCII) || reportedByContentChecks(value, record) { continue }
                    // The common fine reference, decided over bytes (OutputCheckFastPath.swift).
                    if let fast, fast.isFine(value, from: from) {
                        if OutputLinkCheck.sharable(value, baseURL: baseURL) { fine.insert(value, hash: record.hash, isASCII: record.isASCII) }
                        continue
                    }
                    let string = String(decoding: value, as: UTF8.self)
                    // `../x/`, the commonest value to get here, climbs out of the file's folder
                    // once: its answer depends on the whole folder (`scope` is nil), so it is
                    // resolved here without working its scope out (issue 21).
                    let climbsOnce = OutputLinkCheck.climbsAtMostOnce(value)
                    guard let problem = climbsOnce ? problem(string, from: file.path) : memoizedProblem(string, from: file.path) else {
                        if OutputLinkCheck.sharable(value, baseURL: baseURL) { fine.insert(value, hash: record.hash, isASCII: record.isASCII) }
                        continue
                    }
                    if bytes == nil { bytes = file.bytes() }
                    let (line, column) = HTMLScanner.position(of: record.offset, in: bytes!)
                    var notes = problem.notes
                    if let template = file.template {
                        notes.append("\(file.path) is rendered with template '\(template)' (\(settings.templatesDisplay)/\(template).mustache, "
                            + "the templates it extends or includes, or the page's own content)")
                    }
                    diagnostics.append(Diagnostic(code: .outputBrokenLink, severity: DiagnosticCode.outputBrokenLink.severity,
                                                  file: settings.outputDisplay + "/" + file.path, line: line, column: column,
                                                  message: "\(record.attributeName) '\(string)' \(problem.message)", notes: notes))
                }
            }
            }
            return diagnostics
        }

        /// `settings.reportedByContentChecks.contains` for a record's value.
        func reportedByContentChecks(_ value: UnsafeBufferPointer<UInt8>, _ record: ReferenceRecord) -> Bool {
            reported.contains(value, hash: record.hash, isASCII: record.isASCII)
        }

        /// Whether `value` is `#id` naming an id of the file itself, decided without resolving
        /// it (a fifth of a page's references are its table of contents, heading anchors and
        /// citations). False means "not decided here": `problem` decides, as for any other.
        static func isFineFragmentOfThisFile(_ value: String, ids: Set<String>) -> Bool {
            var value = value  // a native string is not copied
            return value.withUTF8 { isFineFragmentOfThisFile($0, ids: ids) }
        }

        /// `isFineFragmentOfThisFile` over a value's UTF-8 bytes, the ids as `ScannedFile`
        /// keeps them.
        static func isFineFragmentOfThisFile(_ bytes: UnsafeBufferPointer<UInt8>, ids: ValueSet) -> Bool {
            guard bytes.count > 1, bytes[0] == UInt8(ascii: "#"), !ids.isEmpty else { return false }
            // What `resolve` would trim, decode or read as a query is left to it; the rest is
            // ASCII, where the id's bytes decide (no string made: issue 21).
            for byte in bytes[1...] where byte <= 0x20 || byte >= 0x80 || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "?") {
                return false
            }
            let id = UnsafeBufferPointer(rebasing: bytes[1...])
            return ids.contains(id, hash: ValueHash.of(id), isASCII: true)
        }

        /// `isFineFragmentOfThisFile` over a value's UTF-8 bytes.
        static func isFineFragmentOfThisFile(_ bytes: UnsafeBufferPointer<UInt8>, ids: Set<String>) -> Bool {
            // Over the contiguous bytes, and the id made from them without validating them
            // again: through `String.UTF8View` and `dropFirst()` this was ~930 instructions a
            // reference, a sixth of recording a page's references (issue 21, callgrind).
            guard bytes.count > 1, bytes[0] == UInt8(ascii: "#") else { return false }
            // What `resolve` would trim, decode or read as a query is left to it.
            for byte in bytes[1...] where byte <= 0x20 || byte >= 0x80 || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "?") {
                return false
            }
            let id = String(unsafeUninitializedCapacity: bytes.count - 1) { buffer in
                _ = buffer.initialize(fromContentsOf: UnsafeBufferPointer(rebasing: bytes[1...]))
                return bytes.count - 1
            }
            return ids.contains(id)
        }

        /// Whether a reference resolves the same from every file whose folder has the same
        /// parent: it is skipped or taken from the site root (`resolve` ignores `from`), or its
        /// path starts with `../` (the folder's own name is dropped first).
        func sharable(_ value: String) -> Bool { OutputLinkCheck.sharable(value, baseURL: baseURL) }

        /// A close existing path: for a folder (`x/index.html`), a sibling folder with a similar
        /// name; for a file, a file of the same type in the same folder with a similar name.
        func hint(for path: String) -> String? {
            let folder = OutputLinkCheck.folder(of: path)
            if path == "index.html" || path.hasSuffix("/index.html") {
                let parent = OutputLinkCheck.folder(of: folder)
                let name = String(folder.dropFirst(parent.isEmpty ? 0 : parent.count + 1))
                let siblings = (folders[parent] ?? []).filter { $0.hasSuffix("/index.html") && OutputLinkCheck.folder(of: OutputLinkCheck.folder(of: $0)) == parent }
                    .map { candidate -> String in
                        let f = OutputLinkCheck.folder(of: candidate)
                        return String(f.dropFirst(parent.isEmpty ? 0 : parent.count + 1))
                    }
                guard !name.isEmpty, let close = Suggestions.closest(to: name, in: siblings) else { return nil }
                return (parent.isEmpty ? "" : parent + "/") + close + "/"
            }
            let type = OutputLinkCheck.fileExtension(path)
            let name = String(path.dropFirst(folder.isEmpty ? 0 : folder.count + 1))
            let files = (folders[folder] ?? []).filter { OutputLinkCheck.folder(of: $0) == folder && OutputLinkCheck.fileExtension($0) == type }
                .map { String($0.dropFirst(folder.isEmpty ? 0 : folder.count + 1)) }
            guard let close = Suggestions.closest(to: name, in: files) else { return nil }
            return (folder.isEmpty ? "" : folder + "/") + close
        }

        /// `problem`, worked out once per site for a reference whose answer depends on less
        /// than its file's path (`scope(of:from:baseURL:)`).
        func memoizedProblem(_ value: String, from: String) -> (message: String, notes: [String])? {
            guard let scope = OutputLinkCheck.scope(of: value, from: from, baseURL: baseURL) else {
                return problem(value, from: from)
            }
            return memo.answer(.init(scope: scope, value: value)) { problem(value, from: from) }
        }

        /// `existing.contains(path)`.
        func exists(_ path: String) -> Bool {
            var path = path  // a native string is not copied
            return path.withUTF8 { bytes in
                let (hash, isASCII) = ValueHash.hashAndASCII(bytes)
                return existingValues.contains(bytes, hash: hash, isASCII: isASCII)
            }
        }

        /// Why a reference is broken, or nil.
        func problem(_ value: String, from: String) -> (message: String, notes: [String])? {
            switch OutputLinkCheck.resolve(value, from: from, baseURL: baseURL, ignoredPrefixes: settings.ignoredPrefixes) {
            case .skip:
                return nil
            case .broken(let why):
                return ("is broken: \(why)", [])
            case .target(var path, let fragment):
                if !exists(path) {
                    // A folder link without its trailing slash: servers redirect it.
                    if exists(path + "/index.html") {
                        path += "/index.html"
                    } else {
                        let hint = hint(for: path)
                        return ("names no file in the site (looked for '\(path)')", hint.map { ["did you mean '\($0)'?"] } ?? [])
                    }
                }
                guard let fragment, !fragment.isEmpty, let idSet = idsByPath[path] else { return nil }
                // `#top` scrolls to the top by definition; text fragments are not ids.
                if idSet.contains(fragment) || fragment.lowercased() == "top" || fragment.hasPrefix(":~:") { return nil }
                // Sorted before the case-insensitive match: with two ids that match (`Intro`,
                // `INTRO`) a `Set`'s order (seeded per process) picked one at random.
                let ids = idSet.members.sorted()
                let lowered = fragment.lowercased()
                let hint = ids.first { $0.lowercased() == lowered } ?? Suggestions.closest(to: fragment, in: ids)
                return ("names no element id '\(fragment)' in \(path)", hint.map { ["did you mean '#\($0)'?"] } ?? [])
            }
        }

        /// `<loc>` entries under `base_url` must be generated pages.
        func checkSitemap(_ file: OutputFile) -> [Diagnostic] {
            guard !baseURL.isEmpty else { return [] }
            let bytes = [UInt8](file.contents)
            // An ASCII sitemap (what `build` writes unless a page's URL is not ASCII) is read
            // over its bytes: `range(of:)` on the text was ~10,000 instructions a `<loc>`, and
            // in ASCII a literal search finds what the bytes' search finds.
            if bytes.allSatisfy({ $0 < 0x80 }) { return checkSitemapASCII(bytes, path: file.path) }
            let text = String(decoding: bytes, as: UTF8.self)
            var diagnostics: [Diagnostic] = []
            var searchFrom = text.startIndex
            while let open = text.range(of: "<loc>", range: searchFrom..<text.endIndex),
                  let close = text.range(of: "</loc>", range: open.upperBound..<text.endIndex) {
                searchFrom = close.upperBound
                let loc = HTMLScanner.decodeReferences(String(text[open.upperBound..<close.lowerBound]))
                guard loc.hasPrefix(baseURL) || loc + "/" == baseURL else { continue }
                if let problem = problem(loc, from: "index.html") {
                    let offset = text.utf8.distance(from: text.startIndex, to: open.upperBound)
                    let (line, column) = HTMLScanner.position(of: offset, in: bytes)
                    diagnostics.append(Diagnostic(code: .outputBrokenLink, severity: DiagnosticCode.outputBrokenLink.severity,
                                                  file: settings.outputDisplay + "/" + file.path, line: line, column: column,
                                                  message: "sitemap entry '\(loc)' \(problem.message)", notes: problem.notes))
                }
            }
            return diagnostics
        }

        /// `checkSitemap` for a sitemap whose bytes are all ASCII.
        func checkSitemapASCII(_ bytes: [UInt8], path: String) -> [Diagnostic] {
            var diagnostics: [Diagnostic] = []
            bytes.withUnsafeBufferPointer { b in
                /// Where `needle` next starts at or after `from`.
                func find(_ needle: StaticString, from: Int) -> Int? {
                    let count = needle.utf8CodeUnitCount
                    var k = from
                    while k + count <= b.count {
                        guard let found = memchr(b.baseAddress! + k, Int32(needle.utf8Start.pointee), b.count - count + 1 - k) else { return nil }
                        k = b.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                        if memcmp(b.baseAddress! + k, needle.utf8Start, count) == 0 { return k }
                        k += 1
                    }
                    return nil
                }
                var searchFrom = 0
                while let open = find("<loc>", from: searchFrom), let close = find("</loc>", from: open + 5) {
                    searchFrom = close + 6
                    let loc = HTMLScanner.decodeReferences(String(decoding: b[(open + 5)..<close], as: UTF8.self))
                    guard loc.hasPrefix(baseURL) || loc + "/" == baseURL else { continue }
                    if isFineSitemapEntry(loc) { continue }
                    if let problem = problem(loc, from: "index.html") {
                        let (line, column) = HTMLScanner.position(of: open + 5, in: bytes)
                        diagnostics.append(Diagnostic(code: .outputBrokenLink, severity: DiagnosticCode.outputBrokenLink.severity,
                                                      file: settings.outputDisplay + "/" + path, line: line, column: column,
                                                      message: "sitemap entry '\(loc)' \(problem.message)", notes: problem.notes))
                    }
                }
            }
            return diagnostics
        }

        /// `url(...)` and `@import` references in a copied stylesheet.
        func checkCSS(_ bytes: [UInt8], path: String, display: String) -> [Diagnostic] {
            var diagnostics: [Diagnostic] = []
            for url in HTMLScanner.cssURLs(in: bytes) {
                let value = url.value.fastTrimmingWhitespacesAndNewlines
                guard !value.isEmpty, !value.hasPrefix("#"), let problem = problem(value, from: path) else { continue }
                let (line, column) = HTMLScanner.position(of: url.offset, in: bytes)
                diagnostics.append(Diagnostic(code: .outputBrokenLink, severity: DiagnosticCode.outputBrokenLink.severity,
                                              file: display, line: line, column: column,
                                              message: "url(\(value)) in \(path) \(problem.message)", notes: problem.notes))
            }
            return diagnostics
        }
    }

    /// `Context.sharable`; `baseURL` ends with `/` (or is empty).
    static func sharable(_ value: String, baseURL: String) -> Bool {
        sharableFast(value, baseURL: baseURL) ?? sharableGeneral(value, baseURL: baseURL)
    }

    /// `sharable` over a value's UTF-8 bytes.
    static func sharable(_ value: UnsafeBufferPointer<UInt8>, baseURL: String) -> Bool {
        sharableFast(value, baseURL: baseURL) ?? sharableGeneral(String(decoding: value, as: UTF8.self), baseURL: baseURL)
    }

    /// `sharableGeneral` for a value with no scheme whose path starts with a letter: whether
    /// it starts with `base_url` (or is `base_url` without its last `/`). Nil, for
    /// `sharableGeneral` to decide, unless both are printable ASCII (then `String`'s prefix,
    /// by `Character`s, compares as the bytes do).
    private static func relativeWithoutScheme(_ b: UnsafeBufferPointer<UInt8>, baseURL: String) -> Bool? {
        // A base URL that does not start with the value's first byte (an ASCII letter) is
        // no prefix of it, nor it of the base, by bytes or by `Character`s (the letter
        // starts the first `Character` of each, and ASCII letters have no other canonical
        // form): decided before the scans below, which were most of this call for the
        // in-folder links (`p00042/`) of every page (issue 21, perfout7).
        guard let first = b.first, let baseFirst = baseURL.utf8.first, first == baseFirst else { return false }
        func printable(_ bytes: some Sequence<UInt8>) -> Bool { bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F } }
        guard printable(b), printable(baseURL.utf8) else { return nil }
        let base = baseURL.utf8
        guard !base.isEmpty else { return false }
        if b.starts(with: base) { return true }
        return b.count + 1 == base.count && base.last == UInt8(ascii: "/") && base.starts(with: b)
    }

    /// `sharable` for any value.
    static func sharableGeneral(_ value: String, baseURL: String) -> Bool {
        let raw = value.fastTrimmingWhitespacesAndNewlines
        if !baseURL.isEmpty, raw.hasPrefix(baseURL) || raw + "/" == baseURL { return true }
        if LinkResolver.scheme(of: raw) != nil || raw.hasPrefix("//") { return true }
        var path = Substring(raw)
        if let hash = path.firstIndex(of: "#") { path = path[..<hash] }
        if let question = path.firstIndex(of: "?") { path = path[..<question] }
        return path.hasPrefix("/") || path.hasPrefix("../")
    }

    /// `sharable` over the first bytes, for what pages hold most (`../x/`, `#id`, `./`); nil
    /// for anything else. Nothing to trim (ASCII, not white space, at both ends), and a
    /// value starting with `/`, `.`, `#` or `?` has no scheme (a scheme starts with a letter)
    /// and cannot start with a `base_url` that starts with a letter.
    static func sharableFast(_ value: String, baseURL: String) -> Bool? {
        // Over the contiguous bytes: through `String.UTF8View`'s indices this was ~480
        // instructions a reference, a fifth of recording a page's references (issue 21).
        var value = value  // a native string is not copied
        return value.withUTF8 { sharableFast($0, baseURL: baseURL) }
    }

    /// `sharableFast` over `value`'s UTF-8 bytes.
    static func sharableFast(_ b: UnsafeBufferPointer<UInt8>, baseURL: String) -> Bool? {
        let baseURLStart = baseURL.utf8.first
        guard let first = b.first, let last = b.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 else { return nil }
        if let start = baseURLStart {
            guard (start | 0x20) >= UInt8(ascii: "a"), (start | 0x20) <= UInt8(ascii: "z") else { return nil }
        }
        // A combining mark after the deciding `/` makes it part of another `Character`,
        // which `sharableGeneral` compares: such values are left to it.
        func asciiAt(_ offset: Int) -> Bool { offset >= b.count || b[offset] < 0x80 }
        switch first {
        case UInt8(ascii: "/"): return asciiAt(1) ? true : nil
        case UInt8(ascii: "#"), UInt8(ascii: "?"): return false  // the path is empty
        case UInt8(ascii: "."):
            guard b.count >= 3, b[1] == UInt8(ascii: "."), b[2] == UInt8(ascii: "/") else { return false }
            return asciiAt(3) ? true : nil
        default:
            // `https://…` (citations, external links): a scheme, which `sharableGeneral` finds
            // with `LinkResolver.scheme` (ASCII letter, then letters, digits, `+-.`, at least
            // two, up to the first `:`), is sharable whatever the base URL. The byte after the
            // `:` must be ASCII, or a combining mark could make `:` part of another character.
            guard (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return nil }
            var index = 1
            while index < b.count {
                let c = b[index]
                if c == UInt8(ascii: ":") {
                    guard index >= 2, asciiAt(index + 1) else { return nil }
                    return true
                }
                // A `/`, `#` or `?` before any `:`: no scheme, and a path that starts with
                // neither `/` nor `../` (`p00401/`, `s005/p1/#x`, the nav's and the pages' own
                // links into their folder): sharable only under `base_url`. Through
                // `sharableGeneral` these were ~7,500 instructions each (issue 21, callgrind).
                if c == UInt8(ascii: "/") || c == UInt8(ascii: "#") || c == UInt8(ascii: "?") {
                    return relativeWithoutScheme(b, baseURL: baseURL)
                }
                let letter = (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
                guard letter || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
                    || c == UInt8(ascii: ".") else { return nil }
                index += 1
            }
            return nil
        }
    }
}
