import Foundation

/// A calendar day (no time, no time zone): review dates, access dates and "today".
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (a YAML timestamp with a time part is cut to its day).
    ///
    /// Over bytes when the first twelve are ASCII (every real date): the `Character`-level
    /// parser below cost ~8,600 instructions a call (issue 21). Both accept exactly the same
    /// strings; DayParserEquivalenceTests compares them.
    public init?(_ text: String) {
        var text = text
        switch text.withUTF8(Day.parseASCII) {
        case .day(let y, let m, let d): self.init(year: y, month: m, day: d)
        case .invalid: return nil
        case .notASCII: self.init(parsingCharacters: text)
        }
    }

    /// What `parseASCII` found.
    enum ASCIIParse { case day(Int, Int, Int), invalid, notASCII }

    /// The byte parser: `Int(_:)` on each of the three parts accepts an optional `+` and
    /// then digits; the parts sit at bytes 0–3, 5–6 and 8–9 with `-` between (the only
    /// layout `split(separator: "-")` into parts of 4, 2 and 2 characters allows). Between
    /// ASCII bytes (other than CR LF, which cannot occur here) every byte is its own
    /// `Character`, so when bytes 0..<12 are ASCII, byte 10 is the eleventh character;
    /// otherwise the caller falls back to `init(parsingCharacters:)`.
    static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> ASCIIParse {
        for byte in bytes.prefix(12) where byte >= 0x80 { return .notASCII }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return .invalid }
        /// `Int(_:)` of `bytes[range]`, or nil.
        func number(_ range: Range<Int>) -> Int? {
            var i = range.lowerBound
            if bytes[i] == UInt8(ascii: "+") { i += 1 }
            guard i < range.upperBound else { return nil }
            var value = 0
            while i < range.upperBound {
                let digit = bytes[i] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
                i += 1
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              (1...12).contains(m), (1...Day.daysIn(month: m, year: y)).contains(d) else { return .invalid }
        if bytes.count > 10 {
            let next = bytes[10]
            guard next == UInt8(ascii: "T") || next == UInt8(ascii: " ") || next == UInt8(ascii: "t") else { return .invalid }
        }
        return .day(y, m, d)
    }

    /// The `Character`-level parser: the fallback for text that is not ASCII, and the
    /// reference the byte parser is tested against.
    package init?(parsingCharacters text: String) {
        let parts = text.prefix(10).split(separator: "-")
        guard text.count >= 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...Day.daysIn(month: m, year: y)).contains(d) else { return nil }
        if text.count > 10 {
            let rest = text.dropFirst(10)
            guard rest.first == "T" || rest.first == " " || rest.first == "t" else { return nil }
        }
        self.init(year: y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for age arithmetic.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The day a number of days after 1970-01-01.
    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Today in the local time zone, or the day of `SOURCE_DATE_EPOCH` when it is set, so
    /// that reproducible builds agree on "today".
    public static func today(environment: [String: String]) -> Day {
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(Int.init) {
            return Day(daysSinceEpoch: Int((Double(epoch) / 86400).rounded(.down)))
        }
        let now = Date()
        let offset = TimeZone.current.secondsFromGMT(for: now)
        return Day(daysSinceEpoch: Int(((now.timeIntervalSince1970 + Double(offset)) / 86400).rounded(.down)))
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// `YYYY-MM-DD`, as `String(format: "%04d-%02d-%02d", year, month, day)` writes it.
    /// Written as its ten bytes for the days of years 0–9999 (a small string, no
    /// allocation): `String(format:)` cost ~22,000 instructions a call, once per page with a
    /// review date, and joining digit strings still ~2,200 (issue 21).
    public var description: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        return String(unsafeUninitializedCapacity: 10) { out in
            /// `value` as `count` decimal digits, zero-padded, at `out[start...]`.
            func put(_ value: Int, _ count: Int, at start: Int) {
                var rest = value
                for i in (start..<start + count).reversed() {
                    out[i] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, 4, at: 0)
            out[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            out[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            return 10
        }
    }
}
