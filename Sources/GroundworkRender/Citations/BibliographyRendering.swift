import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Templating

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

    /// The pages citing each source, by source index (`sources.sources`), each list in title
    /// order (lowercased title, then URL).
    ///
    /// One walk of the link graph's citation records: each citation's key is looked up once
    /// (`sources.byID`), and a page is added to a source's list once however often it cites
    /// it. The lists are then sorted by a rank each page gets once (its place in title order),
    /// comparing numbers: sorting every list by its pages' titles and URLs compared strings
    /// ~5 times per citing page, a quarter of the bibliography page's time (issue 21, perfsite6).
    func citingPages() -> [[Int]] {
        var bySource = [[Int]](repeating: [], count: sources.sources.count)
        for (page, citations) in links.citations.enumerated() {
            for citation in citations {
                guard let source = sources.byID[citation.item.key] else { continue }
                // A page's citations are walked together: it is already there when it is last.
                if bySource[source].last != page { bySource[source].append(page) }
            }
        }
        // The rank only of pages that cite something (most do not, in most sites).
        var citing: [Int] = []
        for (page, citations) in links.citations.enumerated() where !citations.isEmpty { citing.append(page) }
        let titles = citing.map { site.pages[$0].title.lowercased() }
        let urls = pageURLs
        var rank = [Int](repeating: 0, count: site.pages.count)
        let order = citing.indices.sorted { (titles[$0], urls[citing[$0]]) < (titles[$1], urls[citing[$1]]) }
        for (place, position) in order.enumerated() { rank[citing[position]] = place }
        return bySource.map { pages in pages.sorted { rank[$0] < rank[$1] } }
    }

    /// Sources in bibliography order, as indices into `sources.sources`: first author (or
    /// publisher, or title), year, title, id.
    func bibliographyOrderIndices() -> [Int] {
        func key(_ source: Source) -> (String, Int, String, String) {
            let lead = source.authors.first ?? source.publisher ?? source.title ?? source.id
            let sortable = String(lead.lowercased().drop(while: { !$0.isLetter && !$0.isNumber }))
            return (sortable, source.year ?? Int.max, (source.title ?? "").lowercased(), source.id)
        }
        // The keys made once per source, not twice per comparison (they are unique: the id).
        let keys = sources.sources.map(key)
        return sources.sources.indices.sorted { keys[$0] < keys[$1] }
    }

    /// `bibliography/index.html`: every source in bibliography order with its status and the
    /// pages citing it, and the count of sources of each status.
    ///
    /// The context is built typed (`TemplateObject`, keys interned once: SiteFileKeys.swift),
    /// as the pages' are: a `[String: Any]` of 1,000 sources with their citing pages cost as
    /// much to convert at the renderer's door as to render (issue 21, perfsite6). Each
    /// source's formatted fields are the ones the pages' reference lists already made
    /// (`memo.reference`).
    func bibliographyPage() throws -> OutputFile {
        let url = Self.bibliographyURL
        var context = baseObject(url: url, title: "Bibliography", currentPage: nil, currentSection: nil)
        let citing = citingPages()
        let urls = pageURLs
        var counts: [SourceStatus: Int] = [:]
        // A page's entry in the lists of the sources it cites, made once: a page cites
        // several sources (4 on average in the benchmark corpus), and its href was worked
        // out again for each (40,000 times at 10,000 pages).
        var citingEntries = [TemplateValue?](repeating: nil, count: site.pages.count)
        let entries: [TemplateValue] = bibliographyOrderIndices().enumerated().map { offset, index in
            let source = sources.sources[index]
            var entry = memo.reference(index) { TemplateObject(any: ReferenceFormatter.context(for: source, number: 0)) }
            entry[.number] = .int(offset + 1)
            if let status = source.status { counts[status, default: 0] += 1 }
            if let note = ReferenceFormatter.nonEmpty(source.note) { entry[.note] = .string(note) }
            if let review = source.reviewBy { entry[.overdue] = .bool(review < today) }
            let pages = citing[index].map { page -> TemplateValue in
                if let made = citingEntries[page] { return made }
                // The page's fields read in place: `let page = site.pages[index]` copied the
                // whole page for three of its fields.
                let made = TemplateValue.object([.title: .string(site.pages[page].title), .href: .string(href(from: url, to: urls[page])),
                                                 .isCard: .bool(site.pages[page].isCard)])
                citingEntries[page] = made
                return made
            }
            entry[.citedBy] = .list(pages)
            entry[.hasCitedBy] = .bool(!pages.isEmpty)
            return .object(entry)
        }
        context[.sources] = .list(entries)
        context[.hasSources] = .bool(!entries.isEmpty)
        context[.counts] = .list(SourceStatus.allCases.compactMap { status -> TemplateValue? in
            guard let n = counts[status], n > 0 else { return nil }
            return .object([.status: .string(status.rawValue), .label: .string(ReferenceFormatter.label(status)), .count: .int(n),
                            .description: .string(ReferenceFormatter.description(status))])
        })
        if !sources.file.isEmpty { context[.sourcesJSONHref] = .string(href(from: url, to: "sources.json")) }
        let total = entries.count
        context[.page] = .object([
            .title: "Bibliography", .url: .string(url),
            .summary: .string("Every source this guide cites (\(total == 1 ? "1 source" : "\(total) sources")), with how far it has been verified and the pages that cite it."),
        ])
        let output = try templates.render("bibliography", object: context)
        return OutputFile(path: url + "index.html", contents: Data(output.utf8), template: "bibliography")
    }
}
