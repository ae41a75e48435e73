import Foundation
import XCTest
@testable import GroundworkCore
import TestSupport

/// Issue 17: a Hugo site read as Hugo reads it. Each false alarm found on gohugoio/hugoDocs
/// (Tests/RealWorld/README.md) is reproduced in a small site written here, with one real
/// broken link or reference kept to show checking still happens.
final class HugoSiteTests: XCTestCase {
    func lines(_ report: Report) -> [String] {
        report.diagnostics.map { "\($0.file):\($0.line):\($0.column): \($0.code.id) \($0.message)" }
    }

    /// The project: hugo.toml beside content/, pages in `+++` TOML and `---` YAML front matter,
    /// leaf and branch bundles, ref/relref, site-absolute links, and shortcodes whose content
    /// is TOML (`[[menus.main]]` is no wiki link).
    static let site: [String: String] = [
        "hugo.toml": """
            title = "Hugo fixture"
            disableAliases = true
            [markup.goldmark.parser]
              autoHeadingIDType = "github"
            """,
        "content/_index.md": """
            +++
            title = "Home"
            weight = 1
            +++

            See [bundle](/guides/bundle/), [branch](/guides/), [page](/guides/install#get-started),
            [relative](guides/install/), {{< ref "guides/install.md" >}} and [r]({{< relref "/guides/install.md#get-started" >}}).
            [missing]({{< ref "guides/nope.md" >}}) and [also missing](/guides/nothing/).

            {{< code-toggle file=hugo >}}
            [[menus.main]]
            name = 'Home'
            {{< /code-toggle >}}

            Visit [the site](<{{% eturl hugo %}}>) or {{% eturl other %}}. Escaped: `{{</* figure src="x" */>}}`.
            """,
        "content/guides/_index.md": "---\ntitle: Guides\naliases: [/old-guides/]\n---\n\nThe guides.\n",
        "content/guides/install.md": """
            ---
            title: Install
            weight: 2
            ---

            ## Get started

            {{< highlight go >}}
            fmt.Println("[[not a link]]")
            {{< /highlight >}}

            {{< details summary="More" >}}
            Read [the bundle](/guides/bundle/).
            {{< /details >}}

            {{< figure src="/guides/bundle/pic.png" alt="A picture" caption="The **caption**" >}}

            ![Logo](/images/logo.png) {{< figure src="/img/a.png" alt="A" >}}
            """,
        "content/guides/bundle/index.md": "+++\ntitle = 'Bundle'\naliases = ['/guides/install/']\n+++\n\nA leaf bundle.\n",
        "content/guides/bundle/pic.png": "png",
        // Served at the site's root by Hugo (static/), or found there by its figure (assets/).
        "static/images/logo.png": "png",
        "assets/img/a.png": "png",
        // Hugo Pipes' input: its url() names where the bundle is published, not this folder.
        "assets/css/fonts.css": "@font-face { src: url(../fonts/Mulish.ttf); }\n",
    ]

    func testHugoProjectIsReadAsHugoReadsIt() throws {
        let project = try TempSite(Self.site, knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(report.modeDescription, "docs (no site.yaml; Hugo (hugo.toml), ids github, shortcodes, aliases disabled)")
        XCTAssertEqual(lines(report), [
            "content/content/_index.md:8:1: link.page-missing no page for link 'guides/nope.md'",
            "content/content/_index.md:8:45: link.page-missing no page for link '/guides/nothing/'",
            "content/content/_index.md:10:1: shortcode.unrendered shortcode 'code-toggle' is not run by Groundwork; shown as written",
            "content/content/_index.md:15:19: shortcode.unrendered shortcode 'eturl' is not run by Groundwork; shown as written (2 uses on this page)",
        ])
        // The first `eturl` is a link's destination: that link is not checked, and the note says so.
        XCTAssertEqual(report.diagnostics.last?.notes, ["a link whose destination is a shortcode is not checked"])
    }

    func testHugoSiteRendersShortcodesVisibly() throws {
        var files = Self.site
        // Without the two broken references, the site builds.
        files["content/_index.md"] = files["content/_index.md"]!
            .replacingOccurrences(of: "[missing]({{< ref \"guides/nope.md\" >}}) and [also missing](/guides/nothing/).", with: "")
        let project = try TempSite(files, knowledgeBase: false)
        defer { project.remove() }
        let report = try Groundwork.build(project.options())
        XCTAssertTrue(report.wrote, report.summaryLines.joined(separator: "\n"))
        let site = snapshot(project.output)
        XCTAssertNotNil(site["img/a.png"], "an image in assets/ is a file of the site")
        XCTAssertNil(site["css/fonts.css"], "a style sheet in assets/ is Hugo Pipes' input, not a file of the site")
        let home = GFMSpecTests.body(of: String(decoding: site["index.html"] ?? Data(), as: UTF8.self)) ?? ""
        // The call as code, its raw TOML as a code block, not a wiki link.
        XCTAssertTrue(home.contains("<code>{{&lt; code-toggle file=hugo &gt;}}</code>"), home)
        XCTAssertTrue(home.contains("<pre><code class=\"language-text\">[[menus.main]]\nname = &#39;Home&#39;\n</code></pre>"), home)
        // ref resolved to the page; a shortcode destination kept as written; escaped shown literally.
        XCTAssertTrue(home.contains("href=\"guides/install/\""), home)
        XCTAssertTrue(home.contains("<code>{{&lt; figure src=&quot;x&quot; &gt;}}</code>") || home.contains("<code>{{&lt; figure src=\"x\" &gt;}}</code>"), home)
        XCTAssertTrue(home.contains("<code>{{% eturl other %}}</code>"), home)
        // A link to a shortcode's output: kept, its destination as written (Hugo fills it in).
        XCTAssertTrue(home.contains("href=\"%7B%7B%%20eturl%20hugo%20%%7D%7D\">the site</a>"), home)
        let install = GFMSpecTests.body(of: String(decoding: site["guides/install/index.html"] ?? Data(), as: UTF8.self)) ?? ""
        XCTAssertTrue(install.contains("language-go"), install)
        XCTAssertTrue(install.contains("fmt.Println(&quot;[[not a link]]&quot;)") || install.contains("fmt.Println(\"[[not a link]]\")"), install)
        XCTAssertTrue(install.contains("<details>"), install)
        XCTAssertTrue(install.contains("<summary>More</summary>"), install)
        XCTAssertTrue(install.contains("<img"), install)
        XCTAssertTrue(install.contains("<strong>caption</strong>"), install)
    }

    /// hugoDocs mounts `content/en` as its content; `--content content/en` finds hugo.toml two
    /// folders up. A folder that is not a content folder of the project is not Hugo's.
    func testLanguageFolderFindsTheConfigurationAbove() throws {
        let project = try TempSite([
            "site/hugo.yaml": "title: Multi\nmodule:\n  mounts:\n    - source: content/en\n      target: content\n",
            "site/content/en/_index.md": "---\ntitle: Home\n---\n\n{{< new-in 0.1 >}} [Page](/page/)\n",
            "site/content/en/page.md": "---\ntitle: Page\n---\n\nText.\n",
            "site/other/notes.md": "# Notes\n\n{{< new-in 0.1 >}}\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        var options = project.options()
        options.content = project.content.appendingPathComponent("site/content/en")
        options.contentDisplay = "site/content/en"
        let report = try Groundwork.check(options)
        XCTAssertEqual(report.modeDescription, "docs (no site.yaml; Hugo (hugo.yaml), ids github, shortcodes)")
        XCTAssertEqual(lines(report), ["site/content/en/_index.md:5:1: shortcode.unrendered shortcode 'new-in' is not run by Groundwork; shown as written"])
        options.content = project.content.appendingPathComponent("site/other")
        options.contentDisplay = "site/other"
        let other = try Groundwork.check(options)
        XCTAssertEqual(other.modeDescription, "docs (no site.yaml)")
        XCTAssertEqual(lines(other), [])
    }

    /// `+++` front matter: the same fields as YAML, and its errors at the file's line.
    func testTOMLFrontMatterErrorsAtTheirLine() throws {
        let project = try TempSite([
            "a.md": "+++\ntitle = 'A'\ndraft = 'yes'\n+++\n\nText.\n",
            "b.md": "+++\ntitle = 'B'\nweight = = 3\n+++\n\nText.\n",
            "c.md": "+++\ntitle = 'C'\n\nText.\n",
            "d.md": "+++\ntitle = 'Dee'\ntags = ['x']\n+++\n\n[a](a.md)\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(lines(report).filter { !$0.contains("shortcode") }, [
            "content/a.md:3:1: page.front-matter 'draft' must be true or false",
            "content/b.md:3:10: page.front-matter front matter is not valid TOML: Error while parsing value: could not determine value type",
            "content/c.md:1:1: page.front-matter front matter is not closed",
        ])
        let site = try Groundwork.analyze(project.options()).site
        XCTAssertEqual(site.pages.first { $0.relativePath == "d.md" }?.title, "Dee")
        XCTAssertEqual(site.pages.first { $0.relativePath == "d.md" }?.frontMatter.tags, ["x"])
    }

    /// `config/_default/hugo.toml` is found too; a configuration that does not parse is
    /// `config.invalid` at its line, and the site is still read as Hugo's with the defaults.
    func testDefaultConfigFolderAndInvalidConfiguration() throws {
        let project = try TempSite([
            "config/_default/hugo.toml": "title = 'T'\nbaseURL = \n",
            "content/_index.md": "+++\ntitle = 'Home'\n+++\n\n{{< x >}}\n",
        ], knowledgeBase: false)
        defer { project.remove() }
        let report = try project.check()
        XCTAssertEqual(report.modeDescription, "docs (no site.yaml; Hugo (hugo.toml), ids github, shortcodes)")
        XCTAssertEqual(lines(report).map { $0.replacingOccurrences(of: #"config\.invalid .*"#, with: "config.invalid", options: .regularExpression) }, [
            "content/config/_default/hugo.toml:2:11: config.invalid",
            "content/content/_index.md:5:1: shortcode.unrendered shortcode 'x' is not run by Groundwork; shown as written",
        ])
    }

    /// A knowledge base reads only `---` front matter, as before: `+++` is text there, and
    /// shortcodes are text too.
    func testKnowledgeBaseKeepsItsFrontMatterAndText() throws {
        let project = try TempSite(["a.md": "+++\ntitle = 'A'\n+++\n\n# Page A\n\n{{< x >}}\n"])
        defer { project.remove() }
        let site = try Groundwork.analyze(project.options()).site
        XCTAssertNil(site.pages.first?.frontMatter.title)
        XCTAssertEqual(site.config.isHugo, false)
    }

    // MARK: - The scanner

    func scan(_ text: String) -> [String] {
        let (tags, unclosed) = HugoShortcodes.scan(Array(text))
        return tags.map { tag in
            var s = "\(tag.range.lowerBound)-\(tag.range.upperBound) "
            if tag.escaped { return s + "escaped" }
            s += (tag.percent ? "%" : "<") + (tag.isClosing ? "/" : "") + tag.name
            if tag.isSelfClosing { s += " self" }
            if !tag.positional.isEmpty { s += " " + tag.positional.joined(separator: "|") }
            for key in tag.named.keys.sorted() { s += " \(key)=\(tag.named[key]!)" }
            return s
        } + unclosed.map { "unclosed \($0.offset)" }
    }

    func testScannerFindsCallsAndTheirArguments() {
        XCTAssertEqual(scan("a {{< x 1 \"two words\" k=`v >}}` >}} b"), ["2-35 <x 1|two words k=v >}}"])
        XCTAssertEqual(scan("{{% n %}}t{{% /n %}}"), ["0-9 %n", "10-20 %/n"])
        XCTAssertEqual(scan("{{< img src=\"a\" />}}"), ["0-20 <img self src=a"])
        XCTAssertEqual(scan("{{</* x */>}} {{%/* y */%}}"), ["0-13 escaped", "14-27 escaped"])
        XCTAssertEqual(scan("{{< figure\n  src=\"a\"\n>}}"), ["0-24 <figure src=a"])
        XCTAssertEqual(scan("{{ .Title }} {x} {{"), [])
        XCTAssertEqual(scan("{{< x"), ["unclosed 0"])
        XCTAssertEqual(scan("{{</* x"), ["unclosed 0"])
        XCTAssertEqual(scan("{{< >}}"), ["unclosed 0"])
    }

    func testPairingNestsAndReportsStrays() {
        let (tags, _) = HugoShortcodes.scan(Array("{{< a >}}{{< a >}}{{< b >}}{{< /a >}}{{< /a >}}{{< /c >}}"))
        let (closing, stray) = HugoShortcodes.pairs(tags)
        // The inner `a` closes first; `b` (no closing tag) stands alone; `/c` closes nothing.
        XCTAssertEqual(closing, [1: 3, 0: 4])
        XCTAssertEqual(stray, [5])
    }

    func testExpansionMapsPositionsBack() throws {
        let body = "Line one\n{{< code-toggle >}}\n[[x]]\n{{< /code-toggle >}}\nA {{% y %}} and [l](p.md)\n{{< z"
        let (text, map, diagnostics) = try XCTUnwrap(HugoShortcodes.expand(body, file: "p.md"))
        XCTAssertEqual(text, "Line one\n`{{< code-toggle >}}`\n~~~text\n[[x]]\n~~~\n`{{< /code-toggle >}}`\nA `{{% y %}}` and [l](p.md)\n{{< z")
        // `[l]` is at column 15 of line 7 in the new text, column 13 of line 5 in the page.
        XCTAssertEqual(map.origin(line: 7, column: 15).map { "\($0.line):\($0.column)" }, "5:13")
        XCTAssertEqual(map.origin(line: 4, column: 1).map { "\($0.line):\($0.column)" }, "3:1")
        XCTAssertEqual(diagnostics.map { "\($0.line):\($0.column) \($0.message)" }, [
            "6:1 shortcode call is not closed with '>}}' or '%}}'; shown as written",
            "2:1 shortcode 'code-toggle' is not run by Groundwork; shown as written",
            "5:3 shortcode 'y' is not run by Groundwork; shown as written",
        ])
    }

    /// A call whose quoted argument spans lines (found by the random test below): the line
    /// breaks that `ref` writes from its path start new lines, each mapped to the call's line.
    func testInsertedTextWithLineBreaksMapsEveryLine() throws {
        let text = "\n{{<details*/>}}{{%\r\n\r\nref{{%\"/adetails a \n](~~~\r\n*/>}}[[x]]\"{{%/>}}\r\n\r\n%}}refhighlight=refhighlight{{<%}}"
        let (out, map, _) = try XCTUnwrap(HugoShortcodes.expand(text, file: "f.md"))
        let lineCount = out.split(separator: "\n", omittingEmptySubsequences: false).count
        XCTAssertEqual(map.lines.count, lineCount)
        for line in 1...lineCount {
            let origin = try XCTUnwrap(map.origin(line: line, column: 1), "line \(line) of \(out.debugDescription)")
            XCTAssertTrue((1...7).contains(origin.line))
        }
        // A ref path over two lines: both lines of the destination map to the call's line 2.
        let (two, twoMap, _) = try XCTUnwrap(HugoShortcodes.expand("x\n[a]({{< ref \"p\nq.md\" >}})", file: "g.md"))
        XCTAssertEqual(two.split(separator: "\n", omittingEmptySubsequences: false).count, 3)
        XCTAssertEqual(twoMap.lines.count, 3)
        XCTAssertEqual(twoMap.origin(line: 3, column: 1)?.line, 2)
    }

    /// Random text made of shortcode pieces: the expansion ends, and every line of the new
    /// text maps back to a line of the page.
    func testExpansionOfRandomPiecesEndsAndMapsEveryLine() {
        let pieces = ["{{<", "{{%", ">}}", "%}}", "/>}}", "{{</*", "*/>}}", " a ", "/a", "\"", "`", "\n", "[[x]]", "](", "details",
                      "highlight", " ", "~~~", "ref", "=", "\r\n"]
        // Seeded, so that a failure replays; 3,000 texts (300 unseeded ones found the call
        // below only now and then).
        var generator = SplitMix64(seed: 21)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 1...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            guard let (out, map, _) = HugoShortcodes.expand(text, file: "f.md") else { continue }
            let lineCount = out.split(separator: "\n", omittingEmptySubsequences: false).count
            XCTAssertEqual(map.lines.count, lineCount, text.debugDescription)
            let pageLines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count
            for line in 1...lineCount {
                guard let origin = map.origin(line: line, column: 1) else { XCTFail("line \(line) unmapped: \(text.debugDescription)"); continue }
                XCTAssertTrue((1...pageLines).contains(origin.line), text.debugDescription)
            }
        }
    }

    /// `autoDefinitionTermID = true` (hugoDocs sets it): definition-list terms get ids that
    /// links reach; without the setting the same link is a missing anchor.
    func testDefinitionTermIDsFollowTheConfiguration() throws {
        for setting in [true, false] {
            let project = try TempSite([
                "hugo.toml": "title = 'Terms'\n[markup.goldmark.parser]\n  autoDefinitionTermID = \(setting)\n",
                "content/_index.md": "---\ntitle: Home\n---\n\nSee [publishDir](/configuration/#publishdir) and [x](/configuration/#nope).\n",
                "content/configuration.md": "---\ntitle: Configuration\n---\n\npublishDir\n: Where the site is written.\n",
            ], knowledgeBase: false)
            defer { project.remove() }
            let report = try project.check()
            XCTAssertEqual(report.modeDescription.contains("definition term ids"), setting, report.modeDescription)
            let anchors = lines(report).filter { $0.contains("link.anchor-missing") }
            XCTAssertEqual(anchors.count, setting ? 1 : 2, anchors.joined(separator: "\n"))
            XCTAssertTrue(anchors.contains { $0.contains("#nope") }, anchors.joined(separator: "\n"))
        }
    }

    // MARK: Render hooks and shortcode-made anchors (hugoDocs' 780 false errors)

    /// A small Hugo site for the render-hook tests: a glossary-style link `(g)` the hook would
    /// turn into something, a real missing page, a missing image, a missing anchor on a page
    /// that resolves, and links that resolve.
    static let hookSite: [String: String] = [
        "hugo.toml": "title = 'Hooks'\n",
        "content/_index.md": """
            ---
            title: Home
            ---

            A [shortcode](g) and [a page that is not there](/guides/nothing/).
            [Install](/guides/install/) and [its start](/guides/install/#get-started) resolve.
            [A wrong anchor](/guides/install/#nope) on a page that resolves.

            ![Missing](/images/none.png) [ref]({{< ref "guides/gone.md" >}})
            """,
        "content/guides/install.md": "---\ntitle: Install\n---\n\n## Get started\n\nText.\n",
    ]

    func check(_ files: [String: String]) throws -> Report {
        let project = try TempSite(files, knowledgeBase: false)
        defer { project.remove() }
        return try project.check()
    }

    /// Without a hook, every link Groundwork cannot resolve is an error, as before.
    func testHugoSiteWithoutRenderHookKeepsErrors() throws {
        let report = try check(Self.hookSite)
        XCTAssertEqual(report.modeDescription, "docs (no site.yaml; Hugo (hugo.toml), ids github, shortcodes)")
        XCTAssertEqual(lines(report), [
            "content/content/_index.md:5:3: link.page-missing no page for link 'g'",
            "content/content/_index.md:5:22: link.page-missing no page for link '/guides/nothing/'",
            "content/content/_index.md:7:1: link.anchor-missing no heading '#nope' on guides/install.md",
            "content/content/_index.md:9:1: link.asset-missing no image file for '/images/none.png'",
            "content/content/_index.md:9:30: link.page-missing no page for link 'guides/gone.md'",
        ])
        XCTAssertTrue(report.diagnostics.allSatisfy { $0.severity == .error })
    }

    /// The site's link render hook decides what a link means: one Groundwork cannot find is a
    /// warning naming the hook, with what was looked for as a note; a missing anchor on a page
    /// that resolves stays an error, images (no image hook) keep theirs, and so does a `ref`
    /// (Hugo looks its page up itself).
    func testLinkRenderHookTurnsUnresolvedLinksIntoWarnings() throws {
        var files = Self.hookSite
        files["layouts/_markup/render-link.html"] = "<a href=\"{{ .Destination }}\">{{ .Text }}</a>\n"
        let report = try check(files)
        XCTAssertEqual(report.modeDescription, "docs (no site.yaml; Hugo (hugo.toml), ids github, shortcodes, link render hook)")
        XCTAssertEqual(lines(report), [
            "content/content/_index.md:5:3: link.render-hook the site's link render hook (layouts/_markup/render-link.html) decides what 'g' means; Groundwork cannot check it",
            "content/content/_index.md:5:22: link.render-hook the site's link render hook (layouts/_markup/render-link.html) decides what '/guides/nothing/' means; Groundwork cannot check it",
            "content/content/_index.md:7:1: link.anchor-missing no heading '#nope' on guides/install.md",
            "content/content/_index.md:9:1: link.asset-missing no image file for '/images/none.png'",
            "content/content/_index.md:9:30: link.page-missing no page for link 'guides/gone.md'",
        ])
        XCTAssertEqual(report.diagnostics.map(\.severity), [.warning, .warning, .error, .error, .error])
        XCTAssertEqual(report.diagnostics[0].notes.first, "no page for link 'g'")
    }

    /// A theme's hooks count (`theme` in the configuration), in the older `_default/_markup/`
    /// too; an image hook covers images only.
    func testThemeImageRenderHookCoversImagesOnly() throws {
        var files = Self.hookSite
        files["hugo.toml"] = "title = 'Hooks'\ntheme = 'docsy'\n"
        files["themes/docsy/layouts/_default/_markup/render-image.html"] = "<img src=\"{{ .Destination }}\">\n"
        // A theme not named in the configuration is not Hugo's.
        files["themes/other/layouts/_markup/render-link.html"] = "<a href=\"{{ .Destination }}\">{{ .Text }}</a>\n"
        let report = try check(files)
        XCTAssertEqual(report.modeDescription, "docs (no site.yaml; Hugo (hugo.toml), ids github, shortcodes, image render hook)")
        XCTAssertEqual(lines(report), [
            "content/content/_index.md:5:3: link.page-missing no page for link 'g'",
            "content/content/_index.md:5:22: link.page-missing no page for link '/guides/nothing/'",
            "content/content/_index.md:7:1: link.anchor-missing no heading '#nope' on guides/install.md",
            "content/content/_index.md:9:1: link.render-hook the site's image render hook (themes/docsy/layouts/_default/_markup/render-image.html) decides what '/images/none.png' means; Groundwork cannot check it",
            "content/content/_index.md:9:30: link.page-missing no page for link 'guides/gone.md'",
        ])
    }

    /// A missing anchor on a page with shortcodes Groundwork does not run (hugoDocs' `include`
    /// pulls headings in from `_common/`) is a warning; on a page without them, an error.
    func testAnchorOnPageWithUnrenderedShortcodesIsAWarning() throws {
        let report = try check([
            "hugo.toml": "title = 'Anchors'\n",
            "content/_index.md": "---\ntitle: Home\n---\n\n[A](with.md#options) [B](without.md#options) [C](with.md#intro)\n",
            "content/with.md": "---\ntitle: With\n---\n\n## Intro\n\n{{< include \"_common/options.md\" >}}\n",
            "content/without.md": "---\ntitle: Without\n---\n\n## Intro\n\n{{< ref \"with.md\" >}}\n",
        ])
        XCTAssertEqual(lines(report), [
            "content/content/_index.md:5:1: link.anchor-unrendered no heading '#options' on with.md, but its shortcodes are not run by Groundwork and may make it",
            "content/content/_index.md:5:22: link.anchor-missing no heading '#options' on without.md",
            "content/content/with.md:7:1: shortcode.unrendered shortcode 'include' is not run by Groundwork; shown as written",
        ])
        XCTAssertEqual(report.diagnostics.map(\.severity), [.warning, .error, .warning])
    }
}
