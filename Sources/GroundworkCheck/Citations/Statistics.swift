import GroundworkDiagnostics
import GroundworkModel
import GroundworkParse
import GroundworkResolve
import GroundworkSupport
import Markdown

/// A figure in prose that a reader would repeat as a fact.
package struct Statistic: Sendable, Equatable {
    /// The figure as written, e.g. `10,000`, `99%`, `nine-fold`, `$5M`.
    package var text: String
    package var position: SourcePosition?
}

/// Finds statistics: percentages, multipliers (`10x`, `9-fold`, `ninefold`), numbers of 1,000
/// or more (`1,000`, `10000`, `10k`, `3 million`) and money (`$5`, `USD 40`). Years
/// (`2026`, `2023–2024`) and identifiers (`GAO-25-107653`, `arXiv:2108.07258`) are not
/// statistics, and code is never read.
package enum Statistics {
    private struct Token {
        var text: String
        var position: SourcePosition?
        /// Has a digit or ends in "fold": only these can be statistics, and most words are
        /// neither, so the rules run on few tokens.
        var isCandidate: Bool
    }

    package static func find(in characters: [ProseCharacter]) -> [Statistic] {
        guard mayHoldStatistic(characters) else { return [] }
        let tokens = tokenize(characters)
        var found: [Statistic] = []
        for (index, token) in tokens.enumerated() where token.isCandidate {
            let next = index + 1 < tokens.count ? tokens[index + 1].text.lowercased() : ""
            let previous = index > 0 ? tokens[index - 1].text.lowercased() : ""
            guard isStatistic(token.text, previous: previous, next: next) else { continue }
            // Name the figure as a reader sees it: "50 percent", "USD 70", "3 million".
            var text = token.text
            if !isStatistic(token.text, previous: "", next: "") {
                if isStatistic(token.text, previous: "", next: next) {
                    text += " " + tokens[index + 1].text
                } else if index > 0 {
                    text = tokens[index - 1].text + " " + text
                }
            }
            found.append(Statistic(text: text, position: token.position))
        }
        return found
    }

    /// Most paragraphs have neither a digit nor a "-fold" word; they are skipped without
    /// splitting them into words.
    private static func mayHoldStatistic(_ characters: [ProseCharacter]) -> Bool {
        var window: UInt32 = 0
        for char in characters where char.role == .text {
            guard let ascii = char.character.asciiValue else { window = 0; continue }
            if ascii >= 0x30 && ascii <= 0x39 { return true }
            window = (window << 8) | UInt32(ascii | 0x20)
            if window == 0x666F_6C64 { return true }  // "fold", any case
        }
        return false
    }

    /// Splits prose into words at white space, code and citations, then peels off the
    /// punctuation around each word.
    private static func tokenize(_ characters: [ProseCharacter]) -> [Token] {
        var tokens: [Token] = []
        var current: [ProseCharacter] = []
        func flush() {
            defer { current.removeAll() }
            var slice = current[...]
            while let f = slice.first, leadingPunctuation.contains(f.character) { slice = slice.dropFirst() }
            while let l = slice.last, trailingPunctuation.contains(l.character) { slice = slice.dropLast() }
            guard let first = slice.first else { return }
            let text = String(slice.map(\.character))
            let tail = text.utf8.suffix(4).map { $0 | 0x20 }  // ASCII lower case
            let candidate = text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } || tail == Array("fold".utf8)
            tokens.append(Token(text: text, position: first.position, isCandidate: candidate))
        }
        for char in characters {
            let isSpace = char.character.asciiValue.map { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
                ?? char.character.isWhitespace
            if char.role != .text || isSpace {
                flush()
            } else {
                current.append(char)
            }
        }
        flush()
        return tokens
    }

    private static let leadingPunctuation: Set<Character> = ["(", "[", "{", "\"", "'", "“", "”", "‘", "’", "<", ">", "~", "≈", "≥", "≤", "+", "*", "_"]
    private static let trailingPunctuation: Set<Character> = [")", "]", "}", "\"", "'", "“", "”", "‘", "’", ".", ",", ";", ":", "!", "?", "…", "*", "_"]

    private static let currencySymbols: Set<Character> = ["$", "€", "£", "¥", "₹"]
    private static let currencyWords: Set<String> = ["dollar", "dollars", "usd", "euro", "euros", "eur", "pounds", "gbp"]
    private static let scaleWords: [String: Double] = ["thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12]
    private static let numberWords: Set<String> = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
        "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
    ]

    private static func isStatistic(_ token: String, previous: String, next: String) -> Bool {
        let lower = token.lowercased()
        let hasDigit = token.contains(where: { $0.isASCII && $0.isNumber })

        // Multipliers spelled out: "ninefold", "nine-fold", "twenty-fold".
        if lower.hasSuffix("fold") {
            var stem = lower.dropLast(4)
            while let l = stem.last, l == "-" || l == "–" { stem = stem.dropLast() }
            if numberWords.contains(String(stem)) || number(String(stem)) != nil { return true }
            let words = stem.split(whereSeparator: { $0 == "-" || $0 == "–" })
            if !words.isEmpty, words.allSatisfy({ numberWords.contains(String($0)) }) { return true }
        }
        if next == "fold" || next == "-fold", number(token) != nil { return true }
        guard hasDigit else { return false }

        // Money: "$5", "US$5", "€1.2M"; "5 dollars", "USD 5".
        if let symbol = token.firstIndex(where: { currencySymbols.contains($0) }),
           token[..<symbol].allSatisfy({ $0.isUppercase }),
           token[token.index(after: symbol)...].first?.isNumber == true {
            return true
        }
        if quantity(token) != nil, currencyWords.contains(next) || ["usd", "eur", "gbp"].contains(previous) { return true }

        // Percentages: "99%", ">99%", "10–20%", "5 percent".
        if token.hasSuffix("%") { return true }
        if quantity(token) != nil, next == "%" || next == "percent" || next == "per" || next == "percentage" { return true }

        // Multipliers: "10x", "2.5×", "9-fold".
        if let last = lower.last, last == "x" || last == "×", number(String(lower.dropLast())) != nil { return true }

        // Large numbers, also in ranges ("1,000–5,000") and compounds ("10,000-example").
        let parts = token.split(whereSeparator: { $0 == "-" || $0 == "–" || $0 == "/" }).map(String.init)
        if parts.count > 1 {
            if parts.allSatisfy({ quantity($0) != nil }) {
                return parts.contains { isLarge($0, next: next) }
            }
            // "10,000-example": a figure, then lower-case words.
            if quantity(parts[0]) != nil, parts.dropFirst().allSatisfy({ $0.allSatisfy { $0.isLowercase } }) {
                return isLarge(parts[0], next: "")
            }
            return false
        }
        return quantity(token) != nil && isLarge(token, next: next)
    }

    /// A plain number: `1000`, `1,000`, `2.5`.
    private static func number(_ text: String) -> Double? {
        guard let first = text.first, first.isNumber, first.isASCII else { return nil }
        if text.contains(",") {
            // Thousands separators must group by three: `1,000`, not `1,00`.
            let groups = text.split(separator: ".", maxSplits: 1)
            let integer = groups[0].split(separator: ",", omittingEmptySubsequences: false)
            guard (1...3).contains(integer[0].count), integer.dropFirst().allSatisfy({ $0.count == 3 }),
                  integer.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
            let plain = text.replacingOccurrences(of: ",", with: "")
            return Double(plain)
        }
        guard text.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }) else { return nil }
        return Double(text)
    }

    /// A number, or one with a scale suffix: `10k`, `1.5M`, `3B`, `2bn`. A lower-case `m` is
    /// minutes or metres as often as millions, so it is not read as a scale.
    private static func quantity(_ text: String) -> Double? {
        if let n = number(text) { return n }
        for (suffix, scale) in [("bn", 1e9), ("k", 1e3), ("K", 1e3), ("M", 1e6), ("B", 1e9)] where text.hasSuffix(suffix) {
            if let n = number(String(text.dropLast(suffix.count))) { return n * scale }
        }
        return nil
    }

    /// 1,000 or more, except a year: four digits from 1900 to 2100 without a separator.
    private static func isLarge(_ text: String, next: String) -> Bool {
        guard var value = quantity(text) else { return false }
        if let scale = scaleWords[next] { value *= scale }
        guard value >= 1000 else { return false }
        let isYear = text.count == 4 && text.allSatisfy({ $0.isASCII && $0.isNumber }) && (1900...2100).contains(Int(value))
            && scaleWords[next] == nil
        return !isYear
    }
}
