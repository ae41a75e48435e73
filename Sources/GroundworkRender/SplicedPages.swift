import Foundation
import GroundworkModel
import GroundworkSupport
import Templating

extension SiteRenderer {
    /// `renderPages`, also handing `body` where kept nav fragments were spliced into each
    /// page (`Splice`, in output order): `build` scans each fragment for the output check
    /// once instead of on every page that holds it (issue 21).
    /// - Parameter bodies: the pages' trees when they were moved out of the site
    ///   (`PageBodies`): each is freed once its page is rendered.
    public func renderPages<T: Sendable>(
        bodies: PageBodies? = nil,
        withSplices body: @Sendable (_ path: String, _ html: inout String, _ template: String, _ splices: [Splice]) -> T
    ) throws -> [T] {
        try checkRequiredTemplates()
        let renderer = self
        let results: [Result<T, Error>] = parallelMap(site.pages) { page in
            Result {
                var page = page
                if let document = bodies?.take(page.index) { page.document = document }
                var splices: [Splice] = []
                var (html, template) = try renderer.renderPageHTML(page, splices: &splices)
                return body(page.outputPath, &html, template, splices)
            }
        }
        return try results.map { try $0.get() }
    }
}
