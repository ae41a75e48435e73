/// The last sources.yaml parsed, with its diagnostics: `groundwork serve` parses the
/// bibliography again only when its text changed (a thousand records take a noticeable
/// part of a rebuild).
public final class SourcesCache: @unchecked Sendable {
    private var text: String?
    private var file: String?
    private var library: SourceLibrary?
    private var diagnostics: [Diagnostic] = []

    public init() {}

    /// Parses `text`, or returns the previous result when `text` and `file` are the same.
    static func parse(_ text: String, file: String, bag: inout DiagnosticBag, cache: SourcesCache?) -> SourceLibrary {
        guard let cache else { return SourceLibrary.parse(text, file: file, bag: &bag) }
        if let library = cache.library, cache.text == text, cache.file == file {
            bag.append(contentsOf: cache.diagnostics)
            return library
        }
        var own = DiagnosticBag()
        let library = SourceLibrary.parse(text, file: file, bag: &own)
        cache.text = text
        cache.file = file
        cache.library = library
        cache.diagnostics = own.items
        bag.append(contentsOf: own)
        return library
    }
}
