import ArgumentParser
import Foundation
import GroundworkCore

/// The theme compiled into the binary: `templates/` as it was when `make theme` last ran
/// (scripts/embed-theme.sh writes BuiltinThemeFiles.generated.swift).
///
/// Why generated Swift and not SwiftPM resources: on Linux, `Bundle.module` is a folder
/// installed next to the executable, so a binary copied alone onto the PATH would lose its
/// theme. Embedded bytes travel with the binary.
enum BuiltinTheme {
    /// Path below the theme folder → bytes.
    static let files: [(path: String, bytes: Data)] = BuiltinThemeFiles.files.map { file in
        (file.path, Data(base64Encoded: file.base64) ?? Data())
    }

    /// Writes every file of the theme below `folder`, creating folders on the way.
    /// - Parameters:
    ///   - overwrite: replace files that exist; otherwise leave them and report them.
    ///   - durable: write as `Data.write` does (it `fsync`s each file: the writer's own copy,
    ///     `theme eject`); false for the scratch copy every `build` makes and deletes, which
    ///     needs no flush to the disk (20 `fsync`s at the start of every build).
    /// - Returns: the paths written and the paths left alone.
    @discardableResult
    static func write(to folder: URL, overwrite: Bool, durable: Bool = true) throws -> (written: [String], kept: [String]) {
        var written: [String] = []
        var kept: [String] = []
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            if !overwrite && FileManager.default.fileExists(atPath: url.path) { kept.append(file.path); continue }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if durable {
                try file.bytes.write(to: url)
            } else if let failure = SiteWriter.writeFile(file.bytes, to: url.path) {
                throw EnvironmentError("cannot write the built-in theme: \(failure)")
            }
            written.append(file.path)
        }
        return (written, kept)
    }

    /// A copy of the theme in a new temporary folder, for the pipeline, which reads templates
    /// and copies assets from files. The caller removes it (`Theme.cleanUp`).
    static func materialize() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("groundwork-theme-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try write(to: folder, overwrite: true, durable: false)
        return folder
    }
}

/// How `build`, `serve` and `cards` choose their templates.
///
/// - `--templates DIR` given: DIR, falling back on the built-in theme file by file; a
///   missing DIR is an environment error (exit status 2).
/// - not given, `./templates` exists: the same with `./templates`.
/// - not given, no `./templates`: the built-in theme alone.
struct ThemeSelection {
    /// The folder to hand the pipeline as `Options.templates`.
    var templates: URL
    /// `Options.templateFallbacks`.
    var fallbacks: [URL]
    /// A temporary copy of the built-in theme to remove when the command ends.
    var temporary: URL?
    /// How to name the templates in messages: the folder, or "the built-in theme".
    var display: String

    static let defaultFolder = "templates"
    static let builtinDisplay = "the built-in theme"

    static func select(_ option: String?, currentDirectory: URL) throws -> ThemeSelection {
        let builtin = try BuiltinTheme.materialize()
        let path = option ?? defaultFolder
        let url = URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        if exists {
            return ThemeSelection(templates: url, fallbacks: [builtin], temporary: builtin, display: path)
        }
        if option != nil {
            try? FileManager.default.removeItem(at: builtin)
            throw EnvironmentError("templates folder '\(path)' not found (without --templates, the built-in theme is used; "
                + "'groundwork theme eject' writes it out to customise)")
        }
        return ThemeSelection(templates: builtin, fallbacks: [], temporary: builtin, display: builtinDisplay)
    }

    func apply(to options: inout Options) {
        options.templates = templates
        options.templateFallbacks = fallbacks
    }

    func cleanUp() {
        if let temporary { try? FileManager.default.removeItem(at: temporary) }
    }
}

/// `groundwork theme eject [DIR]`: the built-in theme as files, to customise.
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "Work with the built-in theme.",
        subcommands: [ThemeEjectCommand.self])
}

struct ThemeEjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eject",
        abstract: "Write the built-in theme's templates and assets to a folder (default: templates) to customise.",
        discussion: """
            build, serve and cards use ./templates when it exists, file by file over the built-in
            theme: keep only the files you change, and the rest follow new versions of groundwork.
            """)
    @Argument(help: "The folder to write.") var folder = ThemeSelection.defaultFolder
    @Flag(help: "Overwrite files that already exist.") var force = false

    func execute(environment: [String: String], console: Console) throws -> Int32 {
        let url = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        let (written, kept) = try BuiltinTheme.write(to: url, overwrite: force)
        console.err("wrote \(plural(written.count, "file")) of the built-in theme to \(folder)\n")
        if !kept.isEmpty {
            console.err("kept \(plural(kept.count, "file")) that already existed (--force overwrites them): "
                + kept.joined(separator: ", ") + "\n")
        }
        return ExitStatus.clean
    }
}
