import Foundation
import Mustache

/// A compiled set of Mustache templates loaded from a folder.
///
/// This is the only module that imports the template engine: the rest of Groundwork hands
/// it plain dictionaries and gets HTML strings back. Templates are compiled once, at load.
public struct TemplateSet: Sendable {
    private let library: MustacheLibrary
    /// The same templates for the fast renderer; nil when one uses a feature it leaves to
    /// swift-mustache.
    private let fast: FastTemplates?
    /// Template names (paths below the folder without `.mustache`), sorted.
    public let names: [String]
    /// The folder the templates came from.
    public let directory: URL

    /// Loads and compiles every `*.mustache` file below `directory`.
    ///
    /// - Throws: `TemplateError` naming the file, line and column of a syntax error, or the
    ///   folder when it cannot be read.
    public init(directory: URL) throws {
        try self.init(directories: [directory])
    }

    /// Loads the templates of several folders, file by file: a template in an earlier folder
    /// replaces the one of the same name in a later folder (a site's `templates/` over the
    /// built-in theme, so that a site can change one partial).
    public init(directories: [URL]) throws {
        HTMLEscape.registeredInMustache
        let directory = directories.first ?? URL(fileURLWithPath: "templates")
        self.directory = directory
        let fileManager = FileManager.default
        var files: [String: URL] = [:]
        for folder in directories.reversed() {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw TemplateError(file: folder.path, line: nil, column: nil, message: "templates folder not found")
            }
            for path in (fileManager.subpaths(atPath: folder.path) ?? []) where path.hasSuffix(".mustache") {
                files[path] = folder.appendingPathComponent(path)
            }
        }
        var templates: [String: MustacheTemplate] = [:]
        for path in files.keys.sorted() {
            let url = files[path]!
            guard let data = fileManager.contents(atPath: url.path) else {
                throw TemplateError(file: url.path, line: nil, column: nil, message: "cannot read template")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(file: url.path, line: nil, column: nil, message: "template is not valid UTF-8")
            }
            do {
                // Escaped values go through `HTMLEscape` (see there): the pragma's line is
                // taken off the positions of errors again.
                templates[String(path.dropLast(".mustache".count))] = try MustacheTemplate(string: HTMLEscape.pragma + text)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(
                    file: url.path, line: error.context.lineNumber - 1, column: error.context.columnNumber,
                    message: "template syntax error: \(error.error)")
            }
        }
        library = MustacheLibrary(templates: templates)
        fast = FastTemplates(templates)
        names = templates.keys.sorted()
    }

    /// Tests: sees every template name and context rendered (from several threads at once), so
    /// docs/templates.md can be checked against the contexts the code really builds.
    nonisolated(unsafe) public static var contextObserver: (@Sendable (String, [String: Any]) -> Void)?

    /// Tests: render every page with both renderers and fail when they differ.
    nonisolated(unsafe) public static var verify = false
    /// Render with swift-mustache only (`GROUNDWORK_TEMPLATE_ENGINE=mustache`), to compare.
    static let referenceOnly = ProcessInfo.processInfo.environment["GROUNDWORK_TEMPLATE_ENGINE"] == "mustache"
    /// Whether the fast renderer is in use for this set (tests).
    public var usesFastRenderer: Bool { fast != nil && !Self.referenceOnly }

    /// True when a template of that name was loaded.
    public func contains(_ name: String) -> Bool { library.getTemplate(named: name) != nil }

    /// Renders a template with a context built of dictionaries, arrays, strings, numbers and
    /// booleans. `{{x}}` escapes HTML; `{{{x}}}` inserts pre-rendered HTML.
    /// - Parameter fragments: a cache of rendered pieces shared by the renders of one site
    ///   (the same output, computed once; see `TemplateFragments`).
    public func render(_ name: String, context: [String: Any], fragments: TemplateFragments? = nil) throws -> String {
        Self.contextObserver?(name, context)
        if let fast, !Self.referenceOnly, library.getTemplate(named: name) != nil {
            // A context the fast renderer does not handle throws `Unsupported`: swift-mustache renders it.
            if let output = try? fast.render(name, context: context, fragments: fragments) {
                if Self.verify {
                    let reference = library.render(context, withTemplate: name)
                    guard reference == output else {
                        throw TemplateError(file: directory.appendingPathComponent(name + ".mustache").path, line: nil, column: nil,
                                            message: "fast renderer differs from swift-mustache")
                    }
                }
                return output
            }
        }
        guard library.getTemplate(named: name) != nil, let output = library.render(context, withTemplate: name) else {
            throw TemplateError(file: directory.appendingPathComponent(name + ".mustache").path, line: nil, column: nil,
                                message: "missing template '\(name)'")
        }
        return output
    }
}

/// A template problem: an environment error (exit status 2), not a content diagnostic.
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}
