import Foundation
import Templating

extension Groundwork {
    /// Checks and renders without touching the disk beyond reading: the files a build would
    /// write (empty when the checks fail). Used by the fuzzers.
    public static func renderInMemory(_ options: Options) throws -> (Report, [OutputFile]) {
        let templates = try loadTemplates(options)
        let analysis = try analyze(options)
        let report = report(analysis.diagnostics, config: analysis.site.config, pageCount: analysis.site.pages.count, options: options)
        guard !report.failed else { return (report, []) }
        let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                    templates: templates, today: options.today, searchEnabled: false)
        return (report, try renderer.render())
    }
}
