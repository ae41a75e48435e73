import Foundation
import GroundworkModel

/// Per-page reader basics that come from outside the page's text: "last updated" (git history,
/// passed in) and "edit this page" (`site.yaml` `edit_url`).
extension SiteRenderer {
    /// `last_updated`, `edit_href` and `has_history` (either of them) for the page's context.
    func historyContext(_ page: Page) -> [String: Any] {
        var context: [String: Any] = [:]
        if let day = lastUpdated[page.relativePath] { context["last_updated"] = day.description }
        if let edit = Self.editHref(base: site.config.editURL, relativePath: page.relativePath) { context["edit_href"] = edit }
        context["has_history"] = !context.isEmpty
        return context
    }

    /// `edit_url` + the page's path below the content folder, percent-encoded; nil without one.
    static func editHref(base: String, relativePath: String) -> String? {
        guard !base.isEmpty else { return nil }
        return (base.hasSuffix("/") ? base : base + "/") + URLPaths.percentEncode(relativePath)
    }
}
