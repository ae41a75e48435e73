import ArgumentParser
import Foundation
import GroundworkCore

/// `groundwork init [DIR]`: a small knowledge base that passes `check --strict` and builds at
/// once, for a writer to replace piece by piece. The starter files are in `StarterSite`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a knowledge base: site.yaml, sources.yaml, a home page, a section, a battle card, .gitignore and a CI workflow.")
    @Argument(help: "The folder to create (default: the current folder).") var folder = "."
    @Flag(help: "Write into a folder that is not empty (files with the same names are replaced).") var force = false

    func execute(environment: [String: String], console: Console) throws -> Int32 {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = URL(fileURLWithPath: folder, relativeTo: cwd).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw EnvironmentError("'\(folder)' is a file, not a folder") }
            // A fresh `git init` (or an editor's dot-files) leaves the folder empty for our purposes.
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }
            if !entries.isEmpty && !force {
                throw EnvironmentError("'\(folder)' is not empty; choose a new folder, or pass --force to write the starter files into it")
            }
        }
        let today = Day.today(environment: environment)
        for (path, text) in StarterSite.files(today: today) {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        var next = ""
        if folder != "." { next += "  cd \(folder.contains(" ") ? "'\(folder)'" : folder)\n" }
        next += """
              groundwork check --strict   # every check; fix what it reports
              groundwork serve            # preview at http://127.0.0.1:8000/ while you write
              groundwork build            # write the site into _site/

            """
        console.err("created a knowledge base in \(folder == "." ? "the current folder" : folder): "
            + "content/, .gitignore, .github/workflows/groundwork.yml\nnext:\n" + next)
        return ExitStatus.clean
    }
}

/// The files `groundwork init` writes, by path below the new folder.
enum StarterSite {
    static func files(today: Day) -> [(String, String)] {
        let accessed = today.description
        let pageReview = Day(daysSinceEpoch: today.daysSinceEpoch + 180).description
        let sourceReview = Day(daysSinceEpoch: today.daysSinceEpoch + 365).description
        let cardReview = Day(daysSinceEpoch: today.daysSinceEpoch + 90).description
        return [
            ("content/site.yaml", """
                # The site's settings (docs/content-format.md lists them all).
                title: Our knowledge base
                description: What our team knows, with a source for every claim.
                language: en
                # base_url: https://wiki.example.org/    # where the site is published (for sitemap.xml)

                # The sections in the navigation, in order: a folder below content/ with an _index.md.
                nav:
                  - guide/
                  - cards/

                # Battle cards print on one page: at most this many words each.
                cards:
                  max_words: 250

                checks:
                  # A source opened longer ago than this is flagged (fresh.source-stale-access).
                  max_source_age_days: 365

                # Editions. `groundwork build` writes the full (internal) edition;
                # `groundwork build --audience partner --out _site-partner` only what partners may see.
                # A page, card or source without `audience:` is internal only; mark what partners
                # may read with `audience: [internal, partner]`.
                audiences: [internal, partner]
                default_audience: [internal]

                """),
            ("content/sources.yaml", """
                # The bibliography, in CSL-YAML (Pandoc and Zotero read it too). Cite a record as [@id].
                #   accessed   when you last opened the source
                #   review_by  when someone must open it again
                #   status     confirmed (you saw the wording) | partial | unverified (never on a card)
                #   excerpts   exact sentences you quote; a quotation on a page must match one of them
                references:
                  - id: commonmark-spec
                    type: webpage
                    title: CommonMark Spec, version 0.31.2
                    author:
                      - {family: MacFarlane, given: John}
                    issued: {date-parts: [[2024, 1, 28]]}
                    URL: https://spec.commonmark.org/0.31.2/
                    accessed: \(accessed)
                    review_by: \(sourceReview)
                    status: confirmed
                    audience: [internal, partner]
                    excerpts:
                      - "Markdown is a plain text format for writing structured documents, based on conventions for indicating formatting in email and usenet posts."

                """),
            ("content/_index.md", """
                ---
                title: Our knowledge base
                summary: Start here.
                audience: [internal, partner]
                review_by: \(pageReview)
                owner: Your team
                ---

                Welcome. This site is built by Groundwork from the Markdown files in `content/`: every link,
                citation and quotation is checked before anything is published.

                - [The guide](guide/_index.md): how pages are written.
                - [Battle cards](cards/_index.md): one printed page to read before a call.

                """),
            ("content/guide/_index.md", """
                ---
                title: Guide
                summary: How pages in this knowledge base are written.
                audience: [internal, partner]
                review_by: \(pageReview)
                owner: Your team
                order: 1
                ---

                A section is a folder with an `_index.md` like this one. Link each page of the section from here.

                - [Writing pages](writing-pages.md)

                """),
            ("content/guide/writing-pages.md", """
                ---
                title: Writing pages
                summary: A page is a Markdown file with a few fields at the top; every claim cites its source.
                tags: [writing]
                audience: [internal, partner]
                review_by: \(pageReview)
                owner: Your team
                ---

                Pages are plain Markdown. The specification describes Markdown as "a plain text format for
                writing structured documents" [@commonmark-spec]; the quotation is checked against the
                source's `excerpts` in `sources.yaml`.

                ## Citing a source

                Put the source's id in square brackets after the claim, as in the paragraph above. A figure,
                a percentage or a quotation without a citation fails the checks.

                ## Next steps

                Replace this page with your own, add sources to `sources.yaml`, and run
                `groundwork check --strict` until it reports nothing.

                """),
            ("content/cards/_index.md", """
                ---
                title: Battle cards
                summary: One-page summaries to read before a call.
                audience: [internal, partner]
                review_by: \(pageReview)
                owner: Your team
                order: 2
                ---

                Each card prints on one page. `groundwork cards --pdf cards.pdf` prints them all.

                - [Markdown in one minute](markdown-in-one-minute.md)

                """),
            ("content/cards/markdown-in-one-minute.md", """
                ---
                title: Markdown in one minute
                summary: What to say when someone asks how pages are written.
                audience: [internal, partner]
                review_by: \(cardReview)
                order: 1
                ---

                ## Key lines

                - Pages are plain text files; anyone can edit them.
                - Every claim names its source, and the build checks it.

                ## Claims

                - Markdown is a plain text format for structured documents [@commonmark-spec].

                """),
            (".gitignore", """
                # Built sites, printed cards and the link-check cache.
                _site/
                _site-*/
                .groundwork-cache/
                .groundwork-cards/
                *.pdf

                """),
            (".github/workflows/groundwork.yml", """
                # Checks the knowledge base on every pull request and push: `groundwork check --strict`
                # (warnings fail too), then builds both editions.
                #
                # Groundwork is built from source: set the repository variable GROUNDWORK_GIT_URL
                # (Settings → Secrets and variables → Actions → Variables) to the git URL of Groundwork,
                # and GROUNDWORK_REF to the tag to build (default v\(GroundworkVersion.current), the version that wrote this file).
                name: groundwork

                on:
                  pull_request:
                  push:
                    branches: [main]

                permissions:
                  contents: read

                jobs:
                  check:
                    runs-on: ubuntu-24.04
                    container: swift:6.3-noble
                    timeout-minutes: 30
                    steps:
                      - uses: actions/checkout@v4

                      - name: Install groundwork
                        env:
                          GROUNDWORK_GIT_URL: ${{ vars.GROUNDWORK_GIT_URL }}
                          GROUNDWORK_REF: ${{ vars.GROUNDWORK_REF || 'v\(GroundworkVersion.current)' }}
                        run: |
                          set -eu
                          if [ -z "$GROUNDWORK_GIT_URL" ]; then
                            echo "::error::set the repository variable GROUNDWORK_GIT_URL to Groundwork's git URL"
                            exit 2
                          fi
                          apt-get update
                          apt-get install -y --no-install-recommends libcmark-dev pkg-config git python3-pip
                          git clone --depth 1 --branch "$GROUNDWORK_REF" "$GROUNDWORK_GIT_URL" /tmp/groundwork
                          swift build -c release --package-path /tmp/groundwork --product groundwork
                          install /tmp/groundwork/.build/release/groundwork /usr/local/bin/groundwork
                          pip install --break-system-packages pagefind-bin==\(SearchIndexer.pinnedVersion)

                      - name: Check
                        run: groundwork check --strict --format github

                      - name: Build both editions
                        run: |
                          groundwork build --search on
                          groundwork build --search on --audience partner --out _site-partner

                """),
        ]
    }
}
