import XCTest
import TestSupport
@testable import GroundworkCore
@testable import GroundworkRender

/// `CitationNumbering`'s numbers (found by the library index of each source cited) against
/// the numbering it replaced: a `[String: Int]` of keys in order of first use.
final class CitationNumberingEquivalenceTests: XCTestCase {
    func testNumbersAgreeWithKeyDictionaryReference() {
        // Known keys (with a precomposed and a decomposed é, equal as strings) and unknown ones.
        let known = (0..<40).map { "src\($0)" } + ["caf\u{E9}"]
        let asked = known + ["cafe\u{301}", "missing", "src40", ""]
        var sources: [Source] = []
        for key in known { sources.append(Source(id: key, location: Location(file: "sources.yaml", line: 1, column: 1))) }
        let byID = Dictionary(uniqueKeysWithValues: sources.enumerated().map { ($1.id, $0) })
        let library = SourceLibrary(sources: sources, byID: byID, file: "sources.yaml")
        var generator = SeededGenerator(state: 23)
        var repeated = 0
        for _ in 0..<500 {
            var numbering = CitationNumbering(library: library)
            var reference: [String: Int] = [:]
            var order: [String] = []
            for _ in 0..<generator.next(60) {
                let key = asked[generator.next(asked.count)]
                var expected: Int?
                if byID[key] != nil {
                    if let n = reference[key] { expected = n; repeated += 1 } else {
                        order.append(key)
                        reference[key] = order.count
                        expected = order.count
                    }
                }
                XCTAssertEqual(numbering.number(for: key), expected, key)
            }
            XCTAssertEqual(numbering.order, order)
        }
        XCTAssertGreaterThan(repeated, 1_000, "keys must be cited again")
    }
}
