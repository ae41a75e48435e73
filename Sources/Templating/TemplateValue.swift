import Synchronization

/// A name a template can look up (`title`, `href`, `pages`), interned: each distinct name
/// gets a small number once, so a lookup compares numbers instead of hashing strings.
///
/// Tags are interned when a template is parsed; the context builders keep theirs as
/// `static let` constants, made once per process. Interning takes a lock: do it once per
/// name, not once per page (issue 21: hashing the `String` keys of `[String: Any]` contexts
/// at every lookup was a third of the templates' time).
public struct TemplateKey: Hashable, Sendable {
    let number: Int

    /// The key of `name` (the same number for the same name, in this process).
    public init(_ name: String) {
        number = Self.interned.withLock { table in
            if let id = table.ids[name] { return id }
            table.names.append(name)
            table.ids[name] = table.names.count - 1
            return table.names.count - 1
        }
    }

    /// The name this key was made from.
    public var name: String { Self.interned.withLock { $0.names[number] } }

    private static let interned = Mutex<(ids: [String: Int], names: [String])>(([:], []))
}

/// A value a template renders: what `[String: Any]` contexts hold, typed, so that the
/// renderer neither casts `Any` nor boxes values (issue 21).
///
/// `init(any:)` turns a `[String: Any]` context (user data, tests, the rarely rendered site
/// pages) into one, with the same meaning the renderer gave the `Any` values.
public enum TemplateValue: Sendable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    /// A string given as its UTF-8 bytes (valid UTF-8: the caller's promise): a page body,
    /// rendered into bytes and spliced into the page as bytes, without being made a `String`
    /// (validating and copying it was ~10 instructions a byte). Means exactly
    /// `.string(String(decoding: bytes, as: UTF8.self))` everywhere.
    case utf8([UInt8])
    case bool(Bool)
    case int(Int)
    case double(Double)
    case list([TemplateValue])
    case object(TemplateObject)
    /// A list whose items' renderings may be kept and reused (see `ReusableList`).
    case reusable(ReusableList)
    /// A value of a type templates cannot render (the type's name): an error when a tag
    /// reaches it, not before — the value may sit in a context no template reads.
    case unsupported(String)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// The typed form of a context value built of `[String: Any]`, `[String: String]`,
    /// arrays of them, `[Any]`, `[String]`, `[Int]`, `String`, `Bool`, `Int`, `Double`,
    /// `ReusableList`, `TemplateValue` and `TemplateObject`; any other type is `.unsupported`.
    public init(any value: Any) {
        // Exact types, compared: a failing `as?` cast searches the runtime's tables.
        let type = type(of: value)
        if type == String.self {
            self = .string(value as! String)
        } else if type == Bool.self {
            self = .bool(value as! Bool)
        } else if type == Int.self {
            self = .int(value as! Int)
        } else if type == Double.self {
            self = .double(value as! Double)
        } else if type == [String: Any].self {
            self = .object(TemplateObject(any: value as! [String: Any]))
        } else if type == [String: String].self {
            self = .object(TemplateObject(strings: value as! [String: String]))
        } else if type == [[String: Any]].self {
            self = .list((value as! [[String: Any]]).map { .object(TemplateObject(any: $0)) })
        } else if type == [Any].self {
            self = .list((value as! [Any]).map { TemplateValue(any: $0) })
        } else if type == [String].self {
            self = .list((value as! [String]).map { .string($0) })
        } else if type == [[String: String]].self {
            self = .list((value as! [[String: String]]).map { .object(TemplateObject(strings: $0)) })
        } else if type == [Int].self {
            self = .list((value as! [Int]).map { .int($0) })
        } else if type == ReusableList.self {
            self = .reusable(value as! ReusableList)
        } else if type == TemplateValue.self {
            self = value as! TemplateValue
        } else if type == TemplateObject.self {
            self = .object(value as! TemplateObject)
        } else {
            self = .unsupported("\(type)")
        }
    }

    /// The value as `[String: Any]` and friends, for renderers and observers that know only
    /// plain values (swift-mustache, tests): a `ReusableList` becomes its items.
    public var plain: Any {
        switch self {
        case .string(let string): return string
        case .utf8(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .bool(let bool): return bool
        case .int(let int): return int
        case .double(let double): return double
        case .object(let object): return object.plain
        case .reusable(let list): return TemplateValue.list(list.items).plain
        case .unsupported(let type): return type
        case .list(let items):
            // Typed like the lists contexts used to hold, for the reference renderer.
            if items.isEmpty { return [[String: Any]]() }
            var objects: [[String: Any]] = []
            for item in items {
                guard case .object(let object) = item else { return items.map(\.plain) }
                objects.append(object.plain)
            }
            return objects
        }
    }
}

extension TemplateValue {
    /// Where the value named `key` is stored in this object (nil for the other values:
    /// swift-mustache's reflection finds no labelled children in them), read in place: valid
    /// while this value's storage is neither changed nor freed.
    @inline(__always)
    func childPointer(_ key: TemplateKey) -> UnsafePointer<TemplateValue>? {
        guard case .object(let object) = self else { return nil }
        return object.valuePointer(key)
    }
}

/// A context object: named values, in the order they were set, looked up by `TemplateKey`.
///
/// An array searched from the start, not a dictionary: contexts hold 3 to 30 names, and
/// comparing that many numbers is cheaper than hashing one string.
public struct TemplateObject: Sendable, ExpressibleByDictionaryLiteral {
    /// One array (one allocation), keys next to their values: a tuple, not a structure, so
    /// that a literal's elements are taken as they are instead of copied.
    private(set) var entries: [(TemplateKey, TemplateValue)] = []

    /// An empty object with room for `capacity` names.
    public init(capacity: Int = 0) {
        entries.reserveCapacity(capacity)
    }

    /// `[.title: .string(t), .href: .string(h)]`; each key at most once. Made without
    /// looking each key up first: the context builders make ~15 of these per page.
    public init(dictionaryLiteral elements: (TemplateKey, TemplateValue)...) {
        entries = elements
        assert(Set(entries.map(\.0)).count == entries.count, "a key twice in a TemplateObject literal")
    }

    /// The typed form of a `[String: Any]` (see `TemplateValue.init(any:)`).
    public init(any dictionary: [String: Any]) {
        self.init(capacity: dictionary.count)
        for (name, value) in dictionary { entries.append((TemplateKey(name), TemplateValue(any: value))) }
    }

    init(strings dictionary: [String: String]) {
        self.init(capacity: dictionary.count)
        for (name, value) in dictionary { entries.append((TemplateKey(name), .string(value))) }
    }

    /// How many names it holds.
    public var count: Int { entries.count }

    /// The names and values, in the order they were first set.
    public var keysAndValues: [(key: TemplateKey, value: TemplateValue)] { entries.map { ($0.0, $0.1) } }

    /// Where `key` is in `entries`.
    private func index(of key: TemplateKey) -> Int? {
        entries.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where buffer[index].0.number == key.number { return index }
            return nil
        }
    }

    /// The value of `key`; setting nil removes it.
    public subscript(key: TemplateKey) -> TemplateValue? {
        get {
            guard let index = index(of: key) else { return nil }
            return entries[index].1
        }
        set {
            if let index = index(of: key) {
                if let newValue { entries[index].1 = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// Where the value of `key` is stored, for reading it in place (the renderer's lookups):
    /// valid while this object's storage is neither changed nor freed.
    func valuePointer(_ key: TemplateKey) -> UnsafePointer<TemplateValue>? {
        entries.withUnsafeBufferPointer { Self.valuePointer(key, in: $0) }
    }

    /// Where the value of `key` is in an object's `entries`, read in place.
    @inline(__always)
    static func valuePointer(_ key: TemplateKey, in entries: UnsafeBufferPointer<(TemplateKey, TemplateValue)>) -> UnsafePointer<TemplateValue>? {
        for index in entries.indices where entries[index].0.number == key.number {
            return UnsafeRawPointer(entries.baseAddress! + index).advanced(by: valueOffset).assumingMemoryBound(to: TemplateValue.self)
        }
        return nil
    }

    /// Where an entry's value is inside the entry.
    /// A tuple's elements are laid out in order, each at the next multiple of its alignment:
    /// this is a constant the compiler folds, where the `static let` of `offset(of:)` cost a
    /// `swift_once` call on every lookup (perftmpl5). `TemplateValueTests` holds it to
    /// `MemoryLayout.offset(of:)`.
    @inline(__always)
    static var valueOffset: Int {
        let alignment = MemoryLayout<TemplateValue>.alignment
        return (MemoryLayout<TemplateKey>.size + alignment - 1) / alignment * alignment
    }

    /// The value named `name` (interned: not for hot paths).
    public subscript(name: String) -> TemplateValue? {
        get { self[TemplateKey(name)] }
        set { self[TemplateKey(name)] = newValue }
    }

    /// Sets every name of `other` (its values win).
    public mutating func merge(_ other: TemplateObject) {
        for (key, value) in other.entries { self[key] = value }
    }

    /// The object as a `[String: Any]` (see `TemplateValue.plain`).
    public var plain: [String: Any] {
        var dictionary: [String: Any] = [:]
        for (key, value) in entries { dictionary[key.name] = value.plain }
        return dictionary
    }
}
