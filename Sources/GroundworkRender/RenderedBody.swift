import GroundworkModel
import GroundworkSupport
import Templating

/// A page's body HTML as the body renderer wrote it into the page, handed to `build`'s output
/// check with the page (issue 21): HTML this renderer wrote itself is read from its attribute
/// values alone (`HTMLScanner.scanGenerated`), not tokenized tag by tag as the rest of the
/// page is. The body is found in the page by its bytes (`OutputLinkCheck.locate`).
public struct RenderedBody: Sendable {
    /// The body's UTF-8 bytes.
    public var html: [UInt8]
    /// Whether raw HTML from the writer is in it (`PageBodyRenderer.wroteRawHTML`): then it is
    /// scanned as any HTML.
    public var hasRawHTML: Bool

    public init(html: [UInt8], hasRawHTML: Bool) {
        self.html = html
        self.hasRawHTML = hasRawHTML
    }
}

extension SiteRenderer {
    /// `renderPages(bodies:withSplices:)`, also handing `body` each page's body as it went
    /// into the page (`RenderedBody`), for the output check's scan.
    public func renderPages<T: Sendable>(
        bodies: PageBodies? = nil,
        withBodies body: @Sendable (_ path: String, _ html: UnsafeBufferPointer<UInt8>, _ template: String, _ splices: [Splice],
                                    _ rendered: RenderedBody?) -> T
    ) throws -> [T] {
        try checkRequiredTemplates()
        let renderer = self
        let results: [Result<T, Error>] = parallelMap(site.pages) { page in
            Result {
                var page = page
                if let document = bodies?.take(page.index) { page.document = document }
                var splices: [Splice] = []
                var rendered: RenderedBody?
                let (html, template) = try renderer.renderPageBytes(page, splices: &splices, body: &rendered)
                return html.withUnsafeBufferPointer { body(page.outputPath, $0, template, splices, rendered) }
            }
        }
        return try results.map { try $0.get() }
    }
}
