import GroundworkCore

extension CLI {
    /// For the executable only: keep each command's results until the process exits instead
    /// of freeing them just before it does (see `ExitRetainer`).
    public static func keepResultsUntilExit() { ExitRetainer.enabled = true }
}
