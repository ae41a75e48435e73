import Foundation
@testable import GroundworkCore
@testable import GroundworkRender
import TestSupport
import Templating

extension SiteRenderer {
    /// The renderer `build` would make for `analysis`, with the repository's templates, a
    /// fixed day (2026-11-29, so review dates render the same on any day) and no search:
    /// for tests that call the renderer's parts directly.
    static func forTests(_ analysis: Analysis) throws -> SiteRenderer {
        SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                     templates: try TemplateSet(directory: TempSite.repositoryTemplates),
                     today: Day(year: 2026, month: 11, day: 29), searchEnabled: false)
    }
}
