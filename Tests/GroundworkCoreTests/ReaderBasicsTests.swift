import Foundation
import XCTest
@testable import GroundworkCore

/// Issue 18, item 6: build-time syntax highlighting, "edit this page" and "last updated",
/// and `aliases` that keep old URLs working.
final class ReaderBasicsTests: XCTestCase {
    func highlight(_ code: String, _ language: String) -> String? {
        SyntaxHighlighter.highlight(code, language: language)
    }

    // MARK: Highlighting, language by language

    func testJSON() {
        XCTAssertEqual(highlight(#"{"a": "b<c", "n": -1.5e3, "ok": true, "x": null}"#, "json"),
                       #"{<span class="hl-key">&quot;a&quot;</span>: <span class="hl-string">&quot;b&lt;c&quot;</span>, "#
                       + #"<span class="hl-key">&quot;n&quot;</span>: -<span class="hl-number">1.5e3</span>, "#
                       + #"<span class="hl-key">&quot;ok&quot;</span>: <span class="hl-literal">true</span>, "#
                       + #"<span class="hl-key">&quot;x&quot;</span>: <span class="hl-literal">null</span>}"#)
    }

    func testYAML() {
        let code = "---\n# settings\nname: \"kb\"\nport: 8080\nlist:\n  - it's plain # note\n  - url: http://x.example\n"
        XCTAssertEqual(highlight(code, "yaml"), """
            <span class="hl-keyword">---</span>
            <span class="hl-comment"># settings</span>
            <span class="hl-key">name</span>: <span class="hl-string">&quot;kb&quot;</span>
            <span class="hl-key">port</span>: <span class="hl-number">8080</span>
            <span class="hl-key">list</span>:
              - it&#39;s plain <span class="hl-comment"># note</span>
              - <span class="hl-key">url</span>: http://x.example

            """)
        XCTAssertEqual(highlight("a: b", "yml"), highlight("a: b", "yaml"))
    }

    func testShellAndConsole() {
        XCTAssertEqual(highlight("if [ -n \"$X\" ]; then echo 'a\\' ${HOME}/x#y; fi # done", "bash"),
                       #"<span class="hl-keyword">if</span> [ -n <span class="hl-string">&quot;$X&quot;</span> ]; "#
                       + #"<span class="hl-keyword">then</span> echo <span class="hl-string">&#39;a\&#39;</span> "#
                       + #"<span class="hl-attr">${HOME}</span>/x#y; <span class="hl-keyword">fi</span> <span class="hl-comment"># done</span>"#)
        for name in ["sh", "shell", "zsh"] { XCTAssertEqual(highlight("fi", name), #"<span class="hl-keyword">fi</span>"#) }
        XCTAssertEqual(highlight("$ export A=1\noutput: if 2\n", "console"),
                       #"<span class="hl-prompt">$ </span><span class="hl-keyword">export</span> A=<span class="hl-number">1</span>"#
                       + "\noutput: if 2\n")
    }

    func testPython() {
        XCTAssertEqual(highlight("def f(x):\n    \"\"\"Doc \"q\".\"\"\"\n    return None if x else 0x1F  # c\n", "python"), """
            <span class="hl-keyword">def</span> f(x):
                <span class="hl-string">&quot;&quot;&quot;Doc &quot;q&quot;.&quot;&quot;&quot;</span>
                <span class="hl-keyword">return</span> <span class="hl-literal">None</span> <span class="hl-keyword">if</span> x <span class="hl-keyword">else</span> <span class="hl-number">0x1F</span>  <span class="hl-comment"># c</span>

            """)
    }

    func testSwift() {
        XCTAssertEqual(highlight("let utf8 = \"a\\\"b\" /* x\ny */ // z", "swift"),
                       #"<span class="hl-keyword">let</span> utf8 = <span class="hl-string">&quot;a\&quot;b&quot;</span> "#
                       + "<span class=\"hl-comment\">/* x\ny */</span> <span class=\"hl-comment\">// z</span>")
    }

    func testJavaScriptAndTypeScript() {
        let code = "const s = `a\n${b}`; // ok"
        let expected = #"<span class="hl-keyword">const</span> s = <span class="hl-string">`a"# + "\n"
            + #"${b}`</span>; <span class="hl-comment">// ok</span>"#
        for name in ["javascript", "js", "typescript", "ts", "tsx"] { XCTAssertEqual(highlight(code, name), expected, name) }
    }

    func testHTMLAndXML() {
        XCTAssertEqual(highlight("<!DOCTYPE html>\n<!-- c -->\n<a href=\"/x\" data-y='1'>T &amp; <b>U</b></a>", "html"),
                       #"<span class="hl-keyword">&lt;!DOCTYPE html&gt;</span>"# + "\n"
                       + #"<span class="hl-comment">&lt;!-- c --&gt;</span>"# + "\n"
                       + #"<span class="hl-tag">&lt;a</span> <span class="hl-attr">href</span>=<span class="hl-string">&quot;/x&quot;</span> "#
                       + #"<span class="hl-attr">data-y</span>=<span class="hl-string">&#39;1&#39;</span><span class="hl-tag">&gt;</span>T &amp;amp; "#
                       + #"<span class="hl-tag">&lt;b</span><span class="hl-tag">&gt;</span>U<span class="hl-tag">&lt;/b</span><span class="hl-tag">&gt;</span>"#
                       + #"<span class="hl-tag">&lt;/a</span><span class="hl-tag">&gt;</span>"#)
        XCTAssertEqual(highlight("<x/>", "xml"), #"<span class="hl-tag">&lt;x</span><span class="hl-tag">/&gt;</span>"#)
        XCTAssertEqual(highlight("a < b", "html"), "a &lt; b")
    }

    func testMarkdown() {
        XCTAssertEqual(highlight("# Title\n1. see [x](y.md) and `z`\n```\n# not a heading\n```\n", "markdown"), """
            <span class="hl-heading"># Title</span>
            <span class="hl-keyword">1. </span>see [x]<span class="hl-attr">(y.md)</span> and <span class="hl-string">`z`</span>
            <span class="hl-string">```</span>
            <span class="hl-string"># not a heading</span>
            <span class="hl-string">```</span>

            """)
    }

    func testUnknownLanguagesStayPlainAndNothingIsLost() {
        XCTAssertNil(highlight("x", "cobol"))
        XCTAssertNil(highlight("x", ""))
        // Whatever the input, the text of the output (tags removed, entities decoded) is the input.
        let inputs = ["\"unclosed", "/* open", "'", "<a b=\"", "$", "${", "é = \"ü\" # ß", "`", "- ", "key:", "<!--", "<"]
        for language in ["json", "yaml", "bash", "console", "python", "swift", "js", "html", "markdown"] {
            for input in inputs {
                let html = highlight(input, language)!
                let text = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&amp;", with: "&")
                XCTAssertEqual(text, input, "\(language): \(input)")
            }
        }
    }

    func testFencedCodeInAPageIsHighlightedAndOtherCodeIsNot() throws {
        let site = try TempSite(["_index.md": "---\ntitle: Home\n---\n```python\nimport os\n```\n\n```\nimport os\n```\n\n```cobol\nimport os\n```\n"])
        defer { site.remove() }
        var options = site.options()
        options.environment = ["PATH": ""]
        XCTAssertTrue(try Groundwork.build(options).wrote)
        let html = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<pre><code class=\"language-python\"><span class=\"hl-keyword\">import</span> os\n</code></pre>"), html)
        XCTAssertTrue(html.contains("<pre><code>import os\n</code></pre>"))
        XCTAssertTrue(html.contains("<pre><code class=\"language-cobol\">import os\n</code></pre>"))
    }

    // MARK: Edit this page, last updated

    static let twoPages = [
        "_index.md": "---\ntitle: Home\n---\nSee [a](a b.md).\n",
        "a b.md": "---\ntitle: A\n---\nText.\n",
    ]

    func build(_ files: [String: String], configure: (inout Options) -> Void = { _ in }) throws -> (TempSite, Report) {
        let site = try TempSite(files)
        var options = site.options()
        options.environment = ["PATH": ""]
        configure(&options)
        return (site, try Groundwork.build(options))
    }

    func history(_ site: TempSite, _ path: String) throws -> String? {
        let html = try String(contentsOf: site.output.appendingPathComponent(path), encoding: .utf8)
        guard let start = html.range(of: "<p class=\"page-meta page-history\"") else { return nil }
        return String(html[start.lowerBound...].prefix { $0 != "\n" })
    }

    func testEditLinkAndLastUpdated() throws {
        var files = Self.twoPages
        files["site.yaml"] = "title: T\nedit_url: https://git.example/kb/edit/main/content\n"
        let (site, report) = try build(files) { $0.lastUpdated = ["a b.md": Day(year: 2026, month: 3, day: 4)] }
        defer { site.remove() }
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        XCTAssertEqual(try history(site, "a-b/index.html"),
                       "<p class=\"page-meta page-history\" data-pagefind-ignore>Last updated <time datetime=\"2026-03-04\">2026-03-04</time>"
                       + " · <a class=\"edit-link\" href=\"https://git.example/kb/edit/main/content/a%20b.md\">Edit this page</a></p>")
        XCTAssertEqual(try history(site, "index.html"),
                       "<p class=\"page-meta page-history\" data-pagefind-ignore><a class=\"edit-link\" href=\"https://git.example/kb/edit/main/content/_index.md\">Edit this page</a></p>")
    }

    func testWithoutHistoryOrEditURLThereIsNothing() throws {
        let (site, report) = try build(Self.twoPages)
        defer { site.remove() }
        XCTAssertTrue(report.wrote)
        XCTAssertNil(try history(site, "a-b/index.html"))
        XCTAssertFalse(try String(contentsOf: site.output.appendingPathComponent("a-b/index.html"), encoding: .utf8).contains("Last updated"))
    }

    // MARK: Aliases

    func testOldURLsInAliasesWriteRedirectPages() throws {
        var files = Self.twoPages
        files["a b.md"] = "---\ntitle: A <new>\naliases: [/old/a/, old/b, /c.html, Other name]\n---\nText.\n"
        files["site.yaml"] = "title: T & co\nbase_url: https://kb.example/docs\n"
        let (site, report) = try build(files)
        defer { site.remove() }
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        XCTAssertEqual(try String(contentsOf: site.output.appendingPathComponent("old/a/index.html"), encoding: .utf8), """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>A &lt;new&gt; · T &amp; co</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <meta http-equiv="refresh" content="0; url=../../a-b/">
            <link rel="canonical" href="https://kb.example/docs/a-b/">
            </head>
            <body>
            <main>
            <h1>A &lt;new&gt;</h1>
            <p>This page has moved to <a href="../../a-b/">A &lt;new&gt;</a>.</p>
            </main>
            </body>
            </html>

            """)
        XCTAssertTrue(try String(contentsOf: site.output.appendingPathComponent("old/b/index.html"), encoding: .utf8)
            .contains("url=../../a-b/"))
        XCTAssertTrue(try String(contentsOf: site.output.appendingPathComponent("c.html"), encoding: .utf8)
            .contains("url=a-b/"))
        // A name without a slash stays a wiki-link name: no file, and not in the sitemap.
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("Other name").path))
        XCTAssertFalse(try String(contentsOf: site.output.appendingPathComponent("sitemap.xml"), encoding: .utf8).contains("old/"))
    }

    func testAliasCollisionsAndInvalidAliasesAreErrors() throws {
        var files = Self.twoPages
        files["a b.md"] = "---\ntitle: A\naliases: [/a-b/, ../up/, /glossary/, /same/]\n---\nText.\n"
        files["c.md"] = "---\ntitle: C\naliases:\n  - /same\n  - https://x.example/\n---\nSee [a](a b.md).\n"
        files["_index.md"] = "---\ntitle: Home\n---\nSee [a](a b.md) and [c](c.md).\n"
        let site = try TempSite(files)
        defer { site.remove() }
        let report = try site.check()
        XCTAssertEqual(report.summaryLines, [
            "content/a b.md:3:10 page.alias-collision",
            "content/a b.md:3:10 page.alias-collision",
            "content/a b.md:3:10 page.alias-invalid",
            "content/c.md:4:3 page.alias-collision",
            "content/c.md:4:3 page.alias-invalid",
        ])
        XCTAssertEqual(Set(report.diagnostics.map(\.message)), [
            "alias '/a-b/' is the URL of the page content/a b.md",
            "alias '/glossary/' is a URL Groundwork writes itself",
            "alias '../up/' is not a path inside the site",
            "alias '/same' is the URL of the alias '/same/' of content/a b.md",
            "alias 'https://x.example/' is not a path inside the site",
        ])
        XCTAssertTrue(report.failed)
        XCTAssertEqual(DiagnosticCode.pageAliasCollision.severity, .error)
    }

    func testACollidingAliasNeverReplacesAPageEvenWithTheCheckOff() throws {
        var files = Self.twoPages
        files["a b.md"] = "---\ntitle: A\naliases: [/index.html]\n---\nText.\n"
        files["site.yaml"] = "title: T\nchecks:\n  page.alias-collision: off\n"
        let (site, report) = try build(files)
        defer { site.remove() }
        XCTAssertTrue(report.wrote, "\(report.diagnostics)")
        XCTAssertTrue(try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8).contains("<h1>Home</h1>"))
    }
}
