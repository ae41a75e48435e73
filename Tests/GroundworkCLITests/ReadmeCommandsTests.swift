import Foundation
import XCTest

/// Every command in README.md's fenced `sh` blocks runs, in a temporary copy of the
/// repository's content, with the built `groundwork` on `PATH` — so the README cannot
/// promise a command that does not work.
///
/// Not run: the `make site` / `make test` block, which installs Debian and PyPI packages over the
/// network and builds a release binary (CI runs those targets themselves). `groundwork serve`
/// runs until interrupted, so it is started on a free port and stopped after 3 seconds.
final class ReadmeCommandsTests: XCTestCase {
    /// Commands whose documented outcome is not exit status 0.
    static let expectedStatus: [String: Int32] = [
        // The example finds real problems in the MkDocs-style fixture.
        "groundwork check --content Tests/GroundworkCoreTests/Fixtures/byo/mkdocs/docs": 1,
    ]

    /// The `sh` blocks of README.md: (line of the opening fence, lines).
    static func shellBlocks() throws -> [(line: Int, commands: [String])] {
        let text = try String(contentsOf: CLITestSupport.repository.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [(Int, [String])] = []
        var current: (Int, [String])?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line.hasPrefix("```sh") { current = (index + 1, []); continue }
            if var block = current {
                if line.hasPrefix("```") { blocks.append(block); current = nil; continue }
                block.1.append(String(line))
                current = block
            }
        }
        return blocks
    }

    func testEveryReadmeShellCommandRuns() throws {
        let binary = try BinarySupport.requireBinary()
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("gw-readme-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bin = scratch.appendingPathComponent("bin")
        let work = scratch.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: work.appendingPathComponent("Tests/GroundworkCoreTests/Fixtures"),
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: binary, to: bin.appendingPathComponent("groundwork"))
        let repository = CLITestSupport.repository
        for path in ["content", "templates", "Tests/GroundworkCoreTests/Fixtures/byo"] {
            try FileManager.default.copyItem(at: repository.appendingPathComponent(path), to: work.appendingPathComponent(path))
        }
        let hasChromium = ["chromium", "chromium-browser"].contains { name in
            ["/usr/bin", "/bin", "/usr/local/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        }

        let blocks = try Self.shellBlocks()
        XCTAssertGreaterThanOrEqual(blocks.count, 4, "README.md has its sh blocks")
        var ran = 0
        for (line, commands) in blocks {
            if commands.contains(where: { $0.hasPrefix("make ") }) { continue }  // network and a release build: see above
            // Each block in a fresh copy, as a reader would run it from the repository root.
            let folder = scratch.appendingPathComponent("block-\(line)")
            try FileManager.default.copyItem(at: work, to: folder)
            var script = ""
            for command in commands {
                let code = command.split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard !code.isEmpty else { continue }
                var run = code
                var expected = Self.expectedStatus[code] ?? 0
                if code.hasPrefix("groundwork serve") {
                    run = "timeout 3 \(code) --port 0"
                    expected = 124  // still serving when timeout stopped it
                }
                if code.hasPrefix("groundwork cards") && !hasChromium {
                    continue  // needs Chromium (make test installs it); CardsCommandTests covers cards
                }
                ran += 1
                let quoted = code.replacingOccurrences(of: "'", with: "'\\''")
                script += "\(run)\ns=$?; if [ $s -ne \(expected) ]; then echo 'README.md:\(line): \(quoted) exited '$s' (expected \(expected))'; exit 99; fi\n"
            }
            let result = try BinarySupport.shell(script, in: folder, environment: [
                "PATH": bin.path + ":/usr/bin:/bin", "HOME": scratch.path, "TMPDIR": scratch.path,
                "SOURCE_DATE_EPOCH": "1796428800",
            ])
            XCTAssertEqual(result.status, 0, "README.md block at line \(line):\n\(result.output)")
        }
        XCTAssertGreaterThanOrEqual(ran, 6, "commands run")
    }
}
