/// The bibliography: every source by id.
public struct SourceLibrary: Sendable {
    public var sources: [Source]
    public var byID: [String: Int]
    /// The file the sources came from, as the user names it (empty when there is none).
    public var file: String

    public static let empty = SourceLibrary(sources: [], byID: [:], file: "")

    package init(sources: [Source], byID: [String: Int], file: String) {
        self.sources = sources
        self.byID = byID
        self.file = file
    }
}
