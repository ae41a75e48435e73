import Foundation
import XCTest
@testable import GroundworkCore

/// A build killed with SIGKILL while it writes leaves the previous site byte-identical, and
/// the next build cleans up what it left.
final class CrashSafetyTests: XCTestCase {
    /// The `groundwork` executable built beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("groundwork")
    }

    func testSigkillMidWriteLeavesThePreviousSite() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.executable.path), "groundwork not built at \(Self.executable.path)")
        var files = ["_index.md": "---\ntitle: Home\n---\nHome.\n"]
        for section in 0..<30 {
            files["s\(section)/_index.md"] = "---\ntitle: Section \(section)\n---\n"
            for n in 0..<100 {
                files["s\(section)/page-\(n).md"] = "---\ntitle: Page \(n)\n---\n" + String(repeating: "Some text for page \(n).\n\n", count: 40)
            }
        }
        let site = try TempSite(files)
        defer { site.remove() }
        let first = try Groundwork.build(site.options())
        XCTAssertTrue(first.wrote)
        var before = snapshot(site.output)
        try site.write("_index.md", "---\ntitle: Home changed\n---\nHome.\n")

        var killedMidWrite = false
        for _ in 0..<5 where !killedMidWrite {
            let process = Process()
            process.executableURL = Self.executable
            process.arguments = ["build", "--content", site.content.path, "--templates", TempSite.repositoryTemplates.path,
                                 "--out", site.output.path, "--search", "off"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait until the staging folder holds files, then kill without warning.
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning, Date() < deadline {
                let staging = (try? FileManager.default.contentsOfDirectory(atPath: site.root.path))?
                    .first { $0.hasPrefix("._site.groundwork-tmp-") }
                if let staging, (FileManager.default.subpaths(atPath: site.root.appendingPathComponent(staging).path)?.count ?? 0) > 50 {
                    kill(process.processIdentifier, SIGKILL)
                    killedMidWrite = true
                    break
                }
                usleep(500)
            }
            process.waitUntilExit()
            if killedMidWrite {
                let after = snapshot(site.output)
                let changed = Set(after.keys).symmetricDifference(before.keys).count + after.filter { before[$0.key] != $0.value }.count
                XCTAssertEqual(changed, 0, "\(changed) files of the previous site changed")
            } else {
                // It finished before we caught it: put the old site back and try again.
                try site.write("_index.md", "---\ntitle: Home\n---\nHome.\n")
                _ = try Groundwork.build(site.options())
                before = snapshot(site.output)
                try site.write("_index.md", "---\ntitle: Home changed\n---\nHome.\n")
            }
        }
        XCTAssertTrue(killedMidWrite, "never caught the build while it was writing")
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix("._site.groundwork-") }.isEmpty,
                       "the killed build should have left its staging folder")

        // The next run cleans the leftovers and writes the new site.
        let next = try Groundwork.build(site.options())
        XCTAssertTrue(next.wrote)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix("._site.groundwork-") }, [])
        XCTAssertTrue(try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8).contains("Home changed"))
    }
}
