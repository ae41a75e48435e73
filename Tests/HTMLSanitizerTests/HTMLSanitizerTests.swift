import XCTest
@testable import HTMLSanitizer

/// The allow-list on single pieces of raw HTML: the exact HTML written, and each removal with
/// its offset in the piece (the page position is tested with whole sites in
/// GroundworkCoreTests/RawHTMLTests).
final class HTMLSanitizerTests: XCTestCase {
    func check(_ input: String, _ expected: String, removed: [String] = [], file: StaticString = #filePath, line: UInt = #line) {
        let result = HTMLSanitizer.sanitize(input)
        XCTAssertEqual(result.html, expected, input, file: file, line: line)
        XCTAssertEqual(result.removals.map { "\($0.offset) \($0.what): \($0.why)" }, removed, input, file: file, line: line)
    }

    func testKeptElementsAndAttributes() {
        check("<details open>\n<summary>More</summary>\n", "<details open=\"\">\n<summary>More</summary>\n")
        check("<div class=\"grid\" id=\"g\" title=\"T\" lang=\"en\" dir=\"ltr\">x</div>", "<div class=\"grid\" id=\"g\" title=\"T\" lang=\"en\" dir=\"ltr\">x</div>")
        check("<figure><img src=\"a.png\" alt=\"A\" width=\"10\" height=\"20\"><figcaption>C</figcaption></figure>",
              "<figure><img src=\"a.png\" alt=\"A\" width=\"10\" height=\"20\"><figcaption>C</figcaption></figure>")
        check("<picture><source srcset=\"a.webp 1x, b.webp 2x\" type=\"image/webp\" media=\"(min-width: 1px)\"><img src=\"a.png\" alt=\"\"></picture>",
              "<picture><source srcset=\"a.webp 1x, b.webp 2x\" type=\"image/webp\" media=\"(min-width: 1px)\"><img src=\"a.png\" alt=\"\"></picture>")
        check("<video controls loop muted poster=\"p.png\"><source src=\"v.mp4\" type=\"video/mp4\"><track src=\"t.vtt\" kind=\"captions\"></video>",
              "<video controls=\"\" loop=\"\" muted=\"\" poster=\"p.png\"><source src=\"v.mp4\" type=\"video/mp4\"><track src=\"t.vtt\" kind=\"captions\"></video>")
        check("<audio controls src=\"a.mp3\"></audio>", "<audio controls=\"\" src=\"a.mp3\"></audio>")
        check("<table><caption>T</caption><colgroup><col span=\"2\"></colgroup><thead><tr><th scope=\"col\" abbr=\"A\">a</th></tr></thead><tbody><tr><td colspan=\"2\" rowspan=\"1\">x</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>",
              "<table><caption>T</caption><colgroup><col span=\"2\"></colgroup><thead><tr><th scope=\"col\" abbr=\"A\">a</th></tr></thead><tbody><tr><td colspan=\"2\" rowspan=\"1\">x</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>")
        check("<kbd>Ctrl</kbd> <sup>2</sup><sub>i</sub><br><hr><abbr title=\"HyperText\">HTML</abbr> <mark>m</mark>",
              "<kbd>Ctrl</kbd> <sup>2</sup><sub>i</sub><br><hr><abbr title=\"HyperText\">HTML</abbr> <mark>m</mark>")
        check("<dl><dt>t</dt><dd>d</dd></dl><ol start=\"3\" reversed><li>a</li></ol><ul><li>b</li></ul>",
              "<dl><dt>t</dt><dd>d</dd></dl><ol start=\"3\" reversed=\"\"><li>a</li></ol><ul><li>b</li></ul>")
        check("<a id=\"x\"></a><a name=\"n\" href=\"https://example.org/?a=1&amp;b=2\">e</a><a href=\"mailto:a@b.org\">m</a><a href=\"tel:+1\">t</a><a href=\"../p.md#h\">r</a>",
              "<a id=\"x\"></a><a name=\"n\" href=\"https://example.org/?a=1&amp;b=2\">e</a><a href=\"mailto:a@b.org\">m</a><a href=\"tel:+1\">t</a><a href=\"../p.md#h\">r</a>")
        check("<blockquote cite=\"https://example.org\"><q>q</q> <cite>c</cite> <del datetime=\"2026-01-01\">d</del><ins>i</ins><small>s</small><em>e</em><strong>s</strong><b>b</b><i>i</i><u>u</u><s>s</s></blockquote>",
              "<blockquote cite=\"https://example.org\"><q>q</q> <cite>c</cite> <del datetime=\"2026-01-01\">d</del><ins>i</ins><small>s</small><em>e</em><strong>s</strong><b>b</b><i>i</i><u>u</u><s>s</s></blockquote>")
        check("<h2 id=\"t\">T</h2><p>p &lt; q &amp; r</p><pre>\n\ncode</pre><code>c</code>", "<h2 id=\"t\">T</h2><p>p &lt; q &amp; r</p><pre>\n\ncode</pre><code>c</code>")
        check("<img src=\"data:image/png;base64,iVBO\" alt=\"dot\">", "<img src=\"data:image/png;base64,iVBO\" alt=\"dot\">")
    }

    /// cmark hands over HTML around Markdown in pieces: an element left open stays open, an end
    /// tag of an allowed element without its start tag is kept, no end tag is invented at the
    /// end of a piece, and the ones implied inside it are written.
    func testPiecesStayUnbalancedAsWritten() {
        check("<div class=\"grid\">\n", "<div class=\"grid\">\n")
        check("</div>\n", "</div>\n")
        check("</div>\n<div class=\"y\">", "</div>\n<div class=\"y\">")
        check("<kbd>", "<kbd>")
        check("</kbd>", "</kbd>")
        check("</details>\n", "</details>\n")
        check("<p>a<p>b\n", "<p>a</p><p>b\n")
        check("<div><span>x</div>", "<div><span>x</span></div>")
        check("<table><tr><td>x<td>y</table>", "<table><tr><td>x</td><td>y</td></tr></table>")
        check("</br>", "<br>")
    }

    /// The pieces of one container in order: an end tag closes what an earlier piece opened
    /// (and what was opened after it), or is removed when nothing it names is open.
    func testPiecesOfOneContainerAreBalanced() {
        var open: [String] = []
        XCTAssertEqual(HTMLSanitizer.sanitize("<div class=\"grid\">\n", open: &open).html, "<div class=\"grid\">\n")
        XCTAssertEqual(open, ["div"])
        XCTAssertEqual(HTMLSanitizer.sanitize("<details><summary>S</summary>\n", open: &open).html, "<details><summary>S</summary>\n")
        XCTAssertEqual(open, ["div", "details"])
        XCTAssertEqual(HTMLSanitizer.sanitize("</div>\n", open: &open).html, "</details></div>\n")
        XCTAssertEqual(open, [])
        let stray = HTMLSanitizer.sanitize("</div>\n", open: &open)
        XCTAssertEqual(stray.html, "\n")
        XCTAssertEqual(stray.removals.map { "\($0.offset) \($0.what): \($0.why)" }, ["0 </div>: it closes no element opened before it in this block"])
        XCTAssertEqual(HTMLSanitizer.sanitize("<p>a<p>b<div><span>", open: &open).html, "<p>a</p><p>b</p><div><span>")
        XCTAssertEqual(open, ["div", "span"])
        XCTAssertEqual(HTMLSanitizer.sanitize("</span>x</div>", open: &open).html, "</span>x</div>")
        XCTAssertEqual(open, [])
    }

    /// A piece continues the elements earlier pieces left open: it is parsed after their start
    /// tags (`<table><tr><td>`), which are not written again, and its offsets are its own.
    func testPiecesContinueTheElementsLeftOpen() {
        var open: [String] = []
        XCTAssertEqual(HTMLSanitizer.sanitize("<table>\n<tr>\n<td>\n", open: &open).html, "<table>\n<tr>\n<td>\n")
        XCTAssertEqual(open, ["table", "tr", "td"])
        // `</td>` closes the cell, `<td>` opens one in the same row (in a body it is ignored).
        let second = HTMLSanitizer.sanitize("</td>\n<td onclick=\"x()\"><a href=\"a.md\" id=\"c\">x</a></td>\n</tr>\n<tr>\n", open: &open) { url, _ in url }
        XCTAssertEqual(second.html, "</td>\n<td><a href=\"a.md\" id=\"c\">x</a></td>\n</tr>\n<tr>\n")
        XCTAssertEqual(second.removals.map { "\($0.offset) \($0.what): \($0.why)" }, ["10 attribute 'onclick' of <td>: event handlers run script"])
        XCTAssertEqual(second.links.map { "\($0.offset) \($0.url)" }, ["27 a.md"])
        XCTAssertEqual(second.anchors.map { "\($0.offset) \($0.name)" }, ["39 c"])
        XCTAssertEqual(open, ["table", "tr"])
        XCTAssertEqual(HTMLSanitizer.sanitize("<td>y</td>\n", open: &open).html, "<td>y</td>\n")
        XCTAssertEqual(open, ["table", "tr"])
        // An end tag closes the elements opened inside it first, as the parser does.
        XCTAssertEqual(HTMLSanitizer.sanitize("<td>z\n", open: &open).html, "<td>z\n")
        XCTAssertEqual(open, ["table", "tr", "td"])
        let last = HTMLSanitizer.sanitize("</table>\n<p>after</div>", open: &open)
        XCTAssertEqual(last.html, "</td></tr></table>\n<p>after")
        XCTAssertEqual(last.removals.map { "\($0.offset) \($0.what): \($0.why)" }, ["17 </div>: it closes no element opened before it in this block"])
        XCTAssertEqual(open, ["p"])
        // Without the open row the same `<td>` is a table part out of its table.
        var none: [String] = []
        let alone = HTMLSanitizer.sanitize("<td>y</td>", open: &none)
        XCTAssertEqual(alone.html, "y")
        XCTAssertEqual(alone.removals.map { "\($0.offset) \($0.what): \($0.why)" }, ["0 <td>: the parser ignores it here", "5 </td>: it closes no element opened before it in this block"])
    }

    /// The prefix is built from allowed names only: a name a caller passes that is not allowed
    /// is never parsed, so it cannot open a script or a raw-text element.
    func testThePrefixHoldsOnlyAllowedElements() {
        var open = ["script", "div", "textarea", "br"]
        let result = HTMLSanitizer.sanitize("<b onclick=\"x\">b</b></div>", open: &open)
        XCTAssertEqual(result.html, "<b>b</b></div>")
        XCTAssertEqual(result.removals.map { "\($0.offset) \($0.what): \($0.why)" }, ["3 attribute 'onclick' of <b>: event handlers run script"])
        XCTAssertEqual(open, ["script", "textarea", "br"])
    }

    /// `markdown` is Python-Markdown's md_in_html instruction, not HTML: dropped, not reported.
    func testTheMarkdownAttributeIsDroppedSilently() {
        check("<div markdown>\n", "<div>\n")
        check("<div class=\"grid\" markdown=\"1\">\n", "<div class=\"grid\">\n")
        check("<span markdown=\"span\" data-x=\"1\">", "<span>", removed: ["22 attribute 'data-x' of <span>: it is not an allowed attribute of <span>"])
    }

    func testRemovedElements() {
        check("<script>alert(1)</script>after", "after", removed: ["0 <script>: scripts never run in a built page; its content is removed too"])
        check("<style>p{}</style>", "", removed: ["0 <style>: pages take their styles from the theme; its content is removed too"])
        check("a<iframe src=\"https://x.org\"></iframe>", "a", removed: ["1 <iframe>: embedded documents and plugins are not allowed; its content is removed too"])
        check("<form action=\"/x\"><input name=\"q\"><button>go</button></form>", "",
              removed: ["0 <form>: forms and their controls do nothing on a static page; its content is removed too"])
        check("<svg onload=alert(1)><circle/></svg>", "", removed: ["0 <svg>: SVG and MathML can carry script; use an image file; its content is removed too"])
        check("<font color=\"red\">red &amp; <i>it</i></font>", "red &amp; <i>it</i>", removed: ["0 <font>: it is not in the allowed HTML; its content is kept"])
        check("<center>c</center>", "c", removed: ["0 <center>: it is not in the allowed HTML; its content is kept"])
        check("<!-- a note -->x", "x")
        check("<body onload=\"x()\">", "", removed: ["0 <body>: only the theme sets a page's head and body"])
        check("<script", "", removed: ["0 <script>: scripts never run in a built page"])
    }

    func testRemovedAttributes() {
        check("<img src=x onerror=alert(1)>", "<img src=\"x\">", removed: ["11 attribute 'onerror' of <img>: event handlers run script"])
        check("<div style=\"color:red\" data-x=\"1\">d</div>", "<div>d</div>", removed: [
            "5 attribute 'style' of <div>: inline styles are not allowed; use a class",
            "23 attribute 'data-x' of <div>: it is not an allowed attribute of <div>",
        ])
        check("<span name=\"n\">s</span>", "<span>s</span>", removed: ["6 attribute 'name' of <span>: it is not an allowed attribute of <span>"])
        check("<a href=\"jAvAsCrIpT:alert(1)\">x</a>", "<a>x</a>", removed: ["3 attribute 'href' of <a>: URL scheme 'javascript:' is not allowed"])
        check("<a href=\"javascript&#58;alert(1)\">x</a>", "<a>x</a>", removed: ["3 attribute 'href' of <a>: URL scheme 'javascript:' is not allowed"])
        check("<a href=\" java&#9;script:x\">x</a>", "<a>x</a>", removed: ["3 attribute 'href' of <a>: URL scheme 'javascript:' is not allowed"])
        check("<a href=\"vbscript:x\">v</a>", "<a>v</a>", removed: ["3 attribute 'href' of <a>: URL scheme 'vbscript:' is not allowed"])
        check("<a href=\"data:text/html,x\">d</a>", "<a>d</a>", removed: ["3 attribute 'href' of <a>: URL scheme 'data:' is not allowed"])
        check("<img src=\"data:image/svg+xml,x\" alt=\"s\">", "<img alt=\"s\">", removed: ["5 attribute 'src' of <img>: only PNG, GIF, JPEG and WebP images may be data URLs"])
        check("<video src=\"data:video/mp4,x\"></video>", "<video></video>", removed: ["7 attribute 'src' of <video>: URL scheme 'data:' is not allowed"])
        check("<img srcset=\"a.png 1x, javascript:x 2x\">", "<img>", removed: ["5 attribute 'srcset' of <img>: URL scheme 'javascript:' is not allowed"])
    }

    func testLinksAndAnchorsAreReportedAtTheirOffsets() {
        let result = HTMLSanitizer.sanitize("<a id=\"x\" href=\"p.md#h\">p</a><img src=\"i.png\" alt=\"I\" srcset=\"s.png 2x\"><a name=\"n\"></a><a href=\"javascript:x\">j</a>")
        XCTAssertEqual(result.links.map { "\($0.offset) \($0.element) \($0.attribute) \($0.url) \($0.isEmbedded) \($0.alt)" },
                       ["10 a href p.md#h false ", "34 img src i.png true I", "54 img srcset s.png true I"])
        XCTAssertEqual(result.anchors.map { "\($0.offset) \($0.name)" }, ["3 x", "75 n"])
    }

    func testURLsAreRewritten() {
        let result = HTMLSanitizer.sanitize("<a href=\"p.md\">p</a><img src=\"i.png\" srcset=\"a.png 1x, b.png 2x\" alt=\"\">") { url, embedded in
            (embedded ? "E:" : "L:") + url
        }
        XCTAssertEqual(result.html, "<a href=\"L:p.md\">p</a><img src=\"E:i.png\" srcset=\"E:a.png 1x, E:b.png 2x\" alt=\"\">")
    }

    /// Classic payloads: what is written never carries a script, an event handler or a script URL.
    func testHostilePayloads() {
        let payloads = [
            "<img src=x onerror=alert(1)>", "<IMG SRC=\"jav&#x09;ascript:alert(1);\">", "<a href=\"jAvAsCrIpT:alert(1)\">x</a>",
            "<a href=\"javascript&#58;alert(1)\">x</a>", "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
            "<svg onload=alert(1)>", "<svg><script>alert(1)</script></svg>", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "<script", "<script>alert(1)</script>", "<scr<script>ipt>alert(1)</script>",
            "<!--<script>alert(1)</script>-->", "<!-- --!><script>alert(1)</script> -->", "<style>@import 'x'</style>", "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "<link rel=stylesheet href=x>", "<body onload=alert(1)>",
            "<object data=\"x.swf\"></object>", "<embed src=\"x.swf\">", "<form><button formaction=javascript:alert(1)>x</button></form>",
            "<input autofocus onfocus=alert(1)>", "<details open ontoggle=alert(1)>", "<div style=\"background:url(javascript:alert(1))\">",
            "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">",
            "<video><source onerror=alert(1)></video>", "<a href=\" javascript:alert(1)\">x</a>", "<a href=\"\u{1}javascript:alert(1)\">x</a>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "<template><script>alert(1)</script></template>",
            "<textarea><script>alert(1)</script></textarea>", "<title><script>alert(1)</script></title>", "<xmp><script>alert(1)</script></xmp>",
            "<div id=\"x\" onmouseover=\"alert(1)\">x</div>", "<p/onclick=alert(1)>x", "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<table><td background=\"javascript:alert(1)\">x</td></table>", "<a\nhref=\"javascript:alert(1)\">x</a>",
        ]
        for payload in payloads {
            let html = HTMLSanitizer.sanitize(payload).html
            let lower = html.lowercased()
            XCTAssertFalse(lower.contains("<script") || lower.contains("<svg") || lower.contains("<iframe") || lower.contains("<style")
                           || lower.contains("<base") || lower.contains("<meta") || lower.contains("<object") || lower.contains("<embed"),
                           "\(payload) → \(html)")
            XCTAssertFalse(lower.range(of: #"<[^>]*\son[a-z]+="#, options: .regularExpression) != nil, "\(payload) → \(html)")
            XCTAssertFalse(lower.contains("javascript:") && lower.contains("href="), "\(payload) → \(html)")
            XCTAssertFalse(lower.contains("src=\"data:text") || lower.contains("href=\"data:") || lower.contains("data:image/svg"), "\(payload) → \(html)")
            // Written again, the output needs nothing removed (the fuzz target asserts the same).
            XCTAssertEqual(HTMLSanitizer.sanitize(html).removals, [], "\(payload) → \(html)")
            // A comment is dropped without a word (it is a note to writers); everything else is reported.
            if !payload.hasPrefix("<!--<") {
                XCTAssertFalse(HTMLSanitizer.sanitize(payload).removals.isEmpty, "\(payload) reported nothing")
            }
        }
    }
}
