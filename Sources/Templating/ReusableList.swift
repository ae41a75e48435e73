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
public struct ReusableList: Sendable {
    /// The list's parts, in one object: a `TemplateValue` holds a `ReusableList` inline, and
    /// four references there made every template value (and every entry of every context
    /// object) a word larger, and each copy of one dearer (perftmpl5).
    private final class Storage: Sendable {
        let base: [TemplateValue]
        let replacements: [(position: Int, value: TemplateValue)]
        let reusable: [Bool]
        let store: FragmentStore

        init(base: [TemplateValue], replacements: [(position: Int, value: TemplateValue)], reusable: [Bool], store: FragmentStore) {
            self.base = base
            self.replacements = replacements
            self.reusable = reusable
            self.store = store
        }
    }
    private let storage: Storage

    /// The items, as a list section would get them: the items given with the replacements
    /// in place. Made on each call when there are replacements (tests, other renderers):
    /// the renderer reads `count` and `item(_:)`.
    public var items: [TemplateValue] {
        guard !storage.replacements.isEmpty else { return storage.base }
        var items = storage.base
        for (position, value) in storage.replacements { items[position] = value }
        return items
    }
    /// Per item: whether its rendering may come from (and go into) `store`.
    public var reusable: [Bool] { storage.reusable }
    /// Where renderings are kept, shared by the lists of one family (see above).
    public var store: FragmentStore { storage.store }

    public init(items: [TemplateValue], reusable: [Bool], store: FragmentStore) {
        self.init(items: items, replacing: [], reusable: reusable, store: store)
    }

    /// `items` with the items at a few positions replaced (a position at most once), without
    /// copying the list: the nav's open section, patched at one or two positions on every
    /// page, was a copy of its 100 entries per page (a retain and a release each; perftmpl5).
    public init(items: [TemplateValue], replacing replacements: [(position: Int, value: TemplateValue)], reusable: [Bool],
                store: FragmentStore) {
        precondition(items.count == reusable.count, "one reusable flag per item")
        precondition(replacements.allSatisfy { items.indices.contains($0.position) }, "a replacement outside the list")
        storage = Storage(base: items, replacements: replacements, reusable: reusable, store: store)
    }

    /// How many items.
    public var count: Int { storage.base.count }

    /// The item at `position` (replaced or not).
    public func item(_ position: Int) -> TemplateValue {
        for replacement in storage.replacements where replacement.position == position { return replacement.value }
        return storage.base[position]
    }

    /// A list of plain dictionaries (tests), typed (`TemplateObject.init(any:)`).
    public init(items: [[String: Any]], reusable: [Bool], store: FragmentStore) {
        self.init(items: items.map { .object(TemplateObject(any: $0)) }, reusable: reusable, store: store)
    }
}

/// Renderings of `ReusableList` items, by section body and item position; thread-safe (pages
/// are rendered on every core).
public final class FragmentStore: @unchecked Sendable {
    private let lock = NSLock()
    /// By section body (`ParsedTemplate` identity): each position's rendering, once made.
    private var rendered: [ObjectIdentifier: [Fragment?]] = [:]

    public init() {}

    func fragment(_ body: ObjectIdentifier, _ position: Int) -> Fragment? {
        lock.lock()
        defer { lock.unlock() }
        guard let list = rendered[body], position < list.count else { return nil }
        return list[position]
    }

    func keep(_ fragment: Fragment, _ body: ObjectIdentifier, _ position: Int, count: Int) {
        lock.lock()
        defer { lock.unlock() }
        var list = rendered.removeValue(forKey: body) ?? Array(repeating: nil, count: count)
        if position < list.count { list[position] = fragment }
        rendered[body] = list
    }

    /// What the store holds for one section body: each position's kept rendering, the
    /// runs by first position and the aligned blocks.
    struct Snapshot {
        var fragments: [Fragment?] = []
        var runs: [Int: [Run]] = [:]
        var blocks: [[Fragment?]] = []

        /// The kept rendering of `position`, if any.
        func fragment(_ position: Int) -> Fragment? { position < fragments.count ? fragments[position] : nil }

        /// The runs starting at `start`, the longest first.
        func runs(from start: Int) -> [Run] { runs.isEmpty ? [] : runs[start] ?? [] }

        /// The kept block of `1 << level` positions from `start` (a multiple of its size), if any.
        func block(level: Int, start: Int) -> Fragment? {
            let table = level - FragmentStore.blockLevels.lowerBound
            guard table < blocks.count else { return nil }
            let slot = start >> level
            return slot < blocks[table].count ? blocks[table][slot] : nil
        }
    }

    /// The store's renderings for `body`, read under one lock for a whole list: looked up
    /// item by item, the nav's open section (100 pages) cost two locks and two hash lookups
    /// per entry on every page (issue 21). A rendering kept by another thread after the
    /// snapshot is rendered again, the same: only work is lost.
    func snapshot(_ body: ObjectIdentifier) -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return Snapshot(fragments: rendered[body] ?? [], runs: runs[body]?.byStart ?? [:], blocks: blocks[body] ?? [])
    }

    // MARK: Aligned blocks

    /// Kept renderings of aligned blocks of positions (4, 8, ... 64 of them, starting at a
    /// multiple of their size) joined into one (perftmpl5). Runs join what earlier lists
    /// spliced alike, which the list under the nav's open section never is: each page of
    /// the folder is patched at its own position, so every page spliced its ~99 kept
    /// entries one by one (a snapshot lookup, a `Splice`, and in `build` a scan lookup
    /// each). Any stretch is covered by a few aligned blocks (at most two per size) and
    /// fewer than four single positions at each end, whatever position the page patches.
    /// A block's HTML is its positions' kept renderings, in order.
    static let blockLevels = 2...6

    /// By section body: per level (from `blockLevels.lowerBound`), per block (`start >> level`).
    private var blocks: [ObjectIdentifier: [[Fragment?]]] = [:]

    /// Keeps `fragment` as the block of `1 << level` positions from `start` of a list of `count`.
    func keepBlock(_ fragment: Fragment, _ body: ObjectIdentifier, level: Int, start: Int, count: Int) {
        lock.lock()
        defer { lock.unlock() }
        var tables = blocks.removeValue(forKey: body)
            ?? Self.blockLevels.map { [Fragment?](repeating: nil, count: (count + (1 << $0) - 1) >> $0) }
        let table = level - Self.blockLevels.lowerBound, slot = start >> level
        if table < tables.count, slot < tables[table].count { tables[table][slot] = fragment }
        blocks[body] = tables
    }

    // MARK: Runs

    /// Kept renderings of consecutive positions joined into one (issue 21, scaling): the nav
    /// of a 50,000-page site has 500 entries, and every page of a folder splices the same
    /// 499 of them. Spliced one by one, each page paid a store lookup, a `Splice` and, in
    /// `build`, a scan lookup per entry: work per page that grew with the number of folders.
    /// A run is spliced as one fragment; its HTML is its renderings' HTML, in order.
    struct Run {
        var end: Int
        var fragment: Fragment
    }

    private struct Runs {
        /// By first position.
        var byStart: [Int: [Run]] = [:]
        /// Stretches seen once; a stretch becomes a run when it is seen again (the pages of
        /// one folder repeat theirs, while the list under the open section differs on every
        /// page: joining those would cost more than it saves).
        var seen: Set<Range<Int>> = []
    }
    private var runs: [ObjectIdentifier: Runs] = [:]

    /// Records that `fragments`, kept renderings of the positions `range` (two or more),
    /// were spliced one after another; the second time, they become a run.
    func saw(_ fragments: [Fragment], _ body: ObjectIdentifier, at range: Range<Int>) {
        lock.lock()
        defer { lock.unlock() }
        var table = runs.removeValue(forKey: body) ?? Runs()
        defer { runs[body] = table }
        guard !table.seen.insert(range).inserted else { return }
        var known = table.byStart[range.lowerBound] ?? []
        guard !known.contains(where: { $0.end == range.upperBound }) else { return }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(fragments.reduce(0) { $0 + $1.utf8.count })
        for fragment in fragments { utf8 += fragment.utf8 }
        known.append(Run(end: range.upperBound, fragment: Fragment(utf8: utf8)))
        known.sort { $0.end > $1.end }
        table.byStart[range.lowerBound] = known
    }
}

/// One kept rendering of a `ReusableList` item. A class, so that what is derived from its
/// HTML once (`build` scans it for the output check once, not on every page that splices it)
/// can be keyed by its identity.
public final class Fragment: Sendable {
    /// The HTML's UTF-8 bytes, exactly as spliced into a page (pages are rendered as bytes).
    public let utf8: [UInt8]

    /// The HTML as a string (tests): made on each call, not kept, so that the kept navs of a
    /// large site are held once.
    public var html: String { String(decoding: utf8, as: UTF8.self) }

    /// A fragment of UTF-8 bytes (valid UTF-8, as the renderer writes).
    init(utf8: [UInt8]) { self.utf8 = utf8 }
}

/// Where a kept `Fragment` was spliced into a rendered page: `fragment.utf8` is the page's
/// bytes `offset ..< offset + fragment.utf8.count`.
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
        if type == ReusableList.self { return TemplateValue.list((value as! ReusableList).items).plain }
        if type == TemplateValue.self { return (value as! TemplateValue).plain }
        if type == TemplateObject.self { return (value as! TemplateObject).plain }
        if type == [String: Any].self { return (value as! [String: Any]).mapValues { plain($0) } }
        if type == [[String: Any]].self { return (value as! [[String: Any]]).map { plain($0) as! [String: Any] } }
        if type == [Any].self { return (value as! [Any]).map { plain($0) } }
        return value
    }
}
