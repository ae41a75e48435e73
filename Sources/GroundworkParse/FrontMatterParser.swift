import GroundworkDiagnostics
import GroundworkModel
import Yams

/// Reading a page's front matter into `FrontMatter`.
extension FrontMatter {
    /// Reads front matter YAML; `lineOffset` is the file line before the YAML's first line.
    package static func parse(_ yaml: String, file: String, lineOffset: Int, bag: inout DiagnosticBag) -> FrontMatter {
        // Plain `key: value` lines without a problem: read without Yams (SimpleFrontMatter.swift).
        if let simple = SimpleFrontMatter.parse(yaml, file: file, lineOffset: lineOffset) { return simple }
        return parseWithYams(yaml, file: file, lineOffset: lineOffset, bag: &bag)
    }

    /// The general path: any YAML, every diagnostic.
    package static func parseWithYams(_ yaml: String, file: String, lineOffset: Int, bag: inout DiagnosticBag) -> FrontMatter {
        var fm = FrontMatter()
        guard let root = YAMLSupport.compose(yaml, file: file, lineOffset: lineOffset, code: .pageFrontMatter, bag: &bag) else {
            fm.unreadable = true
            return fm
        }
        if YAMLSupport.isNull(root) { return fm }
        guard let pairs = YAMLSupport.pairs(root) else {
            bag.add(.pageFrontMatter, at: YAMLSupport.location(of: root, file: file, lineOffset: lineOffset),
                    "front matter must be a mapping of fields (`title: ...`)")
            // Reported once: the fields it may have meant are unknown, so nothing else about
            // them (a missing title) is reported too.
            fm.unreadable = true
            return fm
        }
        for (key, keyNode, value) in pairs {
            var at = YAMLSupport.location(of: value, file: file, lineOffset: lineOffset)
            let keyAt = YAMLSupport.location(of: keyNode, file: file, lineOffset: lineOffset)
            // An alias (`tags: *list`) resolves to the anchored node, which sits earlier in the
            // file: point at the field that uses it.
            if at.line < keyAt.line { at = keyAt }
            fm.locations[key] = at
            func wrong(_ expected: String) {
                bag.add(.pageFrontMatter, at: at, "'\(key)' must be \(expected)")
            }
            switch key {
            case "title": if let s = YAMLSupport.string(value), !s.isEmpty { fm.title = s } else { wrong("a non-empty string") }
            case "summary": if let s = YAMLSupport.string(value) { fm.summary = s } else { wrong("a string") }
            case "owner": if let s = YAMLSupport.string(value) { fm.owner = s } else { wrong("a string") }
            case "term": if let s = YAMLSupport.string(value), !s.isEmpty { fm.term = s } else { wrong("a non-empty string") }
            case "tags": if let l = YAMLSupport.strings(value) { fm.tags = l } else { wrong("a list of strings") }
            case "aliases": if let l = YAMLSupport.strings(value) { fm.aliases = l } else { wrong("a list of strings") }
            case "also_known_as": if let l = YAMLSupport.strings(value) { fm.alsoKnownAs = l } else { wrong("a list of strings") }
            case "audience": if let l = YAMLSupport.strings(value) { fm.audience = l } else { wrong("a list of audience names") }
            case "order": if let n = YAMLSupport.int(value) { fm.order = n } else { wrong("a whole number") }
            case "draft": if let b = YAMLSupport.bool(value) { fm.draft = b } else { wrong("true or false") }
            case "review_by": if let d = YAMLSupport.day(value) { fm.reviewBy = d } else { wrong("a date (YYYY-MM-DD)") }
            default:
                if let s = YAMLSupport.string(value) { fm.otherFields[key] = s }
                let hint = FieldSynonyms.suggestion(for: key) ?? Suggestions.closest(to: key, in: knownFields)
                bag.add(.pageUnknownField, at: keyAt, "unknown front matter field '\(key)'",
                        notes: hint.map { ["did you mean '\($0)'?"] } ?? ["known fields: \(knownFields.joined(separator: ", "))"])
            }
        }
        return fm
    }
}
