import Foundation
import GroundworkCore

/// "Last updated" dates from git history: the day of the last commit that changed each file.
/// The CLI calls this and passes the result in (`Options.lastUpdated`); the rest of the pipeline
/// never runs git. When the content is not in a git repository, or git is missing or fails, the
/// answer is empty and pages show no date: never the build time, so a build stays deterministic
/// for a given commit. A shallow clone gets no dates either (its history is cut off).
public enum GitHistory {
    /// Content-relative path (`spectrum/rag.md`) → the committer date of its newest commit, from
    /// one `git log --name-only` pass over the content folder. Uncommitted files have no date.
    /// - Parameter environment: where `git` is looked for (`PATH`).
    public static func lastUpdated(content: URL, environment: [String: String]) -> [String: Day] {
        guard let git = locateGit(environment: environment), mayBeInRepository(content) else { return [:] }
        // A shallow clone (CI's default checkout) has lost the history: its oldest commit
        // seems to add every file, so every page would get that day. No dates instead.
        guard let shallow = run(git, ["-C", content.path, "rev-parse", "--is-shallow-repository"], environment: environment),
              shallow.trimmingCharacters(in: .whitespacesAndNewlines) == "false" else { return [:] }
        // --relative and `-- .`: paths relative to the content folder, only files below it.
        // core.quotePath=false: non-ASCII names as they are, not octal escapes.
        guard let log = run(git, ["-c", "core.quotePath=false", "-C", content.path, "log", "--format=@%cs",
                                  "--name-only", "--relative", "--no-renames", "--", "."], environment: environment) else { return [:] }
        return parse(log)
    }

    /// Whether git could find a repository for `folder`: a `.git` (folder, or file of a linked
    /// worktree) in it or above it, or a folder above that is itself a bare repository
    /// (`HEAD`, `objects/`, `refs/`), on the path as given or with its symbolic links resolved
    /// (git looks at the latter). When there is none, git would only fail: not starting it
    /// spares a process start at the beginning of every build of a folder outside git
    /// (issue 21, the load lap). `GIT_` variables are not handed to git (`run`), so its
    /// search is this one.
    static func mayBeInRepository(_ folder: URL) -> Bool {
        let fileManager = FileManager.default
        for start in [folder.standardizedFileURL.path, folder.resolvingSymlinksInPath().standardizedFileURL.path] {
            var path = start
            while true {
                let base = path.hasSuffix("/") ? path : path + "/"
                if fileManager.fileExists(atPath: base + ".git") { return true }
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: base + "HEAD"),
                   fileManager.fileExists(atPath: base + "objects", isDirectory: &isDirectory), isDirectory.boolValue,
                   fileManager.fileExists(atPath: base + "refs", isDirectory: &isDirectory), isDirectory.boolValue {
                    return true
                }
                let parent = parentPath(of: path)
                if parent.isEmpty || parent == path { break }
                path = parent
            }
        }
        return false
    }

    /// What git prints, or nil when it cannot run or fails (not a repository, say).
    static func run(_ git: URL, _ arguments: [String], environment: [String: String]) -> String? {
        let process = Process()
        process.executableURL = git
        process.arguments = arguments
        process.environment = environment.filter { !$0.key.hasPrefix("GIT_") }  // not a caller's GIT_DIR
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        // Read before waiting so a full pipe cannot block git.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads `git log --format=@%cs --name-only` output: an `@YYYY-MM-DD` line per commit,
    /// newest first, then the files it changed. A file's first mention is its newest change.
    package static func parse(_ log: String) -> [String: Day] {
        var days: [String: Day] = [:]
        var current: Day?
        for line in log.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("@") {
                current = Day(String(line.dropFirst()))
            } else if let day = current, !line.hasPrefix("\""), days[String(line)] == nil {
                // A quoted name (a control character in it) is skipped: it gets no date.
                days[String(line)] = day
            }
        }
        return days
    }

    static func locateGit(environment: [String: String]) -> URL? {
        for folder in (environment["PATH"] ?? "").split(separator: ":") where folder.hasPrefix("/") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("git")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
