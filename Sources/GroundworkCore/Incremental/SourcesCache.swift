import GroundworkModel
import GroundworkParse
import Synchronization

/// The last sources.yaml parsed, with its diagnostics: `groundwork serve` parses the
/// bibliography again only when its bytes changed (a thousand records take a noticeable
/// part of a rebuild). `IncrementalBuilder` hands `parse` to the pipeline as its way to read
/// sources.yaml.
package final class SourcesCache: Sendable {
    private struct Entry {
        var file: RawFile
        var library: SourceLibrary
        var diagnostics: [Diagnostic]
    }

    private let last = Mutex<Entry?>(nil)

    package init() {}

    /// Parses `file`, or returns the previous result when its bytes and name are the same.
    package func parse(_ file: RawFile) -> (SourceLibrary, [Diagnostic]) {
        if let entry = last.withLock({ $0 }), entry.file.bytes == file.bytes, entry.file.displayPath == file.displayPath {
            return (entry.library, entry.diagnostics)
        }
        let (library, diagnostics) = SourceLibrary.parse(file: file)
        last.withLock { $0 = Entry(file: file, library: library, diagnostics: diagnostics) }
        return (library, diagnostics)
    }
}
