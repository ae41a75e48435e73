import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

/// Formats a source for reference lists: authors, year, title, publisher or container,
/// number, URL or DOI, accessed date, status.
public enum ReferenceFormatter {
    /// Template keys (absent when there is nothing to show): `number`, `id`, `anchor`, `title`,
    /// `authors` (without a final full stop), `year`, `container`
    /// (container title with volume, issue and pages, or else the publisher), `publisher`
    /// (only beside a container), `number_text`, `link`/`link_text` (DOI preferred),
    /// `accessed`, `review_by`, `status`, `status_label`, `status_description`.
    public static func context(for source: Source, number: Int) -> [String: Any] {
        var context: [String: Any] = [
            "number": number,
            "id": source.id,
            "anchor": anchor(for: source.id),
            "title": nonEmpty(source.title) ?? source.id,
        ]
        // Keys are left out rather than empty: Mustache renders a section for "".
        var authors = source.authors.compactMap(nonEmpty).joined(separator: "; ")
        // The template adds the full stop ("et al." must not become "et al..").
        while authors.hasSuffix(".") { authors.removeLast() }
        if !authors.isEmpty { context["authors"] = authors }
        if let status = source.status {
            context["status"] = status.rawValue
            context["status_label"] = label(status)
            context["status_description"] = description(status)
        }
        if let year = source.year { context["year"] = String(year) }
        if let container = nonEmpty(source.containerTitle) {
            var text = container
            if let volume = nonEmpty(source.volume) {
                text += " " + volume
                if let issue = nonEmpty(source.issue) { text += "(\(issue))" }
            }
            if let page = nonEmpty(source.page) { text += ", " + page }
            context["container"] = text
            if let publisher = nonEmpty(source.publisher) { context["publisher"] = publisher }
        } else if let publisher = nonEmpty(source.publisher) {
            context["container"] = publisher
        }
        if let n = nonEmpty(source.number) { context["number_text"] = n }
        if let doi = nonEmpty(source.doi) {
            let bare = strip(doi, prefixes: ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"])
            context["link"] = "https://doi.org/" + bare
            context["link_text"] = "doi:" + bare
        } else if let url = nonEmpty(source.url) {
            // Only web addresses become links: a `javascript:` URL in sources.yaml stays text.
            let lower = url.lowercased()
            if lower.hasPrefix("https://") || lower.hasPrefix("http://") { context["link"] = url }
            context["link_text"] = url
        }
        if let accessed = source.accessed { context["accessed"] = accessed.description }
        if let review = source.reviewBy { context["review_by"] = review.description }
        return context
    }

    /// The id of a source's entry in a reference list or the bibliography.
    public static func anchor(for id: String) -> String { "ref-" + id }

    /// `Confirmed`, `Partial`, `Unverified`.
    public static func label(_ status: SourceStatus) -> String {
        switch status {
        case .confirmed: return "Confirmed"
        case .partial: return "Partial"
        case .unverified: return "Unverified"
        }
    }

    /// What a status means to a reader deciding whether to repeat a claim.
    public static func description(_ status: SourceStatus) -> String {
        switch status {
        case .confirmed: return "The wording was seen in the source."
        case .partial: return "The source says something narrower than the claim that circulates; only the narrower version is used."
        case .unverified: return "Not checked against the source itself; do not present it as fact."
        }
    }

    package static func nonEmpty(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.fastTrimmingWhitespacesAndNewlines  // Foundation's result, without Foundation when nothing is trimmed
        return trimmed.isEmpty ? nil : trimmed
    }

    package static func strip(_ text: String, prefixes: [String]) -> String {
        for prefix in prefixes where text.lowercased().hasPrefix(prefix) { return String(text.dropFirst(prefix.count)) }
        return text
    }
}

import Foundation
