import Foundation
import XCTest
@testable import GroundworkCLI

/// Issue 18, item 2: the theme compiled into the binary is `templates/` exactly; a site's
/// `templates/` overrides it file by file; `theme eject` writes it out.
final class BuiltinThemeTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = CLITestSupport.temporaryFolder("theme")
        try CLITestSupport.write("---\ntitle: Home\n---\nHello.\n", to: "content/_index.md", below: root)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
        root = nil
    }

    func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        CLITestSupport.run(arguments, in: root, environment: ["PATH": "/nonexistent"])
    }

    /// Fails when templates/ changed and `make theme` was not run (or the reverse).
    func testEmbeddedThemeMatchesTemplatesFolder() throws {
        let folder = CLITestSupport.templates
        let onDisk = (FileManager.default.subpaths(atPath: folder.path) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue && !path.split(separator: "/").contains { $0.hasPrefix(".") }
        }.sorted()
        let embedded = BuiltinTheme.files.map(\.path)
        let hint = "the built-in theme is out of date with templates/: run 'make theme' (scripts/embed-theme.sh) and commit the result"
        XCTAssertEqual(embedded, onDisk, hint)
        for file in BuiltinTheme.files {
            let bytes = try? Data(contentsOf: folder.appendingPathComponent(file.path))
            XCTAssertEqual(file.bytes, bytes, "\(file.path): \(hint)")
        }
    }

    func testBuildWithoutTemplatesFolderUsesTheBuiltInTheme() throws {
        let result = run(["build"])
        XCTAssertEqual(result.status, 0, result.out + result.err)
        let js = try Data(contentsOf: root.appendingPathComponent("_site/assets/site.js"))
        XCTAssertEqual(js, BuiltinTheme.files.first { $0.path == "assets/site.js" }?.bytes)
        // The temporary copy of the theme is gone afterwards.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("groundwork-theme-\(ProcessInfo.processInfo.processIdentifier)-") }
        XCTAssertEqual(leftovers, [])
    }

    func testTemplatesFolderOverridesOneFileAndKeepsTheRest() throws {
        // One partial and one asset changed; everything else comes from the built-in theme.
        try CLITestSupport.write("<footer class=\"custom-footer\">Our footer</footer>\n", to: "templates/partials/page-footer.mustache", below: root)
        try CLITestSupport.write("body { color: rebeccapurple; }\n", to: "templates/assets/style.css", below: root)
        let result = run(["build"])
        XCTAssertEqual(result.status, 0, result.out + result.err)
        let home = try String(contentsOf: root.appendingPathComponent("_site/index.html"), encoding: .utf8)
        XCTAssertTrue(home.contains("custom-footer"), "the site's partial is used")
        XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("_site/assets/style.css"), encoding: .utf8),
                       "body { color: rebeccapurple; }\n")
        XCTAssertEqual(try Data(contentsOf: root.appendingPathComponent("_site/assets/site.js")),
                       BuiltinTheme.files.first { $0.path == "assets/site.js" }?.bytes, "assets it does not override are built-in")
    }

    func testEjectHasItsOwnHelp() {
        let help = run(["theme", "eject", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.out.contains("USAGE: groundwork theme eject"), help.out)
        XCTAssertTrue(help.out.contains("--force"), help.out)
    }

    func testMissingExplicitTemplatesFolderIsAnEnvironmentError() {
        let result = run(["build", "--templates", "nowhere"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.err.contains("templates folder 'nowhere' not found"), result.err)
    }

    func testEjectWritesTheThemeAndKeepsExistingFiles() throws {
        let ejected = run(["theme", "eject"])
        XCTAssertEqual(ejected.status, 0, ejected.err)
        for file in BuiltinTheme.files {
            XCTAssertEqual(try Data(contentsOf: root.appendingPathComponent("templates").appendingPathComponent(file.path)), file.bytes)
        }
        try CLITestSupport.write("changed\n", to: "templates/assets/site.js", below: root)
        let again = run(["theme", "eject"])
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.err.hasPrefix("wrote 0 files"), again.err)
        XCTAssertTrue(again.err.contains("kept \(BuiltinTheme.files.count) files that already existed"), again.err)
        XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("templates/assets/site.js"), encoding: .utf8), "changed\n")
        XCTAssertEqual(run(["theme", "eject", "--force"]).status, 0)
        XCTAssertNotEqual(try String(contentsOf: root.appendingPathComponent("templates/assets/site.js"), encoding: .utf8), "changed\n")
        // An ejected theme builds the same site as the built-in one.
        XCTAssertEqual(run(["build", "--out", "ejected"]).status, 0)
        try FileManager.default.removeItem(at: root.appendingPathComponent("templates"))
        XCTAssertEqual(run(["build", "--out", "builtin"]).status, 0)
        for page in ["index.html", "404.html", "assets/style.css"] {
            XCTAssertEqual(try Data(contentsOf: root.appendingPathComponent("ejected/" + page)),
                           try Data(contentsOf: root.appendingPathComponent("builtin/" + page)), page)
        }
    }
}
