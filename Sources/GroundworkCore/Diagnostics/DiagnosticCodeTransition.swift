// TRANSITIONAL (removed once every emission site names its code): lets string literals stand
// for codes while the mechanical conversion runs.
extension DiagnosticCode: ExpressibleByStringLiteral {
    public init(stringLiteral id: String) {
        guard let code = DiagnosticCode.named(id) else { preconditionFailure("no diagnostic code '\(id)'") }
        self = code
    }

    public static func defaultSeverity(_ code: DiagnosticCode) -> Severity { code.severity }
}
