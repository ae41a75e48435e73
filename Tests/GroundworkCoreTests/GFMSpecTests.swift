import Foundation
import TestSupport
import XCTest
@testable import GroundworkCore

/// The GitHub Flavored Markdown spec's examples for the extensions Groundwork implements on
/// cmark 0.30 — tables, strikethrough, extended autolinks, task lists — run through the whole
/// pipeline: every example is a page of one site, the site is built, and each page's body is
/// compared with the spec's HTML.
///
/// The examples are read from the spec as Debian's `cmark-gfm` package ships it
/// (`/usr/share/doc/cmark-gfm/spec.txt.gz`, GFM 0.29.0.gfm.6; `make test` installs it), so no
/// copy of the spec's text lives in this repository; `GROUNDWORK_GFM_SPEC` names another copy
/// (plain or gzipped). The extension examples are the ones the spec marks `example table`,
/// `example strikethrough`, `example autolink`, and the two task-list examples it marks
/// `example disabled` (cmark-gfm's own test run leaves that extension off). The comparison first rewrites the
/// spec's HTML into Groundwork's shapes for the same things (see `groundworkShape`); those are
/// conventions of the theme, not differences. The examples Groundwork deliberately renders
/// differently are listed in `deliberatelyDifferent`, with why.
final class GFMSpecTests: XCTestCase {
    struct Example {
        /// The example's number in the whole spec (as cmark-gfm's spec_tests.py counts them).
        var example: Int
        var extension_: String
        var markdown: String
        var html: String
    }

    /// Examples whose HTML differs on purpose.
    static let deliberatelyDifferent: [Int: String] = [
        629: "email autolinks (foo@bar.baz) are not recognised: issue 16 asks for http(s):// and www. autolinks only, and '@' is also where a citation key starts",
        630: "email autolinks are not recognised (see 629)",
        631: "email autolinks are not recognised (see 629)",
        628: "its third paragraph autolinks ftp://foo.bar.baz; Groundwork autolinks http://, https:// and www. only (issue 16), since browsers no longer open ftp: and `--external` cannot check it (the first two paragraphs, http:// and https:// with balanced parentheses, match)",
    ]

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The spec's text: `GROUNDWORK_GFM_SPEC`, else Debian's copy; see `missing` when absent.
    static func specText() throws -> String {
        let path = ProcessInfo.processInfo.environment["GROUNDWORK_GFM_SPEC"] ?? "/usr/share/doc/cmark-gfm/spec.txt.gz"
        guard FileManager.default.fileExists(atPath: path) else {
            try missing("the GFM spec at \(path) (Debian package 'cmark-gfm')")
        }
        let data = path.hasSuffix(".gz")
            ? try output(of: try requireTool("gzip", package: "gzip"), ["-dc", path])
            : try Data(contentsOf: URL(fileURLWithPath: path))
        return String(decoding: data, as: UTF8.self)
    }

    /// Every example of spec.txt (a fence of 32 backticks and `example [extension]`, the
    /// Markdown, a line holding `.`, the HTML, the closing fence; `→` stands for a tab),
    /// numbered in order, with the `##` section it is in.
    static func examples(in spec: String) -> [(example: Example, section: String)] {
        let fence = String(repeating: "`", count: 32)
        var found: [(Example, String)] = []
        var section = ""
        var lines = spec.components(separatedBy: "\n")[...]
        func text(_ part: [String]) -> String {
            part.isEmpty ? "" : (part.joined(separator: "\n") + "\n").replacingOccurrences(of: "→", with: "\t")
        }
        while let line = lines.popFirst() {
            if line.hasPrefix("## ") { section = String(line.dropFirst(3)) }
            guard line.hasPrefix(fence + " example") else { continue }
            let kind = line.dropFirst(fence.count + " example".count).trimmingCharacters(in: .whitespaces)
            var markdown: [String] = [], html: [String] = []
            while let next = lines.popFirst(), next != "." { markdown.append(next) }
            while let next = lines.popFirst(), next != fence { html.append(next) }
            found.append((Example(example: found.count + 1, extension_: kind, markdown: text(markdown), html: text(html)), section))
        }
        return found
    }

    /// The examples of the extensions Groundwork implements.
    static func extensionExamples() throws -> [Example] {
        try examples(in: specText()).filter { example, section in
            ["table", "strikethrough", "autolink"].contains(example.extension_)
                || (example.extension_ == "disabled" && section.hasPrefix("Task list items"))
        }.map(\.example)
    }

    /// The spec's HTML in the shapes Groundwork's theme uses for the same elements: tables in
    /// their scrolling wrapper with `scope="col"` headers, alignment as a style (HTML5 has no
    /// `align`), task list items marked with a class, boolean attributes written bare, and an
    /// `aria-label` on each checkbox (a form control needs an accessible name; axe fails without).
    static func groundworkShape(_ html: String) -> String {
        var s = html
        s = s.replacingOccurrences(of: "<table>", with: "<div class=\"table-wrap\"><table>")
        s = s.replacingOccurrences(of: "</table>", with: "</table></div>")
        for a in ["left", "center", "right"] {
            s = s.replacingOccurrences(of: "<th align=\"\(a)\">", with: "<th scope=\"col\" style=\"text-align: \(a)\">")
            s = s.replacingOccurrences(of: "<td align=\"\(a)\">", with: "<td style=\"text-align: \(a)\">")
        }
        s = s.replacingOccurrences(of: "<th>", with: "<th scope=\"col\">")
        // Groundwork has always closed a list item right after a nested block (`</ul></li>`).
        s = s.replacingOccurrences(of: "</ul>\n</li>", with: "</ul></li>")
        s = s.replacingOccurrences(of: "<li><input checked=\"\" disabled=\"\" type=\"checkbox\">",
                                   with: "<li class=\"task-list-item\"><input type=\"checkbox\" checked disabled aria-label=\"Done\">")
        s = s.replacingOccurrences(of: "<li><input disabled=\"\" type=\"checkbox\">",
                                   with: "<li class=\"task-list-item\"><input type=\"checkbox\" disabled aria-label=\"Not done\">")
        return s
    }

    /// The page body: what the theme puts inside `<div class="content">`.
    static func body(of page: String) -> String? {
        guard let start = page.range(of: "<div class=\"content\">\n") else { return nil }
        guard let article = page.range(of: "</article>", range: start.upperBound..<page.endIndex),
              let end = page.range(of: "\n</div>\n", options: .backwards, range: start.upperBound..<article.lowerBound) else { return nil }
        // The template puts the body on lines of its own: `{{{page.content}}}` then `</div>`.
        return String(page[start.upperBound..<end.lowerBound])
    }

    func testGFMExtensionExamplesThroughTheWholePipeline() throws {
        let examples = try Self.extensionExamples()
        XCTAssertEqual(examples.count, 23)
        XCTAssertEqual(examples.map(\.example).prefix(2), [198, 199], "numbered as cmark-gfm numbers them")
        var files = ["site.yaml": "title: GFM spec\nchecks:\n  page.orphan: off\n"]
        var index = "# GFM spec\n\n"
        for example in examples {
            files["ex-\(example.example).md"] = example.markdown
            index += "- [\(example.example)](ex-\(example.example).md)\n"
        }
        files["_index.md"] = index
        let site = try TempSite(files)
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote, report.summaryLines.joined(separator: "\n"))

        var passed: [Int] = [], different: [Int] = []
        for example in examples {
            let page = try String(contentsOf: site.output.appendingPathComponent("ex-\(example.example)/index.html"), encoding: .utf8)
            let actual = Self.body(of: page) ?? "<no body>"
            let expected = Self.groundworkShape(example.html)
            if let reason = Self.deliberatelyDifferent[example.example] {
                // Still different, or the list is out of date.
                XCTAssertNotEqual(actual, expected, "example \(example.example) now passes; remove it from the list (\(reason))")
                different.append(example.example)
            } else {
                XCTAssertEqual(actual, expected, "GFM example \(example.example) (\(example.extension_))\n\(example.markdown)")
                if actual == expected { passed.append(example.example) }
            }
        }
        XCTAssertEqual(passed.count + different.count, examples.count)
        print("GFM spec examples: \(examples.count) run, \(passed.count) pass, \(different.count) deliberately different")
    }

    /// Every construct in one page (`Fixtures/gfm-html`), built: the body is a reviewed golden
    /// file. Its diagnostics twin, with a problem in each place a link can hide, is
    /// `Fixtures/links/gfm` (`LinkFixtureTests.testGFMExtensionsReportAtTheirPositions`).
    func testGFMConstructsRenderAsTheGoldenFile() throws {
        let folder = Self.fixtures.appendingPathComponent("gfm-html")
        let output = try LinkFixture.temporaryFolder().appendingPathComponent("_site")
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        var options = LinkFixture.options(content: folder.appendingPathComponent("content"), output: output)
        options.strict = true
        let report = try Groundwork.build(options)
        XCTAssertEqual(report.summaryLines, [])
        let page = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        assertGolden(Self.body(of: page) ?? "<no body>", folder.appendingPathComponent("expected-body.html").path)
    }

    /// Extended autolinks are recorded as external links at their own position, so
    /// `--external` checks them; a `www.` link is checked as `http://www.…`.
    func testAutolinksAreRecordedAsExternalLinks() throws {
        let analysis = try Groundwork.analyze(LinkFixture.options(content: LinkFixture.content("gfm")))
        let external = analysis.links.externalLinks().map { link in
            "\(link.url) " + link.locations.map { "\($0.line):\($0.column)" }.joined(separator: ",")
        }
        XCTAssertEqual(external, ["https://example.org/path_(x) 22:13", "http://www.example.com 22:44"])
    }

    /// A card renders its blocks one at a time: its footnotes still come once, after its last
    /// section, and on the print sheet (every card on one page) their ids carry the card's prefix.
    func testFootnotesOnACardAndOnThePrintSheet() throws {
        let card = "---\ntitle: Costs\nsummary: What it costs.\n---\n\n## What to say\n\nPrompting is cheap[^cost].\n\n## Next step\n\nAsk again[^cost].\n\n[^cost]: Per call, not per seat.\n"
        let site = try TempSite(["_index.md": "# Home\n\n[Cards](cards/_index.md)\n", "cards/_index.md": "# Cards\n\n[Costs](costs.md)\n", "cards/costs.md": card])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote, report.summaryLines.joined(separator: "\n"))
        let page = try String(contentsOf: site.output.appendingPathComponent("cards/costs/index.html"), encoding: .utf8)
        XCTAssertEqual(page.components(separatedBy: "<section class=\"footnotes\"").count, 2, "one footnotes section")
        XCTAssertTrue(page.contains("<li id=\"fn-1\">\n<p>Per call, not per seat. <a href=\"#fnref-1\""), page)
        XCTAssertTrue(page.contains("id=\"fnref-1-2\""))
        let sheet = try String(contentsOf: site.output.appendingPathComponent("cards/print/index.html"), encoding: .utf8)
        XCTAssertTrue(sheet.contains("href=\"#card-1-fn-1\" id=\"card-1-fnref-1\""), sheet)
        XCTAssertTrue(sheet.contains("<li id=\"card-1-fn-1\">"))
    }
}
