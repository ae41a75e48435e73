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
    /// The library's indices of `order`'s sources, in the same order: a page cites a few
    /// sources, so the number is found by a scan of these integers rather than by hashing the
    /// key a second time (a `[String: Int]` look-up was ~1,900 instructions a citation; issue 21).
    private var orderIndices: [Int] = []

    package init(library: SourceLibrary) { self.library = library }

    package mutating func number(for key: String) -> Int? {
        guard let index = library.byID[key] else { return nil }
        return number(forKnown: key, at: index)
    }

    /// Appends the citation's marker to `out`,
    /// `<sup class="citation">[<a href="#ref-key" title="Title">1</a>, p. 4]</sup>`, piece by piece: a page cites
    /// a few times, and the parts, joined strings and interpolations were ~12,000
    /// instructions a citation (issue 21).
    package mutating func render(_ citation: Citation, into out: inout HTMLBuffer) {
        // No sources at all (a docs folder without sources.yaml): `[@name]` is text as the
        // writer's tool shows it (a GitHub handle in meeting notes), not a citation.
        if library.sources.isEmpty {
            HTML.escape(citation.raw, into: &out)
            return
        }
        out += "<sup class=\"citation\">["
        for (position, item) in citation.items.enumerated() {
            if position > 0 { out += "; " }
            if let index = library.byID[item.key] {
                let n = number(forKnown: item.key, at: index)
                out += "<a href=\"#ref-"
                out.appendEncodedFragment(item.key)
                out += "\" title=\""
                HTML.escape(library.sources[index].title ?? item.key, into: &out)
                out += "\">"
                out.append(decimal: n)
                out += "</a>"
            } else {
                out += "?"
                HTML.escape(item.key, into: &out)
            }
            if !item.locator.isEmpty {
                out += ", "
                HTML.escape(item.locator, into: &out)
            }
        }
        out += "]</sup>"
    }

    /// `number(for:)` for a key the library has, at `index` of its sources.
    private mutating func number(forKnown key: String, at index: Int) -> Int {
        if let position = orderIndices.firstIndex(of: index) { return position + 1 }
        order.append(key)
        orderIndices.append(index)
        return order.count
    }
}
