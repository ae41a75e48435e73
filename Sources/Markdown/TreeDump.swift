/// A readable, stable dump of a tree with positions, for golden tests and debugging.
extension Document {
    public func dump() -> String {
        var out = ""
        for block in blocks { dump(block, indent: 0, into: &out) }
        return out
    }

    private func r(_ range: SourceRange?) -> String { range.map { " @\($0)" } ?? "" }

    /// ` attrs(syntax id=… class=… k=v refused=…)@line:col`, or nothing.
    private func attrs(_ a: BlockAttributes?, withID: Bool = true) -> String {
        guard let a else { return "" }
        // A heading's plain `{#id}` is shown as `id=` alone, as it always was.
        if !withID, a.classes.isEmpty, a.pairs.isEmpty, a.refused.isEmpty { return "" }
        var parts = [a.syntax.rawValue]
        if withID, let id = a.id { parts.append("id=\(quoted(id))") }
        if !a.classes.isEmpty { parts.append("class=\(quoted(a.classes.joined(separator: " ")))") }
        for pair in a.pairs { parts.append("\(pair.name)=\(quoted(pair.value))") }
        if !a.refused.isEmpty { parts.append("refused=\(a.refused.joined(separator: ","))") }
        return " attrs(" + parts.joined(separator: " ") + ")" + (a.position.map { "@\($0)" } ?? "")
    }

    private func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func dump(_ block: Block, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        switch block {
        case .paragraph(let p):
            out += "\(pad)paragraph\(attrs(p.attributes))\(r(p.range))\n"
            for i in p.inlines { dump(i, indent: indent + 1, into: &out) }
        case .heading(let h):
            out += "\(pad)heading level=\(h.level)\(h.explicitID.map { " id=\($0)" } ?? "")\(attrs(h.attributes, withID: false))\(r(h.range))\n"
            for i in h.inlines { dump(i, indent: indent + 1, into: &out) }
        case .blockQuote(let q):
            // GitHub's plain `[!NOTE]` dumps as before; other dialects, types, titles and folding show.
            var extra = ""
            if let h = q.header {
                if h.dialect != .github { extra += " dialect=\(h.dialect.rawValue)" }
                if h.type.uppercased() != q.callout?.rawValue { extra += " type=\(quoted(h.type))\(r(h.typeRange))" }
                if let fold = h.fold { extra += " fold=\(fold.rawValue)" }
                if let title = h.title { extra += title.isEmpty ? " title=none" : " title:" }
            }
            out += "\(pad)blockquote\(q.callout.map { " callout=\($0.rawValue)" } ?? "")\(extra)\(r(q.range))\n"
            for i in q.header?.title ?? [] { dump(i, indent: indent + 2, into: &out) }
            for b in q.blocks { dump(b, indent: indent + 1, into: &out) }
        case .list(let l):
            out += "\(pad)list ordered=\(l.ordered) start=\(l.start) tight=\(l.tight)\(r(l.range))\n"
            for item in l.items {
                out += "\(pad)  item\(item.task.map { " task=\($0)" } ?? "")\(attrs(item.attributes))\(r(item.range))\n"
                for b in item.blocks { dump(b, indent: indent + 2, into: &out) }
            }
        case .codeBlock(let c):
            out += "\(pad)code_block info=\(quoted(c.info))\(attrs(c.attributes)) \(quoted(c.literal))\(r(c.range))\n"
        case .table(let t):
            out += "\(pad)table\(t.isPipeTable ? " pipe align=\(t.alignments.map(\.rawValue).joined(separator: ","))" : "")\(r(t.range))\n"
            for row in (t.header.map { [$0] } ?? []) + t.rows {
                out += "\(pad)  row @\(row.position)\n"
                for cell in row.cells {
                    out += "\(pad)    cell\(r(cell.range))\n"
                    for i in cell.inlines { dump(i, indent: indent + 3, into: &out) }
                }
            }
        case .htmlBlock(let h):
            out += "\(pad)html_block \(quoted(h.literal))\(r(h.range))\n"
        case .thematicBreak(let range):
            out += "\(pad)thematic_break\(r(range))\n"
        case .footnoteDefinition(let f):
            out += "\(pad)footnote_definition label=\(quoted(f.label))\(r(f.range))\n"
            for b in f.blocks { dump(b, indent: indent + 1, into: &out) }
        case .definitionList(let l):
            out += "\(pad)definition_list\(r(l.range))\n"
            for item in l.items {
                for term in item.terms {
                    out += "\(pad)  term\(r(term.range))\n"
                    for i in term.inlines { dump(i, indent: indent + 2, into: &out) }
                }
                for d in item.definitions {
                    out += "\(pad)  definition tight=\(d.tight)\(r(d.range))\n"
                    for b in d.blocks { dump(b, indent: indent + 2, into: &out) }
                }
            }
        case .tableOfContents(let t):
            out += "\(pad)table_of_contents \(quoted(t.marker))\(r(t.range))\n"
        }
    }

    private func dump(_ inline: Inline, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        switch inline {
        case .text(let t): out += "\(pad)text \(quoted(t.string))\(r(t.range))\n"
        case .softBreak: out += "\(pad)softbreak\n"
        case .lineBreak: out += "\(pad)linebreak\n"
        case .code(let c): out += "\(pad)code \(quoted(c.literal))\(r(c.range))\n"
        case .html(let c): out += "\(pad)html \(quoted(c.literal))\(r(c.range))\n"
        case .emphasis(let children):
            out += "\(pad)emph\n"
            for c in children { dump(c, indent: indent + 1, into: &out) }
        case .strong(let children):
            out += "\(pad)strong\n"
            for c in children { dump(c, indent: indent + 1, into: &out) }
        case .link(let l), .image(let l):
            let kind: String
            if case .link = inline { kind = "link" } else { kind = "image" }
            out += "\(pad)\(kind) dest=\(quoted(l.destination))\(l.title.isEmpty ? "" : " title=\(quoted(l.title))")\(r(l.range))\n"
            for c in l.children { dump(c, indent: indent + 1, into: &out) }
        case .citation(let c):
            let items = c.items.map { "@\($0.key)\($0.locator.isEmpty ? "" : "[\($0.locator)]")\($0.position.map { "@\($0)" } ?? "")" }
            out += "\(pad)citation \(items.joined(separator: " "))\(r(c.range))\n"
        case .wikiLink(let w):
            out += "\(pad)\(w.isEmbed ? "embed" : "wikilink") target=\(quoted(w.target))\(w.fragment.map { " fragment=\(quoted($0))" } ?? "")\(w.label.map { " label=\(quoted($0))" } ?? "")\(r(w.range))\n"
        case .strikethrough(let children):
            out += "\(pad)strikethrough\n"
            for c in children { dump(c, indent: indent + 1, into: &out) }
        case .footnoteReference(let f):
            out += "\(pad)footnote_reference label=\(quoted(f.label))\(r(f.range))\n"
        case .attributeList(let a):
            out += "\(pad)attribute_list\(attrs(a))\n"
        }
    }
}

import Foundation
