import Foundation
import XCTest
@testable import GroundworkCore
import Templating

/// Content is untrusted: nothing a writer types may become markup or script in a reader's
/// browser, and `build` never writes or deletes outside `--out`.
final class SecurityTests: XCTestCase {
    /// Every start tag in a document: name and attribute names (a small tokenizer, enough to
    /// see what a browser would create).
    static func tags(in html: String) -> [(name: String, attributes: [String: String])] {
        var result: [(String, [String: String])] = []
        let chars = Array(html.unicodeScalars)
        var i = 0
        while i < chars.count {
            if chars[i] == "<", i + 1 < chars.count, chars[i + 1].properties.isAlphabetic {
                var j = i + 1
                var name = ""
                while j < chars.count, !(chars[j] == " " || chars[j] == ">" || chars[j] == "/" || chars[j] == "\n") {
                    name.unicodeScalars.append(chars[j]); j += 1
                }
                var attributes: [String: String] = [:]
                while j < chars.count, chars[j] != ">" {
                    while j < chars.count, chars[j] == " " || chars[j] == "\n" || chars[j] == "/" { j += 1 }
                    var attribute = ""
                    while j < chars.count, !(chars[j] == "=" || chars[j] == " " || chars[j] == ">" || chars[j] == "\n") {
                        attribute.unicodeScalars.append(chars[j]); j += 1
                    }
                    var value = ""
                    if j < chars.count, chars[j] == "=" {
                        j += 1
                        let quote = chars[j]
                        if quote == "\"" || quote == "'" {
                            j += 1
                            while j < chars.count, chars[j] != quote { value.unicodeScalars.append(chars[j]); j += 1 }
                            j += 1
                        } else {
                            while j < chars.count, chars[j] != " " && chars[j] != ">" { value.unicodeScalars.append(chars[j]); j += 1 }
                        }
                    }
                    if !attribute.isEmpty { attributes[attribute.lowercased()] = value }
                }
                result.append((name.lowercased(), attributes))
                i = j
            } else {
                i += 1
            }
        }
        return result
    }

    func testInjectionIsEscapedEverywhere() throws {
        let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"
        let yamlPayload = payload.replacingOccurrences(of: "\"", with: "\\\"")
        let site = try TempSite([
            "site.yaml": "title: \"T \(yamlPayload)\"\ndescription: \"\(yamlPayload)\"\nchecks:\n  link.external-invalid: off\n  link.asset-missing: off\n  cite.unused-source: off\n  link.wiki-unresolved: off\n  page.orphan: off\n  footnote.missing: off\n",
            "sources.yaml": "references:\n- id: evil\n  title: \"\(yamlPayload)\"\n  URL: https://example.org/\n  accessed: 2026-11-01\n  status: confirmed\n  publisher: \"\(yamlPayload)\"\n",
            "_index.md": """
                ---
                title: "Home \(yamlPayload)"
                summary: "\(yamlPayload)"
                tags: ["\(yamlPayload)"]
                ---
                [js](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:x)
                [ok](t.md "\(payload.replacingOccurrences(of: "\"", with: "&quot;"))")
                Cite [@evil, p. <script>alert(5)</script>] and [[t|\(payload)]] and [[nowhere|\(payload)]].
                Inline <script>alert(6)</script> and <img src=x onerror=alert(7)>.

                <div onmouseover="alert(8)">raw block</div>

                ![\(payload)](javascript:alert(9))

                Glossary Term mentioned here.

                | head \(payload) | b |
                |---|:-:|
                | [js](javascript:alert(10)) <script>alert(11)</script> | ~~<script>alert(12)</script>~~ [@evil, p. <script>alert(18)</script>] |
                | <img src=x onerror=alert(31)> <a href="vbscript:x">v</a> | x <span onclick="alert(40)">s</span> <svg onload=alert(41)> |

                A footnote[^x] and [^<script>alert(13)</script>] and [^\(payload.replacingOccurrences(of: " ", with: ""))].

                [^x]: Note <script>alert(14)</script> [js](javascript:alert(15)) javascript:alert(16) www.x.org/<script>alert(19)</script>
                    more \(payload) ![i](javascript:alert(20))
                    <img src=y onerror=alert(32)> <a href="jAvAsCrIpT:alert(33)">z</a> <a href="java&#x09;script:alert(42)">t</a>

                - [ ] <script>alert(17)</script> ~~\(payload)~~

                Inline <a href="javascript:alert(28)" onclick="alert(29)">x</a> <img src="data:text/html,alert(30)"> <a href="&#106;avascript:alert(43)">e</a>

                <div class="raw" onclick="alert(21)"><a href="jAvAsCrIpT:alert(22)">a</a><a href="javascript&#58;alert(23)">b</a><svg onload=alert(24)></svg><iframe srcdoc="<script>alert(25)</script>"></iframe></div>

                <math><mi xlink:href="javascript:alert(26)">m</mi></math><style>*{}</style><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(27)">

                <!-- <script>alert(34)</script> --><object data="x.swf"></object><embed src="x.swf"><form><button formaction="javascript:alert(35)">f</button></form>

                > <details open ontoggle="alert(36)"><summary>s</summary><div style="background:url(javascript:alert(37))">d</div></details>

                !!! warning "\(payload) [js](javascript:alert(21))"
                    Body \(payload)

                ??? note "<script>alert(22)</script>"
                    folded

                :::tip \(payload)
                body
                :::

                :::tip[<script>alert(23)</script>]
                x
                :::

                > [!<script>alert(24)</script>] not a callout

                > [!x<script>]- \(payload)
                > y

                > [!custom]- \(payload) [js](javascript:alert(25))
                > body

                <script
                alert(38)
                """,
            "t.md": "---\ntitle: \"Term page\"\nterm: Glossary Term\nsummary: \"\(yamlPayload)\"\n---\nDefinition.\n",
        ])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        let templateTags: Set<String> = ["html", "head", "meta", "title", "link", "body", "a", "header", "nav", "ul", "li", "main",
                                         "ol", "article", "h1", "h2", "h3", "p", "div", "section", "footer", "cite", "span",
                                         "sup", "em", "strong", "code", "pre", "time", "aside", "table", "thead", "tbody",
                                         "tr", "th", "td", "br", "hr", "blockquote", "img", "input", "label", "button", "form",
                                         "small", "abbr", "details", "summary", "dl", "dt", "dd", "figure", "figcaption", "svg", "path", "script", "del"]
        var pages = 0
        for (path, data) in snapshot(site.output) where path.hasSuffix(".html") {
            pages += 1
            let html = String(decoding: data, as: UTF8.self)
            for tag in Self.tags(in: html) {
                XCTAssertTrue(templateTags.contains(tag.name), "\(path): unexpected <\(tag.name)>")

                if tag.name == "svg" { XCTFail("\(path): <svg> from content") }
                for (attribute, value) in tag.attributes {
                    XCTAssertFalse(attribute.hasPrefix("on"), "\(path): event attribute \(attribute) on <\(tag.name)>")
                    let lowered = value.lowercased().trimmingCharacters(in: .whitespaces)
                    for scheme in ["javascript:", "data:", "vbscript:"] {
                        XCTAssertFalse(lowered.hasPrefix(scheme), "\(path): \(scheme) URL in \(attribute) of <\(tag.name)>")
                    }
                }
            }
            XCTAssertFalse(html.contains("<script>alert"), path)
            // Inline scripts may only be the templates' own: none carries the payload.
            var rest = Substring(html)
            while let open = rest.range(of: "<script"), let close = rest.range(of: "</script>", range: open.upperBound..<rest.endIndex) {
                XCTAssertFalse(rest[open.upperBound..<close.lowerBound].contains("alert"), "\(path): script carries content")
                rest = rest[close.upperBound...]
            }
        }
        XCTAssertGreaterThan(pages, 1)
        // The GFM constructs carrying the payload were really rendered (and so were checked above).
        let home = String(decoding: snapshot(site.output)["index.html"] ?? Data(), as: UTF8.self)
        for shape in ["<section class=\"footnotes\"", "<del>", "class=\"task-list-item\"", "style=\"text-align: center\"", "href=\"http://www.x.org/\"",
                      "<div class=\"raw\"><a>a</a><a>b</a></div>", "<td><img src=\"x\"> <a>v</a></td>", "<img src=\"y\"> <a>z</a> <a>t</a>",
                      "Inline <a>x</a> <img> <a>e</a>", "<details open=\"\"><summary>s</summary><div>d</div></details>",
                      "<div class=\"callout callout-warning\" role=\"note\">", "<details class=\"callout callout-note\">",
                      "<details class=\"callout callout-neutral\">\n<summary class=\"callout-title\">", "<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">"] {
            XCTAssertTrue(home.contains(shape), "index.html has no \(shape)")
        }
        // The same content without the overrides is refused: such links are errors.
        try site.write("site.yaml", "title: T\n")
        let strict = try Groundwork.check(site.options())
        // Four in the text, and those in a table cell, a footnote, an image in a footnote and
        // two callout titles.
        XCTAssertEqual(strict.diagnostics.filter { $0.code == .linkExternalInvalid }.count, 9, strict.summaryLines.joined(separator: "\n"))
    }

    /// A quote followed by a combining mark is one `Character` that is not `"`; escaped
    /// character by character (as swift-mustache does) it stayed raw and closed the
    /// attribute in a browser. Both renderers must escape it (`TemplateSet.Engine.compared`
    /// renders every page with both and fails on any difference).
    func testQuoteFollowedByACombiningMarkIsEscaped() throws {
        let payload = "x\"\u{301} onmouseover=alert(1) x='\u{301} onfocus=alert(2) <\u{301}b>"
        // YAML double-quoted, the mark written as an escape. (It is replaced first: with the
        // mark after it, a quote is not the `Character` `"` that a replacement looks for.)
        let yaml = payload.replacingOccurrences(of: "\u{301}", with: "\\u0301").replacingOccurrences(of: "\"", with: "\\\"")
        let site = try TempSite([
            "site.yaml": "title: \"T \(yaml)\"\ndescription: \"\(yaml)\"\n",
            "_index.md": "---\ntitle: \"Home \(yaml)\"\nsummary: \"\(yaml)\"\n---\nSee [the term](t.md). Glossary Term.\n",
            "t.md": "---\ntitle: \"Term \(yaml)\"\nterm: Glossary Term\nsummary: \"\(yaml)\"\n---\nDefinition.\n",
        ])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        var attributes = 0
        for (path, data) in snapshot(site.output) where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            XCTAssertFalse(html.unicodeScalars.contains { $0 == "\u{301}" } && html.contains("\"\u{301}"), "\(path): raw quote")
            for tag in Self.tags(in: html) {
                XCTAssertNotEqual(tag.name, "b", "\(path): injected <b>")
                for attribute in tag.attributes.keys {
                    attributes += 1
                    XCTAssertFalse(attribute.hasPrefix("on"), "\(path): event attribute \(attribute) on <\(tag.name)>")
                }
            }
        }
        XCTAssertGreaterThan(attributes, 10)
        XCTAssertEqual(HTMLEscape.escape("a\"\u{301}b"), "a&quot;\u{301}b")
        // swift-mustache escapes through `HTMLEscape` too: every page rendered by both, compared.
        let options = site.options()
        let analysis = try Groundwork.analyze(options)
        let compared = try TemplateSet(directory: options.templates, engine: .compared)
        let renderer = SiteRenderer(site: analysis.site, links: analysis.links, sources: analysis.sources,
                                    templates: compared, today: options.today, searchEnabled: false)
        XCTAssertGreaterThan(try renderer.render().count, 2)
    }

    /// Raw HTML goes through the allow-list; with `unsafe_html: true` it is written as is.
    func testRawHTMLIsSanitizedUnlessUnsafeHTML() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n<b onclick=\"x()\">bold</b>\n\n<div class=\"x\" style=\"y\">block</div>\n"])
        defer { site.remove() }
        let report = try Groundwork.build(site.options())
        XCTAssertEqual(report.summaryLines, ["content/_index.md:4:4 html.removed", "content/_index.md:6:16 html.removed"])
        var html = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<b>bold</b>"))
        XCTAssertTrue(html.contains("<div class=\"x\">block</div>"))
        XCTAssertFalse(html.contains("raw HTML omitted"))
        try site.write("site.yaml", "title: T\nunsafe_html: true\n")
        XCTAssertEqual(try Groundwork.build(site.options()).summaryLines, [])
        html = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<b onclick=\"x()\">bold</b>"))
        XCTAssertTrue(html.contains("<div class=\"x\" style=\"y\">block</div>"))
    }

    func testBuildNeverFollowsSymlinksPlacedInTheOutput() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n"])
        defer { site.remove() }
        _ = try Groundwork.build(site.options())
        // Someone places links inside the old output pointing at precious files and folders.
        let precious = site.root.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try "keep me".write(to: precious.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: site.output.appendingPathComponent("folder-link").path,
                                                   withDestinationPath: precious.path)
        try FileManager.default.createSymbolicLink(atPath: site.output.appendingPathComponent("file-link").path,
                                                   withDestinationPath: precious.appendingPathComponent("data.txt").path)
        try FileManager.default.createSymbolicLink(atPath: site.output.appendingPathComponent("index.html.tmp").path,
                                                   withDestinationPath: precious.appendingPathComponent("data.txt").path)
        try site.write("_index.md", "---\ntitle: Home\n---\nRebuilt.\n")
        _ = try Groundwork.build(site.options())
        XCTAssertEqual(try String(contentsOf: precious.appendingPathComponent("data.txt"), encoding: .utf8), "keep me")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: precious.path), ["data.txt"])
        XCTAssertTrue(try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8).contains("Rebuilt."))
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("folder-link").path))
    }

    func testOutputThatIsASymlinkIsReplacedNotFollowed() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n"])
        defer { site.remove() }
        let elsewhere = site.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try "mine".write(to: elsewhere.appendingPathComponent("note.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: site.output.path, withDestinationPath: elsewhere.path)
        let report = try Groundwork.build(site.options())
        XCTAssertTrue(report.wrote)
        // The link itself was swapped out for the new site; its target was not touched.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path), ["note.txt"])
        XCTAssertNil(try? FileManager.default.destinationOfSymbolicLink(atPath: site.output.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("index.html").path))
    }
}
