/// Renders templates parsed by `TemplateParser` (issue 20; the speed-up of issue 9).
///
/// Same rules as swift-mustache 2.1.1's renderer — name lookup up the context stack,
/// sections over lists, booleans and objects, inverted sections, transforms, partials with
/// indentation, inherited blocks — for typed values (`TemplateValue`): what swift-mustache
/// does with the `[String: Any]`, `[String: String]`, arrays of those, `[Any]`, `[String]`,
/// `[Int]`, `String`, `Bool`, `Int` and `Double` they stand for (`TemplateValue.init(any:)`).
/// It writes into one output buffer, and a tag's name is a list of interned keys
/// (`TemplateKey`) compared as numbers, where swift-mustache casts through its protocols,
/// reflects on values at every lookup and concatenates the strings of nested sections; on a
/// 10,000-page build that was most of the build's CPU time (BENCHMARKS.md, "FastRenderer:
/// kept or deleted", and perfctx).
///
/// A value of any other type (`.unsupported`), or a transform it does not implement, is an
/// error (`RenderError`) when a tag reaches it, never a silent fallback: Groundwork builds its
/// contexts itself, so such a value is a bug to fix where the context is made.
/// `TemplateEquivalenceTests` compare it with swift-mustache on every shipped template and on
/// generated templates and contexts.
struct TemplateRenderer: Sendable {
    /// A value or transform this renderer does not handle.
    struct RenderError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    let templates: [String: ParsedTemplate]

    /// Renders the template `name`; nil when there is none.
    func render(_ name: String, context: TemplateObject) throws -> String? {
        var splices: [Splice]?
        return try renderBytes(name, context: context, splices: &splices).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The template `name` rendered as UTF-8 bytes (nil when there is none), and when
    /// `splices` is not nil, where kept `ReusableList` renderings were spliced into them
    /// (appended to it, in output order; byte offsets).
    /// - Parameter capacity: the bytes to reserve: enough for the whole page spares the
    ///   copies of growing it.
    func renderBytes(_ name: String, context: TemplateObject, splices: inout [Splice]?, capacity: Int = 48 * 1024) throws -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var state = RenderContext()
        state.reserve(16)
        state.splices = splices
        state.push(.object(context))
        // Rendered straight into the array's storage: a page within `capacity` is never
        // copied. One that outgrows it is rendered on in memory of the output's own, and
        // that is made the array instead (`overflow`).
        var overflow: [UInt8]?
        let bytes = try [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            initialized = 0
            var out = TemplateOutput(filling: buffer)
            try render(template, &state, into: &out)
            if out.ownsStorage {
                overflow = out.takeBytes()
            } else {
                initialized = out.count
            }
        }
        splices = state.splices
        return overflow ?? bytes
    }

    // MARK: The render context

    /// A list item's position, for `first()`, `last()`, `index()`, `even()`, `odd()`.
    struct SequencePosition {
        var first: Bool
        var last: Bool
        var index: Int
    }

    /// What swift-mustache's `MustacheContext` holds, mutated in place and restored after
    /// each nested render instead of copied.
    struct RenderContext {
        /// The context stack, bottom first.
        private(set) var frames: [TemplateValue] = []
        /// Per frame, the names and values of the object it is (empty for other values): what
        /// a lookup searches, read in place. Kept next to `frames` because reading a frame's
        /// object out of its `TemplateValue` copied it (a retain and a release per frame
        /// searched; perftmpl3). Valid while the frame is on the stack, which holds the
        /// object's storage.
        private(set) var scopes: [UnsafeBufferPointer<(TemplateKey, TemplateValue)>] = []

        /// Room for `depth` frames at once: grown from empty, both arrays were reallocated
        /// four times on every page (perftmpl5).
        mutating func reserve(_ depth: Int) {
            frames.reserveCapacity(depth)
            scopes.reserveCapacity(depth)
        }

        mutating func push(_ value: TemplateValue) {
            frames.append(value)
            if case .object(let object) = value {
                scopes.append(object.entries.withUnsafeBufferPointer { $0 })
            } else {
                scopes.append(UnsafeBufferPointer(start: nil, count: 0))
            }
        }

        mutating func pop() {
            frames.removeLast()
            scopes.removeLast()
        }
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
        mutating func splicing(_ fragment: Fragment, at out: borrowing TemplateOutput) {
            guard buffered == 0, splices != nil else { return }
            splices!.append(Splice(offset: out.count, fragment: fragment))
        }
    }

    // MARK: Rendering

    private func render(_ template: ParsedTemplate, _ state: inout RenderContext, into out: inout TemplateOutput) throws {
        if let indentation = state.indentation, indentation != "" {
            // Indentation goes before a node's output when this template's output so far
            // ends a line (swift-mustache's rule, per node).
            var string = TemplateOutput()
            state.buffered += 1
            defer { state.buffered -= 1 }
            for node in template.nodes {
                var rendered = TemplateOutput()
                try renderNode(node, &state, into: &rendered)
                if !rendered.isEmpty, string.endsWithLineFeed { string += indentation }
                string += rendered
            }
            out += string
        } else {
            for node in template.joinedRefs {
                try node._withUnsafeGuaranteedRef { try renderNode($0, &state, into: &out) }
            }
        }
    }

    /// Renders `template` with `value` pushed and the list position `sequence` (nil: an
    /// object section, which hides the enclosing list's position).
    private func render(_ template: ParsedTemplate, pushing value: TemplateValue, sequence: SequencePosition?,
                        _ state: inout RenderContext, into out: inout TemplateOutput) throws {
        let saved = state.sequence
        state.push(value)
        state.sequence = sequence
        try render(template, &state, into: &out)
        state.pop()
        state.sequence = saved
    }

    private func renderNode(_ node: TemplateNode, _ state: inout RenderContext, into out: inout TemplateOutput) throws {
        switch node.kind {
        case .text:
            node.utf8.withUnsafeBufferPointer { out.append($0) }
        case .variable:
            // Read in place when no transform makes a new value (nearly always): no copy.
            if !node.hasTransforms {
                guard let child = try locate(node, &state) else { return }
                try Self.write(child.pointee, node, into: &out)
            } else {
                guard let child = try lookUp(node, &state) else { return }
                try Self.write(child, node, into: &out)
            }
        case .section:
            // Read in place when no transform makes a new value: a true or false, the usual
            // section value, is then never copied, and a list or object only where it is
            // pushed (perftmpl5: the copy was a retain and a release per section).
            if !node.hasTransforms {
                guard let child = try locate(node, &state) else { return }
                try renderSection(child, node, &state, into: &out)
            } else {
                guard let child = try lookUp(node, &state) else { return }
                try withUnsafePointer(to: child) { try renderSection($0, node, &state, into: &out) }
            }
        case .invertedSection:
            if !node.hasTransforms {
                try renderInvertedSection(try locate(node, &state), node, &state, into: &out)
            } else if let child = try lookUp(node, &state) {
                try withUnsafePointer(to: child) { try renderInvertedSection($0, node, &state, into: &out) }
            } else {
                try renderInvertedSection(nil, node, &state, into: &out)
            }
        case .blockExpansion:
            let chosen = state.inherited?[node.text] ?? node.template!
            let (savedSequence, savedIndentation) = (state.sequence, state.indentation)
            state.sequence = nil
            // An empty indentation adds nothing: kept nil, so that no render compares it with "".
            if let indented = node.indentation, !indented.isEmpty { state.indentation = (state.indentation ?? "") + indented }
            try render(chosen, &state, into: &out)
            (state.sequence, state.indentation) = (savedSequence, savedIndentation)
        case .partial:
            // A partial that does not exist renders nothing, as in swift-mustache.
            guard let template = templates[node.text] else { return }
            let (savedSequence, savedIndentation, savedInherited) = (state.sequence, state.indentation, state.inherited)
            state.sequence = nil
            if let indented = node.indentation, !indented.isEmpty { state.indentation = (state.indentation ?? "") + indented }
            if let inheriting = node.inherits {
                // The outermost definition of a block wins.
                state.inherited = state.inherited.map { $0.merging(inheriting) { outer, _ in outer } } ?? inheriting
            }
            try render(template, &state, into: &out)
            (state.sequence, state.indentation, state.inherited) = (savedSequence, savedIndentation, savedInherited)
        }
    }

    /// A variable tag's output: `value`, escaped unless the tag is `{{{…}}}` or `{{&…}}`.
    private static func write(_ value: TemplateValue, _ node: TemplateNode, into out: inout TemplateOutput) throws {
        switch value {
        case .string(let string):
            if node.escaped { out.appendEscaped(string) } else { out += string }
        case .utf8(let bytes):
            if node.escaped { out.appendEscaped(bytes) } else { out.append(bytes) }
        case .int(let int):
            out += String(int)
        case .bool(let bool):
            out += bool ? "true" : "false"
        case .double(let double):
            let text = String(describing: double)
            if node.escaped { out.appendEscaped(text) } else { out += text }
        case .list, .reusable, .object, .unsupported:
            throw RenderError(message: "{{\(node.name.written)}} is \(Self.describe(value)), which a variable tag cannot render")
        }
    }

    /// A value's kind, for error messages ("a Date", "a list").
    private static func describe(_ value: TemplateValue) -> String {
        switch value {
        case .string, .utf8: "a String"
        case .bool: "a Bool"
        case .int: "an Int"
        case .double: "a Double"
        case .list, .reusable: "a list"
        case .object: "an object"
        case .unsupported(let type): "a \(type)"
        }
    }

    /// A section over the value at `child`, read in place. The pointer may point into the
    /// frames, which a push moves: what is pushed is copied out first.
    private func renderSection(_ child: UnsafePointer<TemplateValue>, _ node: TemplateNode, _ state: inout RenderContext,
                               into out: inout TemplateOutput) throws {
        let template = node.template!
        switch child.pointee {
        case .list(let items):
            var sequence = SequencePosition(first: true, last: false, index: 0)
            for (offset, item) in items.enumerated() {
                if case .unsupported(let type) = item {
                    throw RenderError(message: "{{#\(node.name.written)}} holds a \(type), which sections cannot render")
                }
                if offset == items.count - 1 { sequence.last = true }
                try render(template, pushing: item, sequence: sequence, &state, into: &out)
                sequence.first = false
                sequence.index += 1
            }
        case .reusable(let list):
            try renderReusable(list, template, &state, into: &out)
        case .bool(let bool):
            // A true boolean renders in the same context: a list position stays visible.
            if bool { try render(template, &state, into: &out) }
        case .unsupported(let type):
            throw RenderError(message: "{{#\(node.name.written)}} holds a \(type), which sections cannot render")
        case .string, .utf8, .int, .double, .object:
            let value = child.pointee
            try render(template, pushing: value, sequence: nil, &state, into: &out)
        }
    }

    /// A `ReusableList`: each item as in a list of objects, its rendering taken
    /// from the store when it was kept, and kept when it read nothing outside the item.
    /// Consecutive kept renderings that earlier lists spliced alike come as one run
    /// (`FragmentStore.Run`): the same bytes, one lookup and one `Splice`.
    private func renderReusable(_ list: ReusableList, _ template: ParsedTemplate, _ state: inout RenderContext,
                                into out: inout TemplateOutput) throws {
        let body = ObjectIdentifier(template)
        let keeps = template.selfContained && (state.indentation ?? "").isEmpty
        let count = list.count
        // What the store held when the list started: this loop reads no rendering it keeps
        // itself (each position once, and runs start before the current position).
        let store = keeps ? list.store.snapshot(body) : FragmentStore.Snapshot()
        let reusable = list.reusable
        var sequence = SequencePosition(first: true, last: false, index: 0)
        // The kept renderings (and runs) spliced one after another since `stretchStart`.
        var stretch: [Fragment] = []
        // Room for every item at once: it grew step by step on every page (perftmpl3).
        if keeps { stretch.reserveCapacity(count) }
        var stretchStart = 0
        /// Ends the stretch before position `end`; the next one starts at `next`.
        func endStretch(before end: Int, next: Int) {
            if stretch.count >= 2 { list.store.saw(stretch, body, at: stretchStart..<end) }
            stretch.removeAll(keepingCapacity: true)
            stretchStart = next
        }
        // The first position at or after `offset` that is not reusable (`count`: none): the
        // positions before it are, which a run or a block must be. Moves forward only.
        var barrier = 0
        var offset = 0
        while offset < count {
            if keeps, reusable[offset] {
                if barrier < offset { barrier = offset }
                while barrier < count, reusable[barrier] { barrier += 1 }
                if let (fragment, end) = keptStretch(from: offset, before: barrier, store, list, body) {
                    // A run or block goes on the stretch too: runs that lists split differently join up.
                    stretch.append(fragment)
                    state.splicing(fragment, at: out)
                    out.append(fragment.utf8)
                    sequence.first = false
                    sequence.index = end
                    offset = end
                    continue
                }
            }
            if offset == count - 1 { sequence.last = true }
            defer {
                sequence.first = false
                sequence.index += 1
                offset += 1
            }
            // The item is read only where it is rendered: most are kept renderings, and a
            // copy of each was a retain and a release per item on every page (perftmpl3).
            guard keeps, reusable[offset] else {
                endStretch(before: offset, next: offset + 1)
                try render(template, pushing: list.item(offset), sequence: sequence, &state, into: &out)
                continue
            }
            if let kept = store.fragment(offset) {
                state.splicing(kept, at: out)
                out.append(kept.utf8)
                stretch.append(kept)
                continue
            }
            let (savedFloor, savedEscaped) = (state.floor, state.escaped)
            state.floor = state.frames.count
            state.escaped = false
            var rendered = TemplateOutput()
            state.buffered += 1
            try render(template, pushing: list.item(offset), sequence: sequence, &state, into: &rendered)
            state.buffered -= 1
            let escaped = state.escaped
            (state.floor, state.escaped) = (savedFloor, savedEscaped || escaped)
            if !escaped {
                let fragment = Fragment(utf8: Array(rendered.written))
                list.store.keep(fragment, body, offset, count: list.count)
                state.splicing(fragment, at: out)
                stretch.append(fragment)
            } else {
                endStretch(before: offset, next: offset + 1)
            }
            out += rendered
        }
        endStretch(before: count, next: count)
    }

    /// A kept rendering of several positions from `offset` (all reusable before `barrier`),
    /// and where it ends: the longest run first (`FragmentStore.Run`), else the largest
    /// aligned block that starts there (`FragmentStore.blockLevels`), made from the positions'
    /// kept renderings when it is not kept yet. Nil: the position goes alone.
    private func keptStretch(from offset: Int, before barrier: Int, _ store: FragmentStore.Snapshot,
                             _ list: ReusableList, _ body: ObjectIdentifier) -> (Fragment, Int)? {
        if let run = store.runs(from: offset).first(where: { $0.end <= barrier }) { return (run.fragment, run.end) }
        levels: for level in FragmentStore.blockLevels.reversed() {
            let size = 1 << level
            guard offset & (size - 1) == 0, offset + size <= barrier else { continue }
            if let block = store.block(level: level, start: offset) { return (block, offset + size) }
            // Made once every position has a kept rendering (they are the same items: the
            // store's promise), from those renderings, so its bytes are theirs.
            var length = 0
            for position in offset..<offset + size {
                guard let kept = store.fragment(position) else { continue levels }
                length += kept.utf8.count
            }
            var utf8: [UInt8] = []
            utf8.reserveCapacity(length)
            for position in offset..<offset + size { utf8 += store.fragment(position)!.utf8 }
            let block = Fragment(utf8: utf8)
            list.store.keepBlock(block, body, level: level, start: offset, count: list.count)
            return (block, offset + size)
        }
        return nil
    }

    /// An inverted section over the value at `child` (nil: none), read in place (see `renderSection`).
    private func renderInvertedSection(_ child: UnsafePointer<TemplateValue>?, _ node: TemplateNode, _ state: inout RenderContext,
                                       into out: inout TemplateOutput) throws {
        let template = node.template!
        guard let child else {
            try render(template, &state, into: &out)
            return
        }
        switch child.pointee {
        case .list(let items):
            // swift-mustache pushes the (empty) list.
            if items.isEmpty { try render(template, pushing: .list(items), sequence: nil, &state, into: &out) }
        case .reusable(let list):
            if list.count == 0 { try render(template, pushing: .reusable(list), sequence: nil, &state, into: &out) }
        case .bool(let bool):
            if !bool { try render(template, &state, into: &out) }
        case .unsupported(let type):
            throw RenderError(message: "{{^\(node.name.written)}} holds a \(type), which sections cannot render")
        case .string, .utf8, .int, .double, .object:
            return
        }
    }

    // MARK: Looking names up

    /// Where the value `name` names is stored, ignoring its transforms (nil: no such value):
    /// a frame of the stack, or a value inside one. Read in place, not copied out: copying
    /// a `TemplateValue` retains what it holds, and each lookup copied the frames it passed
    /// and the value it found (perftmpl3: retain and release were a fifth of the templates'
    /// time). The pointer is valid while the frames are unchanged: read it before pushing or
    /// popping one.
    private func locate(_ node: TemplateNode, _ state: inout RenderContext) throws -> UnsafePointer<TemplateValue>? {
        let top = state.frames.count - 1
        // The frames' storage is not changed while the pointer is used (see above).
        let frames = state.frames.withUnsafeBufferPointer { $0.baseAddress! }
        let keys = UnsafeBufferPointer(node.keys)
        switch node.name.lookup {
        case .current:
            return frames + top
        case .sequence:
            return nil
        case .fromTop:
            return try Self.descend(keys[...], from: frames + top, node)
        case .stack:
            guard let first = keys.first else { return frames + top }
            // The first object from the top that has the first part; the rest is looked up
            // in what it holds, without going further down the stack.
            var index = top
            while index >= 0 {
                if index < state.floor { state.escaped = true }
                if let found = TemplateObject.valuePointer(first, in: state.scopes[index]) {
                    return keys.count == 1 ? found : try Self.descend(keys.dropFirst(), from: found, node)
                }
                index -= 1
            }
            return nil
        }
    }

    /// The value at the dotted path `keys` below `value`, in place.
    private static func descend(_ keys: Slice<UnsafeBufferPointer<TemplateKey>>, from value: UnsafePointer<TemplateValue>,
                                _ node: TemplateNode) throws -> UnsafePointer<TemplateValue>? {
        var value = value
        for key in keys {
            if case .unsupported(let type) = value.pointee {
                throw RenderError(message: "{{\(node.name.written)}}: cannot look '\(key.name)' up in a \(type)")
            }
            guard let found = value.pointee.childPointer(key) else { return nil }
            value = found
        }
        return value
    }

    /// The value of `name`, transforms applied: a copy, for the sections (which push it on
    /// the stack) and the transforms (which make new values).
    private func lookUp(_ node: TemplateNode, _ state: inout RenderContext) throws -> TemplateValue? {
        let name = node.name
        if name.lookup == .sequence {
            // `first()` and friends: the innermost transform reads the list position.
            guard let sequence = state.sequence else { return nil }
            let child: TemplateValue
            switch name.transforms.last! {
            case "first": child = .bool(sequence.first)
            case "last": child = .bool(sequence.last)
            case "index": child = .int(sequence.index)
            case "even": child = .bool((sequence.index & 1) == 0)
            case "odd": child = .bool((sequence.index & 1) == 1)
            default: return nil
            }
            return try transform(child, name, skippingInnermost: true)
        }
        let child = try locate(node, &state)?.pointee
        if name.transforms.isEmpty { return child }
        return try transform(child, name, skippingInnermost: false)
    }

    /// A list's transform (`first`, `last`, `count`, `empty`); nil for one lists do not have.
    /// A function of the items rather than a closure per list kind: the closure was an
    /// allocation on every `{{^empty(pages)}}` of every nav entry (perftmpl3).
    private static func listTransform(_ transform: String, _ items: [TemplateValue],
                                      _ unsupported: (String) -> RenderError) throws -> TemplateValue? {
        switch transform {
        case "first": items.first
        case "last": items.last
        case "count": .int(items.count)
        case "empty": .bool(items.isEmpty)
        case "reversed", "sorted": throw unsupported(transform)
        default: nil
        }
    }

    /// swift-mustache's transforms for the known types, innermost first. A transform a type
    /// does not have gives nil (swift-mustache's rule); one this renderer does not implement
    /// is an error.
    private func transform(_ value: TemplateValue?, _ name: TemplateName, skippingInnermost: Bool) throws -> TemplateValue? {
        guard var child = value else { return nil }
        func unsupported(_ transform: String) -> RenderError {
            RenderError(message: "{{\(name.written)}}: the transform '\(transform)' on \(Self.describe(child)) is not supported by Groundwork's template renderer")
        }
        for transform in name.transforms.reversed().dropFirst(skippingInnermost ? 1 : 0) {
            // Bytes mean their string: its transforms apply.
            if case .utf8(let bytes) = child { child = .string(String(decoding: bytes, as: UTF8.self)) }
            switch child {
            case .list(let items):
                guard let next = try Self.listTransform(transform, items, unsupported) else { return nil }
                child = next
            case .reusable(let list):
                // Not `list.items`, which would copy a list with replacements.
                let next: TemplateValue?
                switch transform {
                case "first": next = list.count > 0 ? list.item(0) : nil
                case "last": next = list.count > 0 ? list.item(list.count - 1) : nil
                case "count": next = .int(list.count)
                case "empty": next = .bool(list.count == 0)
                case "reversed", "sorted": throw unsupported(transform)
                default: next = nil
                }
                guard let next else { return nil }
                child = next
            case .string(let string):
                switch transform {
                case "empty": child = .bool(string.isEmpty)
                case "lowercased": child = .string(string.lowercased())
                case "uppercased": child = .string(string.uppercased())
                case "capitalized", "reversed": throw unsupported(transform)
                default: return nil
                }
            case .object(let object):
                switch transform {
                case "count": child = .int(object.count)
                case "empty": child = .bool(object.count == 0)
                case "enumerated", "sorted": throw unsupported(transform)
                default: return nil
                }
            case .int(let int):
                switch transform {
                case "equalzero": child = .bool(int == 0)
                case "plusone": child = .int(int + 1)
                case "minusone": child = .int(int - 1)
                case "even": child = .bool((int & 1) == 0)
                case "odd": child = .bool((int & 1) == 1)
                default: return nil
                }
            case .bool, .double:
                return nil  // swift-mustache has no transforms for these
            case .utf8:
                fatalError("made a .string above")
            case .unsupported:
                throw unsupported(transform)
            }
        }
        return child
    }
}
