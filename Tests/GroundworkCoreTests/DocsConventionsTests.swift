import Foundation
import XCTest
@testable import GroundworkCore
import Markdown

/// Issue 17 items 2, 4, 5 and 7: the conventions of MkDocs and Docusaurus projects, each test
/// a small tree written here that reproduces a false alarm found on a real documentation tree
/// (Tests/RealWorld/README.md names the tree). Each asserts the exact diagnostics, so a false
/// error coming back fails it, and keeps one real broken link to show checking still happens.
final class DocsConventionsTests: XCTestCase {
    func lines(_ report: Report) -> [String] {
        report.diagnostics.map { "\($0.file):\($0.line): \($0.code.id) \($0.message)" }
    }

    // MARK: - MkDocs: heading ids as Python-Markdown's toc makes them

    /// squidfunk/mkdocs-material: `[x](#caret-mark-tilde)` for "Caret, Mark & Tilde" (GitHub's
    /// slug would be `caret-mark--tilde`), `#sub-and-superscripts`, a second "Usage" as `usage_1`.
    func testMkDocsDefaultSlugs() throws {
        let project = try TempSite([
            "mkdocs.yml": "site_name: Slugs\nmarkdown_extensions:\n  - toc:\n      permalink: true\n      toc_depth: 3\n",
            "docs/index.md": """
                # Home

                [a](formatting.md#caret-mark-tilde) [b](formatting.md#sub-and-superscripts)
                [c](formatting.md#usage) [d](formatting.md#usage_1) [e](formatting.md#cafe-deja-vu)
                [f](formatting.md#c-c-tips) [g](formatting.md#_1) [h](formatting.md#fn:note) [i](formatting.md#fnref:note)
                [broken](formatting.md#caret-mark--tilde)
                """,
            "docs/formatting.md": """
                # Formatting

                ## Caret, Mark & Tilde

                ## Sub- and superscripts

                ## Usage

                ## Usage

                ## Café déjà vu

                ## C++ / C# tips

                ## 日本語

                ## with pip <small>recommended</small>

                ## x_1

                ## x_1

                A claim.[^note]

                [^note]: The note.
                """,
        ], knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(lines(report), ["content/docs/index.md:6: link.anchor-missing no heading '#caret-mark--tilde' on formatting.md"])
        XCTAssertTrue(report.modeDescription.contains("mkdocs.yml, toc ids slugify"), report.modeDescription)
        let page = try Groundwork.analyze(project.options()).site.pages.first { $0.relativePath == "formatting.md" }!
        XCTAssertEqual(page.headings.map(\.id), ["caret-mark-tilde", "sub-and-superscripts", "usage", "usage_1", "cafe-deja-vu", "c-c-tips", "_1",
                                                     "with-pip-recommended", "x_1", "x_2"])
    }

    /// `slugify: !!python/name:pymdownx.slugs.uslugify` keeps letters of every script and
    /// makes each space a separator; `!!python/object/apply:pymdownx.slugs.slugify` with
    /// `case: none` keeps the case; `slugify_unicode` keeps letters and collapses runs.
    func testMkDocsSlugifySettings() throws {
        let cases: [(String, [String])] = [
            ("slugify: !!python/name:pymdownx.slugs.uslugify", ["café-déjà-vu", "caret-mark--tilde", "straße--ärger-20", "x", "x_1"]),
            ("slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: none",
             ["Café-déjà-vu", "Caret-Mark--Tilde", "Straße--Ärger-20", "x", "x_1"]),
            ("slugify: !!python/name:markdown.extensions.toc.slugify_unicode", ["café-déjà-vu", "caret-mark-tilde", "straße-ärger-20", "x", "x_1"]),
            ("separator: _", ["cafe_deja_vu", "caret_mark_tilde", "strae_arger_20", "x", "x_1"]),
        ]
        for (setting, expected) in cases {
            let project = try TempSite([
                "mkdocs.yml": "site_name: S\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      \(setting)\n",
                "docs/index.md": "# Home\n\n## Café déjà vu\n\n## Caret, Mark & Tilde\n\n## Straße & Ärger 2.0\n\n## x\n\n## x\n",
            ], knowledgeBase: false)
            defer { project.remove() }
            let site = try Groundwork.analyze(project.options()).site
            XCTAssertEqual(site.pages[0].headings.map(\.id), expected, setting)
        }
    }

    /// Without mkdocs.yml, ids stay GitHub's (`-1` for a duplicate).
    func testGitHubSlugsOutsideMkDocs() throws {
        let docs = try TempSite(["index.md": "# Home\n\n## Caret, Mark & Tilde\n\n## x\n\n## x\n"], knowledgeBase: false)
        defer { docs.remove() }
        let site = try Groundwork.analyze(docs.options()).site
        XCTAssertEqual(site.pages[0].headings.map(\.id), ["caret-mark--tilde", "x", "x-1"])
    }

    // MARK: - MkDocs: nav sections

    /// mkdocs/mkdocs, mkdocs-material: a nav section names and orders the folder its pages
    /// are in; the mode line names what was read.
    func testMkDocsNavSectionsNameFolders() throws {
        let project = try TempSite([
            "mkdocs.yml": """
                site_name: Sections
                nav:
                  - Home: index.md
                  - User Guide:
                    - Writing: user-guide/writing.md
                    - Themes:
                      - user-guide/themes/choosing.md
                  - About the project:
                    - about/license.md
                  - Plugin catalogue: plugins/
                markdown_extensions:
                  - admonition
                  - attr_list
                  - pymdownx.snippets
                  - pymdownx.caret
                """,
            "docs/index.md": "# Home\n",
            "docs/about/license.md": "# License\n",
            "docs/plugins/index.md": "# Plugins\n",
            "docs/plugins/a.md": "# A\n",
            "docs/user-guide/writing.md": "# Writing\n",
            "docs/user-guide/themes/choosing.md": "# Choosing\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        let site = try Groundwork.analyze(project.options()).site
        XCTAssertEqual(site.sections["user-guide"]?.title, "User Guide")
        XCTAssertEqual(site.sections["user-guide/themes"]?.title, "Themes")
        XCTAssertEqual(site.sections["about"]?.title, "About the project")
        XCTAssertEqual(site.sections["plugins"]?.title, "Plugin catalogue")  // a folder entry (`Title: folder/`)
        // The nav's order, not the alphabet.
        XCTAssertEqual(site.sections[""]?.subsections, ["user-guide", "about", "plugins"])
        let report = try project.check()
        XCTAssertEqual(report.modeDescription,
                       "docs (no site.yaml; mkdocs.yml, nav with sections, toc ids slugify, extensions admonition, attr_list, pymdownx.snippets, 1 other pymdownx)")
    }

    // MARK: - READMEs (GitHub)

    /// kubernetes/community: READMEs link `#Slack` to "## Slack" (GitHub finds the heading
    /// whatever the case) and write `[@handle]` in meeting notes (text, not a citation, in a
    /// folder without sources.yaml). The built link uses the heading's own id.
    func testReadmeConventions() throws {
        let docs = try TempSite([
            "README.md": "# Community\n\nAsk on [Slack](moderators.md#Slack) or [here](#Getting-Help).\nNotes by [@octocat].\n\n## Getting help\n\n[gone](moderators.md#nowhere)\n",
            "moderators.md": "# Moderators\n\n## Slack\n",
        ], knowledgeBase: false)
        defer { docs.remove() }
        let report = try docs.check()
        XCTAssertEqual(lines(report), ["content/README.md:8: link.anchor-missing no heading '#nowhere' on moderators.md"])
        var files = ["README.md": "# Community\n\nAsk on [Slack](moderators.md#Slack).\nNotes by [@octocat].\n", "moderators.md": "# Moderators\n\n## Slack\n"]
        let site = try TempSite(files, knowledgeBase: false)
        defer { site.remove() }
        let built = try Groundwork.build(site.options())
        XCTAssertTrue(built.wrote, "\(built.diagnostics.map(\.message))")
        let html = try String(contentsOf: site.output.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("moderators/#slack\""), html)
        XCTAssertTrue(html.contains("[@octocat]"), html)
        // In a knowledge base the same citation is still checked.
        files["site.yaml"] = ""
        let kb = try TempSite(files)
        defer { kb.remove() }
        // ... and a fragment must match the heading's id exactly (MkDocs and Docusaurus sites too).
        XCTAssertEqual(try kb.check().diagnostics.map(\.code.id), ["link.anchor-missing", "cite.unknown-key"])
    }

    // MARK: - Docusaurus

    static let docusaurus: [String: String] = [
        "docusaurus.config.js": """
            const BASE_URL = '/docs';
            module.exports = {
              title: 'Widget',
              baseUrl: `${BASE_URL}/`,
              presets: [['classic', { docs: { routeBasePath: '/', sidebarPath: require.resolve('./sidebars.js') } }]],
            };
            """,
        "static/img/logo.png": "",
        "static/img/guides/flow.png": "",
        "docs/index.md": """
            ---
            slug: /
            description: Start here
            ---
            # Widget

            Install it: [installation](/main/installation.md), [config](/docs/config),
            [the CLI](cli/), ![logo](/img/logo.png), [broken](/main/nowhere.md).
            """,
        "docs/main/installation.md": "---\nsidebar_position: 2\n---\n# Installation\n\n![flow](../../static/img/guides/flow.png)\n",
        "docs/main/reference/config.md": "---\ntitle: Configuration\nslug: /config\nsidebar_position: 1.5\n---\nText.\n",
        "docs/main/_category_.json": "{\"label\": \"Main guide\", \"position\": 1}",
        "docs/cli/_category_.yml": "label: Command line\nposition: 3\n",
        "docs/cli/index.md": "---\nid: cli-home\nslug: /cli\n---\n# CLI\n\nSee [run](/cli/commands/run.md) and [Store](main/reference/config.md).\n",
        "docs/cli/commands/run.md": """
            ---
            id: run
            sidebar_label: run
            slug: /run
            ---
            Runs it. Also [sync](./sync-assets) and [Store](main/reference/config.md#text).
            """,
        // One-line literal: a line of this file starting with `import` would read as an import.
        "docs/cli/commands/sync.mdx": "---\nsidebar_label: sync\nslug: /sync-assets\n---\nimport Tabs from '@theme/Tabs';\n"
            + "import TabItem from '@theme/TabItem';\n\n# Sync\n\n<Tabs>\n<TabItem value=\"a\">Copies web assets.</TabItem>\n</Tabs>\n",
        "docs/main/01-basics.md": "# Basics\n\nSee [the basics](/docs/main/basics) by its route, number prefix dropped.\n",
    ]

    /// ionic-team/capacitor-docs and reduxjs/redux: `--content` at the project root finds
    /// `docs/`; links by absolute file path, by route (`baseUrl` + `routeBasePath` + `slug`),
    /// relative to the route (`./sync`), from the docs root (`main/...md` anywhere), to
    /// `static/` (`/img/x.png`, `../../static/img/x.png`); `.mdx` read as Markdown with its
    /// import lines reported once.
    func testDocusaurusProject() throws {
        let project = try TempSite(Self.docusaurus, knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(lines(report), [
            "content/docs/cli/commands/run.md:6: link.anchor-missing no heading '#text' on main/reference/config.md",
            "content/docs/cli/commands/sync.mdx:5: page.mdx-code MDX import/export lines are not run; 2 lines left out of the page",
            // JSX components are not HTML: the allow-list unwraps them, keeping their text, and says so.
            "content/docs/cli/commands/sync.mdx:10: html.removed removed <tabs>: it is not in the allowed HTML; its content is kept",
            "content/docs/cli/commands/sync.mdx:11: html.removed removed <tabitem>: it is not in the allowed HTML; its content is kept",
            "content/docs/index.md:8: link.page-missing no page for link '/main/nowhere.md'",
        ])
        XCTAssertEqual(report.modeDescription,
                       "docs (no site.yaml; Docusaurus (content/docusaurus.config.js), routes /docs, _category_ files)")
        let site = try Groundwork.analyze(project.options()).site
        func page(_ path: String) -> Page { site.pages.first { $0.relativePath == path }! }
        XCTAssertEqual(site.pages.count, 7)
        XCTAssertEqual(site.config.title, "Widget")  // docusaurus.config.js's title, read as text
        XCTAssertEqual(page("main/reference/config.md").title, "Configuration")
        XCTAssertEqual(page("cli/commands/sync.mdx").title, "Sync")
        XCTAssertEqual(page("cli/commands/run.md").title, "run")  // sidebar_label when there is no title or heading
        XCTAssertEqual(page("index.md").frontMatter.summary, "Start here")
        XCTAssertEqual(site.sections["main"]?.title, "Main guide")
        XCTAssertEqual(site.sections["cli"]?.title, "Command line")  // the label wins over the index page's title
        XCTAssertEqual(site.sections[""]?.subsections, ["main", "cli"])  // _category_ positions order folders
        // The .mdx page keeps its text; only the import lines are gone.
        var text = ""
        InlineWalker.forEach(in: page("cli/commands/sync.mdx").document) { inline, _ in text += inline.plainText }
        XCTAssertFalse(text.contains("import"), text)
        // The JSX stays, as raw HTML (kept or reported as raw HTML is: html.removed above).
        XCTAssertTrue(page("cli/commands/sync.mdx").document.blocks.contains {
            if case .htmlBlock(let block) = $0 { return block.literal.contains("Copies web assets") }
            return false
        })
    }

    /// The same project with `--content` at its docs folder; and the docs at a repository's
    /// root with the site in `website/` (reduxjs/redux).
    func testDocusaurusDocsFolderAndWebsiteFolder() throws {
        let project = try TempSite(Self.docusaurus, knowledgeBase: false)
        defer { project.remove() }
        var options = project.options()
        options.content = project.content.appendingPathComponent("docs")
        options.contentDisplay = "content/docs"
        let report = try Groundwork.check(options)
        XCTAssertEqual(report.diagnostics.map(\.code.id), ["link.anchor-missing", "page.mdx-code", "html.removed", "html.removed", "link.page-missing"])

        var moved: [String: String] = [:]
        for (path, text) in Self.docusaurus {
            moved[path.hasPrefix("docs/") ? path : "website/" + path] = text.replacingOccurrences(of: "../../static/", with: "../../website/static/")
        }
        let redux = try TempSite(moved, knowledgeBase: false)
        defer { redux.remove() }
        options = redux.options()
        options.content = redux.content.appendingPathComponent("docs")
        options.contentDisplay = "content/docs"
        let reduxReport = try Groundwork.check(options)
        XCTAssertEqual(reduxReport.diagnostics.map(\.code.id), ["link.anchor-missing", "page.mdx-code", "html.removed", "html.removed", "link.page-missing"],
                       "\(reduxReport.diagnostics.map(\.message))")
        XCTAssertTrue(reduxReport.modeDescription.contains("Docusaurus (content/website/docusaurus.config.js)"), reduxReport.modeDescription)
    }

    /// A folder without index.md takes the doc its `_category_` links to, else the doc named
    /// like the folder, as its index page; a link to the folder finds it.
    func testDocusaurusCategoryIndexes() throws {
        let project = try TempSite([
            "docusaurus.config.ts": "export default { title: 'T', baseUrl: '/' };\n",
            "docs/intro.md": "# Intro\n\n[guides](guides/) [tools](tools/) [first](/docs/guides/overview)\n",
            "docs/guides/_category_.json": "{\"label\": \"Guides\", \"link\": {\"type\": \"doc\", \"id\": \"overview\"}}",
            "docs/guides/overview.md": "---\nid: overview\n---\n# Overview of the guides\n",
            "docs/guides/zebra.md": "# Zebra\n",
            "docs/tools/tools.md": "# All the tools\n",
            "docs/tools/hammer.md": "# Hammer\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(lines(report), [])
        let site = try Groundwork.analyze(project.options()).site
        XCTAssertEqual(site.sections["guides"].flatMap { $0.indexPage.map { site.pages[$0].relativePath } }, "guides/overview.md")
        XCTAssertEqual(site.sections["tools"].flatMap { $0.indexPage.map { site.pages[$0].relativePath } }, "tools/tools.md")
        XCTAssertEqual(site.sections["guides"]?.title, "Guides")
        XCTAssertEqual(site.sections["tools"]?.title, "All the tools")
    }

    /// A built Docusaurus project copies static/ to the site's root, so `/img/logo.png` works there.
    func testDocusaurusBuildCopiesStatic() throws {
        var files = Self.docusaurus
        files["docs/index.md"] = "---\nslug: /\n---\n# Widget\n\n![logo](/img/logo.png) [config](/docs/config)\n"
        files["docs/cli/commands/run.md"] = "# run\n"
        let project = try TempSite(files, knowledgeBase: false)
        defer { project.remove() }
        let report = try Groundwork.build(project.options())
        XCTAssertTrue(report.wrote, "\(report.diagnostics.map(\.message))")
        XCTAssertTrue(FileManager.default.fileExists(atPath: project.output.appendingPathComponent("img/logo.png").path))
    }
}
