import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport

/// The site files the bibliography produces: `bibliography/index.html` (every source with
/// its status and the pages that cite it) and `sources.json` (CSL-JSON).
extension SiteRenderer {
    /// Whether `bibliography/index.html` is generated: the template exists and no content
    /// page already lives at that URL (a content page wins, as for the glossary).
    var rendersBibliographyPage: Bool {
        templates.contains("bibliography") && site.pageByURL[Self.bibliographyURL] == nil && !sources.sources.isEmpty
    }

    /// `sources.json` (CSL-JSON), written when the site has a `sources.yaml`; the bibliography
    /// page comes from `bibliographyPage` (both are jobs of `siteFileJobs`). A site without
    /// `sources.yaml` gets neither file unless it has the bibliography template (then an empty
    /// bibliography page).
    func sourcesJSON() -> OutputFile {
        OutputFile(path: "sources.json", contents: Data(CSLExport.json(sources).utf8), template: nil)
    }

    /// URLs the bibliography adds to the sitemap.
    func citationPageURLs() -> [String] {
        rendersBibliographyPage ? [Self.bibliographyURL] : []
    }

    /// Pages citing each source id, in title order.
    func citingPages() -> [String: [Int]] {
        var byKey: [String: Set<Int>] = [:]
        // The pages' citations as Resolve recorded them; the sort keys once per page.
        // By index: `zip(site.pages, ...)` copied every page (a retain of each of its fields).
        for (index, citations) in links.citations.enumerated() {
            for citation in citations { byKey[citation.item.key, default: []].insert(site.pages[index].index) }
        }
        let titles = site.pages.map { $0.title.lowercased() }
        let urls = pageURLs  // `site.pages[i].url` in a comparison copies the page
        return byKey.mapValues { pages in
            pages.sorted { (titles[$0], urls[$0]) < (titles[$1], urls[$1]) }
        }
    }

    /// Sources in bibliography order: first author (or publisher, or title), year, title, id.
    func bibliographyOrder() -> [Source] {
        func key(_ source: Source) -> (String, Int, String, String) {
            let lead = source.authors.first ?? source.publisher ?? source.title ?? source.id
            let sortable = String(lead.lowercased().drop(while: { !$0.isLetter && !$0.isNumber }))
            return (sortable, source.year ?? Int.max, (source.title ?? "").lowercased(), source.id)
        }
        // The keys made once per source, not twice per comparison (they are unique: the id).
        let keys = sources.sources.map(key)
        return sources.sources.indices.sorted { keys[$0] < keys[$1] }.map { sources.sources[$0] }
    }

    func bibliographyPage() throws -> OutputFile {
        let url = Self.bibliographyURL
        var context = baseContext(url: url, title: "Bibliography", currentPage: nil, currentSection: nil)
        let citing = citingPages()
        let urls = pageURLs
        var counts: [SourceStatus: Int] = [:]
        let entries: [[String: Any]] = bibliographyOrder().enumerated().map { offset, source in
            var entry = ReferenceFormatter.context(for: source, number: offset + 1)
            if let status = source.status { counts[status, default: 0] += 1 }
            if let note = ReferenceFormatter.nonEmpty(source.note) { entry["note"] = note }
            if let review = source.reviewBy { entry["overdue"] = review < today }
            // The page's fields read in place: `let page = site.pages[index]` copied the whole
            // page for three of its fields, 40,000 times at 10,000 pages.
            let pages = (citing[source.id] ?? []).map { index -> [String: Any] in
                ["title": site.pages[index].title, "href": href(from: url, to: urls[index]), "is_card": site.pages[index].isCard]
            }
            entry["cited_by"] = pages
            entry["has_cited_by"] = !pages.isEmpty
            return entry
        }
        context["sources"] = entries
        context["has_sources"] = !entries.isEmpty
        context["counts"] = SourceStatus.allCases.compactMap { status -> [String: Any]? in
            guard let n = counts[status], n > 0 else { return nil }
            return ["status": status.rawValue, "label": ReferenceFormatter.label(status), "count": n,
                    "description": ReferenceFormatter.description(status)]
        }
        if !sources.file.isEmpty { context["sources_json_href"] = href(from: url, to: "sources.json") }
        let total = entries.count
        context["page"] = [
            "title": "Bibliography", "url": url,
            "summary": "Every source this guide cites (\(total == 1 ? "1 source" : "\(total) sources")), with how far it has been verified and the pages that cite it.",
        ] as [String: Any]
        let output = try templates.render("bibliography", context: context)
        return OutputFile(path: url + "index.html", contents: Data(output.utf8), template: "bibliography")
    }
}
