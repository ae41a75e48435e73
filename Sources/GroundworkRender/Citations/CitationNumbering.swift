import GroundworkDiagnostics
import GroundworkModel
import GroundworkResolve
import GroundworkSupport
import Markdown

/// Numbers a page's citations in order of first use and renders the markers.
struct CitationNumbering {
    package let library: SourceLibrary
    /// Source ids in the order the page first cites them; the number is the index + 1.
    private(set) var order: [String] = []
    private var numbers: [String: Int] = [:]

    package init(library: SourceLibrary) { self.library = library }

    package mutating func number(for key: String) -> Int? {
        guard library.byID[key] != nil else { return nil }
        if let n = numbers[key] { return n }
        order.append(key)
        numbers[key] = order.count
        return order.count
    }

    /// `<sup class="citation">[<a href="#ref-key" title="Title">1</a>, p. 4]</sup>`
    package mutating func render(_ citation: Citation) -> String {
        // No sources at all (a docs folder without sources.yaml): `[@name]` is text as the
        // writer's tool shows it (a GitHub handle in meeting notes), not a citation.
        if library.sources.isEmpty { return HTML.escape(citation.raw) }
        var parts: [String] = []
        for item in citation.items {
            let locator = item.locator.isEmpty ? "" : ", " + HTML.escape(item.locator)
            if let n = number(for: item.key), let source = library.sources[library.byID[item.key]!] as Source? {
                let title = HTML.escape(source.title ?? item.key)
                parts.append("<a href=\"#ref-\(HTML.escape(URLPaths.encodeFragment(item.key)))\" title=\"\(title)\">\(n)</a>\(locator)")
            } else {
                parts.append("?\(HTML.escape(item.key))\(locator)")
            }
        }
        return "<sup class=\"citation\">[" + parts.joined(separator: "; ") + "]</sup>"
    }
}
