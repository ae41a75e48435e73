import Foundation
import XCTest
import TestSupport
@testable import GroundworkCLI
import GroundworkCore

/// The partner edition through the real command line, with its search index and its printed
/// cards: no output file — HTML, JSON, sitemap, Pagefind index, PDF text — carries any of the
/// fixture's internal-only markers. Needs Pagefind (.venv), Chromium and poppler-utils; these
/// tests skip locally without them and FAIL when CI is set.
final class EditionsCLITests: XCTestCase {
    static let repository = CLITestSupport.repository
    static let fixture = repository.appendingPathComponent("Tests/GroundworkCoreTests/Fixtures/editions/content")
    var root: URL!

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("editions")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil  // XCTest never frees a test object: let go of what it holds (see Tests/lsan-suppressions.txt).
    }

    func testPartnerEditionSearchIndexAndCardsCarryNoInternalMarkers() throws {
        let environment = ["PATH": Self.repository.appendingPathComponent(".venv/bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                           "TMPDIR": root.appendingPathComponent("tmp").path]
        guard SearchIndexer.locate(environment: environment, currentDirectory: Self.repository) != nil else { try missing("Pagefind (.venv)") }
        guard executableOnPath("chromium") != nil || executableOnPath("chromium-browser") != nil else { try missing("chromium") }
        guard let pdftotext = executableOnPath("pdftotext") else { try missing("pdftotext (poppler-utils)") }
        guard let zcat = executableOnPath("zcat") else { try missing("zcat") }

        let site = root.appendingPathComponent("partner")
        let console = Console(capture: true)
        let status = CLI.run(["build", "--content", Self.fixture.path, "--templates", Self.repository.appendingPathComponent("templates").path,
                              "--out", site.path, "--audience", "partner", "--search", "on", "--today", "2026-11-29"],
                             environment: environment, console: console)
        XCTAssertEqual(status, 0, console.standardError)

        var scanned = 0
        for path in FileManager.default.subpaths(atPath: site.path) ?? [] {
            let url = site.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            // Pagefind's index files are gzip-compressed.
            let data = path.hasPrefix("pagefind/") && !path.hasSuffix(".js") && !path.hasSuffix(".css") && !path.hasSuffix(".json")
                ? try output(of: zcat, ["-f", url.path]) : try Data(contentsOf: url)
            let text = String(decoding: data, as: UTF8.self)
            XCTAssertFalse(text.contains("MARKER-"), "\(path) carries internal material")
            scanned += 1
        }
        let indexFiles = (FileManager.default.subpaths(atPath: site.appendingPathComponent("pagefind").path) ?? []).filter { $0.hasSuffix(".pf_fragment") }
        XCTAssertFalse(indexFiles.isEmpty, "no search index was built")
        XCTAssertGreaterThan(scanned, 10)

        // The printed cards of the partner edition.
        let pdf = root.appendingPathComponent("partner-cards.pdf")
        let cardsConsole = Console(capture: true)
        let cardsStatus = CLI.run(["cards", "--content", Self.fixture.path, "--templates", Self.repository.appendingPathComponent("templates").path,
                                   "--pdf", pdf.path, "--audience", "partner"], environment: environment, console: cardsConsole)
        XCTAssertEqual(cardsStatus, 0, cardsConsole.standardError)
        let text = String(decoding: try output(of: pdftotext, [pdf.path, "-"]), as: UTF8.self)
        XCTAssertTrue(text.contains("Public card"), text)
        XCTAssertFalse(text.contains("MARKER-"), "the partner cards PDF carries internal material")
    }
}
