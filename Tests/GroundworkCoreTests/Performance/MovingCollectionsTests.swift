import XCTest
@testable import GroundworkSupport

/// Issue 21 (perfcopies): `parallelMap` writes each result into its place instead of gathering
/// per-worker batches, and `unzip` moves pairs apart instead of `map(\.0)` and `map(\.1)`.
/// Both must agree with the plain `map`s they replace, for every size.
final class MovingCollectionsTests: XCTestCase {
    /// A reference type: a result written twice, or not at all, or freed while still in the
    /// array shows (as a wrong value or a crash), unlike with plain integers.
    private final class Box: Sendable {
        let value: String
        init(_ value: String) { self.value = value }
    }

    private let sizes = [0, 1, 2, 3, 7, 64, 127, 128, 129, 1_000, 4_099]

    func testParallelMapAgreesWithMap() {
        for size in sizes {
            let items = (0..<size).map { "item \($0 * 7919 % (size + 1))" }
            let expected = items.map { $0 + "!" }
            XCTAssertEqual(parallelMap(items) { Box($0 + "!") }.map(\.value), expected, "size \(size)")
            XCTAssertEqual(parallelMap(count: size) { Box(items[$0] + "!") }.map(\.value), expected, "count \(size)")
        }
    }

    func testParallelMapOnOneThreadAgrees() {
        runsOnOneThread.store(true, ordering: .relaxed)
        defer { runsOnOneThread.store(false, ordering: .relaxed) }
        XCTAssertEqual(parallelMap(count: 300) { String($0) }, (0..<300).map { String($0) })
    }

    func testUnzipAgreesWithMaps() {
        for size in sizes {
            let pairs = (0..<size).map { (Box("first \($0)"), [Box("second \($0)"), Box("and \($0)")]) }
            let firsts = pairs.map(\.0.value), seconds = pairs.map { $0.1.map(\.value) }
            let (movedFirsts, movedSeconds) = unzip(pairs.map { $0 })
            XCTAssertEqual(movedFirsts.map(\.value), firsts, "size \(size)")
            XCTAssertEqual(movedSeconds.map { $0.map(\.value) }, seconds, "size \(size)")
        }
    }
}
