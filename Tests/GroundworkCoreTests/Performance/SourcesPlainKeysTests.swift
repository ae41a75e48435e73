import GroundworkCore
import TestSupport
import XCTest

/// sources.yaml composed with `Resolver.basic` (`SourceLibrary.composeWithPlainKeys`, issue 21)
/// must read to the same library and the same diagnostics as the general path, or not be used.
final class SourcesPlainKeysTests: XCTestCase {
    /// Everything `parse` makes of `text`, as text: the sources with every field, then the diagnostics.
    private func read(_ text: String, plainKeys: Bool) -> String {
        var bag = DiagnosticBag()
        let library = SourceLibrary.parse(text, file: "sources.yaml", bag: &bag, plainKeys: plainKeys)
        var out = ""
        for source in library.sources {
            // The dictionary's order differs between two equal dictionaries: sorted below.
            var fields = source
            fields.fieldLocations = [:]
            dump(fields, to: &out)
            out += source.fieldLocations.sorted { $0.key < $1.key }.map { "\($0.key)@\($0.value.line):\($0.value.column)" }.joined(separator: " ") + "\n"
        }
        out += library.byID.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "\n"
        for diagnostic in bag.items { out += "\(diagnostic)\n" }
        return out
    }

    private static let record = """
      - id: src-1
        type: report
        title: Deep anchor basics report
        author:
          - {family: Anchor, given: Amber}
          - literal: The Team
        issued: {date-parts: [[2015, 1]]}
        container-title: Journal of Basics
        number: 12
        volume: "7"
        URL: https://example.org/reports/src-1
        accessed: 2026-11-01
        review_by: 2099-12-31
        status: confirmed
        excerpts:
          - "Every later its most release why a for plainly point."
    """

    /// Texts the plain-keys path takes, and texts it must hand to the general path; each
    /// read both ways.
    static let cases: [(name: String, text: String, plain: Bool)] = [
        ("a list under references", "references:\n" + record + "\n" + record.replacingOccurrences(of: "src-1", with: "src-2"), true),
        ("a bare list", record.replacingOccurrences(of: "\n  ", with: "\n").dropFirst(2).description, true),
        ("duplicate source ids", "references:\n" + record + "\n" + record, true),
        ("empty and null values", "- id: a\n  excerpts:\n  audience: ~\n  title:\n  status: maybe\n  accessed: soon\n", true),
        ("numbers, booleans and nulls as values", "- id: b\n  number: 0x1F\n  volume: yes\n  issue: null\n  page: 1.5\n  note: 2026-01-01\n", true),
        ("no id", "- title: nameless\n", true),
        ("not a mapping", "- just text\n- [a, b]\n", true),
        ("no references key", "sources:\n  - id: x\n", true),
        ("a scalar root", "hello\n", false),
        ("an empty file", "", false),
        ("duplicate keys", "- id: a\n  title: one\n  title: two\n", false),
        ("keys equal as text, not as YAML", "- id: a\n  1: one\n  \"1\": two\n", false),
        ("a tag", "- id: a\n  number: !!str 12\n", false),
        ("a key with a tag, equal as YAML to a plain one", "- id: a\n  !!int 1: x\n  1: y\n", false),
        ("an anchor and an alias", "- id: a\n  publisher: &p Acme\n- id: b\n  publisher: *p\n", false),
        ("a mapping as a key", "- id: a\n  ? {=: x}\n  : y\n", false),
        ("invalid YAML", "- id: a\n  title: \"unclosed\n", false),
        ("a tab", "- id: a\n\ttitle: x\n", false),
        ("two documents", "- id: a\n---\n- id: b\n", false),
    ]

    func testPlainKeysReadTheSameAsTheGeneralPath() {
        for c in Self.cases {
            XCTAssertEqual(read(c.text, plainKeys: true), read(c.text, plainKeys: false), c.name)
        }
    }

    /// The cases above take the path they are meant to (so the comparison covers both).
    func testWhichPathIsTaken() {
        for c in Self.cases {
            XCTAssertEqual(SourceLibrary.composeWithPlainKeys(c.text) != nil, c.plain, c.name)
        }
    }

    /// Generated records: keys and values drawn from the CSL fields, YAML's typed plain
    /// scalars, quoted text and repeats.
    func testGeneratedFilesReadTheSame() {
        var generator = SplitMix64(seed: 21)
        let keys = ["id", "type", "title", "author", "issued", "publisher", "number", "volume", "URL", "doi", "note",
                    "accessed", "review_by", "status", "excerpts", "audience", "1", "true", "null", "~", "="]
        let values = ["x", "src-1", "12", "012", "1.5", "yes", "No", "~", "null", "\"quoted\"", "'single'", "2026-11-01",
                      "[a, b]", "{date-parts: [[2015, 1]]}", "", "confirmed", "<<", "=", "- item", "[[2015]]"]
        for _ in 0..<300 {
            var text = Int.random(in: 0...1, using: &generator) == 0 ? "references:\n" : ""
            let indent = text.isEmpty ? "" : "  "
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                var first = true
                for _ in 0..<Int.random(in: 1...5, using: &generator) {
                    let key = keys.randomElement(using: &generator)!
                    let value = values.randomElement(using: &generator)!
                    text += indent + (first ? "- " : "  ") + key + ":" + (value.isEmpty ? "" : " " + value) + "\n"
                    first = false
                }
            }
            XCTAssertEqual(read(text, plainKeys: true), read(text, plainKeys: false), text)
        }
    }
}
