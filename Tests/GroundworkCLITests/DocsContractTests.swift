import Foundation
import XCTest
@testable import GroundworkCLI

/// The contract lives in the repository (issue 18, item 3): README.md, CONTRIBUTING.md and
/// docs/ link only to files that exist here, and docs/cli.md names every command and option.
final class DocsContractTests: XCTestCase {
    func testRelativeLinksNameFilesInTheRepository() throws {
        let repository = CLITestSupport.repository
        let documents = ["README.md", "CONTRIBUTING.md", "docs/cli.md", "docs/content-format.md", "docs/templates.md", "docs/diagnostics.md"]
        let link = try NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        var checked = 0
        for document in documents {
            // Links in code (examples of content links, command lines) are not links.
            var prose = ""
            // A fence closes only with at least as many backticks as opened it (CommonMark), so
            // an example that holds a fenced block of its own stays code.
            var fence = 0
            for line in try String(contentsOf: repository.appendingPathComponent(document), encoding: .utf8).split(separator: "\n") {
                let ticks = line.prefix(while: { $0 == "`" }).count
                if ticks >= 3 {
                    if fence == 0 { fence = ticks; continue }
                    if ticks >= fence && line.dropFirst(ticks).allSatisfy({ $0 == " " }) { fence = 0; continue }
                }
                if fence == 0 { prose += line.replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression) + "\n" }
            }
            let text = prose
            let folder = URL(fileURLWithPath: document).deletingLastPathComponent().relativePath
            for match in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                var target = String(text[Range(match.range(at: 1), in: text)!])
                if target.contains("://") || target.hasPrefix("mailto:") || target.hasPrefix("#") { continue }
                if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
                let resolved = URL(fileURLWithPath: folder == "." ? target : folder + "/" + target,
                                   relativeTo: repository).standardizedFileURL
                XCTAssertTrue(resolved.path.hasPrefix(repository.path + "/"), "\(document) links outside the repository: \(target)")
                checked += 1
                XCTAssertTrue(FileManager.default.fileExists(atPath: resolved.path), "\(document) links to missing \(target)")
            }
        }
        XCTAssertGreaterThan(checked, 10)
    }

    func testCLIDocumentNamesEveryCommandAndOption() throws {
        let text = try String(contentsOf: CLITestSupport.repository.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let commands = GroundworkCommand.configuration.subcommands + ThemeCommand.configuration.subcommands
        for command in commands {
            let name = command.configuration.commandName ?? ""
            XCTAssertNotNil(text.range(of: #"groundwork\s+(theme\s+)?"# + name + #"\b"#, options: .regularExpression),
                            "docs/cli.md does not mention '\(name)'")
            let help = GroundworkCommand.helpMessage(for: command)
            let options = try NSRegularExpression(pattern: #"--[a-z][a-z-]*"#)
            for match in options.matches(in: help, range: NSRange(help.startIndex..., in: help)) {
                let option = String(help[Range(match.range, in: help)!])
                if option == "--help" { continue }
                XCTAssertTrue(text.contains(option), "docs/cli.md does not mention \(option) of '\(name)'")
            }
        }
    }
}
