import XCTest
@testable import HTMLSanitizer

final class HTMLSanitizerTests: XCTestCase {
    func testProbe() {
        for input in ["<details open>\n<summary>More</summary>\n", "</details>\n", "<div class=\"grid\">\n", "</div>\n", "<kbd>", "</kbd>",
                      "<a id=\"x\"></a>", "<br>", "<p>a<p>b\n", "<img src=x onerror=alert(1)>", "<a href=\"jAvAsCrIpT:alert(1)\">x</a>",
                      "<a href=\"javascript&#58;alert(1)\">x</a>", "<svg onload=alert(1)><circle/></svg>", "<iframe srcdoc=\"<script>\"></iframe>",
                      "<script", "<!-- c --><b>x</b>", "<style>x</style>y", "<base href=x>", "<meta http-equiv=refresh content=0>",
                      "<font color=red>red &amp; <i>it</i></font>", "<table><tr><td>x</td></tr></table>", "<pre>\n\ncode</pre>",
                      "<div><span>x</div>", "</div>\n<div class=\"y\">", "<body onload=x>", "<img src=\"data:image/png;base64,AAA\" alt=\"\">",
                      "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "<a href=\"&#x6A;avascript:x\">y</a>", "<a\nhref=\"/x\" onclick=\"y\">z</a>"] {
            let r = HTMLSanitizer.sanitize(input)
            print("IN  \(input.debugDescription)\nOUT \(r.html.debugDescription)\n    \(r.removals.map { "\($0.offset) \($0.what): \($0.why)" })\n    links \(r.links.map { "\($0.offset) \($0.url)" }) anchors \(r.anchors.map { "\($0.offset) \($0.name)" })")
        }
    }
}
