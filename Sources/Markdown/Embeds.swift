/// What an Obsidian embed (`![[target|options]]`) shows, read from its target and options.
///
/// Obsidian's forms: `![[image.png]]`, `![[image.png|300]]` (width), `![[image.png|300x200]]`
/// (width and height), `![[image.png|alt text]]`, and both (`![[image.png|alt text|300]]`).
extension WikiLink {
    /// The kind of file an embed's target names, from its extension.
    public enum EmbedKind: Sendable, Equatable {
        case image, video, audio, pdf, note, otherFile
    }

    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico"]
    static let videoExtensions: Set<String> = ["mp4", "webm", "ogv", "mov", "m4v"]
    static let audioExtensions: Set<String> = ["mp3", "ogg", "oga", "wav", "m4a", "flac", "opus"]

    /// The target's file extension, lower-cased (empty for a note name such as `Other note`
    /// or `notes/v1.2 plan`, whose "extension" is not a file type Obsidian embeds).
    public var fileExtension: String {
        let name = target.split(separator: "/").last.map(String.init) ?? target
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        let ext = name[name.index(after: dot)...].lowercased()
        guard !ext.isEmpty, ext.count <= 5, ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return "" }
        return ext
    }

    /// What the embed shows: a file type Obsidian embeds by its extension, else a note.
    public var embedKind: EmbedKind {
        let ext = fileExtension
        if Self.imageExtensions.contains(ext) { return .image }
        if Self.videoExtensions.contains(ext) { return .video }
        if Self.audioExtensions.contains(ext) { return .audio }
        if ext == "pdf" { return .pdf }
        if ext.isEmpty || ext == "md" || ext == "markdown" { return .note }
        return .otherFile
    }

    /// Whether the target names a file rather than a note.
    public var namesFile: Bool { embedKind != .note }

    /// The options after the first `|`: a trailing `300` or `300x200` is the size, the rest
    /// (if any) the alt text.
    public var embedOptions: (alt: String?, width: Int?, height: Int?) {
        guard let label, !label.isEmpty else { return (nil, nil, nil) }
        var parts = label.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
        var width: Int?, height: Int?
        if let last = parts.last, let size = Self.size(last) {
            (width, height) = size
            parts.removeLast()
        }
        let alt = parts.joined(separator: "|").trimmingSpaces()
        return (alt.isEmpty ? nil : alt, width, height)
    }

    /// `300` or `300x200` (positive, at most five digits each).
    static func size(_ text: String) -> (Int, Int?)? {
        let pieces = text.split(separator: "x", omittingEmptySubsequences: false)
        guard pieces.count == 1 || pieces.count == 2 else { return nil }
        var numbers: [Int] = []
        for piece in pieces {
            guard !piece.isEmpty, piece.count <= 5, piece.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(piece), n > 0 else { return nil }
            numbers.append(n)
        }
        return (numbers[0], numbers.count == 2 ? numbers[1] : nil)
    }
}
