import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkSupport

/// Builds the Pagefind search index inside a site folder (the staged one, before the swap, so
/// the new site and its index appear together).
///
/// Pagefind comes from PyPI `pagefind-bin` (pinned in the Makefile, installed into `.venv`),
/// which ships the `pagefind` binary inside its Python package and installs no script. It is
/// looked for, in order: `GROUNDWORK_PAGEFIND` (a path to the binary), a `pagefind` executable
/// on `PATH`, the package's binary in a virtual environment whose `bin/` is on `PATH`, and the
/// `.venv` of the current folder.
public struct SearchIndexer: Sendable {
    /// `build --search`.
    public enum Mode: String, Sendable, CaseIterable {
        /// Index when Pagefind is found; otherwise build without search.
        case auto
        /// Index, and fail (exit status 2) when Pagefind is missing.
        case on
        /// No index, no search box.
        case off
    }

    /// The Pagefind version the Makefile installs.
    public static let pinnedVersion = "1.5.2"
    /// What to tell a user who has no Pagefind.
    public static let installHint = "run 'make pagefind' (installs pagefind-bin==\(pinnedVersion) into .venv and is part of 'make site'), "
        + "then build with .venv/bin on PATH; or set GROUNDWORK_PAGEFIND to the pagefind binary; or build with --search off"

    /// The Pagefind executable.
    public var executable: URL

    public init(executable: URL) {
        self.executable = executable
    }

    /// The indexer `mode` asks for: nil for `off`, and for `auto` without Pagefind.
    /// - Throws: `EnvironmentError` for `on` when Pagefind is not found.
    public static func resolve(_ mode: Mode, environment: [String: String],
                               currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> SearchIndexer? {
        switch mode {
        case .off:
            return nil
        case .auto:
            return locate(environment: environment, currentDirectory: currentDirectory).map(SearchIndexer.init)
        case .on:
            if let explicit = environment["GROUNDWORK_PAGEFIND"], !explicit.isEmpty, !isExecutable(URL(fileURLWithPath: explicit)) {
                throw EnvironmentError("--search on: GROUNDWORK_PAGEFIND is '\(explicit)', which is not an executable file; \(installHint)")
            }
            guard let found = locate(environment: environment, currentDirectory: currentDirectory) else {
                throw EnvironmentError("--search on: Pagefind was not found; \(installHint)")
            }
            return SearchIndexer(executable: found)
        }
    }

    /// Finds the Pagefind binary, or nil.
    public static func locate(environment: [String: String], currentDirectory: URL) -> URL? {
        if let explicit = environment["GROUNDWORK_PAGEFIND"], !explicit.isEmpty {
            let url = URL(fileURLWithPath: explicit, relativeTo: currentDirectory).standardizedFileURL
            return isExecutable(url) ? url : nil
        }
        let path = environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map { URL(fileURLWithPath: String($0), relativeTo: currentDirectory).standardizedFileURL }
        for folder in folders {
            let candidate = folder.appendingPathComponent("pagefind")
            if isExecutable(candidate) { return candidate }
        }
        // A virtual environment with pagefind-bin: <venv>/bin on PATH, or ./.venv.
        var environments = folders.filter { $0.lastPathComponent == "bin" }.map { $0.deletingLastPathComponent() }
        environments.append(currentDirectory.appendingPathComponent(".venv"))
        for venv in environments {
            if let binary = packagedBinary(in: venv) { return binary }
        }
        return nil
    }

    /// `<venv>/lib/python3.X/site-packages/pagefind_bin/pagefind`.
    package static func packagedBinary(in venv: URL) -> URL? {
        let lib = venv.appendingPathComponent("lib")
        guard let pythons = try? FileManager.default.contentsOfDirectory(atPath: lib.path) else { return nil }
        for python in pythons.sorted().reversed() where python.hasPrefix("python") {
            for name in ["pagefind_extended", "pagefind"] {
                let binary = lib.appendingPathComponent(python).appendingPathComponent("site-packages/pagefind_bin/" + name)
                if isExecutable(binary) { return binary }
            }
        }
        return nil
    }

    package static func isExecutable(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// Indexes the HTML in `site` (elements marked `data-pagefind-body`) and writes
    /// `site/pagefind/`. Throws `EnvironmentError` with Pagefind's output when it fails.
    public func index(site: URL) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--site", site.path, "--output-subdir", "pagefind", "--quiet"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EnvironmentError("cannot run Pagefind at '\(executable.path)': \(error.localizedDescription); \(Self.installHint)")
        }
        // Read before waiting so a full pipe cannot block Pagefind.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw EnvironmentError("Pagefind failed (status \(process.terminationStatus)) indexing the site"
                                   + (text.isEmpty ? "" : ":\n" + text))
        }
        guard FileManager.default.fileExists(atPath: site.appendingPathComponent("pagefind/pagefind-ui.js").path) else {
            throw EnvironmentError("Pagefind ran but wrote no 'pagefind/pagefind-ui.js' into the site")
        }
    }
}
