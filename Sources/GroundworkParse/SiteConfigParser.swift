import GroundworkDiagnostics
import GroundworkModel
import Yams

/// Reading `site.yaml` into `SiteConfig`.
extension SiteConfig {
    package static let knownKeys = ["title", "description", "base_url", "language", "nav", "cards", "checks",
                            "audiences", "default_audience", "unsafe_html", "edit_url", "nav_max_entries"]

    /// Reads site.yaml text. Problems are reported as `config.invalid` diagnostics.
    package static func parse(_ text: String, file: String, defaultTitle: String, bag: inout DiagnosticBag) -> SiteConfig {
        var config = SiteConfig(title: defaultTitle, file: file)
        guard let root = YAMLSupport.compose(text, file: file, lineOffset: 0, code: .configInvalid, bag: &bag) else {
            return config
        }
        if YAMLSupport.isNull(root) { return config }
        guard let pairs = YAMLSupport.pairs(root) else {
            bag.add(.configInvalid, at: YAMLSupport.location(of: root, file: file, lineOffset: 0), "site.yaml must be a mapping of settings")
            return config
        }
        func location(_ node: Node) -> Location { YAMLSupport.location(of: node, file: file, lineOffset: 0) }
        func wrongType(_ key: String, _ node: Node, _ expected: String) {
            bag.add(.configInvalid, at: location(node), "'\(key)' must be \(expected)")
        }
        for (key, keyNode, value) in pairs {
            switch key {
            case "title": if let s = YAMLSupport.string(value) { config.title = s } else { wrongType(key, value, "a string") }
            case "description": if let s = YAMLSupport.string(value) { config.description = s } else { wrongType(key, value, "a string") }
            case "base_url": if let s = YAMLSupport.string(value) { config.baseURL = s } else { wrongType(key, value, "a string") }
            case "edit_url": if let s = YAMLSupport.string(value) { config.editURL = s } else { wrongType(key, value, "a string") }
            case "language": if let s = YAMLSupport.string(value) { config.language = s } else { wrongType(key, value, "a string") }
            case "unsafe_html": if let b = YAMLSupport.bool(value) { config.unsafeHTML = b } else { wrongType(key, value, "true or false") }
            case "audiences": if let l = YAMLSupport.strings(value) { config.audiences = l } else { wrongType(key, value, "a list of names") }
            case "default_audience": if let l = YAMLSupport.strings(value) { config.defaultAudience = l } else { wrongType(key, value, "a list of names") }
            case "nav":
                guard case .sequence(let entries) = value else { wrongType(key, value, "a list of paths"); continue }
                for entry in entries {
                    if let path = YAMLSupport.string(entry) {
                        config.nav.append(NavEntry(path: path, title: nil, location: location(entry)))
                    } else if let fields = YAMLSupport.pairs(entry), let pathNode = fields.first(where: { $0.key == "path" })?.value,
                              let path = YAMLSupport.string(pathNode) {
                        let title = fields.first(where: { $0.key == "title" }).flatMap { YAMLSupport.string($0.value) }
                        config.nav.append(NavEntry(path: path, title: title, location: location(pathNode)))
                    } else {
                        wrongType("nav entry", entry, "a path or a mapping with 'path' and 'title'")
                    }
                }
            case "nav_max_entries":
                if let n = YAMLSupport.int(value), n > 0 { config.navMaxEntries = n } else { wrongType(key, value, "a positive whole number") }
            case "cards":
                guard let fields = YAMLSupport.pairs(value) else { wrongType(key, value, "a mapping"); continue }
                for (field, fieldKey, fieldValue) in fields {
                    if field == "max_words", let n = YAMLSupport.int(fieldValue), n > 0 {
                        config.cardsMaxWords = n
                    } else if field == "max_words" {
                        wrongType("cards.max_words", fieldValue, "a positive whole number")
                    } else {
                        bag.add(.configInvalid, at: location(fieldKey), "unknown setting 'cards.\(field)'")
                    }
                }
            case "checks":
                guard let fields = YAMLSupport.pairs(value) else { wrongType(key, value, "a mapping"); continue }
                for (field, fieldKey, fieldValue) in fields {
                    if field == "max_source_age_days" {
                        if let n = YAMLSupport.int(fieldValue), n > 0 { config.maxSourceAgeDays = n } else {
                            wrongType("checks.max_source_age_days", fieldValue, "a positive whole number")
                        }
                    } else if let code = DiagnosticCode.named(field) {
                        // The table says which codes a site may override (`groundwork explain CODE`).
                        guard code.overridable else {
                            bag.add(.configInvalid, at: location(fieldKey), "check '\(field)' cannot be overridden",
                                    notes: ["it is always \(code.severity.rawValue); see 'groundwork explain \(field)'"])
                            continue
                        }
                        if let s = YAMLSupport.string(fieldValue).flatMap(CheckSetting.init(rawValue:)) {
                            config.severityOverrides[code] = s
                        } else {
                            wrongType("checks.\(field)", fieldValue, "error, warning or off")
                        }
                    } else {
                        let overridable = DiagnosticCode.all.filter(\.overridable).map(\.id)
                        let hint = Suggestions.closest(to: field, in: overridable + ["max_source_age_days"])
                        bag.add(.configInvalid, at: location(fieldKey), "unknown check '\(field)'",
                                notes: hint.map { ["did you mean '\($0)'?"] } ?? [])
                    }
                }
            default:
                let hint = Suggestions.closest(to: key, in: knownKeys)
                bag.add(.configInvalid, at: location(keyNode), "unknown setting '\(key)'",
                        notes: hint.map { ["did you mean '\($0)'?"] } ?? [])
            }
        }
        for name in config.defaultAudience where !config.audiences.isEmpty && !config.audiences.contains(name) {
            bag.add(.audienceUnknown, file: file, line: 1, column: 1, "default_audience names unknown audience '\(name)'")
        }
        return config
    }
}
