/// An environment problem (exit status 2): unreadable folder, missing template, bad option.
public struct EnvironmentError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
