import Foundation

/// A list of dictionaries for a template section whose items' renderings can be kept and
/// reused by later renders (issue 21: the site navigation is 59 % of every page's bytes and
/// differs between the pages of a folder only in a few entries).
///
/// The template stays the source of truth: an item is rendered by its section's body like
/// any list item; `store` only remembers that output, per section body and item position,
/// and hands it back when a later page passes a list with the same item marked reusable.
///
/// The caller's promise: every list given the same `store` has the same length, and an item
/// marked reusable at position `i` is, in every such list, the same dictionary (same keys and
/// values). An item whose rendering looks a name up outside itself (in the enclosing
/// context, which differs between pages) is never stored, nor is one rendered inside an
/// indented partial, nor with a body that holds partials or blocks: those are rendered every
/// time. Renderers that do not know this type (swift-mustache, the `.compared` engine) get
/// `items` (`TemplateSet.plain`).
public struct ReusableList: @unchecked Sendable {
    /// The items, as a `[[String: Any]]` section would get them.
    public let items: [[String: Any]]
    /// Per item: whether its rendering may come from (and go into) `store`.
    public let reusable: [Bool]
    /// Where renderings are kept, shared by the lists of one family (see above).
    public let store: FragmentStore

    public init(items: [[String: Any]], reusable: [Bool], store: FragmentStore) {
        precondition(items.count == reusable.count, "one reusable flag per item")
        self.items = items
        self.reusable = reusable
        self.store = store
    }
}

/// Renderings of `ReusableList` items, by section body and item position; thread-safe (pages
/// are rendered on every core).
public final class FragmentStore: @unchecked Sendable {
    private let lock = NSLock()
    /// By section body (`ParsedTemplate` identity): each position's rendering, once made.
    private var rendered: [ObjectIdentifier: [Fragment?]] = [:]

    public init() {}

    /// By section body and block size: the kept renderings of whole blocks (block `b` of size
    /// `n` holds items `b * n ..< (b + 1) * n`, fewer at the list's end).
    private var blocks: [BlockKey: [Fragment?]] = [:]
    private struct BlockKey: Hashable {
        var body: ObjectIdentifier
        var size: Int
    }

    /// How many consecutive items a block joins, largest first. A page's nav is two lists of
    /// ~100 items at 10,000 pages (~500 at 50,000: the folders; and the open folder's pages),
    /// of which one or two are the page's own. `build` looks each kept rendering a page
    /// splices up, scans and checks it (issue 21): in blocks of 64 and 8 a page splices ~30 of
    /// them instead of ~200 (~40 instead of ~600 at 50,000 pages).
    static let blockSizes = [64, 8]

    func fragment(_ body: ObjectIdentifier, _ position: Int) -> Fragment? {
        lock.lock()
        defer { lock.unlock() }
        guard let list = rendered[body], position < list.count else { return nil }
        return list[position]
    }

    /// Every position's rendering kept so far for `body` (nil where none is), in one lookup.
    func fragments(_ body: ObjectIdentifier) -> [Fragment?] {
        lock.lock()
        defer { lock.unlock() }
        return rendered[body] ?? []
    }

    /// The rendering of block `block` of size `size` of `body`, made by `join` from its items'
    /// kept renderings the first time it is asked for.
    func block(_ body: ObjectIdentifier, size: Int, _ block: Int, count: Int, join: () -> Fragment) -> Fragment {
        let key = BlockKey(body: body, size: size)
        lock.lock()
        if let list = blocks[key], block < list.count, let kept = list[block] {
            lock.unlock()
            return kept
        }
        lock.unlock()
        let made = join()
        lock.lock()
        defer { lock.unlock() }
        var list = blocks.removeValue(forKey: key) ?? Array(repeating: nil, count: (count + size - 1) / size)
        // Another thread may have made it meanwhile: every page splices the same object.
        let kept = list[block] ?? made
        list[block] = kept
        blocks[key] = list
        return kept
    }

    func keep(_ fragment: Fragment, _ body: ObjectIdentifier, _ position: Int, count: Int) {
        lock.lock()
        defer { lock.unlock() }
        var list = rendered.removeValue(forKey: body) ?? Array(repeating: nil, count: count)
        if position < list.count { list[position] = fragment }
        rendered[body] = list
    }
}

/// One kept rendering of a `ReusableList` item. A class, so that what is derived from its
/// HTML once (`build` scans it for the output check once, not on every page that splices it)
/// can be keyed by its identity.
public final class Fragment: Sendable {
    /// The HTML, exactly as spliced into a page.
    public let html: String

    init(_ html: String) { self.html = html }
}

/// Where a kept `Fragment` was spliced into a rendered page: `fragment.html` is the page's
/// UTF-8 bytes `offset ..< offset + fragment.html.utf8.count`.
public struct Splice: Sendable {
    public var offset: Int
    public var fragment: Fragment
}

extension TemplateSet {
    /// `value` with every `ReusableList` in it replaced by its items: what renderers that
    /// know only plain values (swift-mustache, the context observer of tests) are given.
    static func plain(_ value: Any) -> Any {
        // Exact types only: a cast would turn a `[String: String]` into a `[String: Any]`.
        let type = type(of: value)
        if type == ReusableList.self { return (value as! ReusableList).items.map { plain($0) as! [String: Any] } }
        if type == [String: Any].self { return (value as! [String: Any]).mapValues { plain($0) } }
        if type == [[String: Any]].self { return (value as! [[String: Any]]).map { plain($0) as! [String: Any] } }
        if type == [Any].self { return (value as! [Any]).map { plain($0) } }
        return value
    }
}
