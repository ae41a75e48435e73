/// A diagnostic code: its stable id (`link.page-missing`), its default severity, whether a
/// site may change that severity in `site.yaml`, and the documentation `groundwork explain`
/// prints and `docs/diagnostics.md` is generated from.
///
/// Every code Groundwork emits is one of the static members below and is listed in `all`,
/// the one table. The initializer is private to this file, so checks can only emit these
/// values: emitting a code that is not in the table does not compile. To add a code: add a static member, add it to `all`, and give
/// it an `example` that produces it (the fixture test runs every example).
public struct DiagnosticCode: Sendable, CustomStringConvertible {
    /// The stable id printed in brackets and in JSON, e.g. `link.page-missing`.
    public let id: String
    /// The severity a diagnostic gets unless `site.yaml` overrides it.
    public let severity: Severity
    /// Whether `site.yaml`'s `checks:` may change the severity or turn the code off. Codes that
    /// mean Groundwork could not read an input, or that guard an edition's confidentiality,
    /// are not: turning them off would publish a site the checks cannot vouch for.
    public let overridable: Bool
    /// One line: when the code is reported.
    public let summary: String
    /// One paragraph: what the check looks at and why it matters.
    public let explanation: String
    /// A small input that produces the code, and the diagnostic it produces.
    public let example: Example
    /// How to fix it.
    public let fix: String

    public var description: String { id }

    /// A fixed input that triggers a code, and the one diagnostic line it must produce. The
    /// fixture test (`DiagnosticCodeTableTests`) runs every example and checks the line, so
    /// the example in the documentation is proven.
    public struct Example: Sendable {
        /// How the example is run.
        public enum Run: String, Sendable {
            /// `groundwork check`.
            case check
            /// `groundwork build` (the output link pass runs only there).
            case build
            /// `groundwork check --external`, with the HTTP answers in `responses`.
            case external
            /// A rebuild of `groundwork serve` (`IncrementalBuilder`), which reports template
            /// errors as diagnostics.
            case rebuild
            /// `groundwork serve` itself: the steps in `setup` happen while it runs.
            case serve
        }

        /// One file of the example, relative to the folder holding `content/` and `templates/`.
        public struct File: Sendable {
            public var path: String
            public var text: String
            /// Write `text` as ISO Latin-1 instead of UTF-8 (for `page.encoding`).
            public var latin1 = false
            /// Make the file a symbolic link to `text` instead of writing it.
            public var symlink = false

            public init(_ path: String, _ text: String, latin1: Bool = false, symlink: Bool = false) {
                self.path = path
                self.text = text
                self.latin1 = latin1
                self.symlink = symlink
            }
        }

        public var run: Run
        public var files: [File]
        /// `external` only: the HTTP status each URL answers with.
        public var responses: [String: Int]
        /// The diagnostic the example produces, as `groundwork check` prints it (without notes).
        public var produces: String
        /// What else happens in the example, in words, when files alone do not say it.
        public var setup: String?

        /// The day examples are checked on (freshness codes depend on it).
        public static let today = "2026-12-01"

        public init(run: Run = .check, files: [File], responses: [String: Int] = [:], setup: String? = nil,
                    produces: String) {
            self.run = run
            self.files = files
            self.responses = responses
            self.setup = setup
            self.produces = produces
        }
    }

    /// Private: the table below is the only place a code can be made, so every `Diagnostic`
    /// carries one of its entries.
    private init(id: String, severity: Severity, overridable: Bool = true, summary: String, explanation: String,
                 example: Example, fix: String) {
        self.id = id
        self.severity = severity
        self.overridable = overridable
        self.summary = summary
        self.explanation = explanation
        self.example = example
        self.fix = fix
    }

    /// The code with this id, if there is one.
    public static func named(_ id: String) -> DiagnosticCode? { byID[id] }

    /// Every id, sorted (for "did you mean" and listings).
    public static var ids: [String] { byID.keys.sorted() }

    private static let byID: [String: DiagnosticCode] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}

// Two codes are the same code when their ids are: the id is the identity, the rest is
// documentation.
extension DiagnosticCode: Hashable, Comparable {
    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
    public static func < (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id < b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

// MARK: - The table

/// The table of every diagnostic code: `DiagnosticCode.all`. `docs/diagnostics.md` is
/// generated from it (`groundwork explain --markdown`); each `example` is run by the fixture
/// test and must produce exactly its `produces` line.
extension DiagnosticCode {
    private typealias File = Example.File

    /// Every code, in the order the reference lists them (by family).
    public static let all: [DiagnosticCode] = [
        .linkPageMissing, .linkAnchorMissing, .linkAnchorUnrendered, .linkRenderHook, .linkAssetMissing, .linkEscapesRoot, .linkOutside,
        .linkWikiUnresolved,
        .linkWikiAmbiguous, .linkExternalInvalid, .linkExternalBroken, .linkExternalUnreachable,
        .outputBrokenLink,
        .citeUnknownKey, .citeDuplicateID, .citeSourceIncomplete, .citeUnusedSource, .citeQuoteMismatch,
        .citeQuoteQualifier, .citeUnverifiedOnCard, .quoteUnattributed, .claimUnsourced,
        .freshPageOverdue, .freshSourceOverdue, .freshSourceStaleAccess,
        .pageFrontMatter, .pageUnknownField, .pageTitleMissing, .pageDuplicateURL, .pageAliasCollision, .pageAliasInvalid, .pageOrphan, .pageEncoding,
        .pageMDXCode, .docusaurusSidebarsUnread, .docusaurusSidebarEntry,
        .pageDuplicateIndex, .fileUnreadable, .includeMissing, .includeCycle, .shortcodeUnrendered,
        .cardTooLong, .cardAnswerUnsourced, .tableMalformed, .footnoteMissing, .footnoteUnused, .calloutUnknownType, .imageAltMissing,
        .anchorDuplicate, .attributeRemoved, .htmlRemoved,
        .audienceLeak, .audienceUnknown,
        .configInvalid, .templateInvalid, .environment,
    ]

    // MARK: Links

    public static let linkPageMissing = DiagnosticCode(
        id: "link.page-missing", severity: .error,
        summary: "A relative or site-absolute link, or a nav entry, names no page.",
        explanation: """
            Every link to another page is resolved against the content folder, relative to the file \
            that contains it (or to the content folder when it starts with '/'), with or without the \
            '.md' extension, and to a folder's index page when it names a folder. A link that reaches \
            no page would be a dead link for the reader, so it is reported at the link itself, with a \
            "did you mean" note when a page with a close name exists. Entries of 'nav' in site.yaml \
            are checked the same way.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nRead the [setup guide](setup.md) first.\n"),
            File("content/set-up.md", "# Set up\n"),
        ], produces: "content/_index.md:3:10: error: no page for link 'setup.md' [link.page-missing]"),
        fix: "Correct the path (relative to the linking file) or create the page; check the \"did you mean\" note.")

    public static let linkAnchorMissing = DiagnosticCode(
        id: "link.anchor-missing", severity: .error,
        summary: "A '#fragment' names no heading or id on the target page (the same page too).",
        explanation: """
            A link's '#fragment' must match the id of a heading on the page it leads to, as \
            Groundwork generates it: lowercase, spaces as '-', punctuation dropped, '-1', '-2' added \
            to repeated headings, or the id written with '{#id}' after the heading. A fragment that \
            matches nothing still opens the page but not the place the writer meant, so it is an \
            error, with the closest heading id as a note.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nSee [installing](setup.md#instal).\n"),
            File("content/setup.md", "# Setup\n\n## Install\n\nRun the installer.\n"),
        ], produces: "content/_index.md:3:5: error: no heading '#instal' on setup.md [link.anchor-missing]"),
        fix: "Use the heading's id (lowercase, '-' for spaces) or give the heading an explicit '{#id}'.")

    public static let linkAnchorUnrendered = DiagnosticCode(
        id: "link.anchor-unrendered", severity: .warning,
        summary: "A '#fragment' names no heading on a page that code Groundwork does not run may add to (Hugo shortcodes, MkDocs hooks).",
        explanation: """
            In a Hugo site, a page with shortcodes Groundwork shows as written ('shortcode.unrendered') \
            may get headings and ids from their output: a shortcode can include another file or build a \
            list of terms. In a MkDocs site with 'hooks:' in mkdocs.yml, the site's own Python files run \
            on every page and may write ids too. A '#fragment' that matches no heading Groundwork sees on \
            such a page may still be right, so it is a warning, with the closest heading id as a note. \
            Elsewhere it stays 'link.anchor-missing', an error.
            """,
        example: Example(files: [
            File("content/hugo.toml", "title = \"Docs\"\n"),
            File("content/content/_index.md", "# Home\n\nSee [the options](setup.md#options).\n"),
            File("content/content/setup.md", "# Setup\n\n{{< include \"_common/options.md\" >}}\n"),
        ], produces: "content/content/_index.md:3:5: warning: no heading '#options' on setup.md, but its shortcodes are not run by Groundwork and may make it [link.anchor-unrendered]"),
        fix: "Nothing, when Hugo's build makes the id; otherwise link to a heading that exists.")

    public static let linkRenderHook = DiagnosticCode(
        id: "link.render-hook", severity: .warning,
        summary: "A Hugo site's link (or image) render hook decides what a destination Groundwork cannot resolve means.",
        explanation: """
            A Hugo site (or its theme) may have its own link render hook, \
            'layouts/_markup/render-link.html' (or '_default/_markup/'), a template that turns every \
            link destination into a URL its own way: hugoDocs turns a link to 'g' into a glossary link. \
            Groundwork cannot run it, so a link to a page or file it cannot find is a warning that \
            says so, with what Groundwork looked for and any close match as notes, not an error. \
            Links that resolve are checked as usual, their anchors too, and so are links made by \
            'ref'/'relref' (Hugo looks their page up itself and fails on a missing one); an image render hook \
            ('render-image.html') does the same for images. A Hugo site without a hook keeps \
            'link.page-missing' and 'link.asset-missing' errors.
            """,
        example: Example(files: [
            File("content/hugo.toml", "title = \"Docs\"\n"),
            File("content/layouts/_markup/render-link.html", "<a href=\"{{ .Destination }}\">{{ .Text }}</a>\n"),
            File("content/content/_index.md", "# Home\n\nA [shortcode](g) is a template.\n"),
        ], produces: "content/content/_index.md:3:3: warning: the site's link render hook (layouts/_markup/render-link.html) decides what 'g' means; Groundwork cannot check it [link.render-hook]"),
        fix: "Nothing, when the hook handles the destination; otherwise link to a page or file that exists.")

    public static let linkAssetMissing = DiagnosticCode(
        id: "link.asset-missing", severity: .error,
        summary: "An image or file link names no file.",
        explanation: """
            Images and links to files that are not pages (PDFs, diagrams) are copied to the site from \
            the content folder, so the file must exist there. A missing file would be a broken image \
            or a dead download link.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\n![Architecture diagram](assets/diagram.png)\n"),
        ], produces: "content/_index.md:3:1: error: no image file for 'assets/diagram.png' [link.asset-missing]"),
        fix: "Put the file under content/ (usually content/assets/) and fix the path.")

    public static let linkEscapesRoot = DiagnosticCode(
        id: "link.escapes-root", severity: .error,
        summary: "A link, a nav entry or a symbolic link leads outside the content folder.",
        explanation: """
            The site is built from the content folder alone, so a relative link that climbs out of it \
            with '..' cannot be published: the file it names will not be on the site. Symbolic links in \
            the content folder that point outside it are refused for the same reason, and so that a \
            build never reads files the writer did not put in the content folder.
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Example\n"),
            File("content/_index.md", "# Home\n\nSee [the notes](../notes.md).\n"),
        ], produces: "content/_index.md:3:5: error: link '../notes.md' leaves the content folder [link.escapes-root]"),
        fix: "Link to pages inside content/, or use a full https:// URL.")

    public static let linkOutside = DiagnosticCode(
        id: "link.outside", severity: .warning,
        summary: "In a docs folder (no site.yaml), a link leads outside the folder; it cannot be checked.",
        explanation: """
            A folder of docs written for another tool often links to its published siblings \
            ('../other-book/intro.html'): those files are not in the folder, so Groundwork cannot check \
            them and does not publish them. In a docs folder this is a warning, not a reason to refuse \
            the build; the built page keeps the link as written (the reader's browser follows it). In a knowledge base (a \
            folder with site.yaml) the same link is the error link.escapes-root.
            """,
        example: Example(files: [
            File("content/index.md", "# Book\n\nSee [the other book](../other-book/intro.md).\n"),
        ], produces: "content/index.md:3:5: warning: link '../other-book/intro.md' leads outside the content folder; it is not checked [link.outside]"),
        fix: "Link to a page inside the folder, or write the published address in full (https://...).")

    /// The knowledge-base rules: on in a folder with Groundwork's site.yaml, off in a folder
    /// of docs (issue 17). Sourcing, quotation, freshness and front matter discipline are what
    /// a knowledge base promises, not what someone else's docs were written to.
    public var isKnowledgeBaseRule: Bool {
        id.hasPrefix("claim.") || id.hasPrefix("quote.") || id.hasPrefix("fresh.")
            || self == .pageUnknownField || self == .pageTitleMissing
    }

    public static let linkWikiUnresolved = DiagnosticCode(
        id: "link.wiki-unresolved", severity: .error,
        summary: "A '[[...]]' wiki link matches no page title, term, alternative name or file name.",
        explanation: """
            Wiki links name a page by its title, its glossary term or 'also_known_as' names, its file \
            name or its path, case-insensitively. When none matches, the link cannot be rendered, so it \
            is an error with the closest name as a note.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nStart with [[Fine tuning guide]].\n"),
        ], produces: "content/_index.md:3:12: error: no page or term for wiki link '[[Fine tuning guide]]' [link.wiki-unresolved]"),
        fix: "Fix the spelling, or use a relative Markdown link.")

    public static let linkWikiAmbiguous = DiagnosticCode(
        id: "link.wiki-ambiguous", severity: .error,
        summary: "A '[[...]]' wiki link matches several pages.",
        explanation: """
            When a wiki link's name matches more than one page (two pages with the same title, or a \
            name shared by an 'also_known_as'), Groundwork does not guess which one the writer meant: \
            the link is an error and the note lists the candidates.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nSee [[Overview]].\n"),
            File("content/cloud/overview.md", "# Overview\n"),
            File("content/on-premises/overview.md", "# Overview\n"),
        ], produces: "content/_index.md:3:5: error: wiki link '[[Overview]]' matches 2 pages: cloud/overview.md, on-premises/overview.md [link.wiki-ambiguous]"),
        fix: "Use the path ('[[cloud/overview]]') or a relative link; remove duplicate 'also_known_as' names.")

    public static let linkExternalInvalid = DiagnosticCode(
        id: "link.external-invalid", severity: .error,
        summary: "A URL is malformed, protocol-relative, or uses a scheme other than http, https or mailto.",
        explanation: """
            URLs are checked for their syntax without the network: a scheme other than http, https or \
            mailto (often a typo such as 'htps:'), a malformed host or port, or a protocol-relative \
            '//host' link. Such a link would not open, or would open something a reader does not expect.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nSee [the portal](htps://example.com/portal).\n"),
        ], produces: "content/_index.md:3:5: error: URL scheme 'htps:' is not allowed in 'htps://example.com/portal' [link.external-invalid]"),
        fix: "Fix the URL.")

    public static let linkExternalBroken = DiagnosticCode(
        id: "link.external-broken", severity: .error,
        summary: "With --external: a URL answers 404 or 410, or its host does not resolve.",
        explanation: """
            With '--external', every http(s) link in pages and every source URL is requested (HEAD, then \
            GET if the server refuses HEAD). A 404 or 410 answer, or a host name that does not resolve, \
            means the page is gone: the link and any citation that relies on it must change. Verdicts \
            are cached beside the content folder in '.groundwork-cache/external.json'.
            """,
        example: Example(run: .external, files: [
            File("content/_index.md", "# Home\n\nSee [the report](https://example.com/old-report).\n"),
        ], responses: ["https://example.com/old-report": 404],
        produces: "content/_index.md:3:5: error: external link 'https://example.com/old-report' is broken: HTTP 404 Not Found [link.external-broken]"),
        fix: "Find the new address; if the page is gone, find another source and update the record.")

    public static let linkExternalUnreachable = DiagnosticCode(
        id: "link.external-unreachable", severity: .warning,
        summary: "With --external: a URL times out, is rate-limited, answers a server error, or refuses.",
        explanation: """
            A timeout, an HTTP 429 that persists after the retries, a 5xx answer or a refusal such as \
            403 says nothing certain about the link: the server may be down for a minute or may refuse \
            robots. These are warnings, and are not cached, so the next run asks again.
            """,
        example: Example(run: .external, files: [
            File("content/_index.md", "# Home\n\nSee [the status page](https://example.com/status).\n"),
        ], responses: ["https://example.com/status": 503],
        produces: "content/_index.md:3:5: warning: could not check external link 'https://example.com/status': HTTP 503 Service Unavailable [link.external-unreachable]"),
        fix: "Usually temporary: open the link in a browser, or run the check again later.")

    public static let outputBrokenLink = DiagnosticCode(
        id: "output.broken-link", severity: .error,
        summary: "build only: an href, src or url() in the generated site names no generated file or element id.",
        explanation: """
            Before writing, 'build' checks its own output: every internal href, src and srcset in the \
            generated HTML, and url() in copied CSS, must name a file of the site and, with a fragment, \
            an element id in it. Content links are checked earlier, at their source; this pass catches \
            links that templates or raw HTML (with 'unsafe_html: true') produce. The message names the \
            output page and the template it was rendered with.
            """,
        example: Example(run: .build, files: [
            File("content/site.yaml", "unsafe_html: true\n"),
            File("content/_index.md", "# Home\n\n<a href=\"pricing/\">Pricing</a>\n"),
        ], produces: "_site/index.html:34:13: error: href 'pricing/' names no file in the site (looked for 'pricing/index.html') [output.broken-link]"),
        fix: "Fix the template or the raw HTML; nothing is written until it is fixed.")

    // MARK: Citations and claims

    public static let citeUnknownKey = DiagnosticCode(
        id: "cite.unknown-key", severity: .error,
        summary: "A citation '[@key]' names no source in sources.yaml.",
        explanation: """
            Citations are Pandoc-style keys ('[@key]', '[@key, p. 4]', '[@a; @b]') that must name the \
            'id' of a source in sources.yaml, so that the reference list and the bibliography can say \
            what supports the claim. An unknown key is an error, with the closest id as a note. In a \
            folder of docs (no site.yaml) without a sources.yaml, '[@name]' is text as its writer's tool \
            shows it (a GitHub handle in meeting notes), rendered as written and not reported.
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Example\n"),
            File("content/_index.md", "# Home\n\nFine-tuning changes a model's weights [@openai-ft].\n"),
        ], produces: "content/_index.md:3:40: error: no source 'openai-ft' for citation [cite.unknown-key]"),
        fix: "Fix the key, or add the source to sources.yaml.")

    public static let citeDuplicateID = DiagnosticCode(
        id: "cite.duplicate-id", severity: .error,
        summary: "Two sources in sources.yaml share an id.",
        explanation: """
            A citation key must name exactly one source. When two records share an 'id', a citation \
            could mean either, so the second record is reported at its 'id'.
            """,
        example: Example(files: [
            File("content/sources.yaml", """
                - id: gao-report
                  title: Artificial Intelligence Use in Government
                  URL: https://www.gao.gov/products/gao-25-107653
                  accessed: 2026-11-01
                - id: gao-report
                  title: Generative AI Considerations
                  URL: https://www.gao.gov/products/gao-24-106946
                  accessed: 2026-11-01

                """),
        ], produces: "content/sources.yaml:5:7: error: source id 'gao-report' is already used at line 1 [cite.duplicate-id]"),
        fix: "Rename one of the sources and update its citations.")

    public static let citeSourceIncomplete = DiagnosticCode(
        id: "cite.source-incomplete", severity: .error,
        summary: "A source lacks a title, a URL or DOI, or 'accessed', or sources.yaml is malformed.",
        explanation: """
            A source is only useful to a reader who can find it again and knows when it was read: \
            every record needs a 'title', a 'URL' or a 'DOI', and an 'accessed' date. The code is also \
            used when sources.yaml is not valid YAML or a field has the wrong type.
            """,
        example: Example(files: [
            File("content/sources.yaml", """
                - id: nist-ai-rmf
                  title: AI Risk Management Framework
                  URL: https://www.nist.gov/itl/ai-risk-management-framework

                """),
        ], produces: "content/sources.yaml:1:3: error: source 'nist-ai-rmf' lacks an 'accessed' date [cite.source-incomplete]"),
        fix: "Add the missing field.")

    public static let citeUnusedSource = DiagnosticCode(
        id: "cite.unused-source", severity: .warning,
        summary: "No page cites a source.",
        explanation: """
            A source nothing cites is either left over from a page that changed, or a claim that lost \
            its citation. It is a warning, at the source's record.
            """,
        example: Example(files: [
            File("content/sources.yaml", """
                - id: nist-ai-rmf
                  title: AI Risk Management Framework
                  URL: https://www.nist.gov/itl/ai-risk-management-framework
                  accessed: 2026-11-01

                """),
        ], produces: "content/sources.yaml:1:3: warning: no page cites source 'nist-ai-rmf' [cite.unused-source]"),
        fix: "Cite it where it supports a claim, or remove the record.")

    public static let citeQuoteMismatch = DiagnosticCode(
        id: "cite.quote-mismatch", severity: .error,
        summary: "A cited quotation is not in the excerpts of the sources cited with it.",
        explanation: """
            A quotation (in quotation marks, or a blockquote) that cites sources with 'excerpts' must \
            appear in one of those excerpts, ignoring case, curly or straight quotes and spacing; '…' or \
            '...' marks a gap, and the pieces must appear in order in one excerpt. This keeps a \
            seller from reading aloud words the source never said. The note shows the closest excerpt.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nThe framework calls itself \"a mandatory standard\" [@nist-ai-rmf].\n"),
            File("content/sources.yaml", """
                - id: nist-ai-rmf
                  title: AI Risk Management Framework
                  URL: https://www.nist.gov/itl/ai-risk-management-framework
                  accessed: 2026-11-01
                  excerpts:
                    - The AI RMF is intended for voluntary use.

                """),
        ], produces: "content/_index.md:3:28: error: quotation \"a mandatory standard\" is not in the excerpts of source 'nist-ai-rmf' [cite.quote-mismatch]"),
        fix: "Copy the quotation exactly from an excerpt, cite the right source, or paraphrase without quotation marks.")

    public static let citeQuoteQualifier = DiagnosticCode(
        id: "cite.quote-qualifier", severity: .warning,
        summary: "A limiting word just before a quotation is not in the source.",
        explanation: """
            A quotation can match its excerpt word for word and still say more than the source when a \
            limiting word stands just outside the opening quotation mark: available only "until their \
            base models are deprecated" turns a commitment up to a date into a cutoff. When the \
            quotation is a fragment from inside an excerpt, so the source's own words before it are \
            known, a word such as 'only', 'solely', 'just', 'merely', 'exclusively', 'never', 'always', \
            'all', 'every' or 'entirely' right before the opening mark is a warning unless the source \
            has it there too. A paraphrase that overstates its source without quotation marks is beyond \
            any rule on the text: reviewers still read claims against their excerpts.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nFine-tuned models stay available only \"until their base models are deprecated\" [@rft].\n"),
            File("content/sources.yaml", """
                - id: rft
                  title: Reinforcement fine-tuning
                  URL: https://example.com/rft
                  accessed: 2026-11-01
                  status: confirmed
                  excerpts:
                    - "All fine-tuned models will remain available for inference until their base models are deprecated."

                """),
        ], produces: "content/_index.md:3:39: warning: 'only' before the quotation \"until their base models are deprecated\" is not in source 'rft' [cite.quote-qualifier]"),
        fix: "Drop the word, or rewrite the sentence to what the source says (the note shows the source's words before the quotation).")

    public static let citeUnverifiedOnCard = DiagnosticCode(
        id: "cite.unverified-on-card", severity: .error,
        summary: "A battle card cites a source whose status is 'unverified'.",
        explanation: """
            Battle cards are read aloud to buyers, so every claim on them must rest on a source someone \
            has checked. A card that cites a source marked 'status: unverified' is an error at the \
            citation; regular pages may cite such sources.
            """,
        example: Example(files: [
            File("content/cards/pricing.md", "---\ntitle: Pricing\n---\n\n## Claims\n\n- Most agencies pay per seat [@vendor-blog].\n"),
            File("content/sources.yaml", """
                - id: vendor-blog
                  title: How agencies buy AI
                  URL: https://example.com/blog/how-agencies-buy
                  accessed: 2026-11-01
                  status: unverified

                """),
        ], produces: "content/cards/pricing.md:7:31: error: battle card cites 'vendor-blog', whose status is unverified [cite.unverified-on-card]"),
        fix: "Verify the source (then update its status and excerpts), or take the claim off the card.")

    public static let quoteUnattributed = DiagnosticCode(
        id: "quote.unattributed", severity: .warning,
        summary: "A blockquote, or a quotation of six or more words, has no citation.",
        explanation: """
            A blockquote (not a callout) needs a citation inside it or in the paragraph that introduces \
            it, and a quotation of six or more words in quotation marks needs one in its paragraph (in \
            a table: its row). Unattributed quotations read as the source's words with no way to check \
            them.
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Example\n"),
            File("content/_index.md", "# Home\n\n> Models are only as good as the data they are tuned on.\n"),
        ], produces: "content/_index.md:3:1: warning: block quotation has no citation [quote.unattributed]"),
        fix: "Cite the source, or rewrite it in your own words.")

    public static let claimUnsourced = DiagnosticCode(
        id: "claim.unsourced", severity: .warning,
        summary: "A paragraph with a statistic has no citation.",
        explanation: """
            A paragraph or list item (in a table: a row) with a percentage ('45%', '5 percent'), a \
            multiplier ('10x', '9-fold', 'ninefold'), a number of 1,000 or more ('1,000', '10k', \
            '3 million') or a money amount ('$40') must cite a source in the same paragraph. Years, \
            identifiers such as report numbers, and code are not counted; figures in link text are.
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Example\n"),
            File("content/_index.md", "# Home\n\nFine-tuning cut support costs by 40%.\n"),
        ], produces: "content/_index.md:3:34: warning: statistic '40%' has no citation in its paragraph [claim.unsourced]"),
        fix: "Cite the source in that paragraph, or drop the figure. Never invent a source for an estimate.")

    // MARK: Freshness

    public static let freshPageOverdue = DiagnosticCode(
        id: "fresh.page-overdue", severity: .warning,
        summary: "A page's 'review_by' date has passed.",
        explanation: """
            Pages with a 'review_by' date in their front matter are flagged once the date is before \
            today (the local date, '--today', or the day of SOURCE_DATE_EPOCH), so that claims about a \
            fast-moving field are re-checked on schedule.
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Example\n"),
            File("content/_index.md", "---\ntitle: Home\nreview_by: 2026-06-30\n---\n\nWelcome.\n"),
        ], produces: "content/_index.md:3:12: warning: page was due for review on 2026-06-30 (today is 2026-12-01) [fresh.page-overdue]"),
        fix: "Re-check the page and its sources, then move 'review_by' forward.")

    public static let freshSourceOverdue = DiagnosticCode(
        id: "fresh.source-overdue", severity: .warning,
        summary: "A source's 'review_by' date has passed.",
        explanation: """
            A source can carry its own 'review_by' date, for documents that change (pricing pages, \
            product documentation). Once it has passed, the source's status and excerpts may no longer \
            hold.
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Example\n"),
            File("content/_index.md", "# Home\n\nThe framework is voluntary [@nist-ai-rmf].\n"),
            File("content/sources.yaml", """
                - id: nist-ai-rmf
                  title: AI Risk Management Framework
                  URL: https://www.nist.gov/itl/ai-risk-management-framework
                  accessed: 2026-11-01
                  review_by: 2026-11-15

                """),
        ], produces: "content/sources.yaml:5:14: warning: source 'nist-ai-rmf' was due for review on 2026-11-15 (today is 2026-12-01) [fresh.source-overdue]"),
        fix: "Re-open the source, update its status and excerpts, then move 'accessed' and 'review_by'.")

    public static let freshSourceStaleAccess = DiagnosticCode(
        id: "fresh.source-stale-access", severity: .warning,
        summary: "A source's 'accessed' date is older than checks.max_source_age_days (365).",
        explanation: """
            'accessed' says when someone last opened the source and checked it says what is cited. \
            When that is longer ago than 'checks.max_source_age_days' in site.yaml (default 365), the \
            source is flagged even without a 'review_by' date.
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Example\n"),
            File("content/_index.md", "# Home\n\nThe framework is voluntary [@nist-ai-rmf].\n"),
            File("content/sources.yaml", """
                - id: nist-ai-rmf
                  title: AI Risk Management Framework
                  URL: https://www.nist.gov/itl/ai-risk-management-framework
                  accessed: 2024-03-01

                """),
        ], produces: "content/sources.yaml:4:13: warning: source 'nist-ai-rmf' was last opened 1005 days ago, on 2024-03-01 (the limit is 365 days) [fresh.source-stale-access]"),
        fix: "Re-open the source, check the page still says what is cited, and update 'accessed'.")

    // MARK: Pages and files

    public static let pageFrontMatter = DiagnosticCode(
        id: "page.front-matter", severity: .error, overridable: false,
        summary: "Front matter is not valid YAML, or a field has the wrong type.",
        explanation: """
            Front matter is the YAML between '---' lines at the top of a page. When it does not parse, \
            or a field has the wrong type (a date that is not YYYY-MM-DD, a string where a list is \
            expected), Groundwork cannot know the page's title, audience or review date, so the page \
            cannot be published correctly. It cannot be overridden.
            """,
        example: Example(files: [
            File("content/_index.md", "---\ntitle: Home\nreview_by: next spring\n---\n\nWelcome.\n"),
        ], produces: "content/_index.md:3:12: error: 'review_by' must be a date (YYYY-MM-DD) [page.front-matter]"),
        fix: "Fix the YAML: dates as YYYY-MM-DD, lists in [...], quote titles that contain ':'.")

    public static let pageUnknownField = DiagnosticCode(
        id: "page.unknown-field", severity: .warning,
        summary: "A front matter field is not one Groundwork knows.",
        explanation: """
            Front matter fields Groundwork does not use are reported, with the closest known field as \
            a note, because they are usually typos ('sumary') whose value is silently lost. It is a \
            warning so that Markdown written for other tools (MkDocs' 'description') still builds.
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Example\n"),
            File("content/_index.md", "---\ntitle: Home\nsumary: Where to start.\n---\n\nWelcome.\n"),
        ], produces: "content/_index.md:3:1: warning: unknown front matter field 'sumary' [page.unknown-field]"),
        fix: "Use the suggested field, or remove it.")

    public static let pageTitleMissing = DiagnosticCode(
        id: "page.title-missing", severity: .error,
        summary: "A page with front matter has neither a title nor a level-1 heading.",
        explanation: """
            A page's title comes from its front matter 'title', else its first level-1 heading, else \
            its file name. A page that has front matter but neither a title nor a heading most likely \
            lost its title by mistake, so it is reported instead of falling back to the file name.
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Example\n"),
            File("content/_index.md", "---\nsummary: Where to start.\n---\n\nWelcome.\n"),
        ], produces: "content/_index.md:1:1: error: page has no title [page.title-missing]"),
        fix: "Add a 'title' to the front matter, or a level-1 heading.")

    public static let pageDuplicateURL = DiagnosticCode(
        id: "page.duplicate-url", severity: .error, overridable: false,
        summary: "Two pages would be written to the same URL.",
        explanation: """
            Every page is written to its own folder ('guide/setup.md' to 'guide/setup/index.html'). \
            When two files map to the same URL ('setup.md' and 'setup/_index.md', or an alias that \
            names another page's URL), one would overwrite the other, so it cannot be overridden.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\n[Setup](setup.md)\n"),
            File("content/setup.md", "# Setup\n"),
            File("content/setup/_index.md", "# Setup\n"),
        ], produces: "content/setup.md:1:1: error: page would be written to 'setup/', as is 'content/setup/_index.md' [page.duplicate-url]"),
        fix: "Rename or move one of the files.")

    public static let pageAliasCollision = DiagnosticCode(
        id: "page.alias-collision", severity: .error,
        summary: "An old URL in 'aliases' is already the URL of something else.",
        explanation: """
            An 'aliases' entry that contains a '/' is an old URL of the page: the build writes a small \
            redirect page there, so links and bookmarks to the old address keep working. That path must \
            be free: an alias that is the URL of a page, a section index, a file, a page Groundwork \
            writes itself (glossary, tags, bibliography, 404) or another page's alias would overwrite \
            it or be overwritten, so it is an error at the 'aliases' field and the redirect is never \
            written.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nSee [setup](setup.md) and [install](install.md).\n"),
            File("content/setup.md", "---\ntitle: Setup\naliases: [/install/]\n---\n\nHow to set up.\n"),
            File("content/install.md", "# Install\n"),
        ], produces: "content/setup.md:3:10: error: alias '/install/' is the URL of the page content/install.md [page.alias-collision]"),
        fix: "Remove the alias, or move what is at that URL.")

    public static let pageAliasInvalid = DiagnosticCode(
        id: "page.alias-invalid", severity: .error,
        summary: "An 'aliases' entry with a '/' is not a path inside the site.",
        explanation: """
            Old URLs in 'aliases' are written as paths from the site root ('/old/page/', \
            '/old-page.html'). A full URL, a path with '..', a query or fragment, or '/' itself names \
            no file the build could write a redirect to, so it is an error at the 'aliases' field. \
            Entries without a '/' are not URLs: they are other names for wiki links.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nSee [setup](setup.md).\n"),
            File("content/setup.md", "---\ntitle: Setup\naliases: [https://old.example.com/setup/]\n---\n\nHow to set up.\n"),
        ], produces: "content/setup.md:3:10: error: alias 'https://old.example.com/setup/' is not a path inside the site [page.alias-invalid]"),
        fix: "Write the old URL as a path from the site root, e.g. '/old/page/'.")

    public static let pageOrphan = DiagnosticCode(
        id: "page.orphan", severity: .warning,
        summary: "Nothing links to a page and the nav does not list it.",
        explanation: """
            A page no other page links to, and whose section is not listed in 'nav' in site.yaml, can \
            only be found through search. It is a warning at the top of the page.
            """,
        example: Example(files: [
            File("content/site.yaml", "nav: [guide/]\n"),
            File("content/_index.md", "# Home\n"),
            File("content/guide/_index.md", "# Guide\n"),
            File("content/drafts/notes.md", "# Notes\n"),
        ], produces: "content/drafts/notes.md:1:1: warning: no page links here and the nav does not list it [page.orphan]"),
        fix: "Link to it from its section's index page or a related page, or add its section to nav.")

    public static let pageEncoding = DiagnosticCode(
        id: "page.encoding", severity: .error, overridable: false,
        summary: "A file is not valid UTF-8 (reported at the first bad byte).",
        explanation: """
            Pages, site.yaml and sources.yaml must be UTF-8. A file saved in another encoding (often \
            Latin-1 or Windows-1252 by an older editor) would turn accented letters into garbage, so \
            the file is reported at its first invalid byte and cannot be published.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nOur caf\u{E9} guide.\n", latin1: true),
        ], produces: "content/_index.md:3:8: error: file is not valid UTF-8 (first bad byte here) [page.encoding]"),
        fix: "Re-save the file as UTF-8.")

    public static let pageMDXCode = DiagnosticCode(
        id: "page.mdx-code", severity: .warning,
        summary: "An .mdx page's import/export lines are JavaScript; they are left out of the page.",
        explanation: """
            Docusaurus pages may be MDX: Markdown with JavaScript 'import' and 'export' lines and JSX \
            components. In a docs folder Groundwork reads an '.mdx' file as Markdown. It cannot run the \
            page's 'import' and 'export' lines, so it leaves them out and says so once per page, at \
            the first one; the components they bring in ('<Tabs>') are kept as raw HTML, their text \
            included.
            """,
        example: Example(files: [
            File("content/guide.mdx", "import Tabs from '@theme/Tabs';\n\n# Guide\n\nSee the [home](index.md).\n"),
            File("content/index.md", "# Home\n\nRead the [guide](guide.mdx).\n"),
        ], produces: "content/guide.mdx:1:1: warning: MDX import/export lines are not run; 1 line left out of the page [page.mdx-code]"),
        fix: "Nothing to fix for Docusaurus; to silence it, write the page as plain Markdown (.md) without imports.")

    public static let docusaurusSidebarEntry = DiagnosticCode(
        id: "docusaurus.sidebar-entry", severity: .warning,
        summary: "A Docusaurus sidebar entry Groundwork's nav cannot show.",
        explanation: """
            Groundwork shows a Docusaurus sidebar's docs, categories, links and autogenerated folders \
            in its nav. An entry of another kind ('html', whose markup the nav does not carry, or a \
            type Docusaurus added later) or an entry missing what it needs (a 'doc' without an 'id') \
            is left out of the nav, and this warning says so, at the entry's type in the sidebars file.
            """,
        example: Example(files: [
            File("docusaurus.config.js", "module.exports = { title: 'Docs', presets: [['classic', { docs: { sidebarPath: './sidebars.json' } }]] };\n"),
            File("sidebars.json", "{\"docs\": [\"intro\", {\"type\": \"html\", \"value\": \"<hr>\"}]}\n"),
            File("content/intro.md", "# Intro\n"),
        ], produces: "sidebars.json:1:30: warning: an entry of type 'html' in the sidebars is not shown in Groundwork's nav [docusaurus.sidebar-entry]"),
        fix: "Nothing to do if the entry is decoration; to show a link, write it as a {type: 'link'} or 'doc' entry.")

    public static let docusaurusSidebarsUnread = DiagnosticCode(
        id: "docusaurus.sidebars-unread", severity: .warning,
        summary: "A Docusaurus sidebars file could not be read; the nav keeps the folder order.",
        explanation: """
            A Docusaurus project's order and category names are in its sidebars file (the config's \
            'sidebarPath'). Groundwork runs a 'sidebars.js' ('.cjs', '.mjs') with Node.js, as Docusaurus \
            does, and reads 'sidebars.json' directly. When that is not possible (Node.js is not \
            installed, the file needs a package that is not installed, it runs longer than 10 seconds, \
            it is TypeScript, which Groundwork does not run), the nav falls back to the folder order \
            ('_category_' files, 'sidebar_position', titles), which is not the site's own: this warning \
            says so, at the sidebars file, with the reason.
            """,
        example: Example(files: [
            File("docusaurus.config.ts", "export default { title: 'Docs', presets: [['classic', { docs: { sidebarPath: './sidebars.ts' } }]] };\n"),
            File("sidebars.ts", "const sidebars = { docs: ['intro'] };\nexport default sidebars;\n"),
            File("content/intro.md", "# Intro\n"),
        ], produces: "sidebars.ts:1:1: warning: sidebars file not read (it is TypeScript, which Groundwork does not run); the nav keeps the folder order [docusaurus.sidebars-unread]"),
        fix: "Install Node.js (Debian: apt-get install nodejs) or the packages the file requires, fix the error named, or write the sidebars as sidebars.js or sidebars.json; GROUNDWORK_NODE=off accepts the folder order without the warning.")

    public static let pageDuplicateIndex = DiagnosticCode(
        id: "page.duplicate-index", severity: .error,
        summary: "A folder has more than one index page (_index.md, index.md, README.md).",
        explanation: """
            A folder's index page is its '_index.md', 'index.md' or 'README.md', in that order. When a \
            folder has two of them, the first one wins and the other one is not published as the \
            index, which is rarely what the writer meant.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\n[Guide](guide/)\n"),
            File("content/guide/_index.md", "# Guide\n"),
            File("content/guide/README.md", "# Guide (old)\n"),
        ], produces: "content/guide/README.md:1:1: error: folder 'guide' already has an index page '_index.md'; this file is treated as an ordinary page [page.duplicate-index]"),
        fix: "Keep one index page per folder: merge the two, or rename one into a regular page.")

    public static let fileUnreadable = DiagnosticCode(
        id: "file.unreadable", severity: .error, overridable: false,
        summary: "A file or folder in the content folder cannot be read (or is a broken symbolic link).",
        explanation: """
            Every file of the content folder is read; one that cannot be (no permission, a broken \
            symbolic link, a device or pipe) is skipped and reported, because the site would otherwise \
            silently miss it. It cannot be overridden.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n"),
            File("content/glossary.md", "missing-glossary.md", symlink: true),
        ], produces: "content/glossary.md:1:1: error: broken symbolic link; it is skipped [file.unreadable]"),
        fix: "Fix the permissions or the link, or remove the file.")

    public static let includeMissing = DiagnosticCode(
        id: "include.missing", severity: .error, overridable: false,
        summary: "An include (mdBook '{{#include}}', MkDocs '--8<--') names a file, anchor or section that is not there.",
        explanation: """
            mdBook's '{{#include file}}' (with ':anchor' or a line range) and MkDocs' snippets \
            ('--8<-- "file"', with a line range or ':section') are replaced by the file's text before the \
            page is read. When the file, the anchor ('ANCHOR: name') or the section ('--8<-- [start:name]') \
            cannot be found, or the path leaves the project folder, the page would publish the directive \
            or lose the text, so it is reported at the directive.
            """,
        example: Example(files: [
            File("content/index.md", "# Home\n\n```rust\n{{#include listings/main.rs}}\n```\n"),
        ], produces: "content/index.md:4:1: error: included file 'listings/main.rs' not found [include.missing]"),
        fix: "Fix the path (relative to the page for mdBook, to base_path for snippets), or add the anchor or section markers.")

    public static let includeCycle = DiagnosticCode(
        id: "include.cycle", severity: .error, overridable: false,
        summary: "Included files include each other (or nest more than 10 deep, or one page expands more than 2000 includes).",
        explanation: """
            An include whose file is already being included would never end, so it is reported at the \
            directive that closes the cycle and not expanded; includes nested more than 10 levels deep \
            (mdBook's limit), and a page that would expand more than 2000 includes in all, are reported \
            the same way: a page must not take forever or all memory to read.
            """,
        example: Example(files: [
            File("content/index.md", "# Home\n\n--8<-- \"parts/a.txt\"\n"),
            File("content/parts/a.txt", "Text.\n\n--8<-- \"parts/a.txt\"\n"),
        ], produces: "content/parts/a.txt:3:8: error: 'parts/a.txt' is already being included here (an include cycle) [include.cycle]"),
        fix: "Remove the include that leads back to a file already included.")

    public static let shortcodeUnrendered = DiagnosticCode(
        id: "shortcode.unrendered", severity: .warning,
        summary: "A Hugo shortcode Groundwork cannot run: shown as written.",
        explanation: """
            In a Hugo site, '{{< name >}}' and '{{% name %}}' call templates of the site (or its theme). \
            Groundwork runs Hugo's built-ins 'ref', 'relref', 'highlight', 'figure' and 'details'; any \
            other shortcode is shown as its call in code, the content of a paired '{{< >}}' call as a \
            code block (it is passed raw to the template, so it is never read as Markdown) and the \
            content of a paired '{{% %}}' call as Markdown. A link whose destination is a shortcode \
            cannot be checked. Reported once per shortcode name per page, at its first use; also for \
            a call that is not closed and a closing call with no opening one.
            """,
        example: Example(files: [
            File("content/hugo.toml", "title = \"Docs\"\n"),
            File("content/content/index.md", "# Home\n\n{{< youtube 0RKpf3rK57I >}}\n"),
        ], produces: "content/content/index.md:3:1: warning: shortcode 'youtube' is not run by Groundwork; shown as written [shortcode.unrendered]"),
        fix: "Nothing, when the site is built with Hugo; turn the code off in a site that only Groundwork builds.")

    // MARK: Cards, tables, images

    public static let cardTooLong = DiagnosticCode(
        id: "card.too-long", severity: .error,
        summary: "A battle card has more words than cards.max_words (default 250).",
        explanation: """
            A battle card must fit on one printed page, US Letter or A4. Words are counted as a reader \
            sees the card (headings, paragraphs, list items, table cells, code, link labels; not the \
            front matter, citation markers or images), and the diagnostic points at the first word \
            over the budget, with the count per section as notes.
            """,
        example: Example(files: [
            File("content/site.yaml", "cards:\n  max_words: 5\n"),
            File("content/cards/pricing.md", "---\ntitle: Pricing\n---\n\nOur price is fixed per seat, per year.\n"),
        ], produces: "content/cards/pricing.md:5:24: error: battle card has 8 words, 3 over cards.max_words (5); word 6, the first over, is here [card.too-long]"),
        fix: "Cut it; move detail to a regular page and link to it.")

    public static let cardAnswerUnsourced = DiagnosticCode(
        id: "card.answer-unsourced", severity: .warning,
        summary: "An answer under a card's 'If they say' section cites no source.",
        explanation: """
            A seller reads a card's answers to objections aloud, so each one must rest on a source the \
            reader can check. Every list item under a battle card's 'If they say' section (an objection \
            in bold, then its answer) needs at least one citation; one without is a warning at the \
            list item.
            """,
        example: Example(files: [
            File("content/cards/objections.md", "---\ntitle: Objections\n---\n\n## If they say …\n\n- **Just train it on our data.** Retrieval usually fits better.\n"),
        ], produces: "content/cards/objections.md:7:1: warning: the answer to this objection cites no source [card.answer-unsourced]"),
        fix: "Cite the source the answer rests on, e.g. [@key], or take the point off the card.")

    public static let tableMalformed = DiagnosticCode(
        id: "table.malformed", severity: .error,
        summary: "A fenced 'table' block has no rows, or rows with differing numbers of cells.",
        explanation: """
            A fenced code block with the info string 'table' holds pipe rows, the first row being the \
            header. Every row must have as many cells as the header; a row with more or fewer would \
            shift cells into the wrong column. GitHub pipe tables (a header row, then a delimiter \
            row such as '|---|:--:|') are never reported: as the GFM spec says, a short row is padded \
            with empty cells and extra cells are dropped, and a header and delimiter row of different \
            widths are not a table but a paragraph.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\n```table\n| Method | Cost |\n| Prompting |\n```\n"),
        ], produces: "content/_index.md:5:1: error: row has 1 cells; the header has 2 [table.malformed]"),
        fix: "Make every row the same width; a '|' inside a cell splits it (write '\\|').")

    public static let anchorDuplicate = DiagnosticCode(
        id: "anchor.duplicate", severity: .error,
        summary: "Two elements of a page declare the same id ('{#id}' or an Obsidian '^block-id').",
        explanation: """
            An id written by hand — a heading's or paragraph's '{#id}' / '{: #id }', or an Obsidian \
            block id '^id' at the end of a paragraph or list item — is a link target. When two \
            elements of one page declare the same id, a link to it can only ever reach the first, \
            and the page's HTML is invalid. The second one is reported, at its '{' or '^'. \
            (Generated heading ids never collide: a repeated heading gets '-1', '-2'.)
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\n## Setup {#install}\n\n## Install {#install}\n"),
        ], produces: "content/_index.md:5:12: error: id 'install' is already declared at line 3 [anchor.duplicate]"),
        fix: "Give each element its own id, and update the links to the one you rename.")

    public static let attributeRemoved = DiagnosticCode(
        id: "attribute.removed", severity: .warning,
        summary: "An attribute list '{: … }' sets an attribute Groundwork does not render.",
        explanation: """
            An attribute list after a heading or paragraph may set the id ('#id'), classes \
            ('.class'), and the attributes 'title', 'lang', 'dir', 'translate' and 'data-*'. One \
            written right after an image ('{ width=300 }') may also set 'width' and 'height' (whole \
            pixels, or a percentage, written as a style), 'loading' ('lazy', 'eager') and 'align' \
            ('left', 'right' as a float; 'top', 'middle', 'bottom'). One that is a fenced code \
            block's info string ('``` { .sh #id }') may also carry superfences' 'hl_lines' and \
            'linenums', accepted and not rendered. Any other attribute or value — an event \
            handler such as 'onclick', 'style', 'href', 'width=wide' — could run script or restyle \
            the page, so it is removed from the output; the rest of the list is kept.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nHello.\n{: .lead onclick=\"alert(1)\" }\n"),
        ], produces: "content/_index.md:4:1: warning: attribute 'onclick' is not rendered (allowed: id, class, title, lang, dir, translate, data-*; on an image also width, height, loading, align with a valid value) [attribute.removed]"),
        fix: "Remove the attribute; style elements through their classes in the theme's CSS.")

    public static let footnoteMissing = DiagnosticCode(
        id: "footnote.missing", severity: .error,
        summary: "A footnote reference '[^label]' has no '[^label]:' definition on the page.",
        explanation: """
            A footnote reference is numbered and linked to its definition, which the footnotes \
            section at the end of the page shows. Without a definition on the same page there is \
            nothing to show: the reference is rendered as the text '[^label]' and reported at its \
            '['. Labels match case-insensitively.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nPrompting is cheap.[^cost]\n\n[^costs]: Per call, not per seat.\n"),
        ], produces: "content/_index.md:3:20: error: no definition for footnote '[^cost]' [footnote.missing]"),
        fix: "Add the definition ('[^label]: text' on a line of its own, continued by lines indented four spaces) or correct the label.")

    public static let footnoteUnused = DiagnosticCode(
        id: "footnote.unused", severity: .warning,
        summary: "A footnote definition '[^label]:' is never referenced on its page.",
        explanation: """
            Only referenced footnotes are shown, in the order of their first reference; a \
            definition nothing refers to is not rendered at all, so its text (and any source it \
            cites) would silently vanish. It is reported at the definition's '['; a second \
            definition of the same label is reported too, since only the first is used.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\nPrompting is cheap.\n\n[^cost]: Per call, not per seat.\n"),
        ], produces: "content/_index.md:5:1: warning: footnote '[^cost]' is never referenced [footnote.unused]"),
        fix: "Reference it with '[^label]' where it belongs, or delete the definition.")

    public static let calloutUnknownType = DiagnosticCode(
        id: "callout.unknown-type", severity: .warning,
        summary: "A callout's type is not a known one but close to one ('[!NOTES]', '!!! warnng', ':::tipp').",
        explanation: """
            Callouts are written as GitHub/Obsidian '> [!type]', MkDocs '!!! type' or Docusaurus \
            ':::type', and any type name is allowed: a known one (note, tip, important, warning, \
            caution, info, abstract, todo, success, question, failure, danger, bug, example, quote \
            and their synonyms) gets its colour, any other the neutral style with its name as the \
            title. A name one or two letters away from a known type is most likely a typo that \
            would lose the colour the writer wanted, so it is reported at the type name with the \
            known type it resembles.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\n> [!NOTES]\n> Prices change every quarter.\n"),
        ], produces: "content/_index.md:3:5: warning: unknown callout type 'NOTES' (did you mean 'note'?); it is shown in the neutral style [callout.unknown-type]"),
        fix: "Correct the type name, or keep it if it is meant as a type of its own (then switch the check off for the site).")

    public static let imageAltMissing = DiagnosticCode(
        id: "image.alt-missing", severity: .warning,
        summary: "An image has no alt text.",
        explanation: """
            Alt text is what a screen reader says instead of the image, and what is shown when it does \
            not load. An image with an empty description is a warning.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\n![](assets/diagram.png)\n"),
            File("content/assets/diagram.png", "not really a PNG\n"),
        ], produces: "content/_index.md:3:1: warning: image 'assets/diagram.png' has no alt text [image.alt-missing]"),
        fix: "Describe what the image shows: `![what it shows](path)`.")

    public static let htmlRemoved = DiagnosticCode(
        id: "html.removed", severity: .warning,
        summary: "Raw HTML in a page contained an element, attribute or URL that is not allowed; it was removed.",
        explanation: """
            Raw HTML in Markdown is parsed as a browser parses it and cut down to an allow-list \
            (docs/content-format.md lists it): structure and text elements such as details, div, \
            span, figure, img, video, the table family, kbd, sup, br, with safe attributes (id, \
            class, title, alt, width, height, open, colspan, links and sources with http, https, \
            mailto, tel or relative URLs). Everything else is removed before the page is written: \
            script, style, iframe, object, forms, svg and math with their content; an unknown \
            element such as font or center is unwrapped and its text kept; event handlers, style \
            attributes and javascript:, vbscript: or data: URLs (data: images in img excepted) are \
            dropped from the element; an end tag that closes no element raw HTML opened before it \
            in the same block is dropped too, so raw HTML never closes the theme's own elements. \
            Each removal is a warning at the element or attribute, naming what was removed and \
            why. With 'unsafe_html: true' in site.yaml raw HTML is written as is and nothing is \
            reported.
            """,
        example: Example(files: [
            File("content/_index.md", "# Home\n\n<div class=\"note\" onclick=\"track()\">Read this.</div>\n"),
        ], produces: "content/_index.md:3:19: warning: removed attribute 'onclick' of <div>: event handlers run script [html.removed]"),
        fix: "Delete what was removed, or write it in Markdown; style with a class from the theme instead of style attributes.")

    // MARK: Audiences

    public static let audienceLeak = DiagnosticCode(
        id: "audience.leak", severity: .error, overridable: false,
        summary: "Content visible to an audience links to, or cites, something that audience may not see.",
        explanation: """
            Pages, cards and sources can narrow their 'audience'. A page visible to an audience that \
            links to, wiki-links to or cites something that audience may not see would leak its \
            existence, or break, in that edition. Every declared audience is checked when no \
            '--audience' is given. It guards confidentiality, so it cannot be overridden.
            """,
        example: Example(files: [
            File("content/site.yaml", "audiences: [internal, partner]\ndefault_audience: [internal, partner]\n"),
            File("content/_index.md", "# Home\n\nSee [pricing](pricing.md).\n"),
            File("content/pricing.md", "---\ntitle: Pricing\naudience: [internal]\n---\n\nInternal prices.\n"),
        ], produces: "content/_index.md:3:5: error: page visible to 'partner' links to pricing.md, which 'partner' may not see [audience.leak]"),
        fix: "Widen the target's 'audience', narrow the linking page's, or remove the link.")

    public static let audienceUnknown = DiagnosticCode(
        id: "audience.unknown", severity: .error, overridable: false,
        summary: "An audience name that site.yaml does not declare.",
        explanation: """
            An 'audience' list on a page, card or source, and 'default_audience' in site.yaml, may only \
            name audiences listed in 'audiences'. A misspelt name would hide the content from everyone, \
            so it is an error with the closest declared name as a note.
            """,
        example: Example(files: [
            File("content/site.yaml", "audiences: [internal, partner]\ndefault_audience: [internal, partner]\n"),
            File("content/_index.md", "---\ntitle: Home\naudience: [partners]\n---\n\nWelcome.\n"),
        ], produces: "content/_index.md:3:11: error: unknown audience 'partners' (site.yaml declares internal, partner) [audience.unknown]"),
        fix: "Use a name from 'audiences' in site.yaml, or declare the new audience there.")

    // MARK: Configuration and environment

    public static let configInvalid = DiagnosticCode(
        id: "config.invalid", severity: .error, overridable: false,
        summary: "site.yaml is not valid: bad YAML, an unknown setting, a wrong type, or a bad override.",
        explanation: """
            site.yaml configures the whole site; a mistake in it changes every page, so it is reported \
            at its position and the command exits with status 2. It covers invalid YAML, unknown \
            settings (with "did you mean"), values of the wrong type, and 'checks:' entries that name \
            an unknown code or one a site may not override (such as this one).
            """,
        example: Example(files: [
            File("content/site.yaml", "title: Field Guide\nnva: [guide/]\n"),
            File("content/_index.md", "# Home\n"),
        ], produces: "content/site.yaml:2:1: error: unknown setting 'nva' [config.invalid]"),
        fix: "Fix the setting named in the message; see the \"did you mean\" note.")

    public static let templateInvalid = DiagnosticCode(
        id: "template.invalid", severity: .error, overridable: false,
        summary: "serve only: a template does not parse, or a required template is missing.",
        explanation: """
            'groundwork serve' keeps serving the last good site while a template being edited does \
            not parse, and shows this diagnostic over every page until it is fixed. ('build' and \
            'check' stop with exit status 2 and the same message instead.)
            """,
        example: Example(run: .rebuild, files: [
            File("content/_index.md", "# Home\n"),
            File("templates/partials/notice.mustache", "<p>{{#site}}{{title}}</p>\n"),
        ], produces: "templates/partials/notice.mustache:2:1: error: template syntax error: expectedSectionEnd [template.invalid]"),
        fix: "Fix the template at the position given; the page reloads when it parses.")

    public static let environment = DiagnosticCode(
        id: "environment", severity: .error, overridable: false,
        summary: "serve only: a rebuild failed because the content or templates folder cannot be read.",
        explanation: """
            When a rebuild in 'groundwork serve' fails for a reason outside the content (the content \
            folder was deleted or renamed, a folder cannot be read), the preview keeps the last good \
            site and shows this error over it. 'build' and 'check' exit with status 2 instead.
            """,
        example: Example(run: .serve, files: [
            File("content/_index.md", "# Home\n"),
        ], setup: "While 'groundwork serve' runs, the content folder is deleted.", produces: "content:1:1: error: content folder 'content' not found [environment]"),
        fix: "Restore the folder, or restart 'groundwork serve' with the right '--content'.")
}
