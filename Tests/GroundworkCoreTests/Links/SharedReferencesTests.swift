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
            // A second section: its pages' `../../missing/` is recorded once for the site.
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
        // Another group records its own (a page's own references are shared within its group).
        XCTAssertEqual(scan(html, "b/one/index.html").refs, ["../x/", "./y", "#z", "https://e.org/"])
    }

    /// Issue 21 (scaling): in a kept rendering (the nav), `../../x/` resolves alike from every
    /// file two folders deep, so the nav's links to the other sections are recorded once for
    /// the site, not once per section; `../x/` only within the folder's parent (the group);
    /// one that climbs out of the site within the group, as before.
    func testNavReferencesAreSharedAsFarAsTheyResolveAlike() {
        final class Identity: Sendable {}
        let shared = OutputLinkCheck.SharedReferences(baseURL: "")
        let fragments = OutputLinkCheck.FragmentScans(baseURL: "")
        let nav = "<a href=\"../../s2/\">s</a><a href=\"../p2/\">p</a><a href=\"../../../out/\">o</a><a href=\"/abs\">a</a>"
        let identity = Identity()
        func refs(_ path: String) -> [String] {
            let html = Array(("<p>" + nav + "</p>").utf8)
            return html.withUnsafeBufferPointer { buffer in
                let parts = OutputLinkCheck.scan(buffer, pieces: [.init(offset: 3, length: nav.utf8.count, identity: identity)], fragments: fragments)!
                return shared.dropRecorded(parts, path: path).0.references.map(\.value)
            }
        }
        XCTAssertEqual(refs("s1/p1/index.html"), ["../../s2/", "../p2/", "../../../out/", "/abs"])
        XCTAssertEqual(refs("s1/p3/index.html"), [])
        // Another section: only what depends on its folder, and what climbs out of the site.
        XCTAssertEqual(refs("s3/p1/index.html"), ["../p2/", "../../../out/"])
        // Three folders deep, `../../s2/` leads elsewhere (`a/s2/`); `../../../out/` to `out/`.
        XCTAssertEqual(refs("a/b/c/index.html"), ["../../s2/", "../p2/", "../../../out/"])
        XCTAssertEqual(refs("a/b/d/index.html"), [])
        XCTAssertEqual(refs("a/e/c/index.html"), ["../p2/"])
    }

    /// The property `SharedReferences` rests on: two files that give a reference the same
    /// scope resolve it to the same thing; and a reference has a scope exactly when it is
    /// sharable (`sharable`), whatever the base URL.
    func testReferencesOfOneScopeResolveAlike() {
        let parts = ["..", ".", "a", "b", "é", "x y", "", "%2E%2E", "a#f", "b?q", "\u{301}"]
        let starts = ["", "../", "../../", "../../../", "/", "//", "https://example.org/kb/", "#", "?", " ", "mailto:x", "../\u{301}"]
        let folders = ["", "a", "b", "a/b", "a/c", "é", "a/b/c", "b/b/c", "x/b/c", "a/é"]
        var generator = SystemRandomNumberGenerator()
        var shared = 0
        for _ in 0..<20_000 {
            let base = ["", "https://example.org/kb/", "/kb/"].randomElement(using: &generator)!
            var value = starts.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 0...3, using: &generator) { value += parts.randomElement(using: &generator)! + "/" }
            if Bool.random(using: &generator) { value += parts.randomElement(using: &generator)! }
            let reach = OutputLinkCheck.reach(of: value, baseURL: base)
            XCTAssertEqual(reach != nil, OutputLinkCheck.sharable(value, baseURL: base), "\(value) with base \(base)")
            guard let reach else { continue }
            let paths = (0..<2).map { _ in
                let folder = folders.randomElement(using: &generator)!
                return (folder.isEmpty ? "" : folder + "/") + "index.html"
            }
            let scopes = paths.map { OutputLinkCheck.Scopes(path: $0)[reach] }
            let scope = scopes[0]
            guard scopes[1] == scope else { continue }
            shared += 1
            let resolutions = paths.map { OutputLinkCheck.resolve(value, from: $0, baseURL: base, ignoredPrefixes: ["pagefind/"]) }
            XCTAssertEqual(resolutions[0], resolutions[1], "\(value) from \(paths) (scope \(scope), base \(base))")
        }
        XCTAssertGreaterThan(shared, 2_000)
    }
}
