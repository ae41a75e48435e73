import ArgumentParser
import Foundation
import GroundworkCore

/// `groundwork new page|card|source`: scaffolding that passes the checks once its
/// placeholders are filled in (the placeholders themselves fail them on purpose: an
/// unfilled card cites `[@source-id]`, which is an unknown key).
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a page, a battle card or a source record for writers to fill in.",
        discussion: """
            groundwork new page spectrum/distillation --title "Distillation"
            groundwork new card pricing-questions --title "When the buyer asks about price"
            groundwork new source gao-26-999999 --title "…" --url https://www.gao.gov/products/gao-26-999999
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable { case page, card, source }

    @Argument(help: "What to create: page, card or source.") var kind: Kind
    @Argument(help: "page: SECTION/NAME (no .md); card: NAME; source: the source's id.") var name: String
    @Option(help: "The content folder.") var content = "content"
    @Option(help: "The title (default: from the name).") var title: String?
    @Option(help: "source: its URL.") var url: String?
    @Option(help: "Review date to set (YYYY-MM-DD); default: today + 180 days (sources: + 90).") var reviewBy: String?

    func execute(environment: [String: String], console: Console) throws -> Int32 {
        let today = Day.today(environment: environment)
        let root = URL(fileURLWithPath: content, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw EnvironmentError("content folder '\(content)' not found")
        }
        if let reviewBy, Day(reviewBy) == nil { throw ValidationError("--review-by must be a date as YYYY-MM-DD") }
        let segments = name.split(separator: "/").map(String.init)
        guard !segments.isEmpty, segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix(".") }),
              !name.hasSuffix(".md") else {
            throw ValidationError("'\(name)' is not a valid name: use lower-case words joined by '-', without '.md'")
        }
        let displayTitle = title ?? SiteResolverNames.humanize(segments.last!)
        switch kind {
        case .page:
            let review = reviewBy ?? Day(daysSinceEpoch: today.daysSinceEpoch + 180).description
            let path = segments.joined(separator: "/") + ".md"
            try create(root.appendingPathComponent(path), display: content + "/" + path, text: """
                ---
                title: \(yamlQuoted(displayTitle))
                summary: One sentence a reader sees in lists, search results and tooltips.
                tags: []
                review_by: \(review)
                owner: Your team
                ---

                Start with what the reader needs to know, in a sentence or two.

                ## What it is

                Explain it in your own words. A quotation is written in quotation marks and cites its
                source in the same paragraph, like this [@source-id]; so does any statistic.

                ## Why it matters to the buyer

                Link related pages with a relative link, like this one to [the section](_index.md),
                or with a wiki link: a page's title between double square brackets.

                """, console: console)
        case .card:
            let review = reviewBy ?? Day(daysSinceEpoch: today.daysSinceEpoch + 90).description
            let path = "cards/" + segments.joined(separator: "-") + ".md"
            try create(root.appendingPathComponent(path), display: content + "/" + path, text: """
                ---
                title: \(yamlQuoted(displayTitle))
                summary: When a seller reaches for this card, in one line.
                review_by: \(review)
                ---

                ## What to say

                Three or four sentences the seller says in their own words: the point of the card.

                ## What to ask

                - **A discovery question?** What the answer tells the seller.

                ## If they say …

                - **What the buyer says.** A two-line answer, with its source [@source-id].

                ## Next step

                What to offer before the call ends: a workshop, a pilot or a follow-up document.

                """, console: console)
        case .source:
            guard let url else { throw ValidationError("a source needs --url (or edit sources.yaml by hand for a DOI)") }
            let file = root.appendingPathComponent("sources.yaml")
            var existing = (try? String(contentsOf: file, encoding: .utf8)) ?? "references:\n"
            if existing.contains("\n- id: \(name)\n") || existing.hasPrefix("- id: \(name)\n") || existing.contains("id: \(name)\n") {
                throw EnvironmentError("\(content)/sources.yaml already has a source '\(name)'")
            }
            let review = reviewBy ?? Day(daysSinceEpoch: today.daysSinceEpoch + 90).description
            if !existing.hasSuffix("\n") { existing += "\n" }
            // Records under `references:` are indented like the rest of the file's list.
            let indent = existing.contains("\n  - id:") ? "  " : ""
            existing += """
                \(indent)- id: \(name)
                \(indent)  type: webpage
                \(indent)  title: \(yamlQuoted(displayTitle))
                \(indent)  publisher: Who published it
                \(indent)  URL: \(url)
                \(indent)  accessed: \(today)
                \(indent)  review_by: \(review)
                \(indent)  status: unverified   # confirmed, partial or unverified: what you have checked yourself
                \(indent)  excerpts:
                \(indent)    - "The exact words you quote, copied from the source."

                """
            try Data(existing.utf8).write(to: file)
            console.err("added source '\(name)' to \(content)/sources.yaml: set its status and excerpts, then cite it as [@\(name)]\n")
        }
        return ExitStatus.clean
    }

    func create(_ url: URL, display: String, text: String, console: Console) throws {
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw EnvironmentError("\(display) already exists; not overwritten")
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        console.err("created \(display): fill in the placeholders, then run 'groundwork check \(display.hasPrefix("content/") ? "" : "--content \(content) ")--only \(display)'\n")
    }

    func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// `distillation-basics` → `Distillation basics`.
enum SiteResolverNames {
    static func humanize(_ name: String) -> String {
        let spaced = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        guard let first = spaced.first else { return name }
        return first.uppercased() + spaced.dropFirst()
    }
}
