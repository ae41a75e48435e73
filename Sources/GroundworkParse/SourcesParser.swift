import Foundation
import GroundworkDiagnostics
import GroundworkModel
import Yams

/// Reading `sources.yaml` into a `SourceLibrary`.
extension SourceLibrary {
    /// Groundwork's own fields, left out of the CSL-JSON export.
    static let groundworkFields: Set<String> = ["accessed", "review_by", "status", "excerpts", "audience"]

    /// `sources.yaml` as the loader read it: decoded, then parsed, with its diagnostics.
    package static func parse(file: RawFile) -> (SourceLibrary, [Diagnostic]) {
        var bag = DiagnosticBag()
        switch TextDecoding.decode(file.bytes) {
        case .text(let text):
            let library = parse(text, file: file.displayPath, bag: &bag)
            return (library, bag.items)
        case .invalid(let line, let column, let reason):
            bag.add(.pageEncoding, file: file.displayPath, line: line, column: column, reason)
            return (.empty, bag.items)
        }
    }

    /// Reads `sources.yaml`: a CSL-YAML list, or one under `references:` (as Pandoc reads it).
    /// - Parameter plainKeys: compose with `composeWithPlainKeys` when it applies (false:
    ///   always the general path; the tests compare the two).
    package static func parse(_ text: String, file: String, bag: inout DiagnosticBag, plainKeys: Bool = true) -> SourceLibrary {
        var library = SourceLibrary(sources: [], byID: [:], file: file)
        guard let root = (plainKeys ? composeWithPlainKeys(text) : nil)
            ?? YAMLSupport.compose(text, file: file, lineOffset: 0, code: .citeSourceIncomplete, bag: &bag) else {
            return library
        }
        var list: Node? = root
        if let pairs = YAMLSupport.pairs(root) {
            list = pairs.first(where: { $0.key == "references" })?.value
            if list == nil {
                bag.add(.citeSourceIncomplete, at: YAMLSupport.location(of: root, file: file, lineOffset: 0),
                        "sources.yaml must be a list of sources, or have them under 'references:'")
                return library
            }
        }
        guard let list, case .sequence(let records) = list else {
            if !YAMLSupport.isNull(root) {
                bag.add(.citeSourceIncomplete, at: YAMLSupport.location(of: root, file: file, lineOffset: 0),
                        "sources.yaml must be a list of sources")
            }
            return library
        }
        for record in records {
            let at = YAMLSupport.location(of: record, file: file, lineOffset: 0)
            guard let fields = YAMLSupport.pairs(record) else {
                bag.add(.citeSourceIncomplete, at: at, "a source must be a mapping of CSL fields")
                continue
            }
            var source = Source(id: "", location: at)
            var csl: [(String, JSONValue)] = []
            for (key, _, value) in fields {
                let valueAt = YAMLSupport.location(of: value, file: file, lineOffset: 0)
                source.fieldLocations[key] = valueAt
                func wrong(_ expected: String) {
                    bag.add(.citeSourceIncomplete, at: valueAt, "'\(key)' must be \(expected)")
                }
                if !groundworkFields.contains(key) { csl.append((key, json(value))) }
                switch key {
                case "id": if let s = YAMLSupport.string(value), !s.isEmpty { source.id = s } else { wrong("a non-empty string") }
                case "type": source.type = YAMLSupport.string(value)
                case "title": source.title = YAMLSupport.string(value)
                case "publisher": source.publisher = YAMLSupport.string(value)
                case "container-title": source.containerTitle = YAMLSupport.string(value)
                case "number": source.number = YAMLSupport.string(value)
                case "volume": source.volume = YAMLSupport.string(value)
                case "issue": source.issue = YAMLSupport.string(value)
                case "page": source.page = YAMLSupport.string(value)
                case "URL", "url": source.url = YAMLSupport.string(value)
                case "DOI", "doi": source.doi = YAMLSupport.string(value)
                case "note": source.note = YAMLSupport.string(value)
                case "author": source.authors = names(value)
                case "issued": source.issued = dateParts(value)
                case "accessed": if let d = YAMLSupport.day(value) { source.accessed = d } else { wrong("a date (YYYY-MM-DD)") }
                case "review_by": if let d = YAMLSupport.day(value) { source.reviewBy = d } else { wrong("a date (YYYY-MM-DD)") }
                case "status":
                    if let s = YAMLSupport.string(value).flatMap({ SourceStatus(rawValue: $0.lowercased()) }) { source.status = s } else {
                        wrong("confirmed, partial or unverified")
                    }
                case "excerpts": if let l = YAMLSupport.strings(value) { source.excerpts = l } else { wrong("a list of exact quotations") }
                case "audience": if let l = YAMLSupport.strings(value) { source.audience = l } else { wrong("a list of audience names") }
                default: break
                }
            }
            // CSL-JSON spells the access date as date parts.
            if let accessed = source.accessed {
                csl.append(("accessed", .object([("date-parts", .array([.array([.number(accessed.year), .number(accessed.month), .number(accessed.day)])]))])))
            }
            source.csl = .object(csl)
            if source.id.isEmpty {
                if source.fieldLocations["id"] == nil { bag.add(.citeSourceIncomplete, at: at, "source has no 'id'") }
                continue
            }
            if let existing = library.byID[source.id] {
                bag.add(.citeDuplicateID, at: source.fieldLocations["id"] ?? at,
                        "source id '\(source.id)' is already used at line \(library.sources[existing].location.line)")
                continue
            }
            library.byID[source.id] = library.sources.count
            library.sources.append(source)
        }
        return library
    }

    /// sources.yaml composed by Yams without resolving its keys' tags through the YAML 1.1
    /// regular expressions, or nil when that could change anything (then the caller composes
    /// it as every other YAML is).
    ///
    /// Why: Yams rejects duplicate keys by hashing every key of every mapping, and a key's
    /// hash resolves its tag: up to seven `NSRegularExpression` matches per key. That was
    /// two thirds of sources.yaml's parse (issue 21: 67 M of 109 M instructions for the
    /// benchmark's 100 records per 1,000 pages, parsed beside the pages and taking CPU from
    /// them). With `Resolver.basic` every implicit tag resolves to `str` at once.
    ///
    /// Why the result is the same: without `!` (tags), `&` and `*` (anchors, aliases) in the
    /// text, every tag is implicit, and two keys are duplicates for `.basic` exactly when their
    /// texts are equal, which they are whenever they are duplicates for `.default` (same text
    /// and same resolved tag): so `.basic` finds every duplicate `.default` finds, and more
    /// (`1` and `"1"`). Every other error comes from libyaml and does not depend on the
    /// resolver. So on any error this returns nil, and the general path reports what it always
    /// did. On success nothing here reads a resolved tag except `Node.string` of a key that is
    /// itself a mapping (a `=` key inside it), and a root that is a scalar (`isNull`): both
    /// return nil. Value tags stay unresolved either way.
    package static func composeWithPlainKeys(_ text: String) -> Node? {
        let bang = UInt8(ascii: "!"), ampersand = UInt8(ascii: "&"), star = UInt8(ascii: "*")
        guard !text.utf8.contains(where: { $0 == bang || $0 == ampersand || $0 == star }),
              let root = try? Yams.compose(yaml: text, .basic, .default, YAMLSupport.encoding) else { return nil }
        func keysArePlain(_ node: Node) -> Bool {
            switch node {
            case .scalar, .alias: return true
            case .sequence(let items): return items.allSatisfy(keysArePlain)
            case .mapping(let mapping):
                return mapping.allSatisfy { pair in
                    if case .scalar = pair.key { return keysArePlain(pair.value) }
                    return false
                }
            }
        }
        if case .scalar = root { return nil }
        return keysArePlain(root) ? root : nil
    }

    package static func names(_ node: Node) -> [String] {
        guard case .sequence(let people) = node else { return YAMLSupport.string(node).map { [$0] } ?? [] }
        return people.compactMap { person in
            if let literal = YAMLSupport.string(person) { return literal }
            guard let fields = YAMLSupport.pairs(person) else { return nil }
            func field(_ name: String) -> String? { fields.first(where: { $0.key == name }).flatMap { YAMLSupport.string($0.value) } }
            if let literal = field("literal") { return literal }
            let family = field("family") ?? ""
            let given = field("given")
            return given.map { "\(family), \($0)" } ?? family
        }
    }

    package static func dateParts(_ node: Node) -> [Int] {
        if let text = YAMLSupport.string(node) {
            return text.split(separator: "-").prefix(3).compactMap { Int($0) }
        }
        guard let fields = YAMLSupport.pairs(node), let parts = fields.first(where: { $0.key == "date-parts" })?.value,
              case .sequence(let outer) = parts, let first = outer.first, case .sequence(let inner) = first else { return [] }
        return inner.compactMap { YAMLSupport.int($0) }
    }

    /// CSL-JSON from YAML: numbers where YAML has plain integers, strings otherwise.
    package static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, let n = Int(scalar.string) { return .number(n) }
            return .string(scalar.string)
        case .sequence(let items):
            return .array(items.map(json))
        case .mapping(let mapping):
            return .object(mapping.map { ($0.key.string ?? "", json($0.value)) })
        case .alias:
            return .null
        }
    }
}
