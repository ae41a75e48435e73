import Foundation
import GroundworkModel
import GroundworkSupport
import Templating

extension SiteRenderer {
    /// `renderPages`, handing `body` each page as UTF-8 bytes (never made a `String`: issue 21,
    /// perfbytes) and where kept nav fragments were spliced into them (`Splice`, byte
    /// offsets, in output order): `build` writes the bytes and scans each fragment for the
    /// output check once instead of on every page that holds it (issue 21).
    /// - Parameter bodies: the pages' trees when they were moved out of the site
    ///   (`PageBodies`): each is freed once its page is rendered.
    public func renderPages<T: Sendable>(
        bodies: PageBodies? = nil,
        withSplices body: @Sendable (_ path: String, _ html: UnsafeBufferPointer<UInt8>, _ template: String, _ splices: [Splice]) -> T
    ) throws -> [T] {
        try checkRequiredTemplates()
        prepareSharedTables()  // NavCache.swift
        let renderer = self
        let results: [Result<T, Error>] = parallelMap(site.pages) { page in
            Result {
                var page = page
                if let document = bodies?.take(page.index) { page.document = document }
                var splices: [Splice] = []
                let (html, template) = try renderer.renderPageBytes(page, splices: &splices)
                return html.withUnsafeBufferPointer { body(page.outputPath, $0, template, splices) }
            }
        }
        return try results.map { try $0.get() }
    }
}
