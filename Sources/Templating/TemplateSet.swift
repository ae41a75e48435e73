import Foundation
import Mustache
import Synchronization

/// A compiled set of Mustache templates loaded from a folder.
///
/// This is the only module that imports the template engine: the rest of Groundwork hands
/// it typed contexts (`TemplateObject`) or plain dictionaries and gets HTML strings back.
/// Templates are compiled once, at load.
///
/// Each template is parsed by Groundwork's own parser (`TemplateParser`), whose tree
/// `TemplateRenderer` renders — at a fraction of swift-mustache's cost (BENCHMARKS.md).
/// swift-mustache defines the language and reports syntax errors (with its messages and
/// positions): it parses a template only when ours rejects it (ours rejects every template
/// swift-mustache rejects, and a few more: `TemplateEquivalenceTests`), or when its renderer is
/// used. swift-mustache stays the reference: `.swiftMustache` renders with it alone, `.compared`
/// with both, failing on any difference (tests).
public struct TemplateSet: Sendable {
    /// Which renderer turns templates into HTML.
    public enum Engine: Sendable {
        /// Groundwork's renderer (the default).
        case groundwork
        /// swift-mustache alone: the reference.
        case swiftMustache
        /// Both; a difference is a `TemplateError` (tests).
        case compared
    }

    /// swift-mustache's templates: only for `.swiftMustache` and `.compared` (nil for
    /// `.groundwork`, which never renders with them).
    private let library: MustacheLibrary?
    let renderer: TemplateRenderer
    /// The renderer in use.
    public let engine: Engine
    /// Template names (paths below the folder without `.mustache`), sorted.
    public let names: [String]
    /// The folder the templates came from.
    public let directory: URL

    /// Loads and compiles every `*.mustache` file below `directory`.
    ///
    /// - Throws: `TemplateError` naming the file, line and column of a syntax error, or of a
    ///   feature Groundwork's renderer does not support (pragmas, dynamic partials), or the
    ///   folder when it cannot be read.
    public init(directory: URL, engine: Engine = .groundwork) throws {
        try self.init(directories: [directory], engine: engine)
    }

    /// Loads the templates of several folders, file by file: a template in an earlier folder
    /// replaces the one of the same name in a later folder (a site's `templates/` over the
    /// built-in theme, so that a site can change one partial).
    public init(directories: [URL], engine: Engine = .groundwork) throws {
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
        var sources: [(name: String, file: String, text: String)] = []
        for path in files.keys.sorted() {
            let url = files[path]!
            guard let data = fileManager.contents(atPath: url.path) else {
                throw TemplateError(file: url.path, line: nil, column: nil, message: "cannot read template")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(file: url.path, line: nil, column: nil, message: "template is not valid UTF-8")
            }
            sources.append((String(path.dropLast(".mustache".count)), url.path, text))
        }
        try self.init(sources: sources, directory: directories.first ?? URL(fileURLWithPath: "templates"), engine: engine)
    }

    /// Compiles templates given as text (`file` names each in errors); tests.
    init(sources: [(name: String, file: String, text: String)], directory: URL, engine: Engine) throws {
        self.directory = directory
        self.engine = engine
        var templates: [String: MustacheTemplate] = [:]
        var parsed: [String: ParsedTemplate] = [:]
        for (name, file, text) in sources {
            do {
                parsed[name] = try TemplateParser.parse(text)
            } catch let error as TemplateParser.Failure {
                // swift-mustache's message and position when it rejects the template too;
                // when it accepts it, a feature Groundwork's parser leaves out.
                _ = try Self.parseWithSwiftMustache(text, file: file)
                throw TemplateError(file: file, line: error.line, column: error.column, message: error.message)
            }
            // swift-mustache's parse cost more than twice ours (issue 21: ~64 M instructions a build, serial
            // at its start): made only where its renderer is used.
            if engine != .groundwork { templates[name] = try Self.parseWithSwiftMustache(text, file: file) }
        }
        library = engine == .groundwork ? nil : MustacheLibrary(templates: templates)
        renderer = TemplateRenderer(templates: parsed)
        names = parsed.keys.sorted()
    }

    /// `text` parsed by swift-mustache; its syntax error as a `TemplateError`.
    static func parseWithSwiftMustache(_ text: String, file: String) throws -> MustacheTemplate {
        HTMLEscape.registeredInMustache
        do {
            // Escaped values go through `HTMLEscape` (see there): the pragma's line is
            // taken off the positions of errors again.
            return try MustacheTemplate(string: HTMLEscape.pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            throw TemplateError(
                file: file, line: error.context.lineNumber - 1, column: error.context.columnNumber,
                message: "template syntax error: \(error.error)")
        }
    }

    /// True when a template of that name was loaded.
    public func contains(_ name: String) -> Bool { renderer.templates[name] != nil }

    /// Tests: sees every template name and context rendered (from several threads at once), so
    /// docs/templates.md can be checked against the contexts the code really builds. Off (nil)
    /// outside tests; while off, a render pays one atomic load for it.
    public static var contextObserver: (@Sendable (String, [String: Any]) -> Void)? {
        get { observer.withLock { $0 } }
        set {
            observer.withLock { $0 = newValue }
            observing.store(newValue != nil, ordering: .releasing)
        }
    }
    private static let observer = Mutex<(@Sendable (String, [String: Any]) -> Void)?>(nil)
    private static let observing = Atomic<Bool>(false)

    /// Renders a template with a context built of dictionaries (`[String: Any]`,
    /// `[String: String]`), arrays of them, `[Any]`, `[String]`, `[Int]`, strings, `Int`,
    /// `Double` and `Bool` (and `TemplateValue`s). `{{x}}` escapes HTML; `{{{x}}}` inserts
    /// pre-rendered HTML. The context is made typed first (`TemplateObject.init(any:)`): pages
    /// rendered often build a `TemplateObject` and call `render(_:object:splices:)`.
    ///
    /// - Throws: `TemplateError` for a missing template, or a value Groundwork's renderer
    ///   does not render (another type, an unsupported transform), or — `.compared` — when
    ///   the two renderers differ.
    public func render(_ name: String, context: [String: Any]) throws -> String {
        var splices: [Splice]?
        if engine == .swiftMustache {
            // The reference renders the very values it was given, not their typed form.
            try checkExists(name)
            observe(name, Self.plain(context) as! [String: Any])
            return library!.render(Self.plain(context), withTemplate: name) ?? ""
        }
        return try render(name, object: TemplateObject(any: context), splices: &splices)
    }

    /// `render(_:context:)`, and where kept `ReusableList` renderings went into the output
    /// (appended to `splices`; none when swift-mustache renders).
    public func render(_ name: String, context: [String: Any], splices: inout [Splice]) throws -> String {
        if engine == .swiftMustache { return try render(name, context: context) }
        return try render(name, object: TemplateObject(any: context), splices: &splices)
    }

    /// Renders a template with a typed context; see `render(_:context:)`.
    public func render(_ name: String, object: TemplateObject) throws -> String {
        var splices: [Splice]?
        return try render(name, object: object, splices: &splices)
    }

    /// `render(_:object:)`, and where kept `ReusableList` renderings went into the output
    /// (appended to `splices`; none when swift-mustache renders).
    public func render(_ name: String, object: TemplateObject, splices: inout [Splice]) throws -> String {
        var recorded: [Splice]? = []
        let output = try render(name, object: object, splices: &recorded)
        splices += recorded ?? []
        return output
    }

    /// Throws when there is no template `name`.
    private func checkExists(_ name: String) throws {
        guard contains(name) else {
            throw TemplateError(file: file(name), line: nil, column: nil, message: "missing template '\(name)'")
        }
    }

    /// The template's file, named only in an error: not made (a URL and its path) for every page rendered.
    private func file(_ name: String) -> String { directory.appendingPathComponent(name + ".mustache").path }

    /// Hands the context to the tests' observer, when there is one.
    private func observe(_ name: String, _ context: @autoclosure () -> [String: Any]) {
        if Self.observing.load(ordering: .acquiring), let observe = Self.contextObserver { observe(name, context()) }
    }

    /// `render(_:object:splices:)` as the page's UTF-8 bytes, not made a `String`: what `build`
    /// writes and scans (issue 21: validating and copying every page into a `String`, and the
    /// `String` appends of rendering, were a large part of the templates' cost).
    /// - Parameter capacity: bytes to reserve for the output (the page's size, about: the body's
    ///   bytes plus the rest of the page).
    public func renderBytes(_ name: String, object: TemplateObject, splices: inout [Splice], capacity: Int = 48 * 1024) throws -> [UInt8] {
        // Room for a page's splices (the open nav section lists one per kept entry): grown
        // one by one they were copied several times per page (perftmpl3).
        var recorded: [Splice]? = []
        recorded!.reserveCapacity(256)
        let output = try renderBytes(name, object: object, splices: &recorded, capacity: capacity)
        // Handed over, not appended, when the caller's list is empty (a page's always is):
        // an append copied every splice, retaining its fragment.
        if splices.isEmpty { splices = recorded ?? [] } else { splices += recorded ?? [] }
        return output
    }

    private func render(_ name: String, object: TemplateObject, splices: inout [Splice]?) throws -> String {
        String(decoding: try renderBytes(name, object: object, splices: &splices), as: UTF8.self)
    }

    /// Every render goes through here; `splices` nil: not recorded (set to nil when
    /// swift-mustache renders).
    private func renderBytes(_ name: String, object: TemplateObject, splices: inout [Splice]?, capacity: Int = 48 * 1024) throws -> [UInt8] {
        observe(name, object.plain)
        try checkExists(name)
        if engine == .swiftMustache {
            splices = nil
            return Array((library!.render(object.plain, withTemplate: name) ?? "").utf8)
        }
        let output: [UInt8]
        do {
            output = try renderer.renderBytes(name, context: object, splices: &splices, capacity: capacity) ?? []
        } catch let error as TemplateRenderer.RenderError {
            throw TemplateError(file: file(name), line: nil, column: nil, message: "cannot render: \(error.message)")
        }
        if engine == .compared, library!.render(object.plain, withTemplate: name) != String(decoding: output, as: UTF8.self) {
            throw TemplateError(file: file(name), line: nil, column: nil, message: "Groundwork's renderer differs from swift-mustache")
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
