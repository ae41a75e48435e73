/// A diagnostic code: its stable id (`link.page-missing`), its default severity, whether a
/// site may change that severity in `site.yaml`, and the documentation `groundwork explain`
/// prints and `docs/diagnostics.md` is generated from.
///
/// Every code Groundwork emits is one of the static members below and is listed in `all`,
/// the one table. Checks emit these values, never strings, so emitting a code that is not in
/// the table does not compile. To add a code: add a static member, add it to `all`, and give
/// it an `example` that produces it (the fixture test runs every example).
public struct DiagnosticCode: Sendable, CustomStringConvertible {
    /// The stable id printed in brackets and in JSON, e.g. `link.page-missing`.
    public let id: String
    /// The severity a diagnostic gets unless `site.yaml` overrides it.
    public let severity: Severity
    /// Whether `site.yaml`'s `checks:` may change the severity or turn the code off. Codes that
    /// mean Groundwork could not read an input, or that guard an edition's confidentiality,
    /// are not: turning them off would publish a site the checks cannot vouch for.
    public let overridable: Bool
    /// One line: when the code is reported.
    public let summary: String
    /// One paragraph: what the check looks at and why it matters.
    public let explanation: String
    /// A small input that produces the code, and the diagnostic it produces.
    public let example: Example
    /// How to fix it.
    public let fix: String

    public var description: String { id }

    /// A fixed input that triggers a code, and the one diagnostic line it must produce. The
    /// fixture test (`DiagnosticCodeTableTests`) runs every example and checks the line, so
    /// the example in the documentation is proven.
    public struct Example: Sendable {
        /// How the example is run.
        public enum Run: String, Sendable {
            /// `groundwork check`.
            case check
            /// `groundwork build` (the output link pass runs only there).
            case build
            /// `groundwork check --external`, with the HTTP answers in `responses`.
            case external
            /// A rebuild of `groundwork serve` (`IncrementalBuilder`), which reports template
            /// errors as diagnostics.
            case rebuild
            /// `groundwork serve` itself: the steps in `setup` happen while it runs.
            case serve
        }

        /// One file of the example, relative to the folder holding `content/` and `templates/`.
        public struct File: Sendable {
            public var path: String
            public var text: String
            /// Write `text` as ISO Latin-1 instead of UTF-8 (for `page.encoding`).
            public var latin1 = false
            /// Make the file a symbolic link to `text` instead of writing it.
            public var symlink = false

            public init(_ path: String, _ text: String, latin1: Bool = false, symlink: Bool = false) {
                self.path = path
                self.text = text
                self.latin1 = latin1
                self.symlink = symlink
            }
        }

        public var run: Run
        public var files: [File]
        /// `external` only: the HTTP status each URL answers with.
        public var responses: [String: Int]
        /// The diagnostic the example produces, as `groundwork check` prints it (without notes).
        public var produces: String
        /// What else happens in the example, in words, when files alone do not say it.
        public var setup: String?

        /// The day examples are checked on (freshness codes depend on it).
        public static let today = "2026-12-01"

        public init(run: Run = .check, files: [File], responses: [String: Int] = [:], setup: String? = nil,
                    produces: String) {
            self.run = run
            self.files = files
            self.responses = responses
            self.setup = setup
            self.produces = produces
        }
    }

    public init(id: String, severity: Severity, overridable: Bool = true, summary: String, explanation: String,
                example: Example, fix: String) {
        self.id = id
        self.severity = severity
        self.overridable = overridable
        self.summary = summary
        self.explanation = explanation
        self.example = example
        self.fix = fix
    }

    /// The code with this id, if there is one.
    public static func named(_ id: String) -> DiagnosticCode? { byID[id] }

    /// Every id, sorted (for "did you mean" and listings).
    public static var ids: [String] { byID.keys.sorted() }

    private static let byID: [String: DiagnosticCode] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}

// Two codes are the same code when their ids are: the id is the identity, the rest is
// documentation.
extension DiagnosticCode: Hashable, Comparable {
    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
    public static func < (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id < b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
