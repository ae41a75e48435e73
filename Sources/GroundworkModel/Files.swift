import Foundation

/// A file read from the content folder.
public struct RawFile: Sendable {
    /// Path below the content folder, `/`-separated: `spectrum/rag.md`.
    public var relativePath: String
    /// The path as the user names it, for diagnostics: `content/spectrum/rag.md`.
    public var displayPath: String
    public var bytes: [UInt8]

    public init(relativePath: String, displayPath: String, bytes: [UInt8]) {
        self.relativePath = relativePath
        self.displayPath = displayPath
        self.bytes = bytes
    }
}

/// A non-Markdown file copied to the output as is.
public struct AssetFile: Sendable {
    public var relativePath: String
    public var displayPath: String
    public var url: URL

    package init(relativePath: String, displayPath: String, url: URL) {
        self.relativePath = relativePath
        self.displayPath = displayPath
        self.url = url
    }
}

/// A file of the built site.
public struct OutputFile: Sendable {
    /// Path below the output folder: `spectrum/rag/index.html`.
    public var path: String
    public var contents: Data
    /// The template that produced it (for the output link check's messages).
    public var template: String?

    public init(path: String, contents: Data, template: String?) {
        self.path = path
        self.contents = contents
        self.template = template
    }
}

