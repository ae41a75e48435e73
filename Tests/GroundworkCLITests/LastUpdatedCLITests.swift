import Foundation
import XCTest
@testable import GroundworkCLI
import GroundworkCore
import TestSupport

/// `build` shows "last updated" from git history when the content is in a git repository
/// (`--last-updated git`, the default), and nothing otherwise or with `--last-updated off`.
final class LastUpdatedCLITests: XCTestCase {
    func testGitLogIsReadNewestFirst() {
        let log = "@2026-05-02\n\nb.md\n@2026-05-01\n\na.md\nb.md\n\"q\\tx.md\"\n"
        XCTAssertEqual(GitHistory.parse(log), ["b.md": Day(year: 2026, month: 5, day: 2), "a.md": Day(year: 2026, month: 5, day: 1)])
    }

    func testNoGitMeansNoDates() throws {
        let root = CLITestSupport.temporaryFolder("no-git")
        defer { try? FileManager.default.removeItem(at: root) }
        try CLITestSupport.write("# Home\n", to: "content/_index.md", below: root)
        XCTAssertEqual(GitHistory.lastUpdated(content: root.appendingPathComponent("content"), environment: ["PATH": ""]), [:])
    }

    /// Outside any repository git is not started at all (it would only fail); with a `.git`
    /// in the folder or above it, it is. A stand-in `git` on the PATH records each start.
    func testGitIsStartedOnlyWhereARepositoryCanBe() throws {
        let root = CLITestSupport.temporaryFolder("git-precheck")
        defer { try? FileManager.default.removeItem(at: root) }
        try CLITestSupport.write("# Home\n", to: "site/content/_index.md", below: root)
        let bin = root.appendingPathComponent("bin"), marker = root.appendingPathComponent("started")
        try CLITestSupport.write("#!/bin/sh\necho \"$@\" >> '\(marker.path)'\nexit 1\n", to: "bin/git", below: root)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("git").path)
        let content = root.appendingPathComponent("site/content")
        XCTAssertFalse(GitHistory.mayBeInRepository(content), "the temporary folder is in no repository")
        XCTAssertEqual(GitHistory.lastUpdated(content: content, environment: ["PATH": bin.path]), [:])
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path), "git was started outside any repository")

        for (name, makeIt) in [(".git folder above", { try FileManager.default.createDirectory(at: root.appendingPathComponent("site/.git"), withIntermediateDirectories: true) }),
                               (".git file (worktree) in the folder", { try CLITestSupport.write("gitdir: /x\n", to: "site/content/.git", below: root) })] {
            try? FileManager.default.removeItem(at: root.appendingPathComponent("site/.git"))
            try? FileManager.default.removeItem(at: content.appendingPathComponent(".git"))
            try? FileManager.default.removeItem(at: marker)
            try makeIt()
            XCTAssertTrue(GitHistory.mayBeInRepository(content), name)
            XCTAssertEqual(GitHistory.lastUpdated(content: content, environment: ["PATH": bin.path]), [:], name)
            XCTAssertTrue(FileManager.default.fileExists(atPath: marker.path), "\(name): git was not started")
        }
        // A bare repository above: git would find it too.
        try? FileManager.default.removeItem(at: content.appendingPathComponent(".git"))
        try CLITestSupport.write("ref: refs/heads/main\n", to: "site/HEAD", below: root)
        XCTAssertFalse(GitHistory.mayBeInRepository(content), "HEAD alone is no repository")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("site/objects"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("site/refs"), withIntermediateDirectories: true)
        XCTAssertTrue(GitHistory.mayBeInRepository(content))
    }

    /// Runs git in `folder` with fixed dates and identity, so commits are reproducible.
    func git(_ arguments: [String], in folder: URL, date: String = "2026-03-04T12:00:00Z") throws {
        let git = try requireTool("git", package: "git")
        let process = Process()
        process.executableURL = git
        process.arguments = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = folder
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": folder.path,
                               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(arguments)")
    }

    func makeSite() throws -> URL {
        let root = CLITestSupport.temporaryFolder("lastupdated")
        try CLITestSupport.write("---\ntitle: Home\n---\nSee [a](a.md) and [b](b.md).\n", to: "content/_index.md", below: root)
        try CLITestSupport.write("---\ntitle: A\n---\nText.\n", to: "content/a.md", below: root)
        try CLITestSupport.write("---\ntitle: B\n---\nNew.\n", to: "content/b.md", below: root)
        return root
    }

    func lastUpdated(_ root: URL, _ page: String) throws -> String? {
        let html = try String(contentsOf: root.appendingPathComponent("_site/\(page)"), encoding: .utf8)
        guard let range = html.range(of: "Last updated <time datetime=\"") else { return nil }
        return String(html[range.upperBound...].prefix(10))
    }

    func testDatesComeFromEachFilesLastCommit() throws {
        let root = try makeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        // b.md is not committed yet: it has no date.
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/b.md"))
        try git(["init", "-q"], in: root)
        try git(["add", "."], in: root, date: "2026-03-04T12:00:00Z")
        try git(["commit", "-q", "-m", "first"], in: root, date: "2026-03-04T12:00:00Z")
        try CLITestSupport.write("---\ntitle: A\n---\nChanged.\n", to: "content/a.md", below: root)
        try git(["commit", "-q", "-am", "second"], in: root, date: "2026-05-06T12:00:00Z")
        // A page not yet committed has no date.
        try CLITestSupport.write("---\ntitle: B\n---\nNew.\n", to: "content/b.md", below: root)
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let run = CLITestSupport.run(["build", "--templates", CLITestSupport.templates.path, "--search", "off"], in: root, environment: environment)
        XCTAssertEqual(run.status, 0, run.out + run.err)
        XCTAssertEqual(try lastUpdated(root, "index.html"), "2026-03-04")
        XCTAssertEqual(try lastUpdated(root, "a/index.html"), "2026-05-06")
        XCTAssertNil(try lastUpdated(root, "b/index.html"))

        let off = CLITestSupport.run(["build", "--templates", CLITestSupport.templates.path, "--search", "off", "--last-updated", "off"],
                                     in: root, environment: environment)
        XCTAssertEqual(off.status, 0, off.out + off.err)
        XCTAssertNil(try lastUpdated(root, "a/index.html"))
    }

    func testAShallowCloneHasNoDates() throws {
        let root = try makeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("content/b.md"))
        try CLITestSupport.write("---\ntitle: Home\n---\nSee [a](a.md).\n", to: "content/_index.md", below: root)
        try git(["init", "-q"], in: root)
        try git(["add", "."], in: root)
        try git(["commit", "-q", "-m", "first"], in: root, date: "2026-03-04T12:00:00Z")
        try CLITestSupport.write("---\ntitle: A\n---\nChanged.\n", to: "content/a.md", below: root)
        try git(["commit", "-q", "-am", "second"], in: root, date: "2026-05-06T12:00:00Z")
        let clone = root.appendingPathComponent("clone")
        try git(["clone", "-q", "--depth", "1", "file://" + root.path, clone.path], in: root)
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        // The full history dates the home page by the first commit; the clone cannot, so no page gets a date.
        XCTAssertEqual(GitHistory.lastUpdated(content: root.appendingPathComponent("content"), environment: environment)["_index.md"],
                       Day(year: 2026, month: 3, day: 4))
        XCTAssertEqual(GitHistory.lastUpdated(content: clone.appendingPathComponent("content"), environment: environment), [:])
    }

    func testOutsideGitThereAreNoDates() throws {
        let root = try makeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try requireTool("git", package: "git")
        // The temporary folder is in no repository: git fails, and pages show no date.
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let run = CLITestSupport.run(["build", "--templates", CLITestSupport.templates.path, "--search", "off"], in: root, environment: environment)
        XCTAssertEqual(run.status, 0, run.out + run.err)
        XCTAssertNil(try lastUpdated(root, "a/index.html"))
    }
}
