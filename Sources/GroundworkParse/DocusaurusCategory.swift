import Foundation
import GroundworkDiagnostics
import GroundworkModel
import Yams

/// A Docusaurus `_category_.json` / `_category_.yml`: the title and place in the sidebar of
/// the folder it sits in (issue 17 item 2).
public struct DocusaurusCategory: Sendable, Equatable {
    public var label: String?
    public var position: Double?
    /// `link.type` (`doc`, `generated-index`) and, for `doc`, `link.id`.
    public var linkType: String?
    public var linkID: String?

    /// Reads the file's text; nil when it is neither a JSON object nor a YAML mapping.
    public static func parse(_ text: String, isJSON: Bool) -> DocusaurusCategory? {
        var category = DocusaurusCategory()
        if isJSON {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
            category.label = object["label"] as? String
            category.position = (object["position"] as? NSNumber)?.doubleValue
            if let link = object["link"] as? [String: Any] {
                category.linkType = link["type"] as? String
                category.linkID = link["id"] as? String
            }
            return category
        }
        var bag = DiagnosticBag()
        guard let root = YAMLSupport.compose(text, file: "_category_.yml", lineOffset: 0, code: .configInvalid, bag: &bag),
              let pairs = YAMLSupport.pairs(root) else { return nil }
        for (key, _, value) in pairs {
            switch key {
            case "label": category.label = YAMLSupport.string(value)
            case "position": category.position = YAMLSupport.string(value).flatMap(Double.init)
            case "link":
                for (field, _, text) in YAMLSupport.pairs(value) ?? [] {
                    if field == "type" { category.linkType = YAMLSupport.string(text) }
                    if field == "id" { category.linkID = YAMLSupport.string(text) }
                }
            default: continue
            }
        }
        return category
    }
}
