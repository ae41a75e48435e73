/// Formats a source for reference lists: authors, year, title, publisher or container,
/// number, URL or DOI, accessed date, status.
public enum ReferenceFormatter {
    public static func context(for source: Source, number: Int) -> [String: Any] {
        var context: [String: Any] = [
            "number": number,
            "id": source.id,
            "anchor": "ref-" + source.id,
            "title": source.title ?? source.id,
            "authors": source.authors.joined(separator: "; "),
            "status": source.status?.rawValue ?? "",
        ]
        if let year = source.year { context["year"] = String(year) }
        if let container = source.containerTitle ?? source.publisher { context["container"] = container }
        if let n = source.number { context["number_text"] = n }
        if let doi = source.doi {
            context["link"] = "https://doi.org/" + doi
            context["link_text"] = "doi:" + doi
        } else if let url = source.url {
            context["link"] = url
            context["link_text"] = url
        }
        if let accessed = source.accessed { context["accessed"] = accessed.description }
        if let review = source.reviewBy { context["review_by"] = review.description }
        return context
    }
}
