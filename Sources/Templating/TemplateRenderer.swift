/// Renders templates parsed by `TemplateParser` (issue 20; the speed-up of issue 9).
///
/// Same rules as swift-mustache 2.1.1's renderer — name lookup up the context stack,
/// sections over lists, booleans and objects, inverted sections, transforms, partials with
/// indentation, inherited blocks — for the value types Groundwork's contexts are made of:
/// `[String: Any]`, `[String: String]`, arrays of those, `[Any]`, `[String]`, `[Int]`,
/// `String`, `Bool`, `Int` and `Double`. It writes into one output buffer and classifies
/// each object once, where swift-mustache casts through its protocols and reflects on values at every
/// lookup and concatenates the strings of nested sections; on a 10,000-page build that is
/// most of the build's CPU time (BENCHMARKS.md, "FastRenderer: kept or deleted").
///
/// A value of any other type, or a transform it does not implement, is an error
/// (`RenderError`), never a silent fallback: Groundwork builds its contexts itself, so such a
/// value is a bug to fix where the context is made. `TemplateEquivalenceTests` compare it with
/// swift-mustache on every shipped template and on generated templates and contexts.
struct TemplateRenderer: Sendable {
    /// A value or transform this renderer does not handle.
    struct RenderError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    let templates: [String: ParsedTemplate]

    /// Renders the template `name`; nil when there is none.
    func render(_ name: String, context: Any) throws -> String? {
        var splices: [Splice]?
        return try render(name, context: context, splices: &splices)
    }

    /// `render`, and when `splices` is not nil, where kept `ReusableList` renderings were
    /// spliced into the output (appended to it, in output order).
    func render(_ name: String, context: Any, splices: inout [Splice]?) throws -> String? {
        guard let template = templates[name] else { return nil }
        guard Self.isKnownNonList(context) || Self.list(context) != nil else {
            throw RenderError(message: "the context is a \(type(of: context)), which templates cannot render")
        }
        var out = ""
        out.reserveCapacity(48 * 1024)
        var state = RenderContext()
        state.splices = splices
        state.push(context)
        try render(template, &state, into: &out)
        splices = state.splices
        return out
    }

    // MARK: The render context

    /// A list item's position, for `first()`, `last()`, `index()`, `even()`, `odd()`.
    struct SequencePosition {
        var first: Bool
        var last: Bool
        var index: Int
    }

    /// An object on the context stack, classified once when pushed.
    enum Frame {
        case dictionary([String: Any])
        case strings([String: String])
        /// A known type without named children (string, number, boolean, list).
        case inert
    }

    /// What swift-mustache's `MustacheContext` holds, mutated in place and restored after
    /// each nested render instead of copied.
    struct RenderContext {
        /// The context stack, bottom first, and each object's classification.
        var objects: [Any] = []
        var frames: [Frame] = []
        /// The position of the innermost list item, while rendering it (not inside a nested
        /// object section, partial or block).
        var sequence: SequencePosition?
        /// Added to every line, inside a partial or block on a line of its own.
        var indentation: String?
        /// Blocks defined by the inheriting templates (`{{<parent}}`), the outermost first.
        var inherited: [String: ParsedTemplate]?
        /// While a `ReusableList` item is rendered: its frame's index. A name looked up below
        /// it sets `escaped`, and the rendering is not kept (it depends on the page).
        var floor = Int.max
        var escaped = false
        /// Where kept renderings went into the page's output (nil: not recorded), and how
        /// many temporary buffers the rendering is in (offsets are known only in the page's
        /// own output, at 0).
        var splices: [Splice]?
        var buffered = 0

        /// Records that `fragment` is appended to `out` now, if `out` is the page's output.
        mutating func splicing(_ fragment: Fragment, at out: String) {
            guard buffered == 0, splices != nil else { return }
            splices!.append(Splice(offset: out.utf8.count, fragment: fragment))
        }

        mutating func push(_ object: Any) {
            objects.append(object)
            frames.append(Self.frame(object))
        }

        /// `push` for a dictionary known as one: no dynamic cast (lists of them are most of
        /// what is rendered).
        mutating func push(dictionary: [String: Any]) {
            objects.append(dictionary)
            frames.append(.dictionary(dictionary))
        }

        mutating func pop() {
            objects.removeLast()
            frames.removeLast()
        }

        /// Classifies an object; it is on the stack only after `TemplateRenderer.check`.
        static func frame(_ object: Any) -> Frame {
            let type = type(of: object)
            if type == [String: Any].self { return .dictionary(object as! [String: Any]) }
            if type == [String: String].self { return .strings(object as! [String: String]) }
            return .inert
        }
    }

    // MARK: Rendering

    private func render(_ template: ParsedTemplate, _ state: inout RenderContext, into out: inout String) throws {
        if let indentation = state.indentation, indentation != "" {
            // Indentation goes before a node's output when this template's output so far
            // ends a line (swift-mustache's rule, per node).
            var string = ""
            state.buffered += 1
            defer { state.buffered -= 1 }
            for node in template.nodes {
                var rendered = ""
                try renderNode(node, &state, into: &rendered)
                if !rendered.isEmpty, string.last == "\n" { string += indentation }
                string += rendered
            }
            out += string
        } else {
            for node in template.joinedNodes { try renderNode(node, &state, into: &out) }
        }
    }

    /// Renders `template` with `object` pushed and the list position `sequence` (nil: an
    /// object section, which hides the enclosing list's position).
    private func render(_ template: ParsedTemplate, pushing object: Any, sequence: SequencePosition?,
                        _ state: inout RenderContext, into out: inout String) throws {
        let saved = state.sequence
        state.push(object)
        state.sequence = sequence
        try render(template, &state, into: &out)
        state.pop()
        state.sequence = saved
    }

    private func render(_ template: ParsedTemplate, pushing dictionary: [String: Any], sequence: SequencePosition,
                        _ state: inout RenderContext, into out: inout String) throws {
        let saved = state.sequence
        state.push(dictionary: dictionary)
        state.sequence = sequence
        try render(template, &state, into: &out)
        state.pop()
        state.sequence = saved
    }

    private func renderNode(_ node: TemplateNode, _ state: inout RenderContext, into out: inout String) throws {
        switch node.kind {
        case .text:
            out += node.text
        case .variable:
            guard let child = try lookUp(node.name, &state) else { return }
            let type = type(of: child)
            if type == String.self {
                if node.escaped { HTMLEscape.escape(child as! String, into: &out) } else { out += child as! String }
            } else if type == Int.self {
                out += String(child as! Int)
            } else if type == Bool.self {
                out += (child as! Bool) ? "true" : "false"
            } else if type == Double.self {
                let text = String(describing: child as! Double)
                if node.escaped { HTMLEscape.escape(text, into: &out) } else { out += text }
            } else {
                throw RenderError(message: "{{\(node.name.written)}} is a \(type), which a variable tag cannot render")
            }
        case .section:
            try renderSection(try lookUp(node.name, &state), node, &state, into: &out)
        case .invertedSection:
            try renderInvertedSection(try lookUp(node.name, &state), node, &state, into: &out)
        case .blockExpansion:
            let chosen = state.inherited?[node.text] ?? node.template!
            let (savedSequence, savedIndentation) = (state.sequence, state.indentation)
            state.sequence = nil
            if let indented = node.indentation { state.indentation = (state.indentation ?? "") + indented }
            try render(chosen, &state, into: &out)
            (state.sequence, state.indentation) = (savedSequence, savedIndentation)
        case .partial:
            // A partial that does not exist renders nothing, as in swift-mustache.
            guard let template = templates[node.text] else { return }
            let (savedSequence, savedIndentation, savedInherited) = (state.sequence, state.indentation, state.inherited)
            state.sequence = nil
            if let indented = node.indentation { state.indentation = (state.indentation ?? "") + indented }
            if let inheriting = node.inherits {
                // The outermost definition of a block wins.
                state.inherited = state.inherited.map { $0.merging(inheriting) { outer, _ in outer } } ?? inheriting
            }
            try render(template, &state, into: &out)
            (state.sequence, state.indentation, state.inherited) = (savedSequence, savedIndentation, savedInherited)
        }
    }

    /// A list this renderer iterates, kept in its own type: turning a `[[String: Any]]` into
    /// an `[Any]` boxes every element, and `empty(pages)` on a nav of 100 entries asked only
    /// whether it had any (issue 21: ~4,400 instructions per transform).
    enum ListValue {
        case dictionaries([[String: Any]])
        case values([Any])
        case strings([String])
        case stringDictionaries([[String: String]])
        case ints([Int])

        var count: Int {
            switch self {
            case .dictionaries(let items): items.count
            case .values(let items): items.count
            case .strings(let items): items.count
            case .stringDictionaries(let items): items.count
            case .ints(let items): items.count
            }
        }

        /// The element at `index` (0 ..< count), boxed.
        subscript(index: Int) -> Any {
            switch self {
            case .dictionaries(let items): items[index]
            case .values(let items): items[index]
            case .strings(let items): items[index]
            case .stringDictionaries(let items): items[index]
            case .ints(let items): items[index]
            }
        }
    }

    /// The lists this renderer iterates; nil for any other value.
    static func list(_ value: Any) -> ListValue? {
        let type = type(of: value)
        if type == [[String: Any]].self { return .dictionaries(value as! [[String: Any]]) }
        if type == [Any].self { return .values(value as! [Any]) }
        if type == [String].self { return .strings(value as! [String]) }
        if type == [[String: String]].self { return .stringDictionaries(value as! [[String: String]]) }
        if type == ReusableList.self { return .dictionaries((value as! ReusableList).items) }
        if type == [Int].self { return .ints(value as! [Int]) }
        return nil
    }

    /// Whether the value is one of the scalar or dictionary types this renderer knows.
    private static func isKnownNonList(_ value: Any) -> Bool {
        let type = type(of: value)
        return type == [String: Any].self || type == String.self || type == Bool.self || type == Int.self
            || type == Double.self || type == [String: String].self
    }

    /// Every element of a list must be a known value before it is pushed.
    private static func check(_ value: Any, _ node: TemplateNode) throws {
        guard isKnownNonList(value) || list(value) != nil else {
            throw RenderError(message: "{{#\(node.name.written)}} holds a \(type(of: value)), which sections cannot render")
        }
    }

    private func renderSection(_ child: Any?, _ node: TemplateNode, _ state: inout RenderContext, into out: inout String) throws {
        guard let child else { return }
        let template = node.template!
        let type = type(of: child)
        if type == [[String: Any]].self {
            // The common case, without boxing every element into `[Any]`.
            let items = child as! [[String: Any]]
            var sequence = SequencePosition(first: true, last: false, index: 0)
            for (offset, item) in items.enumerated() {
                if offset == items.count - 1 { sequence.last = true }
                try render(template, pushing: item, sequence: sequence, &state, into: &out)
                sequence.first = false
                sequence.index += 1
            }
            return
        }
        if type == ReusableList.self {
            try renderReusable(child as! ReusableList, template, &state, into: &out)
            return
        }
        if let items = Self.list(child) {
            var sequence = SequencePosition(first: true, last: false, index: 0)
            for offset in 0..<items.count {
                let item = items[offset]
                try Self.check(item, node)
                if offset == items.count - 1 { sequence.last = true }
                try render(template, pushing: item, sequence: sequence, &state, into: &out)
                sequence.first = false
                sequence.index += 1
            }
            return
        }
        if type == Bool.self {
            // A true boolean renders in the same context: a list position stays visible.
            if child as! Bool { try render(template, &state, into: &out) }
            return
        }
        try Self.check(child, node)
        try render(template, pushing: child, sequence: nil, &state, into: &out)
    }

    /// A `ReusableList`: each item as in a `[[String: Any]]` section, its rendering taken
    /// from the store when it was kept, and kept when it read nothing outside the item.
    /// Consecutive kept renderings that earlier lists spliced alike come as one run
    /// (`FragmentStore.Run`): the same bytes, one lookup and one `Splice`.
    private func renderReusable(_ list: ReusableList, _ template: ParsedTemplate, _ state: inout RenderContext,
                                into out: inout String) throws {
        let body = ObjectIdentifier(template)
        let keeps = template.selfContained && (state.indentation ?? "").isEmpty
        let count = list.items.count
        // What the store held when the list started: this loop reads no rendering it keeps
        // itself (each position once, and runs start before the current position).
        let store = keeps ? list.store.snapshot(body) : FragmentStore.Snapshot()
        var sequence = SequencePosition(first: true, last: false, index: 0)
        // The kept renderings (and runs) spliced one after another since `stretchStart`.
        var stretch: [Fragment] = []
        var stretchStart = 0
        /// Ends the stretch before position `end`; the next one starts at `next`.
        func endStretch(before end: Int, next: Int) {
            if stretch.count >= 2 { list.store.saw(stretch, body, at: stretchStart..<end) }
            stretch.removeAll(keepingCapacity: true)
            stretchStart = next
        }
        var offset = 0
        while offset < count {
            if keeps, list.reusable[offset],
               let run = store.runs(from: offset).first(where: { run in
                   run.end <= count && list.reusable[offset..<run.end].allSatisfy { $0 }
               }) {
                // A run goes on the stretch too: runs that lists split differently join up.
                stretch.append(run.fragment)
                state.splicing(run.fragment, at: out)
                out += run.fragment.html
                sequence.first = false
                sequence.index = run.end
                offset = run.end
                continue
            }
            if offset == count - 1 { sequence.last = true }
            defer {
                sequence.first = false
                sequence.index += 1
                offset += 1
            }
            let item = list.items[offset]
            guard keeps, list.reusable[offset] else {
                endStretch(before: offset, next: offset + 1)
                try render(template, pushing: item, sequence: sequence, &state, into: &out)
                continue
            }
            if let kept = store.fragment(offset) {
                state.splicing(kept, at: out)
                out += kept.html
                stretch.append(kept)
                continue
            }
            let (savedFloor, savedEscaped) = (state.floor, state.escaped)
            state.floor = state.frames.count
            state.escaped = false
            var rendered = ""
            state.buffered += 1
            try render(template, pushing: item, sequence: sequence, &state, into: &rendered)
            state.buffered -= 1
            let escaped = state.escaped
            (state.floor, state.escaped) = (savedFloor, savedEscaped || escaped)
            if !escaped {
                let fragment = Fragment(rendered)
                list.store.keep(fragment, body, offset, count: list.items.count)
                state.splicing(fragment, at: out)
                stretch.append(fragment)
            } else {
                endStretch(before: offset, next: offset + 1)
            }
            out += rendered
        }
        endStretch(before: count, next: count)
    }

    private func renderInvertedSection(_ child: Any?, _ node: TemplateNode, _ state: inout RenderContext,
                                       into out: inout String) throws {
        let template = node.template!
        guard let child else {
            try render(template, &state, into: &out)
            return
        }
        if let items = Self.list(child) {
            // swift-mustache pushes the (empty) list.
            if items.count == 0 { try render(template, pushing: child, sequence: nil, &state, into: &out) }
            return
        }
        if type(of: child) == Bool.self {
            if !(child as! Bool) { try render(template, &state, into: &out) }
            return
        }
        guard Self.isKnownNonList(child) else {
            throw RenderError(message: "{{^\(node.name.written)}} holds a \(type(of: child)), which sections cannot render")
        }
    }

    // MARK: Looking names up

    /// A named child of a classified object: a dictionary's value; nothing for the other
    /// known types (swift-mustache's reflection finds no labelled children in them).
    private static func immediateChild(_ name: String, of frame: Frame) -> Any? {
        switch frame {
        case .dictionary(let dictionary): return dictionary[name]
        case .strings(let dictionary): return dictionary[name]
        case .inert: return nil
        }
    }

    private func lookUp(_ name: TemplateName, _ state: inout RenderContext) throws -> Any? {
        var child: Any?
        switch name.lookup {
        case .current:
            child = state.objects.last!
        case .sequence:
            child = state.sequence
        case .fromTop:
            child = try Self.child(name.path[...], from: state.objects.last!, frame: state.frames.last!, name)
        case .stack:
            guard let first = name.path.first else {
                child = state.objects.last
                break
            }
            // The first object from the top that has the first part; the rest is looked up
            // in what it holds, without going further down the stack.
            var index = state.frames.count - 1
            while index >= 0 {
                if index < state.floor { state.escaped = true }
                if let found = Self.immediateChild(first, of: state.frames[index]) {
                    child = name.path.count == 1 ? found : try Self.child(name.path.dropFirst(), from: found, frame: nil, name)
                    break
                }
                index -= 1
            }
        }
        if name.transforms.isEmpty { return child }
        return try transform(child, name)
    }

    private static func child(_ names: ArraySlice<String>, from object: Any, frame: Frame?, _ name: TemplateName) throws -> Any? {
        guard let first = names.first else { return object }
        guard isKnownNonList(object) || list(object) != nil else {
            throw RenderError(message: "{{\(name.written)}}: cannot look '\(first)' up in a \(type(of: object))")
        }
        guard let found = immediateChild(first, of: frame ?? RenderContext.frame(object)) else { return nil }
        return try child(names.dropFirst(), from: found, frame: nil, name)
    }

    /// swift-mustache's transforms for the known types, innermost first. A transform a type
    /// does not have gives nil (swift-mustache's rule); one this renderer does not implement
    /// is an error.
    private func transform(_ value: Any?, _ name: TemplateName) throws -> Any? {
        guard var child = value else { return nil }
        func unsupported(_ transform: String) -> RenderError {
            RenderError(message: "{{\(name.written)}}: the transform '\(transform)' on a \(type(of: child)) is not supported by Groundwork's template renderer")
        }
        for transform in name.transforms.reversed() {
            // Exact types, compared: a failing `as?` cast costs the runtime a search.
            if type(of: child) == SequencePosition.self {
                let sequence = child as! SequencePosition
                switch transform {
                case "first": child = sequence.first
                case "last": child = sequence.last
                case "index": child = sequence.index
                case "even": child = (sequence.index & 1) == 0
                case "odd": child = (sequence.index & 1) == 1
                default: return nil
                }
                continue
            }
            if let items = Self.list(child) {
                switch transform {
                case "first": guard items.count > 0 else { return nil }; child = items[0]
                case "last": guard items.count > 0 else { return nil }; child = items[items.count - 1]
                case "count": child = items.count
                case "empty": child = items.count == 0
                case "reversed", "sorted": throw unsupported(transform)
                default: return nil
                }
                continue
            }
            let type = type(of: child)
            if type == String.self {
                let string = child as! String
                switch transform {
                case "empty": child = string.isEmpty
                case "lowercased": child = string.lowercased()
                case "uppercased": child = string.uppercased()
                case "capitalized", "reversed": throw unsupported(transform)
                default: return nil
                }
            } else if type == [String: Any].self || type == [String: String].self {
                let count = type == [String: Any].self ? (child as! [String: Any]).count : (child as! [String: String]).count
                switch transform {
                case "count": child = count
                case "empty": child = count == 0
                case "enumerated", "sorted": throw unsupported(transform)
                default: return nil
                }
            } else if type == Int.self {
                let int = child as! Int
                switch transform {
                case "equalzero": child = int == 0
                case "plusone": child = int + 1
                case "minusone": child = int - 1
                case "even": child = (int & 1) == 0
                case "odd": child = (int & 1) == 1
                default: return nil
                }
            } else if type == Bool.self || type == Double.self {
                return nil  // swift-mustache has no transforms for these
            } else {
                throw unsupported(transform)
            }
        }
        return child
    }
}
