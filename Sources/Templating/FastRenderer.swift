import Foundation
import Mustache

/// A faster renderer for templates parsed by swift-mustache (issue 9).
///
/// swift-mustache looks every name up through protocol casts and `Mirror`, and builds its
/// output by concatenating the strings of nested sections; on a 10,000-page site that was
/// half of the build. This renderer takes swift-mustache's own parse (read once, at load,
/// from the parsed templates), so whitespace, standalone lines and inheritance are exactly
/// swift-mustache's, and renders it with the same rules (Template+Render.swift of
/// swift-mustache 2.1.1) into one output buffer, for the value types Groundwork's contexts
/// are made of: `[String: Any]`, `[String: String]`, arrays, `String`, `Bool`, `Int` and
/// `Double`. Anything else (lambdas, optionals in a context, other types, transforms it does
/// not implement) makes `render` throw `Unsupported`, and the caller renders that page with
/// swift-mustache instead; so output never depends on which renderer ran.
struct FastTemplates: Sendable {
    /// A value or template this renderer does not handle: render with swift-mustache.
    struct Unsupported: Error {}

    final class Template: Sendable {
        let nodes: [Node]
        init(nodes: [Node]) { self.nodes = nodes }
    }

    /// One token of a parsed template, as a class: iterating a template retains each node
    /// once instead of copying enum payloads.
    final class Node: Sendable {
        enum Kind: Sendable { case text, variable, section, invertedSection, blockExpansion, partial }
        let kind: Kind
        /// Text, or the name of a block or partial.
        let text: String
        let name: Name
        let escaped: Bool
        let template: Template?
        let indentation: String?
        let inherits: [String: Template]?

        init(_ kind: Kind, text: String = "", name: Name = Name("", transforms: []), escaped: Bool = false,
             template: Template? = nil, indentation: String? = nil, inherits: [String: Template]? = nil) {
            self.kind = kind
            self.text = text
            self.name = name
            self.escaped = escaped
            self.template = template
            self.indentation = indentation
            self.inherits = inherits
        }
    }

    /// A name as written (`page.title`, `.`, `empty(pages)`), split once.
    struct Name: Sendable {
        enum Lookup: Sendable {
            /// `.`: the top of the stack.
            case current
            /// `first()` and friends: the position in the enclosing sequence.
            case sequence
            /// `.a.b`: from the top of the stack only.
            case fromTop
            /// `a.b`: the first object on the stack (from the top) that has `a`.
            case stack
        }
        var lookup: Lookup
        var path: [String]
        var transforms: [String]
        init(_ name: String, transforms: [String]) {
            self.path = name.split(separator: ".").map(String.init)
            self.transforms = transforms
            if name == "." {
                lookup = .current
            } else if name == "", !transforms.isEmpty {
                lookup = .sequence
            } else if name.first == "." {
                lookup = .fromTop
            } else {
                lookup = .stack
            }
        }
    }

    let templates: [String: Template]

    /// Reads swift-mustache's parse of every template; nil when a template uses a feature
    /// this renderer leaves to swift-mustache (set delimiters are fine: they are gone after
    /// parsing; content-type pragmas and dynamic partials are not).
    init?(_ parsed: [String: MustacheTemplate]) {
        var templates: [String: Template] = [:]
        for (name, template) in parsed {
            guard let converted = Self.convert(template) else { return nil }
            templates[name] = converted
        }
        self.templates = templates
    }

    // MARK: Reading swift-mustache's parse

    private static func convert(_ template: MustacheTemplate) -> Template? {
        guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value,
              let list = tokens as? [Any] else { return nil }
        var out: [Node] = []
        out.reserveCapacity(list.count)
        for token in list {
            guard let converted = convertToken(token) else { return nil }
            out.append(converted)
        }
        return Template(nodes: out)
    }

    /// The associated values of an enum case, in order.
    private static func payload(_ value: Any) -> [Any] {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .tuple { return mirror.children.map(\.value) }
        return [value]
    }

    private static func optionalString(_ value: Any) -> String?? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return nil }
        guard let some = mirror.children.first?.value else { return .some(nil) }
        guard let string = some as? String else { return nil }
        return .some(string)
    }

    private static func convertToken(_ token: Any) -> Node? {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let child = mirror.children.first, let label = child.label else { return nil }
        let values = payload(child.value)
        switch label {
        case "text":
            guard values.count == 1, let text = values[0] as? String else { return nil }
            return Node(.text, text: text)
        case "variable", "unescapedVariable":
            guard values.count == 2, let name = values[0] as? String, let transforms = values[1] as? [String] else { return nil }
            return Node(.variable, name: Name(name, transforms: transforms), escaped: label == "variable")
        case "section", "invertedSection":
            guard values.count == 3, let name = values[0] as? String, let transforms = values[1] as? [String],
                  let template = values[2] as? MustacheTemplate, let converted = convert(template) else { return nil }
            return Node(label == "section" ? .section : .invertedSection, name: Name(name, transforms: transforms), template: converted)
        case "blockExpansion":
            guard values.count == 3, let name = values[0] as? String, let template = values[1] as? MustacheTemplate,
                  let converted = convert(template), let indentation = optionalString(values[2]) else { return nil }
            return Node(.blockExpansion, text: name, template: converted, indentation: indentation)
        case "partial":
            guard values.count == 3, let name = values[0] as? String, let indentation = optionalString(values[1]) else { return nil }
            let inheritsMirror = Mirror(reflecting: values[2])
            guard inheritsMirror.displayStyle == .optional else { return nil }
            guard let some = inheritsMirror.children.first?.value else {
                return Node(.partial, text: name, indentation: indentation)
            }
            guard let inherits = some as? [String: MustacheTemplate] else { return nil }
            var converted: [String: Template] = [:]
            for (key, template) in inherits {
                guard let c = convert(template) else { return nil }
                converted[key] = c
            }
            return Node(.partial, text: name, indentation: indentation, inherits: converted)
        case "contentType":
            // The pragma `TemplateSet` puts above every template: the escaping this renderer
            // does anyway. Any other content type is left to swift-mustache.
            guard values.count == 1, values[0] is HTMLEscape.MustacheHTML else { return nil }
            return Node(.text, text: "")
        default:
            // dynamicNamePartial, other content types, blockDefinition: left to swift-mustache.
            return nil
        }
    }

    // MARK: Rendering

    /// Position in a sequence, for `first()`, `last()`, `index()`, `even()`, `odd()`.
    struct Sequence {
        var first: Bool
        var last: Bool
        var index: Int
    }

    /// An object on the context stack, classified once when pushed.
    enum Frame {
        case dictionary([String: Any])
        case strings([String: String])
        /// A known type without named children (string, number, array).
        case inert
        /// Any other type: looking a name up in it is left to swift-mustache.
        case unknown
    }

    /// swift-mustache's `MustacheContext`, mutated in place and restored after each nested
    /// render instead of copied.
    struct State {
        var objects: [Any] = []
        var frames: [Frame] = []
        var sequence: Sequence?
        var indentation: String?
        var inherited: [String: Template]?
        /// The frame `sequence` belongs to (the item whose position it is).
        var sequenceFrame = -1
        /// The lowest stack frame a lookup has read since it was last reset: an item whose
        /// rendering read nothing below its own frame rendered a function of its own content.
        var lowestFrame = Int.max
        var fragments: TemplateFragments.Local?

        mutating func uses(_ frame: Int) { if frame < lowestFrame { lowestFrame = frame } }

        mutating func push(_ object: Any) {
            objects.append(object)
            frames.append(FastTemplates.frame(object))
        }

        mutating func pop() {
            objects.removeLast()
            frames.removeLast()
        }
    }

    static func frame(_ object: Any) -> Frame {
        let type = type(of: object)
        if type == [String: Any].self { return .dictionary(object as! [String: Any]) }
        if type == [String: String].self { return .strings(object as! [String: String]) }
        if type == String.self || type == Bool.self || type == Int.self || type == Double.self || array(object) != nil { return .inert }
        return .unknown
    }

    func render(_ name: String, context: Any, fragments: TemplateFragments? = nil) throws -> String? {
        guard let template = templates[name] else { return nil }
        var out = ""
        out.reserveCapacity(48 * 1024)
        var state = State()
        state.fragments = fragments?.local()
        state.push(context)
        try render(template, &state, into: &out)
        return out
    }

    private func render(_ template: Template, _ state: inout State, into out: inout String) throws {
        if let indentation = state.indentation, indentation != "" {
            // swift-mustache indents a token's output when the template's own output so far ends a line.
            var string = ""
            for node in template.nodes {
                var rendered = ""
                try renderNode(node, &state, into: &rendered)
                if !rendered.isEmpty, string.last == "\n" { string += indentation }
                string += rendered
            }
            out += string
        } else {
            for node in template.nodes { try renderNode(node, &state, into: &out) }
        }
    }

    /// Renders `template` with `object` pushed and no sequence position (`withObject`), or
    /// with a sequence position (`withSequence`).
    private func render(_ template: Template, pushing object: Any, sequence: Sequence?, _ state: inout State, into out: inout String) throws {
        let (saved, savedFrame) = (state.sequence, state.sequenceFrame)
        state.push(object)
        state.sequence = sequence
        state.sequenceFrame = state.frames.count - 1
        try render(template, &state, into: &out)
        state.pop()
        (state.sequence, state.sequenceFrame) = (saved, savedFrame)
    }

    private func renderNode(_ node: Node, _ state: inout State, into out: inout String) throws {
        switch node.kind {
        case .text:
            out += node.text
        case .variable:
            guard let child = try getChild(node.name, &state) else { return }
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
                throw Unsupported()
            }
        case .section:
            try renderSection(try getChild(node.name, &state), node.template!, &state, into: &out)
        case .invertedSection:
            try renderInvertedSection(try getChild(node.name, &state), node.template!, &state, into: &out)
        case .blockExpansion:
            state.uses(-1)  // depends on the blocks inherited from outside
            let chosen = state.inherited?[node.text] ?? node.template!
            let (savedSequence, savedIndentation) = (state.sequence, state.indentation)
            state.sequence = nil
            if let indented = node.indentation { state.indentation = (state.indentation ?? "") + indented }
            try render(chosen, &state, into: &out)
            (state.sequence, state.indentation) = (savedSequence, savedIndentation)
        case .partial:
            state.uses(-1)  // indentation and inherited blocks come from outside
            guard let template = templates[node.text] else { return }
            let (savedSequence, savedIndentation, savedInherited) = (state.sequence, state.indentation, state.inherited)
            state.sequence = nil
            if let indented = node.indentation { state.indentation = (state.indentation ?? "") + indented }
            if let inheriting = node.inherits {
                state.inherited = state.inherited.map { $0.merging(inheriting) { value, _ in value } } ?? inheriting
            }
            try render(template, &state, into: &out)
            (state.sequence, state.indentation, state.inherited) = (savedSequence, savedIndentation, savedInherited)
        }
    }

    /// Arrays this renderer iterates; nil for a value that is not one of its array types.
    private static func array(_ value: Any) -> [Any]? {
        let type = type(of: value)
        if type == [[String: Any]].self { return (value as! [[String: Any]]) }
        if type == [Any].self { return (value as! [Any]) }
        if type == [String].self { return (value as! [String]) }
        if type == [[String: String]].self { return (value as! [[String: String]]) }
        if type == [Int].self { return (value as! [Int]) }
        return nil
    }

    /// Whether the value is one of the scalar or dictionary types this renderer knows.
    private static func isKnownNonArray(_ value: Any) -> Bool {
        let type = type(of: value)
        return type == [String: Any].self || type == String.self || type == Bool.self || type == Int.self
            || type == Double.self || type == [String: String].self
    }

    private func renderSection(_ child: Any?, _ template: Template, _ state: inout State, into out: inout String) throws {
        guard let child else { return }
        let type = type(of: child)
        if type == [[String: Any]].self {
            // The common case, without boxing every element in a new array.
            let items = child as! [[String: Any]]
            var sequence = Sequence(first: true, last: false, index: 0)
            let cache = state.indentation.map { $0.isEmpty } ?? true ? state.fragments : nil  // this thread's
            for (offset, item) in items.enumerated() {
                if offset == items.count - 1 { sequence.last = true }
                if let cache {
                    // An item whose rendering read only its own frame and what it holds (no
                    // outer name, no position, no partial) renders the same wherever the same
                    // dictionary appears again: the nav, shared by the pages of a folder.
                    let key = TemplateFragments.Key(template: ObjectIdentifier(template), item: Self.identity(item))
                    let decision = cache.decide(key, item: item)
                    if case .hit(let fragment) = decision {
                        out += fragment
                    } else {
                        let saved = state.lowestFrame
                        state.lowestFrame = Int.max
                        let start = out.endIndex
                        try render(template, pushing: item, sequence: sequence, &state, into: &out)
                        if case .store = decision, state.lowestFrame >= state.frames.count {
                            cache.store(key, item: item, fragment: String(out[start...]))
                        }
                        state.uses(saved)
                    }
                } else {
                    try render(template, pushing: item, sequence: sequence, &state, into: &out)
                }
                sequence.first = false
                sequence.index += 1
            }
            return
        }
        if let items = Self.array(child) {
            var sequence = Sequence(first: true, last: false, index: 0)
            for (offset, item) in items.enumerated() {
                if offset == items.count - 1 { sequence.last = true }
                try render(template, pushing: item, sequence: sequence, &state, into: &out)
                sequence.first = false
                sequence.index += 1
            }
            return
        }
        if type == Bool.self {
            if child as! Bool { try render(template, &state, into: &out) }
            return
        }
        guard Self.isKnownNonArray(child) else { throw Unsupported() }
        try render(template, pushing: child, sequence: nil, &state, into: &out)
    }

    private func renderInvertedSection(_ child: Any?, _ template: Template, _ state: inout State, into out: inout String) throws {
        guard let child else {
            try render(template, &state, into: &out)
            return
        }
        if let items = Self.array(child) {
            if items.isEmpty { try render(template, pushing: child, sequence: nil, &state, into: &out) }
            return
        }
        if type(of: child) == Bool.self {
            if !(child as! Bool) { try render(template, &state, into: &out) }
            return
        }
        guard Self.isKnownNonArray(child) else { throw Unsupported() }
    }

    /// A named child of a classified object: a dictionary's value; nothing for the other
    /// known types (their `Mirror` has no labelled children).
    private static func immediateChild(_ name: String, of frame: Frame) throws -> Any? {
        switch frame {
        case .dictionary(let dictionary): return dictionary[name]
        case .strings(let dictionary): return dictionary[name]
        case .inert: return nil
        case .unknown: throw Unsupported()
        }
    }

    private func getChild(_ name: Name, _ state: inout State) throws -> Any? {
        var child: Any?
        switch name.lookup {
        case .current:
            state.uses(state.frames.count - 1)
            child = state.objects.last!
        case .sequence:
            state.uses(state.sequence == nil ? state.sequenceFrame : state.sequenceFrame - 1)
            child = state.sequence
        case .fromTop:
            state.uses(state.frames.count - 1)
            child = try Self.child(name.path[...], from: state.objects.last!, frame: state.frames.last!)
        case .stack:
            guard let first = name.path.first else {
                state.uses(state.frames.count - 1)
                child = state.objects.last
                break
            }
            var index = state.frames.count - 1
            while index >= 0 {
                if let found = try Self.immediateChild(first, of: state.frames[index]) {
                    child = name.path.count == 1 ? found : try Self.child(name.path.dropFirst(), from: found, frame: frame(found))
                    break
                }
                index -= 1
            }
            state.uses(index)  // -1 when no frame has it: every frame was read
        }
        if name.transforms.isEmpty { return child }
        return try transform(child, name.transforms)
    }

    private func frame(_ object: Any) -> Frame { Self.frame(object) }

    private static func child(_ names: ArraySlice<String>, from object: Any, frame: Frame) throws -> Any? {
        guard let name = names.first else { return object }
        guard let found = try immediateChild(name, of: frame) else { return nil }
        return try child(names.dropFirst(), from: found, frame: Self.frame(found))
    }

    /// The storage of a dictionary: equal for two values only when they share it (and so
    /// their contents).
    static func identity(_ item: [String: Any]) -> UInt {
        withUnsafeBytes(of: item) { $0.load(as: UInt.self) }
    }

    /// swift-mustache's transforms for the known types, applied innermost first.
    private func transform(_ value: Any?, _ transforms: [String]) throws -> Any? {
        guard var child = value else { return nil }
        for transform in transforms.reversed() {
            if let sequence = child as? Sequence {
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
            if let items = Self.array(child) {
                switch transform {
                case "first": guard let first = items.first else { return nil }; child = first
                case "last": guard let last = items.last else { return nil }; child = last
                case "count": child = items.count
                case "empty": child = items.isEmpty
                case "reversed", "sorted": throw Unsupported()
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
                case "capitalized", "reversed": throw Unsupported()
                default: return nil
                }
            } else if type == [String: Any].self || type == [String: String].self {
                let count = type == [String: Any].self ? (child as! [String: Any]).count : (child as! [String: String]).count
                switch transform {
                case "count": child = count
                case "empty": child = count == 0
                case "enumerated", "sorted": throw Unsupported()
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
                return nil  // not transformable in swift-mustache
            } else {
                throw Unsupported()
            }
        }
        return child
    }

}

/// Rendered fragments shared by the renders of one site (see `FastTemplates.renderSection`),
/// keyed by template and dictionary storage. A fragment is kept for a dictionary seen a
/// second time while still alive (the nav's entries, shared by the pages of a folder), not
/// for the one-off dictionaries of a page (its table of contents). Every entry, and every
/// recently seen dictionary, is kept alive by the cache, so a storage address it holds is
/// never reused by another dictionary. Each thread has its own cache (taken once per
/// render), so lookups take no lock.
public final class TemplateFragments: @unchecked Sendable {
    struct Key: Hashable {
        var template: ObjectIdentifier
        var item: UInt
    }

    enum Decision {
        case hit(String)
        /// Seen before: render it and store the fragment.
        case store
        /// First sight: render it; it is remembered for a while.
        case render
    }

    /// One thread's fragments.
    final class Local {
        var fragments: [Key: String] = [:]
        /// The items of `fragments`, kept alive so that their identity (the key) is not
        /// reused by another dictionary. Apart from `fragments` so that a hit copies only the
        /// string.
        var items: [Key: [String: Any]] = [:]
        var recent: [Key: [String: Any]] = [:]
        var ring: [Key?] = Array(repeating: nil, count: 2048)
        var next = 0

        /// Fragments kept at most (then the cache starts over).
        static let capacity = 100_000

        func decide(_ key: Key, item: [String: Any]) -> Decision {
            if let fragment = fragments[key] { return .hit(fragment) }
            if recent[key] != nil { return .store }
            if let old = ring[next] { recent[old] = nil }
            ring[next] = key
            next = (next + 1) % ring.count
            recent[key] = item
            return .render
        }

        func store(_ key: Key, item: [String: Any], fragment: String) {
            if fragments.count >= Self.capacity {
                fragments.removeAll(keepingCapacity: true)
                items.removeAll(keepingCapacity: true)
            }
            fragments[key] = fragment
            items[key] = item
        }
    }

    private let lock = NSLock()
    private var locals: [UInt: Local] = [:]

    public init() {}

    /// The calling thread's cache.
    func local() -> Local {
        #if os(Linux)
        let thread = UInt(pthread_self())
        #else
        let thread = UInt(bitPattern: pthread_self())
        #endif
        lock.lock()
        defer { lock.unlock() }
        if let local = locals[thread] { return local }
        let local = Local()
        locals[thread] = local
        return local
    }
}
