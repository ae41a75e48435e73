import ArgumentParser
import Foundation
import GroundworkCore

/// `check --only PATH`: turns the paths a user types into the names diagnostics carry
/// (`content/spectrum/rag.md`), before the core sees them.
///
/// A path may be relative to the current folder (`content/spectrum/rag.md`, what a shell
/// completes and `git diff --name-only` prints), relative to the content folder
/// (`spectrum/rag.md`, how pages link), or absolute. One that names no file inside the
/// content folder is a usage error: reporting "0 errors" for a file that was never looked at
/// would let a CI run pass falsely.
enum OnlyPaths {
    /// - Parameters:
    ///   - content: the content folder (absolute).
    ///   - contentDisplay: how diagnostics name it (`content`, as typed in `--content`).
    /// - Throws: `ValidationError` naming the first path that is not a content file.
    static func resolve(_ paths: [String], content: URL, contentDisplay: String, currentDirectory: URL) throws -> [String] {
        let root = canonical(content)
        return try paths.map { path in
            var candidates: [URL] = []
            if path.hasPrefix("/") {
                candidates = [URL(fileURLWithPath: path)]
            } else {
                candidates = [URL(fileURLWithPath: path, relativeTo: currentDirectory), content.appendingPathComponent(path)]
            }
            var sawFolder = false
            for candidate in candidates {
                let url = canonical(candidate)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
                guard let relative = relativePath(of: url, in: root) else { continue }
                if isDirectory.boolValue { sawFolder = true; continue }
                return contentDisplay + "/" + relative
            }
            if sawFolder {
                throw ValidationError("--only '\(path)' is a folder: name the files to report")
            }
            throw ValidationError("--only '\(path)' names no file in the content folder '\(contentDisplay)' "
                + "(looked for it relative to the current folder and to '\(contentDisplay)')")
        }
    }

    /// The absolute path with `.`/`..` and symbolic links resolved, so a link into the content
    /// folder and the folder itself compare equal.
    static func canonical(_ url: URL) -> URL {
        url.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// `url`'s path below `root`, or nil when it is not inside it.
    static func relativePath(of url: URL, in root: URL) -> String? {
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        guard url.path.hasPrefix(base), url.path.count > base.count else { return nil }
        return String(url.path.dropFirst(base.count))
    }
}
