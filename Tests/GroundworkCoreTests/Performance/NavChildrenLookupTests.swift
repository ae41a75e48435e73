import XCTest
import TestSupport
@testable import GroundworkRender

/// The nav patches, for each page, the children of the open section that it marks or whose
/// URL starts with the page's (NavCache.swift). perftmpl5 finds them by binary search over the
/// children's sorted URLs (`NavSectionTarget.positions(under:)`) and a scan of page numbers,
/// instead of asking `URLPaths.startsWith` of every child; over generated sections with shared
/// prefixes, nested URLs, sub-sections and non-ASCII names, both must find the same children.
final class NavChildrenLookupTests: XCTestCase {
    static let segments = ["s001", "s0010", "s01", "p1", "p12", "p1.x", "a", "ab", "x y", "é", "e\u{301}", "%41", "_-~", "Z"]

    func testBinarySearchFindsWhatStartsWithFinds() {
        var generator = SplitMix64(seed: 1305)
        func next(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        func url() -> String {
            var text = ""
            for _ in 0..<(1 + next(3)) { text += Self.segments[next(Self.segments.count)] + "/" }
            return text
        }
        for round in 0..<400 {
            var pageURLs = (0..<(1 + next(40))).map { _ in url() }
            // Pages below other pages, and repeated URLs.
            for _ in 0..<next(6) { pageURLs.append(pageURLs[next(pageURLs.count)] + Self.segments[next(Self.segments.count)] + "/") }
            if next(3) == 0 { pageURLs.append(pageURLs[next(pageURLs.count)]) }
            let children: [NavSectionTarget.Child] = (0..<next(30)).map { _ in
                next(5) == 0 ? .subsection(url: url(), indexPage: next(2) == 0 ? next(pageURLs.count) : nil, path: "x")
                    : .page(next(pageURLs.count))
            }
            let section = NavSectionTarget(path: "s", pathPrefix: "s/", url: "s/", indexPage: nil, children: children, pageURLs: pageURLs)
            for _ in 0..<10 {
                let page = next(pageURLs.count)
                let pageURL = next(4) == 0 ? url() : pageURLs[page]
                // The former rule, child by child.
                let expected = children.indices.filter { j in
                    switch children[j] {
                    case .page(let index): index == page || URLPaths.startsWith(pageURLs[index], pageURL)
                    case .subsection(let subURL, let indexPage, _): indexPage == page || URLPaths.startsWith(subURL, pageURL)
                    }
                }
                var found = Set(section.positions(under: pageURL))
                for (j, child) in section.childPages.enumerated() where child == page { found.insert(j) }
                XCTAssertEqual(found.sorted(), expected, "round \(round): \(pageURL.debugDescription) in \(pageURLs)")
            }
        }
    }
}
