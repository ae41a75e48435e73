import Foundation
import GroundworkModel
import Templating

/// Per-page reader basics that come from outside the page's text: "last updated" (git history,
/// passed in) and "edit this page" (`site.yaml` `edit_url`).
extension SiteRenderer {
    /// Adds `last_updated`, `edit_href` and `has_history` (either of them) to the page's context.
    func addHistoryContext(_ page: Page, to context: inout TemplateObject) {
        var hasHistory = false
        if let day = lastUpdated[page.relativePath] {
            context[.lastUpdated] = .string(day.description)
            hasHistory = true
        }
        if let edit = Self.editHref(base: site.config.editURL, relativePath: page.relativePath) {
            context[.editHref] = .string(edit)
            hasHistory = true
        }
        context[.hasHistory] = .bool(hasHistory)
    }

    /// `edit_url` + the page's path below the content folder, percent-encoded; nil without one.
    static func editHref(base: String, relativePath: String) -> String? {
        guard !base.isEmpty else { return nil }
        return (base.hasSuffix("/") ? base : base + "/") + URLPaths.percentEncode(relativePath)
    }
}
