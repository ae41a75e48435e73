@testable import Markdown
import TestSupport
import XCTest

/// The walkers (Walkers.swift) and `Document.blockAttributes` visit a table's header and rows
/// without joining them into a new array (issue 21). These tests compare them, on generated
/// trees holding every kind of block and inline nested in every container, with the former
/// walks kept below as the reference: the same nodes, in the same order, with the same context.
final class WalkerEquivalenceTests: XCTestCase {
    func testBlockWalkerVisitsWhatTheFormerWalkVisited() {
        for seed in 0..<300 {
            let document = GeneratedTree.document(seed: UInt64(seed))
            var visited: [String] = []
            BlockWalker.forEachBlock(document.blocks) { visited.append("\($0)") }
            var expected: [String] = []
            FormerWalkers.forEachBlock(document.blocks) { expected.append("\($0)") }
            XCTAssertFalse(expected.isEmpty)
            XCTAssertEqual(visited, expected, "seed \(seed)")

            var headings: [String] = []
            BlockWalker.forEachHeading(in: document) { headings.append("\($0)") }
            var expectedHeadings: [String] = []
            FormerWalkers.forEachBlock(document.blocks) { if case .heading(let h) = $0 { expectedHeadings.append("\(h)") } }
            XCTAssertEqual(headings, expectedHeadings, "seed \(seed)")
        }
    }

    func testInlineWalkerVisitsWhatTheFormerWalkVisited() {
        var total = 0
        for seed in 0..<300 {
            let document = GeneratedTree.document(seed: UInt64(seed))
            var visited: [String] = []
            InlineWalker.forEach(in: document) { inline, context in
                visited.append("\(inline) \(context.inHeading) \(String(describing: context.blockRange))")
            }
            var expected: [String] = []
            FormerWalkers.forEachInline(blocks: document.blocks) { inline, context in
                expected.append("\(inline) \(context.inHeading) \(String(describing: context.blockRange))")
            }
            XCTAssertEqual(visited, expected, "seed \(seed)")
            total += expected.count
        }
        XCTAssertGreaterThan(total, 1000, "the generated trees hold inlines to visit")
    }

    func testBlockAttributesAreWhatTheFormerWalkFound() {
        var total = 0
        for seed in 0..<300 {
            let document = GeneratedTree.document(seed: UInt64(seed))
            let expected = FormerWalkers.blockAttributes(document.blocks)
            XCTAssertEqual(document.blockAttributes, expected, "seed \(seed)")
            XCTAssertEqual(document.blockAttributeIDs, expected.compactMap { $0.id }, "seed \(seed)")
            total += expected.count
        }
        XCTAssertGreaterThan(total, 100, "the generated trees hold attributes to find")
    }

    /// A parsed page too (not only generated trees): a document with every container.
    func testParsedDocumentIsWalkedAsBefore() {
        let source = """
        # Title {#top}

        > [!NOTE] A *title* with [a link](a.md)
        > Body with **strong [[Wiki]]** and ~~gone~~.

        - item with `code` ^item-id
        - [ ] task [^1]

        Term
        : Definition with ![alt](i.png){ .wide }

        | a | b |
        |---|---|
        | [x](y.md) | *e* |

        [^1]: Note with [@cite].

        Para {: #p .c }
        """
        let document = MarkdownParser.parse(source)
        var visited: [String] = [], expected: [String] = []
        InlineWalker.forEach(in: document) { inline, context in visited.append("\(inline) \(context.inHeading)") }
        FormerWalkers.forEachInline(blocks: document.blocks) { inline, context in expected.append("\(inline) \(context.inHeading)") }
        XCTAssertGreaterThan(expected.count, 20)
        XCTAssertEqual(visited, expected)
        XCTAssertEqual(document.blockAttributes, FormerWalkers.blockAttributes(document.blocks))
        XCTAssertEqual(document.blockAttributeIDs, ["top", "^item-id", "p"])
    }
}

/// The walks as they were before (8b827f5), kept as the tests' reference.
private enum FormerWalkers {
    static func forEachBlock(_ blocks: [Block], _ body: (Block) -> Void) {
        for block in blocks {
            body(block)
            switch block {
            case .blockQuote(let quote): forEachBlock(quote.blocks, body)
            case .list(let list): for item in list.items { forEachBlock(item.blocks, body) }
            case .footnoteDefinition(let definition): forEachBlock(definition.blocks, body)
            case .definitionList(let list):
                for item in list.items { for definition in item.definitions { forEachBlock(definition.blocks, body) } }
            default: break
            }
        }
    }

    static func forEachInline(blocks: [Block], _ body: (Inline, InlineWalker.Context) -> Void) {
        typealias Context = InlineWalker.Context
        func visit(_ inlines: [Inline], _ context: Context) {
            for inline in inlines {
                body(inline, context)
                switch inline {
                case .emphasis(let children), .strong(let children), .strikethrough(let children): visit(children, context)
                case .link(let link), .image(let link): visit(link.children, context)
                default: break
                }
            }
        }
        forEachBlock(blocks) { block in
            switch block {
            case .paragraph(let p): visit(p.inlines, Context(inHeading: false, blockRange: p.range))
            case .heading(let h): visit(h.inlines, Context(inHeading: true, blockRange: h.range))
            case .blockQuote(let quote):
                if let title = quote.header?.title { visit(title, Context(inHeading: false, blockRange: quote.range)) }
            case .definitionList(let list):
                for item in list.items {
                    for term in item.terms { visit(term.inlines, Context(inHeading: false, blockRange: term.range)) }
                }
            case .table(let table):
                for row in (table.header.map { [$0] } ?? []) + table.rows {
                    for cell in row.cells { visit(cell.inlines, Context(inHeading: false, blockRange: cell.range)) }
                }
            default: break
            }
        }
    }

    static func blockAttributes(_ blocks: [Block]) -> [BlockAttributes] {
        var found: [BlockAttributes] = []
        func add(_ attributes: BlockAttributes?, _ range: SourceRange?) {
            guard var attributes else { return }
            if attributes.position == nil { attributes.position = range?.start }
            found.append(attributes)
        }
        func inline(_ inlines: [Inline], _ range: SourceRange?) {
            for element in inlines {
                switch element {
                case .attributeList(let a): add(a, range)
                case .emphasis(let c), .strong(let c), .strikethrough(let c): inline(c, range)
                case .link(let l): inline(l.children, range)
                default: break
                }
            }
        }
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let p): inline(p.inlines, p.range); add(p.attributes, p.range)
                case .heading(let h): inline(h.inlines, h.range); add(h.attributes, h.range)
                case .codeBlock(let c): add(c.attributes, c.range)
                case .table(let t):
                    for row in (t.header.map { [$0] } ?? []) + t.rows {
                        for cell in row.cells { inline(cell.inlines, cell.range ?? t.range) }
                    }
                case .blockQuote(let q): walk(q.blocks)
                case .list(let l):
                    for item in l.items {
                        add(item.attributes, item.range)
                        walk(item.blocks)
                    }
                case .footnoteDefinition(let f): walk(f.blocks)
                case .definitionList(let l):
                    for item in l.items {
                        for term in item.terms { inline(term.inlines, term.range) }
                        for definition in item.definitions { walk(definition.blocks) }
                    }
                default: break
                }
            }
        }
        walk(blocks)
        return found
    }
}

/// Random trees with every kind of block and inline, nested a few levels deep; every node
/// gets a distinct range (a counter as its line), so a node visited twice, skipped or out of
/// order shows in the visit lists.
private struct GeneratedTree {
    var random: SeededGenerator
    var counter = 0

    init(seed: UInt64) { random = SeededGenerator(state: seed &* 7919 &+ 1) }

    static func document(seed: UInt64) -> Document {
        var tree = GeneratedTree(seed: seed)
        return Document(blocks: tree.blocks(depth: 0))
    }

    mutating func range() -> SourceRange? {
        counter += 1
        if random.next(8) == 0 { return nil }
        return SourceRange(start: SourcePosition(line: counter, column: 1), end: SourcePosition(line: counter, column: 9))
    }

    mutating func attributes() -> BlockAttributes? {
        switch random.next(4) {
        case 0:
            counter += 1
            return BlockAttributes(syntax: .attributeList, id: "id\(counter)", classes: ["c"],
                                   position: random.next(2) == 0 ? nil : SourcePosition(line: counter, column: 3))
        case 1:
            counter += 1
            return BlockAttributes(syntax: .blockID, id: nil, position: nil)
        default: return nil
        }
    }

    mutating func inlines(depth: Int) -> [Inline] {
        (0..<random.next(5)).map { _ in inline(depth: depth) }
    }

    mutating func inline(depth: Int) -> Inline {
        let leaf = depth >= 3
        switch random.next(leaf ? 7 : 13) {
        case 0: counter += 1; return .text(Text(string: "t\(counter)", range: range()))
        case 1: return .softBreak
        case 2: return .lineBreak
        case 3: counter += 1; return .code(Code(literal: "c\(counter)", range: range()))
        case 4: counter += 1; return .wikiLink(WikiLink(target: "w\(counter)", raw: "[[w\(counter)]]", range: range()))
        case 5: counter += 1; return .footnoteReference(FootnoteReference(label: "f\(counter)", range: range()))
        case 6: return attributes().map(Inline.attributeList) ?? .html(Code(literal: "<b>", range: range()))
        case 7: return .emphasis(inlines(depth: depth + 1))
        case 8: return .strong(inlines(depth: depth + 1))
        case 9: return .strikethrough(inlines(depth: depth + 1))
        case 10: return .link(Link(destination: "d\(counter)", title: "", children: inlines(depth: depth + 1), range: range()))
        case 11: return .image(Link(destination: "i\(counter)", title: "", children: inlines(depth: depth + 1), range: range()))
        default:
            counter += 1
            return .citation(Citation(items: [.init(key: "k\(counter)", locator: "", position: nil)], raw: "[@k]", range: range()))
        }
    }

    mutating func blocks(depth: Int) -> [Block] {
        (0..<(depth == 0 ? 3 + random.next(6) : random.next(4))).map { _ in block(depth: depth) }
    }

    mutating func block(depth: Int) -> Block {
        let leaf = depth >= 3
        switch random.next(leaf ? 6 : 11) {
        case 0: return .paragraph(Paragraph(inlines: inlines(depth: 0), range: range(), attributes: attributes()))
        case 1:
            return .heading(Heading(level: 1 + random.next(6), inlines: inlines(depth: 0), explicitID: nil,
                                    range: range(), attributes: attributes()))
        case 2: counter += 1; return .codeBlock(CodeBlock(info: "", literal: "x\(counter)", range: range(), attributes: attributes()))
        case 3: counter += 1; return .htmlBlock(HTMLBlock(literal: "<div>\(counter)</div>", range: range()))
        case 4: return .thematicBreak(range())
        case 5:
            func row() -> Table.Row {
                counter += 1
                let position = SourcePosition(line: counter, column: 1)
                return Table.Row(cells: (0..<random.next(4)).map { _ in Table.Cell(inlines: inlines(depth: 0), range: range()) },
                                 position: position)
            }
            let header = random.next(2) == 0 ? nil : row()
            return .table(Table(header: header, rows: (0..<random.next(4)).map { _ in row() }, range: range()))
        case 6:
            let header = random.next(2) == 0 ? nil
                : CalloutHeader(type: "note", typeRange: nil, title: random.next(3) == 0 ? nil : inlines(depth: 0),
                                fold: nil, dialect: .mkdocs)
            return .blockQuote(BlockQuote(callout: nil, blocks: blocks(depth: depth + 1), range: range(), header: header))
        case 7:
            let items = (0..<random.next(4)).map { _ in
                ListItem(blocks: blocks(depth: depth + 1), range: range(), task: nil, attributes: attributes())
            }
            return .list(ListBlock(ordered: false, start: 1, tight: true, items: items, range: range()))
        case 8:
            counter += 1
            return .footnoteDefinition(FootnoteDefinition(label: "n\(counter)", blocks: blocks(depth: depth + 1), range: range()))
        case 9:
            let items = (0..<random.next(3)).map { _ in
                DefinitionList.Item(
                    terms: (0..<random.next(3)).map { _ in DefinitionList.Term(inlines: inlines(depth: 0), range: range()) },
                    definitions: (0..<random.next(3)).map { _ in
                        DefinitionList.Definition(blocks: blocks(depth: depth + 1), tight: true, range: range())
                    })
            }
            return .definitionList(DefinitionList(items: items, range: range()))
        default:
            counter += 1
            return .tableOfContents(TOCMarker(marker: "[TOC]\(counter)", range: range()))
        }
    }
}
