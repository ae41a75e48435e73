import CSystem
import Foundation
import GroundworkDiagnostics
import GroundworkModel
import GroundworkSupport
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

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

    package static func canonical(_ url: URL) -> String {
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
        // Only the few names with the prefix are made and sorted: the output often sits in a
        // crowded folder (/tmp: 7,400 entries, where making and sorting every name as a
        // Foundation String was 37.7 M instructions, more than the site's folders cost).
        guard let names = directoryNames(in: parent.path, startingWith: prefix)?.sorted() else { return }
        for name in names {
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
        let staging = try Staging(output: output)
        do {
            try writeConcurrently(files, into: staging.folder)
        } catch {
            staging.discard()
            throw error
        }
        try staging.publish(copies: copies, finish: finish)
    }

    /// A new folder beside the output that a build writes into (from several threads at
    /// once), then either publishes — copies, `finish`, atomic swap — or discards.
    public final class Staging: Sendable {
        public let folder: URL
        let output: URL

        public init(output: URL) throws {
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
            self.folder = staging
            self.output = output
        }

        /// Writes one file (any thread); an error message, or nil.
        public func write(_ file: OutputFile) -> String? {
            SiteWriter.writeFile(file.contents, to: folder.path + "/" + file.path)
        }

        /// Makes the folders that files at `paths` (relative to the folder) go into, before
        /// they are written: each folder once, parents before their children, each depth on
        /// every core. Without it, each page's first `open` failed (`ENOENT`), then its folder
        /// was made and the `open` repeated: 10,000 failed path lookups at 10,000 pages (one
        /// folder per page). A folder that cannot be made is left to `write`, which tries
        /// again and reports the error with the file's path.
        public func makeFolders(for paths: [String]) {
            SiteWriter.makeFolders(for: paths, in: folder.path)
        }

        /// Removes the folder: nothing is published.
        public func discard() {
            try? FileManager.default.removeItem(at: folder)
        }

        /// Copies the assets (a written file wins over an asset at the same path), runs
        /// `finish` on the folder, then swaps it into the output folder.
        public func publish(copies: [(from: URL, to: String)], finish: (URL) throws -> Void) throws {
            let fm = FileManager.default
            let staging = folder
            do {
                var made: Set<String> = []
                func ensureFolder(for relative: String) throws {
                    let folder = parentPath(of: relative)
                    guard !folder.isEmpty, made.insert(folder).inserted else { return }
                    try fm.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
                }
                for copy in copies {
                    try ensureFolder(for: copy.to)
                    let destination = staging.appendingPathComponent(copy.to)
                    if fm.fileExists(atPath: destination.path) { continue }  // a rendered file wins
                    try fm.copyItem(at: copy.from, to: destination)
                }
                try finish(staging)
            } catch {
                discard()
                if let environment = error as? EnvironmentError { throw environment }
                throw EnvironmentError("cannot write the site: \(error.localizedDescription)")
            }
            try SiteWriter.swap(staging, into: output)
        }
    }

    /// Writes the files into `folder` on every core, with one `open`/`write`/`close` each
    /// and folders made as needed: `Data.write` wrote them one at a time and `fsync`ed each,
    /// which was a third of a 10,000-page build. (Crash safety comes from the staging folder
    /// and the atomic swap, not from `fsync`: a killed build never publishes.) A path given
    /// twice is written once, with its last contents, as the serial loop left it.
    package static func writeConcurrently(_ files: [OutputFile], into folder: URL) throws {
        var last: [String: Int] = [:]
        for (index, file) in files.enumerated() { last[file.path] = index }
        let unique = files.indices.filter { last[files[$0].path] == $0 }
        let root = folder.path
        let failures = parallelMap(unique) { index -> String? in
            writeFile(files[index].contents, to: root + "/" + files[index].path)
        }
        if let failure = failures.lazy.compactMap({ $0 }).first {
            throw EnvironmentError("cannot write the site: \(failure)")
        }
    }

    /// Writes one file, making its folder when missing; an error message, or nil.
    package static func writeFile(_ data: Data, to path: String) -> String? {
        data.withUnsafeBytes { writeFile($0, to: path) }
    }

    /// Writes one file from its bytes.
    public static func writeFile(_ raw: UnsafeRawBufferPointer, to path: String) -> String? {
        var fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        if fd < 0, errno == ENOENT {
            makeFolders(parentPath(of: path))
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        }
        guard fd >= 0 else { return "\(path): \(String(cString: strerror(errno)))" }
        var failure: String?
        if let base = raw.baseAddress {
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "\(path): \(String(cString: strerror(errno)))"
                    break
                }
                offset += written
            }
        }
        if close(fd) != 0, failure == nil { failure = "\(path): \(String(cString: strerror(errno)))" }
        return failure
    }

    /// Makes the parent folders of `paths` below `root` (see `Staging.makeFolders(for:)`);
    /// returns the folders, by depth, for tests.
    @discardableResult
    package static func makeFolders(for paths: [String], in root: String) -> [[String]] {
        var folders: Set<String> = []
        for path in paths {
            var folder = parentPath(of: path)
            // Climb until a folder already collected: its parents are collected too.
            while !folder.isEmpty, folder != "/", folders.insert(folder).inserted { folder = parentPath(of: folder) }
        }
        var byDepth: [[String]] = []
        for folder in folders {
            let depth = folder.utf8.reduce(0) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
            while byDepth.count <= depth { byDepth.append([]) }
            byDepth[depth].append(folder)
        }
        for depth in byDepth.indices {
            byDepth[depth].sort()
            // A folder's parent is one level up, made by the previous pass.
            _ = parallelMap(byDepth[depth]) { folder in mkdir(root + "/" + folder, 0o777) }
        }
        return byDepth
    }

    /// `mkdir -p`, tolerating another thread making the same folder.
    static func makeFolders(_ path: String) {
        if path.isEmpty || mkdir(path, 0o777) == 0 || errno == EEXIST { return }
        if errno == ENOENT {
            makeFolders(parentPath(of: path))
            _ = mkdir(path, 0o777)
        }
    }

    /// Puts `staging` at `output`. With an existing output the two are exchanged atomically
    /// (renameat2), so there is no moment without a site; the old one is then deleted.
    package static func swap(_ staging: URL, into output: URL) throws {
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
