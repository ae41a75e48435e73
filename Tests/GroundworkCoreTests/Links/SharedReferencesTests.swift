import Foundation
import XCTest
@testable import GroundworkCheck
@testable import GroundworkCore

/// Issue 21: the output check keeps a reference shared by the pages of a section once, and
/// still reports a broken one on every page that has it.
final class SharedReferencesTests: XCTestCase {
    func testABrokenTemplateLinkIsReportedOnEveryPage() throws {
        let site = try TempSite([
            "_index.md": "---\ntitle: Home\n---\nHello.\n",
            "a/_index.md": "---\ntitle: A\n---\nSection.\n",
            "a/one.md": "---\ntitle: One\n---\nSee [two](two.md).\n",
            "a/two.md": "---\ntitle: Two\n---\nSee [three](three.md).\n",
            "a/three.md": "---\ntitle: Three\n---\nSee [one](one.md).\n",
            // A second section, so that the link is left out of files of more than one group.
            "b/_index.md": "---\ntitle: B\n---\nSection.\n",
            "b/four.md": "---\ntitle: Four\n---\nFour.\n",
            "b/five.md": "---\ntitle: Five\n---\nFive.\n",
        ])
        defer { site.remove() }
        let templates = site.root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let base = "<html><body>{{$content}}{{/content}}\n<a href=\"{{root}}missing/\">gone</a> <a href=\"{{root}}./\">home</a>\n</body></html>\n"
        try base.write(to: templates.appendingPathComponent("base.mustache"), atomically: true, encoding: .utf8)
        for name in ["page", "section", "home"] {
            try "{{<base}}{{$content}}<h1>{{title}}</h1>{{{page.content}}}{{/content}}{{/base}}\n"
                .write(to: templates.appendingPathComponent(name + ".mustache"), atomically: true, encoding: .utf8)
        }
        let report = try Groundwork.build(site.options(templates: templates))
        let broken = report.diagnostics.filter { $0.code == .outputBrokenLink }
        XCTAssertEqual(broken.map(\.file).sorted(), ["a/index.html", "a/one/index.html", "a/three/index.html", "a/two/index.html",
                                                    "b/five/index.html", "b/four/index.html", "b/index.html", "index.html"]
            .map { site.output.path + "/" + $0 }, "\(report.diagnostics)")
        XCTAssertTrue(broken.allSatisfy { $0.message.contains("missing/'") }, "\(broken)")
        XCTAssertFalse(report.wrote)
    }

    func testRecordedReferencesAreLeftOutOfLaterFilesOfTheGroup() {
        let shared = OutputLinkCheck.SharedReferences(baseURL: "")
        func scan(_ html: String, _ path: String) -> (refs: [String], dropped: Bool) {
            var file = OutputLinkCheck.scan(Array(html.utf8))
            let dropped = shared.dropRecorded(from: &file, path: path)
            return (file.references.map(\.value), dropped)
        }
        let html = "<a href=\"../x/\">x</a><a href=\"./y\">y</a><a href=\"#z\">z</a><a href=\"https://e.org/\">e</a>"
        XCTAssertEqual(scan(html, "a/one/index.html").refs, ["../x/", "./y", "#z", "https://e.org/"])
        // Same group (`a`): only what depends on the file's own folder is kept.
        let second = scan(html, "a/two/index.html")
        XCTAssertEqual(second.refs, ["./y", "#z"])
        XCTAssertTrue(second.dropped)
        // Another group records its own.
        XCTAssertEqual(scan(html, "b/one/index.html").refs, ["../x/", "./y", "#z", "https://e.org/"])
    }
}
