import Foundation
import Templating
import TestSupport
import XCTest
@testable import GroundworkCLI

/// docs/templates.md documents every variable a template can use. This test builds the
/// repository's content (which uses every template) and an `init` site, records every context
/// the code hands to a template, and fails when a variable is undocumented or a documented one
/// no longer exists — so the document cannot drift from SiteRenderer and friends.
final class TemplateContextTests: XCTestCase {
    /// Every `key.path` (arrays as `items[].field`) seen in any context, per template.
    final class Recorder: @unchecked Sendable {
        let lock = NSLock()
        var paths: [String: Set<String>] = [:]

        func record(_ template: String, _ context: [String: Any]) {
            var found = Set<String>()
            Self.walk(context, prefix: "", into: &found)
            lock.lock()
            paths[template, default: []].formUnion(found)
            lock.unlock()
        }

        static func walk(_ value: Any, prefix: String, into found: inout Set<String>) {
            if let dictionary = value as? [String: Any] {
                for (key, child) in dictionary {
                    let path = prefix.isEmpty ? key : prefix + "." + key
                    found.insert(path)
                    walk(child, prefix: path, into: &found)
                }
            } else if let array = value as? [Any] {
                for element in array { walk(element, prefix: prefix + "[]", into: &found) }
            }
        }
    }

    /// The variables docs/templates.md lists: the first backticked name of each table row.
    static func documented() throws -> Set<String> {
        let text = try String(contentsOf: CLITestSupport.repository.appendingPathComponent("docs/templates.md"), encoding: .utf8)
        var names = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let rest = line.dropFirst(3)
            guard let end = rest.firstIndex(of: "`") else { continue }
            names.insert(String(rest[..<end]))
        }
        return names
    }

    /// The name a context path is documented under: the cards of `cards[]` have the fields
    /// of `card`, and every list of sources the fields of `source`.
    static func documentedName(_ path: String) -> String {
        var path = path
        if path.hasPrefix("cards[].") { path = "card." + path.dropFirst("cards[].".count) }
        for list in ["card.sources[].", "references[].", "sources[]."] where path.hasPrefix(list) {
            return "source." + path.dropFirst(list.count)
        }
        return path
    }

    func testEveryTemplateVariableIsDocumentedAndExists() throws {
        let recorder = Recorder()
        TemplateSet.contextObserver = { recorder.record($0, $1) }
        defer { TemplateSet.contextObserver = nil }
        let out = CLITestSupport.temporaryFolder("contexts")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = CLITestSupport.run(["build", "--content", "content", "--templates", "templates", "--out", out.path,
                                         "--search", "off"],
                                        in: CLITestSupport.repository, environment: ["SOURCE_DATE_EPOCH": "1796428800"])
        XCTAssertEqual(result.status, 0, result.out + result.err)
        // The repository's content has no `edit_url`, and a shallow clone (as CI may make) has
        // no history: a small committed site with an edit link gives those variables a context.
        try buildSiteWithHistory(into: out.appendingPathComponent("history"))
        // content/ has no other tool's nav: the mdBook fixture gives `nav_tree` a context.
        let book = CLITestSupport.run(["build", "--content", "Tests/browser/fixtures/mdbook-nav", "--templates", "templates",
                                       "--out", out.appendingPathComponent("book").path, "--search", "off"],
                                      in: CLITestSupport.repository, environment: ["SOURCE_DATE_EPOCH": "1796428800"])
        XCTAssertEqual(book.status, 0, book.out + book.err)

        let seen = Set(recorder.paths.values.reduce(into: Set<String>()) { $0.formUnion($1) }.map(Self.documentedName))
        XCTAssertFalse(seen.isEmpty, "no context recorded")
        let documented = try Self.documented()
        let undocumented = seen.subtracting(documented).sorted()
        let stale = documented.subtracting(seen).sorted()
        if ProcessInfo.processInfo.environment["GROUNDWORK_PRINT_CONTEXTS"] == "1" {
            for (template, paths) in recorder.paths.sorted(by: { $0.key < $1.key }) {
                print("== \(template)\n" + paths.sorted().joined(separator: "\n"))
            }
        }
        XCTAssertEqual(undocumented, [], "template variables missing from docs/templates.md")
        XCTAssertEqual(stale, [], "docs/templates.md lists variables no template context has")
    }

    /// Builds a two-page site that is its own git repository (one commit) and sets `edit_url`,
    /// so `page.last_updated`, `page.edit_href` and `page.has_history` reach a context.
    func buildSiteWithHistory(into out: URL) throws {
        let git = try requireTool("git", package: "git")
        let root = CLITestSupport.temporaryFolder("history-site")
        defer { try? FileManager.default.removeItem(at: root) }
        try CLITestSupport.write("title: History\nedit_url: https://example.com/edit/main/content/\n", to: "content/site.yaml", below: root)
        try CLITestSupport.write("# History\n\nSee [the page](page.md).\n", to: "content/_index.md", below: root)
        try CLITestSupport.write("# Page\n\nText.\n", to: "content/page.md", below: root)
        let identity = ["-c", "user.name=Groundwork Tests", "-c", "user.email=tests@example.com", "-c", "commit.gpgsign=false"]
        for arguments in [["init", "-q"], ["add", "content"], identity + ["commit", "-q", "-m", "pages"]] {
            _ = try output(of: git, ["-C", root.path] + arguments)
        }
        let result = CLITestSupport.run(["build", "--content", "content", "--templates", CLITestSupport.repository.appendingPathComponent("templates").path,
                                         "--out", out.path, "--search", "off"],
                                        in: root, environment: ["SOURCE_DATE_EPOCH": "1796428800",
                                                                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        XCTAssertEqual(result.status, 0, result.out + result.err)
        let page = try String(contentsOf: out.appendingPathComponent("page/index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("https://example.com/edit/main/content/page.md"), "the edit link is on the page")
    }
}
