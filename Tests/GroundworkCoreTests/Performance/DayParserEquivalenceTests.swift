import XCTest
import TestSupport
import GroundworkCore

/// `Day.init(_:)` parses over bytes (issue 21); it must accept exactly the strings, and give
/// exactly the days, of the `Character`-level parser it replaced (`init(parsingCharacters:)`).
final class DayParserEquivalenceTests: XCTestCase {
    /// Pieces that make near-dates: digits, the separators, signs, the time-part starters,
    /// and non-ASCII text that joins a neighbour into one `Character` (combining marks, ZWJ).
    static let pieces = ["0", "1", "2", "3", "9", "29", "30", "31", "02", "12", "13", "2024", "1900", "2000", "0000",
                         "-", "+", "T", "t", " ", "\t", "\n", "\r\n", "Z", "x", ":", "10:00", "é", "\u{301}", "\u{200D}",
                         "\u{FE0F}", "\u{0903}", "٣", "１"]

    func testByteParserAgreesWithCharacterParser() {
        var generator = SplitMix64(seed: 21)
        func next(_ bound: Int) -> Int { Int(generator.next() % UInt64(bound)) }
        var accepted = 0
        for _ in 0..<60_000 {
            var text: String
            if next(2) == 0 {
                // A well-formed date, perhaps with one spot changed and something after it.
                func twoDigits(_ value: Int) -> String { (value < 10 ? "0" : "") + String(value) }
                let year = (0..<4).map { _ in String(next(10)) }.joined()
                text = year + "-" + twoDigits(next(14)) + "-" + twoDigits(next(33))
                if next(3) == 0 {
                    var characters = Array(text)
                    let single = Self.pieces.filter { $0.count == 1 }
                    characters[next(characters.count)] = Character(single[next(single.count)])
                    text = String(characters)
                }
                for _ in 0..<next(3) { text += Self.pieces[next(Self.pieces.count)] }
            } else {
                text = ""
                for _ in 0..<next(9) { text += Self.pieces[next(Self.pieces.count)] }
            }
            let fast = Day(text), reference = Day(parsingCharacters: text)
            XCTAssertEqual(fast, reference, text.debugDescription)
            if fast != nil { accepted += 1 }
        }
        // Both sides of the comparison must be exercised.
        XCTAssertGreaterThan(accepted, 1_000)
    }

    func testEdgeCases() {
        for text in ["2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "+202-01-05", "2024-+1-05", "2024-01-+5",
                     "2024-1-05", "2024-01-05T10:00", "2024-01-05 x", "2024-01-05t", "2024-01-05Z", "2024-01-05\u{301}",
                     "2024-01-05T\u{301}", "2024-01-05 \u{301}", "0000-01-01", "2024-00-10", "2024-13-01", "2024-01-00",
                     "2024-01-32", "2024-04-31", "-024-01-05", "2024/01/05", "", "2024-01-0", "2024-01-05\r\n"] {
            XCTAssertEqual(Day(text), Day(parsingCharacters: text), text.debugDescription)
        }
        XCTAssertEqual(Day("2024-02-29"), Day(year: 2024, month: 2, day: 29))
        // `description` (written as bytes) for fields outside the calendar but within its two
        // digits; DayDescriptionTests covers real days.
        for day in [Day(year: 12, month: 45, day: 99), Day(year: 0, month: 0, day: 0), Day(year: 9999, month: 99, day: 7),
                    Day(year: 10_000, month: 100, day: 1), Day(year: 5, month: -1, day: 3)] {
            XCTAssertEqual(day.description, String(format: "%04d-%02d-%02d", day.year, day.month, day.day))
        }
        XCTAssertNil(Day("2023-02-29"))
    }
}
