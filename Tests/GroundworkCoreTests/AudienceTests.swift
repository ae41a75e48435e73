import Foundation
import XCTest
@testable import GroundworkCore

/// Two editions from one knowledge base: the partner edition carries no trace of
/// internal-only pages, sources or cards, and every leak is caught at its line.
final class AudienceTests: XCTestCase {
    /// Fixtures/editions: internal-only pages, sources and cards carry unique `MARKER-` strings;
    /// nothing public links to them.
    static let clean: [String: String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/editions/content")
        var files: [String: String] = [:]
        for path in FileManager.default.subpaths(atPath: root.path) ?? [] {
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path),
               let text = String(data: data, encoding: .utf8) { files[path] = text }
        }
        return files
    }()

    func testPartnerEditionContainsNoInternalMaterial() throws {
        XCTAssertEqual(Self.clean.count, 9)
        let site = try TempSite(Self.clean)
        defer { site.remove() }
        XCTAssertEqual(try site.check().diagnostics.filter { $0.severity == .error }, [])
        var options = site.options()
        options.audience = "partner"
        let report = try Groundwork.build(options)
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        let files = snapshot(site.output)
        XCTAssertTrue(files.keys.contains("guide/public/index.html"))
        XCTAssertFalse(files.keys.contains("guide/pricing/index.html"))
        for (path, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            XCTAssertFalse(text.contains("MARKER-"), "\(path) leaks internal material")
            XCTAssertFalse(text.contains("field-estimate"), "\(path) mentions the internal source")
        }
        // The internal (default) edition has it all.
        var internalEdition = site.options()
        internalEdition.output = site.root.appendingPathComponent("internal")
        XCTAssertTrue(try Groundwork.build(internalEdition).wrote)
        let pricing = try String(contentsOf: internalEdition.output.appendingPathComponent("guide/pricing/index.html"), encoding: .utf8)
        XCTAssertTrue(pricing.contains("MARKER-PAGE-3KX"))
    }

    func testEveryLeakKindIsReportedAtItsLine() throws {
        var files = Self.clean
        files["guide/public.md"] = """
            ---
            title: Public page
            audience: [internal, partner]
            ---
            See the report [@public-report].
            Relative link to [pricing](pricing.md).
            Wiki link to [[Pricing MARKER-PAGE-3KX]].
            Cites [@public-report; @field-estimate].
            """
        files["cards/public-card.md"] = "---\ntitle: Public card\naudience: [internal, partner]\n---\n## Claims\n\n- Estimate [@field-estimate].\n"
        let site = try TempSite(files)
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.diagnostics.filter { $0.code == .audienceLeak }.map { "\($0.file):\($0.line):\($0.column)" }, [
            "content/cards/public-card.md:7:13",
            "content/guide/public.md:6:18",
            "content/guide/public.md:7:14",
            "content/guide/public.md:8:24",
        ])
        XCTAssertTrue(report.diagnostics.allSatisfy { $0.code != .audienceLeak || $0.message.contains("'partner'") })
        var options = site.options()
        options.audience = "partner"
        XCTAssertFalse(try Groundwork.build(options).wrote)
    }

    func testUnknownAudienceNames() throws {
        var files = Self.clean
        files["guide/public.md"] = "---\ntitle: Public page\naudience: [internal, partnr]\n---\nText.\n"
        let site = try TempSite(files)
        defer { site.remove() }
        let report = try site.check()
        let unknown = try XCTUnwrap(report.diagnostics.first { $0.code == .audienceUnknown })
        XCTAssertEqual("\(unknown.file):\(unknown.line):\(unknown.column)", "content/guide/public.md:3:11")
        XCTAssertEqual(unknown.notes, ["did you mean 'partner'?"])
        var options = site.options()
        options.audience = "customers"
        XCTAssertThrowsError(try Groundwork.check(options)) { XCTAssertTrue($0 is EnvironmentError) }
    }
}
