import Foundation
import XCTest
@testable import GroundworkCore

/// The output pass: generated HTML is checked before anything is written.
final class OutputLinkCheckTests: XCTestCase {
    /// Template mistakes and raw HTML (with `unsafe_html: true`) that the Markdown checks
    /// cannot see: each reported at its position in the generated file, naming the page and
    /// its template; the build writes nothing.
    func testBrokenTemplateAndRawHTMLLinksFailTheBuild() throws {
        let fixture = LinkFixture.folder.appendingPathComponent("output-broken")
        let templates = fixture.appendingPathComponent("templates")
        let scratch = try LinkFixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("_site")
        let report = try Groundwork.build(LinkFixture.options(content: fixture.appendingPathComponent("content"),
                                                              templates: templates, output: output))
        XCTAssertFalse(report.wrote)
        XCTAssertTrue(report.failed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), "nothing is written")
        // Files are renamed before sorting (so the order does not depend on where the
        // temporary output folder is); notes name the templates folder too.
        let text = LinkFixture.render(report.diagnostics, replacing: [(OutputLinkCheck.display(output), "_site"),
                                                                      (OutputLinkCheck.display(templates), "templates")])
            .replacingOccurrences(of: OutputLinkCheck.display(output), with: "_site")
            .replacingOccurrences(of: OutputLinkCheck.display(templates), with: "templates")
        XCTAssertEqual(text, try LinkFixture.expected("output-broken"))
        let home = report.diagnostics.filter { $0.file.hasSuffix("/index.html") && !$0.file.hasSuffix("guide/index.html") }
        XCTAssertTrue(home.contains { $0.message == "href 'assets/favicon.ico' names no file in the site (looked for 'assets/favicon.ico')" })
        XCTAssertTrue(home.allSatisfy { $0.notes.last?.hasPrefix("index.html is rendered with template 'home'") == true })
    }

    func testScannerReadsQuotedUnquotedAndEscapedValues() {
        let html = """
        <!DOCTYPE html><!-- <a href="commented.html"> -->
        <A HREF=plain.html>x</A><img src='single.png' alt="a > b"><a
          href = "spaced.html" id=top-id>y</a>
        <script>document.write('<a href="scripted.html">')</script><style>a[href="css.html"]{}</style>
        <a href="a&amp;b.html?x=1&amp;y=2#f&#111;o" name="named">z</a><p id="para" data-href="ignored.html">
        """
        var found: [String] = []
        HTMLScanner.scan(Array(html.utf8)) { found.append("\($0.tag) \($0.name)=\($0.value)") }
        XCTAssertEqual(found, [
            "a href=plain.html", "img src=single.png", "a href=spaced.html", "a id=top-id",
            "a href=a&b.html?x=1&y=2#foo", "a name=named", "p id=para",
        ])
    }

    func testResolutionOfHrefs() {
        func resolve(_ value: String, from: String = "guide/setup/index.html", base: String = "https://x.example/docs/") -> OutputLinkCheck.Resolution {
            OutputLinkCheck.resolve(value, from: from, baseURL: base, ignoredPrefixes: ["pagefind/"])
        }
        XCTAssertEqual(resolve("../"), .target(path: "guide/index.html", fragment: nil))
        XCTAssertEqual(resolve("../../assets/a%20b.css"), .target(path: "assets/a b.css", fragment: nil))
        XCTAssertEqual(resolve("#caf%C3%A9"), .target(path: "guide/setup/index.html", fragment: "café"))
        XCTAssertEqual(resolve("?q=1"), .target(path: "guide/setup/index.html", fragment: nil))
        XCTAssertEqual(resolve("https://x.example/docs/guide/"), .target(path: "guide/index.html", fragment: nil))
        XCTAssertEqual(resolve("https://x.example/docs"), .target(path: "index.html", fragment: nil))
        XCTAssertEqual(resolve("/docs/assets/style.css"), .target(path: "assets/style.css", fragment: nil))
        XCTAssertEqual(resolve("https://elsewhere.example/"), .skip)
        XCTAssertEqual(resolve("mailto:a@b.example"), .skip)
        XCTAssertEqual(resolve("//cdn.example/x.js"), .skip)
        XCTAssertEqual(resolve("../../pagefind/pagefind-ui.js"), .skip)
        XCTAssertEqual(resolve("../../../x.html"), .broken("it leads outside the site's folder"))
        XCTAssertEqual(resolve("/elsewhere/x.html"), .broken("it leaves base_url's path '/docs/'"))
        if case .broken = resolve("/x.html", base: "") {} else { XCTFail("a site-absolute link without base_url is broken") }
    }

    /// Maps are built once and each file is scanned once: a 1,000-page site with 40 links a
    /// page is checked in a few seconds even in a debug build on a busy machine (about 0.1 s
    /// in a release build).
    func testLargeSiteIsFast() {
        var files: [OutputFile] = []
        for i in 0..<1000 {
            var html = "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"../../assets/style.css\"></head><body>"
            html += "<h1 id=\"top-\(i)\">Page \(i)</h1>"
            for j in 0..<40 {
                let target = (i + j) % 1000
                html += "<p>Text <a href=\"../p\(target)/#top-\(target)\">link \(j)</a> and more text to make the page longer.</p>\n"
            }
            html += "</body></html>"
            files.append(OutputFile(path: "s/p\(i)/index.html", contents: Data(html.utf8), template: "page"))
        }
        let copies = [(from: URL(fileURLWithPath: "/nonexistent/style.css"), to: "assets/style.css")]
        let start = Date()
        let diagnostics = OutputLinkCheck.check(files: files, copies: copies, settings: .init(outputDisplay: "_site"))
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(diagnostics, [])
        XCTAssertLessThan(elapsed, 10, "41,000 references took \(elapsed) s")
        print("output pass: 1,000 pages, 41,000 references in \(String(format: "%.2f", elapsed)) s")
    }
}
