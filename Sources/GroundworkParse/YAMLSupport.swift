import GroundworkDiagnostics
import GroundworkModel
import Yams

/// Reads YAML with Yams and turns its errors and node marks into file positions.
package enum YAMLSupport {
    /// Yams' `Parser.Encoding.default` reads the whole process environment on every call
    /// (a third of the cost of composing a short front matter): read it once.
    nonisolated(unsafe) static let encoding = Parser.Encoding.default

    /// Composes YAML text into a node tree. Syntax errors become a diagnostic at the
    /// position in the file (`lineOffset` is the file line just before the YAML starts).
    package static func compose(_ text: String, file: String, lineOffset: Int, code: String, bag: inout DiagnosticBag) -> Node? {
        do {
            return try Yams.compose(yaml: text, .default, .default, encoding)
        } catch let error as YamlError {
            let (line, column, message) = describe(error)
            bag.add(code, file: file, line: line + lineOffset, column: column, "invalid YAML: \(message)")
        } catch {
            bag.add(code, file: file, line: lineOffset + 1, column: 1, "invalid YAML: \(error)")
        }
        return nil
    }

    package static func describe(_ error: YamlError) -> (Int, Int, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message = "\(context.text.trimmingCharacters(in: .whitespaces)): \(problem)" }
            return (mark.line, mark.column, message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, context.mark.column, "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return (1, 1, problem)
        default:
            return (1, 1, "\(error)")
        }
    }

    /// The file location of a node.
    package static func location(of node: Node, file: String, lineOffset: Int) -> Location {
        let mark = node.mark
        return Location(file: file, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1)
    }

    /// The key/value pairs of a mapping in document order, with each key's node.
    package static func pairs(_ node: Node) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { (key: $0.key.string ?? "\($0.key)", keyNode: $0.key, value: $0.value) }
    }

    package static func string(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    /// A list of strings; a single scalar counts as a one-element list.
    package static func strings(_ node: Node) -> [String]? {
        switch node {
        case .scalar(let scalar):
            return scalar.string.isEmpty && scalar.tag.description.hasSuffix("null") ? [] : [scalar.string]
        case .sequence(let sequence):
            var out: [String] = []
            for element in sequence {
                guard case .scalar(let scalar) = element else { return nil }
                out.append(scalar.string)
            }
            return out
        default:
            return nil
        }
    }

    package static func int(_ node: Node) -> Int? {
        guard case .scalar(let scalar) = node else { return nil }
        return Int(scalar.string)
    }

    package static func bool(_ node: Node) -> Bool? {
        guard case .scalar(let scalar) = node else { return nil }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    package static func day(_ node: Node) -> Day? {
        guard case .scalar(let scalar) = node else { return nil }
        return Day(scalar.string)
    }

    package static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.tag.description.hasSuffix("null") || (scalar.string.isEmpty && scalar.style == .plain)
    }
}

import Foundation
