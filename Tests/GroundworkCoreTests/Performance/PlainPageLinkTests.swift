import XCTest
import TestSupport
@testable import GroundworkCore
import Markdown

/// `LinkResolver.resolve`'s byte shortcut for plain page links (PlainPageLinks.swift) gives
/// exactly what the general way (`resolveInFull`) gives, over generated destinations.
final class PlainPageLinkTests: XCTestCase {
    /// Pages in nested folders, with upper case and non-ASCII names, an index page, a
    /// `.markdown` page, headings (one with upper case) and a file.
    static let files = [
        "root.md": "---\ntitle: Root\n---\n\n## Intro\n\nRoot.\n",
        "a/_index.md": "---\ntitle: A\n---\n\n## Part\n\nA.\n",
        "a/p1.md": "---\ntitle: P1\n---\n\n## Part\n\n## Mixed Case {#Mixed}\n\nOne.\n",
        "a/b/Q2.md": "---\ntitle: Q2\n---\n\n## Other\n\nTwo.\n",
        "a/b/deep.md": "---\ntitle: Deep\n---\n\nDeep.\n",
        "café/x.md": "---\ntitle: X\n---\n\n## Part\n\nX.\n",
        "s/m.markdown": "---\ntitle: M\n---\n\nM.\n",
        "Up/Page.md": "---\ntitle: Up\n---\n\n## Part\n\nUp.\n",
        "a/img.png": "png",
    ]

    /// A destination from path components, a leading "/" or "./", a trailing "/", a query
    /// and a fragment, each now and then.
    static func destination(_ random: inout SplitMix64) -> String {
        let components = ["a", "A", "b", "B", "..", ".", "", "p1.md", "P1.MD", "p1.Md", "Q2.md", "q2.md", "deep.md",
                          "root.md", "nope.md", "café", "x.md", "caf%C3%A9", "m.markdown", "m", "_index.md", "img.png",
                          "s", "Up", "up", "page.md", "Page.md", "p1", ".md", "x.md.", "p%31.md", "p1.mdx"]
        let fragments = ["part", "Part", "PART", "other", "Other", "Mixed", "mixed", "intro", "nope", "", "part#x",
                         "caf%C3%A9", "é", "mixed-case"]
        // Half of them written as links to pages are usually written (a case slip now and then).
        let usual = ["p1.md", "b/Q2.md", "../a/p1.md", "/a/b/deep.md", "../root.md", "Q2.md", "deep.md", "../../root.md",
                     "/root.md", "/Up/Page.md", "a/p1.md", "../b/deep.md", "./p1.md", "b//deep.md", "b/./Q2.md"]
        var text = ""
        if random.next() % 2 == 0 {
            text = usual[Int(random.next() % UInt64(usual.count))]
            if random.next() % 6 == 0 { text = text.uppercased() }
        } else {
            text = ["", "/", "./", "../", "//"][Int(random.next() % 5)]
            for n in 0..<Int(1 + random.next() % 4) {
                if n > 0 { text += "/" }
                text += components[Int(random.next() % UInt64(components.count))]
            }
        }
        if random.next() % 8 == 0 { text += "/" }
        if random.next() % 10 == 0 { text += "?q=1" }
        if random.next() % 2 == 0 { text += "#" + fragments[Int(random.next() % UInt64(fragments.count))] }
        switch random.next() % 20 {
        case 0: text = " " + text
        case 1: text += "\t"
        case 2: text = text.replacingOccurrences(of: "/", with: "\\")
        case 3: text = "https://example.com/" + text
        default: break
        }
        return text
    }

    func testShortcutAgreesWithGeneralWay() throws {
        let temp = try TempSite(Self.files, name: "plainPageLinks")
        defer { temp.remove() }
        let site = try Groundwork.analyze(temp.options()).site
        let resolver = LinkResolver(site: site)
        var random = SplitMix64(seed: 21)
        var shortcut = 0, found = 0, fragments = 0
        for _ in 0..<2_500 {
            let text = Self.destination(&random)
            for page in site.pages {
                let general = resolver.resolveInFull(text, from: page)
                XCTAssertEqual(resolver.resolve(text, from: page), general, "\(text.debugDescription) from \(page.relativePath)")
                // Images never take the shortcut; they must still agree.
                XCTAssertEqual(resolver.resolve(text, from: page, isImage: true), resolver.resolveInFull(text, from: page, isImage: true))
                if resolver.resolvePlainPageLink(text, from: page) != nil { shortcut += 1 }
                if case .page(_, let fragment) = general {
                    found += 1
                    if fragment != nil { fragments += 1 }
                }
            }
        }
        // The shortcut must have been taken often, with and without fragments, and the
        // general way must have found pages it does not take (other extensions, escapes).
        XCTAssertGreaterThan(shortcut, 2_000)
        XCTAssertGreaterThan(found, shortcut)
        XCTAssertGreaterThan(fragments, 100)
    }
}
