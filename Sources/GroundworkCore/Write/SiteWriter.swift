import CSystem
import Foundation

/// Stage 6: writes the site atomically. Everything goes into a fresh temporary folder beside
/// `--out`; only when all of it is written is it swapped into place, so a failed or killed
/// build leaves the previous site as it was.
public enum SiteWriter {
    /// Refuses an output folder whose replacement would destroy something: `/`, the content
    /// or templates folder, one of their parents, or a folder inside the content.
    public static func validate(output: URL, protecting protected: [URL]) throws {
        let out = canonical(output)
        if out == "/" { throw EnvironmentError("refusing to use '/' as the output folder") }
        if out == canonical(FileManager.default.homeDirectoryForCurrentUser) {
            throw EnvironmentError("refusing to use the home folder as the output folder")
        }
        for folder in protected {
            let path = canonical(folder)
            if path == out || path.hasPrefix(out + "/") {
                throw EnvironmentError("refusing to write the site to '\(output.path)': it is or contains '\(folder.path)'")
            }
            if out.hasPrefix(path + "/") {
                throw EnvironmentError("refusing to write the site to '\(output.path)': it is inside '\(folder.path)'")
            }
        }
    }

    static func canonical(_ url: URL) -> String {
        var path = url.standardizedFileURL.resolvingSymlinksInPath().path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Prefix of temporary and retired folders beside the output folder.
    static func scratchPrefix(for output: URL) -> String { "." + output.lastPathComponent + ".groundwork-" }

    /// Removes temporary folders a killed build left behind, and brings back a site whose
    /// swap was interrupted.
    public static func cleanLeftovers(besides output: URL) {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        let prefix = scratchPrefix(for: output)
        guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names.sorted() where name.hasPrefix(prefix) {
            let url = parent.appendingPathComponent(name)
            if name.hasPrefix(prefix + "old-"), !fm.fileExists(atPath: output.path) {
                // A fallback swap was killed between its two renames: restore the old site.
                try? fm.moveItem(at: url, to: output)
                continue
            }
            try? fm.removeItem(at: url)
        }
    }

    /// Writes `files` and copies assets into a new folder, runs `finish` on it (e.g. the
    /// search indexer), then swaps it into `output`.
    public static func write(files: [OutputFile], copies: [(from: URL, to: String)], to output: URL,
                             finish: (URL) throws -> Void = { _ in }) throws {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw EnvironmentError("cannot create '\(parent.path)': \(error.localizedDescription)")
        }
        cleanLeftovers(besides: output)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(scratchPrefix(for: output) + "tmp-" + token)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw EnvironmentError("cannot write beside '\(output.path)': \(error.localizedDescription)")
        }
        do {
            var made: Set<String> = []
            func ensureFolder(for relative: String) throws {
                let folder = (relative as NSString).deletingLastPathComponent
                guard !folder.isEmpty, made.insert(folder).inserted else { return }
                try fm.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            for file in files {
                try ensureFolder(for: file.path)
                try file.contents.write(to: staging.appendingPathComponent(file.path))
            }
            for copy in copies {
                try ensureFolder(for: copy.to)
                let destination = staging.appendingPathComponent(copy.to)
                if fm.fileExists(atPath: destination.path) { continue }  // a rendered file wins
                try fm.copyItem(at: copy.from, to: destination)
            }
            try finish(staging)
        } catch {
            try? fm.removeItem(at: staging)
            if let environment = error as? EnvironmentError { throw environment }
            throw EnvironmentError("cannot write the site: \(error.localizedDescription)")
        }
        try swap(staging, into: output)
    }

    /// Puts `staging` at `output`. With an existing output the two are exchanged atomically
    /// (renameat2), so there is no moment without a site; the old one is then deleted.
    static func swap(_ staging: URL, into output: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: output.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            try? fm.removeItem(at: staging)
            throw EnvironmentError("'\(output.path)' exists and is not a folder")
        }
        if !exists {
            do { try fm.moveItem(at: staging, to: output) } catch {
                try? fm.removeItem(at: staging)
                throw EnvironmentError("cannot create '\(output.path)': \(error.localizedDescription)")
            }
            return
        }
        if gw_exchange_paths(staging.path, output.path) == 0 {
            try? fm.removeItem(at: staging)  // now holds the previous site
            return
        }
        // No atomic exchange here: two renames; `cleanLeftovers` repairs an interruption.
        let retired = output.deletingLastPathComponent().appendingPathComponent(
            scratchPrefix(for: output) + "old-" + staging.lastPathComponent)
        do {
            try fm.moveItem(at: output, to: retired)
            try fm.moveItem(at: staging, to: output)
        } catch {
            if !fm.fileExists(atPath: output.path) { try? fm.moveItem(at: retired, to: output) }
            try? fm.removeItem(at: staging)
            throw EnvironmentError("cannot replace '\(output.path)': \(error.localizedDescription)")
        }
        try? fm.removeItem(at: retired)
    }
}
