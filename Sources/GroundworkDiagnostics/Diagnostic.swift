/// How serious a diagnostic is. Under `--strict` warnings count as errors.
public enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
}

/// A content problem at a position in a file. Checks return these as data; only the CLI
/// prints them.
public struct Diagnostic: Sendable, Hashable {
    /// A stable code such as `link.page-missing`.
    public var code: String
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

    public init(code: String, severity: Severity, file: String, line: Int, column: Int, message: String, notes: [String] = []) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = max(line, 1)
        self.column = max(column, 1)
        self.message = message
        self.notes = notes
    }

    /// The order diagnostics are reported in: path, line, column, then code and message.
    public static func reportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column < b.column }
        if a.code != b.code { return a.code < b.code }
        return a.message < b.message
    }
}

/// Every diagnostic code Groundwork emits, with its default severity (SPEC.md).
public enum DiagnosticCode {
    public static let defaults: [String: Severity] = [
        "link.page-missing": .error,
        "link.anchor-missing": .error,
        "link.asset-missing": .error,
        "link.escapes-root": .error,
        "link.wiki-unresolved": .error,
        "link.wiki-ambiguous": .error,
        "link.external-invalid": .error,
        "link.external-broken": .error,
        "link.external-unreachable": .warning,
        "cite.unknown-key": .error,
        "cite.duplicate-id": .error,
        "cite.source-incomplete": .error,
        "cite.unused-source": .warning,
        "cite.quote-mismatch": .error,
        "cite.unverified-on-card": .error,
        "quote.unattributed": .warning,
        "claim.unsourced": .warning,
        "fresh.page-overdue": .warning,
        "fresh.source-overdue": .warning,
        "fresh.source-stale-access": .warning,
        "page.front-matter": .error,
        "page.unknown-field": .warning,
        "page.title-missing": .error,
        "page.duplicate-url": .error,
        "page.orphan": .warning,
        "page.encoding": .error,
        "page.duplicate-index": .error,
        "file.unreadable": .error,
        "card.too-long": .error,
        "table.malformed": .error,
        "image.alt-missing": .warning,
        "audience.leak": .error,
        "audience.unknown": .error,
        "config.invalid": .error,
        "output.broken-link": .error,
    ]

    /// The default severity of a code (`error` for codes not listed).
    public static func defaultSeverity(_ code: String) -> Severity { defaults[code] ?? .error }
}

/// Collects diagnostics with their default severities. Not shared across tasks: each stage
/// or task fills its own and the pipeline merges them.
public struct DiagnosticBag: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func add(_ code: String, file: String, line: Int, column: Int, _ message: String, notes: [String] = []) {
        items.append(Diagnostic(code: code, severity: DiagnosticCode.defaultSeverity(code), file: file,
                                line: line, column: column, message: message, notes: notes))
    }

    public mutating func add(_ code: String, at location: Location, _ message: String, notes: [String] = []) {
        add(code, file: location.file, line: location.line, column: location.column, message, notes: notes)
    }

    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }
    public mutating func append(contentsOf other: DiagnosticBag) { items.append(contentsOf: other.items) }
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
