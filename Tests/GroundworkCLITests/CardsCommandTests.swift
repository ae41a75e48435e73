import Foundation
import XCTest
import TestSupport
@testable import GroundworkCLI
import GroundworkCore

/// `groundwork cards` (issue 7): the shipped cards print one card per page on Letter and A4,
/// checked with poppler's `pdfinfo`; a PNG of the first page goes to test-artifacts/.
///
/// Needs Debian `chromium` and `poppler-utils` (`make test-deps` installs them). Without them
/// these tests skip locally and FAIL when the `CI` environment variable is set.
final class CardsCommandTests: XCTestCase {
    static let repository = CLITestSupport.repository
    static let fixtures = repository.appendingPathComponent("Tests/GroundworkCoreTests/Fixtures/cards")
    static let artifacts = repository.appendingPathComponent("test-artifacts")
    var root: URL!

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("cards-cli")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil  // XCTest never frees a test object: let go of what it holds (see Tests/lsan-suppressions.txt).
    }

    /// The environment `groundwork cards` runs with: the real PATH, and TMPDIR inside this
    /// test's folder, so the test can see that the temporary folder is removed.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "TMPDIR": root.appendingPathComponent("tmp").path]
        environment.merge(extra) { _, new in new }
        return environment
    }

    func cards(_ arguments: [String], environment: [String: String]) -> (status: Int32, err: String) {
        let result = CLITestSupport.run(["cards", "--templates", CLITestSupport.templates.path] + arguments, environment: environment)
        XCTAssertEqual(result.out, "", "cards prints nothing on stdout")
        return (result.status, result.err)
    }

    /// `Pages:` and `Page size:` (width x height in points) from pdfinfo.
    func pdfinfo(_ pdf: URL) throws -> (pages: Int, width: Double, height: Double) {
        let info = String(decoding: try output(of: try requireTool("pdfinfo", package: "poppler-utils"), [pdf.path]), as: UTF8.self)
        func field(_ name: String) -> String {
            info.split(separator: "\n").first { $0.hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) } ?? ""
        }
        let size = field("Page size").split(separator: " ")
        return (Int(field("Pages")) ?? -1, size.count >= 3 ? Double(size[0]) ?? 0 : 0, size.count >= 3 ? Double(size[2]) ?? 0 : 0)
    }

    /// Every page ends with its card's own "Check before citing" line, the last thing on a
    /// card: a card taller than the page is clipped inside its fixed-height box rather than
    /// pushed onto a second page, so the page count alone would not notice.
    func assertNothingClipped(_ pdf: URL, pages: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let pdftotext = try requireTool("pdftotext", package: "poppler-utils")
        for page in 1...max(pages, 1) {
            let text = String(decoding: try output(of: pdftotext, ["-f", "\(page)", "-l", "\(page)", pdf.path, "-"]), as: UTF8.self)
            XCTAssertTrue(text.contains("Check before citing"), "page \(page) of \(pdf.lastPathComponent) is cut off", file: file, line: line)
        }
    }

    func assertPaper(_ info: (pages: Int, width: Double, height: Double), _ paper: CardPaper, file: StaticString = #filePath, line: UInt = #line) {
        let (width, height) = paper == .letter ? (612.0, 792.0) : (595.28, 841.89)
        XCTAssertEqual(info.width, width, accuracy: 1.0, "\(paper) page width", file: file, line: line)
        XCTAssertEqual(info.height, height, accuracy: 1.0, "\(paper) page height", file: file, line: line)
    }

    func cardCount(_ content: URL) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent("cards").path)
            .filter { $0.hasSuffix(".md") && $0 != "_index.md" }.count
    }

    func assertTemporaryFolderRemoved(file: StaticString = #filePath, line: UInt = #line) {
        let left = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path)) ?? []
        XCTAssertEqual(left, [], "groundwork cards left its temporary folder behind", file: file, line: line)
    }

    // MARK: With Chromium

    /// The issue's "done when": the shipped cards, one page per card, on both papers.
    func testShippedCardsPrintOnePagePerCardOnLetterAndA4() throws {
        _ = try requireTool("chromium", package: "chromium")
        let content = Self.repository.appendingPathComponent("content")
        let expected = try cardCount(content)
        XCTAssertEqual(expected, 8)
        for paper in CardPaper.allCases {
            let pdf = root.appendingPathComponent("cards-\(paper.rawValue).pdf")
            let result = cards(["--content", content.path, "--pdf", pdf.path, "--paper", paper.rawValue], environment: environment())
            XCTAssertEqual(result.status, 0, result.err)
            XCTAssertTrue(result.err.hasSuffix("wrote \(expected) cards (\(expected) pages, \(paper.displayName)) to \(pdf.path)\n"), result.err)
            let info = try pdfinfo(pdf)
            XCTAssertEqual(info.pages, expected, "\(paper): one page per card")
            assertPaper(info, paper)
            try assertNothingClipped(pdf, pages: info.pages)
            assertTemporaryFolderRemoved()

            // The first card as a PNG, to look at (test-artifacts/ is not committed).
            try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
            let png = Self.artifacts.appendingPathComponent("cards-\(paper.rawValue)-page1")
            _ = try output(of: try requireTool("pdftoppm", package: "poppler-utils"),
                           ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf.path, png.path])
            let data = try Data(contentsOf: png.appendingPathExtension("png"))
            XCTAssertEqual(Array(data.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG")
            let copy = Self.artifacts.appendingPathComponent("cards-\(paper.rawValue).pdf")
            try? FileManager.default.removeItem(at: copy)
            try FileManager.default.copyItem(at: pdf, to: copy)
        }
    }

    /// Cards of exactly cards.max_words words still fit one page each on both papers: one in a
    /// dense list shape (nine key lines, seven claims, eight sources with long titles) and one
    /// in the call shape (talk track, questions, six sourced answers, next step).
    func testCardAtTheWordBudgetFitsOnePageOnBothPapers() throws {
        _ = try requireTool("chromium", package: "chromium")
        for fixture in ["fit", "fit-call"] {
            for paper in CardPaper.allCases {
                let pdf = root.appendingPathComponent("\(fixture)-\(paper.rawValue).pdf")
                let result = cards(["--content", Self.fixtures.appendingPathComponent(fixture).path, "--pdf", pdf.path, "--paper", paper.rawValue],
                                   environment: environment())
                XCTAssertEqual(result.status, 0, result.err)
                let info = try pdfinfo(pdf)
                XCTAssertEqual(info.pages, 1, "\(fixture), \(paper): the 250-word card takes one page")
                assertPaper(info, paper)
                try assertNothingClipped(pdf, pages: info.pages)
            }
        }
    }

    // MARK: Without Chromium (a stand-in script, or none)

    func testMissingChromiumExitsTwoNamingThePackage() throws {
        let pdf = root.appendingPathComponent("cards.pdf")
        let result = cards(["--content", Self.repository.appendingPathComponent("content").path, "--pdf", pdf.path],
                           environment: environment(["PATH": root.appendingPathComponent("empty").path]))
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.err.contains("Chromium was not found"), result.err)
        XCTAssertTrue(result.err.contains("apt-get install chromium"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf.path))
    }

    /// A stand-in for Chromium: records that it ran, and writes a PDF of `pages` pages (or
    /// fails with `status`).
    func fakeChromium(pages: Int, status: Int = 0) throws -> (executable: URL, ran: URL) {
        let ran = root.appendingPathComponent("chromium-ran")
        let script = root.appendingPathComponent("fake-chromium")
        let objects = (0..<pages).map { "\($0 + 2) 0 obj << /Type /Page /Parent 1 0 R >> endobj" }.joined(separator: "\n")
        try """
            #!/bin/sh
            echo "$@" > '\(ran.path)'
            [ \(status) -ne 0 ] && { echo "fake chromium failed" >&2; exit \(status); }
            for argument in "$@"; do
              case "$argument" in --print-to-pdf=*) out="${argument#--print-to-pdf=}";; esac
            done
            printf '%s\\n' '%PDF-1.4' '1 0 obj << /Type /Pages /Count \(pages) >> endobj' '\(objects)' > "$out"
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (script, ran)
    }

    func testContentErrorsExitOneAndPrintNothing() throws {
        let fake = try fakeChromium(pages: 2)
        let pdf = root.appendingPathComponent("cards.pdf")
        let result = cards(["--content", Self.fixtures.appendingPathComponent("too-long").path, "--pdf", pdf.path],
                           environment: environment(["GROUNDWORK_CHROMIUM": fake.executable.path]))
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("cards/long.md:20:24: error: battle card has 49 words"), result.err)
        XCTAssertTrue(result.err.contains("[card.too-long]"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fake.ran.path), "Chromium must not run when the content has errors")
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf.path))
        assertTemporaryFolderRemoved()
    }

    func testACardSpillingOntoASecondPageFailsAndWritesNoPDF() throws {
        let fake = try fakeChromium(pages: 2)
        let pdf = root.appendingPathComponent("cards.pdf")
        let result = cards(["--content", Self.fixtures.appendingPathComponent("fit").path, "--pdf", pdf.path, "--paper", "A4"],
                           environment: environment(["GROUNDWORK_CHROMIUM": fake.executable.path]))
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("error: the cards came out as 2 pages for 1 card on A4"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf.path))
        // Chromium was asked for the print sheet on A4, headless, without headers and footers,
        // with its profile inside the temporary folder.
        let arguments = try String(contentsOf: fake.ran, encoding: .utf8)
        XCTAssertTrue(arguments.contains("--headless"), arguments)
        XCTAssertTrue(arguments.contains("--no-pdf-header-footer"), arguments)
        XCTAssertTrue(arguments.contains("--user-data-dir=" + root.appendingPathComponent("tmp").path), arguments)
        XCTAssertTrue(arguments.contains("/cards/print/index.html?paper=a4"), arguments)
        assertTemporaryFolderRemoved()
    }

    func testChromiumFailureExitsTwo() throws {
        let fake = try fakeChromium(pages: 1, status: 3)
        let pdf = root.appendingPathComponent("cards.pdf")
        let result = cards(["--content", Self.fixtures.appendingPathComponent("fit").path, "--pdf", pdf.path],
                           environment: environment(["GROUNDWORK_CHROMIUM": fake.executable.path]))
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.err.contains("did not print the cards (exit status 3)"), result.err)
        XCTAssertTrue(result.err.contains("fake chromium failed"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pdf.path))
        assertTemporaryFolderRemoved()
    }

    func testWritesOnlyThePDF() throws {
        let fake = try fakeChromium(pages: 1)
        let pdf = root.appendingPathComponent("out/cards.pdf")
        try FileManager.default.createDirectory(at: pdf.deletingLastPathComponent(), withIntermediateDirectories: true)
        let result = cards(["--content", Self.fixtures.appendingPathComponent("fit").path, "--pdf", pdf.path],
                           environment: environment(["GROUNDWORK_CHROMIUM": fake.executable.path]))
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: pdf.deletingLastPathComponent().path), ["cards.pdf"])
        XCTAssertTrue(result.err.hasSuffix("wrote 1 card (1 page, US Letter) to \(pdf.path)\n"), result.err)
        assertTemporaryFolderRemoved()
    }

    func testUsageErrors() {
        XCTAssertEqual(cards(["--paper", "a4"], environment: environment()).status, 2, "--pdf is required")
        XCTAssertEqual(cards(["--pdf", root.appendingPathComponent("x.pdf").path, "--paper", "legal"], environment: environment()).status, 2)
        let missingFolder = cards(["--pdf", root.appendingPathComponent("no/such/x.pdf").path], environment: environment())
        XCTAssertEqual(missingFolder.status, 2)
        XCTAssertTrue(missingFolder.err.contains("does not exist"), missingFolder.err)
    }
}

