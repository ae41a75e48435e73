import XCTest
@testable import GroundworkCore

/// The heap is trimmed every 2,048 pages, but about ten times at most per build: a trim walks
/// free chunks that grow with the site, so a fixed interval made the trimming quadratic.
final class HeapTrimmerTests: XCTestCase {
    func testTrimsAtMostAboutTenTimesAndNeverMoreOftenThanEvery2048Pages() {
        for pages in [0, 1, 2_047, 2_048, 10_101, 20_480, 50_501, 200_000, 1_000_000] {
            let every = HeapTrimmer(pageCount: pages).every
            XCTAssertGreaterThanOrEqual(every, 2_048, "\(pages) pages")
            XCTAssertLessThanOrEqual(pages / every, 10, "\(pages) pages: \(pages / every) trims")
        }
        XCTAssertEqual(HeapTrimmer(pageCount: 10_101).every, 2_048, "a 10,000-page build trims as before")
        XCTAssertEqual(HeapTrimmer(pageCount: 50_501).every, 5_050)
    }
}
