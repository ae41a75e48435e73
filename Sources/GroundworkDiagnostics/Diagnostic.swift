/// How serious a diagnostic is. Under `--strict` warnings count as errors.
public enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
}

/// A content problem at a position in a file. Checks return these as data; only the CLI
/// prints them.
public struct Diagnostic: Sendable, Hashable {
    /// The code, from the table `DiagnosticCode.all`; `code.id` (such as `link.page-missing`)
    /// is what is printed.
    public var code: DiagnosticCode
    public var severity: Severity
    /// The file as the user named it, e.g. `content/spectrum/rag.md`.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int
    public var message: String
    /// Extra lines such as "did you mean 'fine-tuning.md'?".
    public var notes: [String]

    public init(code: DiagnosticCode, severity: Severity, file: String, line: Int, column: Int, message: String, notes: [String] = []) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.message = Diagnostic.oneLine(message, limit: Diagnostic.messageLimit)
        self.notes = notes.map { Diagnostic.oneLine($0, limit: Diagnostic.noteLimit) }
    }

    /// The longest message, in characters; quoted material is shortened first.
    public static let messageLimit = 200
    /// The longest note line, in characters.
    public static let noteLimit = 300
    /// The longest quoted piece ('…') inside a message or note, in characters.
    public static let quoteLimit = 60

    /// `text` as one readable line: line breaks and tabs become spaces, each quoted piece
    /// ('like this') longer than `quoteLimit` keeps its start and ends with `…`, and the whole
    /// is cut to `limit` with `…`. A diagnostic quoting a stylesheet's data: URI or a
    /// paragraph of content must not print kilobytes, nor break the `path:line:col:` format.
    public static func oneLine(_ text: String, limit: Int) -> String {
        // Fast path: almost every message is short and has no control characters.
        if text.utf8.count <= min(limit, quoteLimit), !text.utf8.contains(where: { $0 < 0x20 }) { return text }
        var flat = ""
        flat.reserveCapacity(text.utf8.count)
        for ch in text {
            if ch.isNewline || ch == "\t" { flat.append(" ") } else { flat.append(ch) }
        }
        let chars = Array(flat)
        var out: [Character] = []
        out.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            // A quote opens after a space, a bracket or the start, so "page's" opens nothing.
            let opens = ch == "'" && (i == 0 || chars[i - 1] == " " || chars[i - 1] == "(" || chars[i - 1] == "[")
            if opens, let close = closingQuote(in: chars, after: i), close - i - 1 > quoteLimit {
                out.append("'")
                out.append(contentsOf: chars[(i + 1)..<(i + quoteLimit)])
                out.append("…")
                out.append("'")
                i = close + 1
                continue
            }
            out.append(ch)
            i += 1
        }
        if out.count > limit {
            out = Array(out[0..<(limit - 1)]) + ["…"]
        }
        return String(out)
    }

    /// The quote closing the one at `open`: the next `'` followed by the end, a space or
    /// punctuation.
    private static func closingQuote(in chars: [Character], after open: Int) -> Int? {
        var k = open + 1
        while k < chars.count {
            if chars[k] == "'" {
                if k + 1 == chars.count { return k }
                let next = chars[k + 1]
                if next == " " || next == ")" || next == "," || next == ":" || next == ";" || next == "." || next == "?" || next == "]" { return k }
            }
            k += 1
        }
        return nil
    }

    /// The order diagnostics are reported in: path, line, column, then code and message.
    public static func reportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column < b.column }
        if a.code != b.code { return a.code.id < b.code.id }
        return a.message < b.message
    }
}

/// Collects diagnostics with their default severities. Not shared across tasks: each stage
/// or task fills its own and the pipeline merges them.
public struct DiagnosticBag: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func add(_ code: DiagnosticCode, file: String, line: Int, column: Int, _ message: String, notes: [String] = []) {
        items.append(Diagnostic(code: code, severity: code.severity, file: file,
                                line: line, column: column, message: message, notes: notes))
    }

    public mutating func add(_ code: DiagnosticCode, at location: Location, _ message: String, notes: [String] = []) {
        add(code, file: location.file, line: location.line, column: location.column, message, notes: notes)
    }

    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }
    public mutating func append(contentsOf other: DiagnosticBag) { items.append(contentsOf: other.items) }
}

/// A file's path as a diagnostic names it, for comparing with a path the user typed
/// (`--only ./content/a.md` names `content/a.md`).
package func normalizedDisplayPath(_ path: String) -> String {
    var p = path
    while p.hasPrefix("./") { p.removeFirst(2) }
    return p
}

/// A file and a position in it.
public struct Location: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}
