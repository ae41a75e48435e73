import CGumbo

/// Raw HTML written in Markdown, made safe: parsed by gumbo (an HTML5-conformant parser, the
/// same tree a browser builds), cut down to an allow-list of elements, attributes and URL
/// schemes, and serialized again. Nothing outside the list reaches a page: no script, style,
/// frame, form or plugin, no event handler or `style` attribute, no `javascript:` URL.
///
/// cmark hands raw HTML over in pieces: a `<div>` block, then Markdown, then a `</div>` block;
/// inline HTML one tag at a time (`<kbd>`, text, `</kbd>`). Each piece is parsed as a fragment
/// of a `<body>`, inside the elements earlier pieces of its container left open (a `<td>` after
/// an open `<tr>` is a cell), so an element left open at the end of a piece stays open (its end tag is
/// not invented), and an end tag with no start tag in the piece (`</div>`, `</kbd>`) is kept
/// when its element is allowed. Only end tags written in the source are written out, plus
/// the end tags the parser implied before the end of the piece (`<p>a<p>b` → `<p>a</p><p>b`).
///
/// Every removal is reported (`Removal`), at the byte offset of the element or attribute in
/// the piece: the caller maps it to a page position and turns it into an `html.removed`
/// warning. `links` and `anchors` are what the kept HTML links to and the ids it declares.
public enum HTMLSanitizer {
    /// Something the allow-list removed.
    public struct Removal: Sendable, Equatable {
        /// UTF-8 offset in the fragment of the element or attribute.
        public var offset: Int
        /// What was removed, as a reader of the source names it: `<script>`, `onclick on <img>`.
        public var what: String
        /// Why, in a few words.
        public var why: String
    }

    /// A URL attribute kept on an element (`href`, `src`, each `srcset` candidate, `poster`).
    public struct Link: Sendable, Equatable {
        public var offset: Int
        public var element: String
        public var attribute: String
        /// The URL as the browser reads it (character references decoded, outer space trimmed).
        public var url: String
        /// An image or media source rather than a link to follow.
        public var isEmbedded: Bool
        /// The element's `alt` (for images), or "".
        public var alt: String
    }

    /// An `id` (or `name` on `<a>`) that links can target.
    public struct Anchor: Sendable, Equatable {
        public var offset: Int
        public var name: String
    }

    public struct Result: Sendable, Equatable {
        /// The safe HTML.
        public var html: String
        public var removals: [Removal]
        public var links: [Link]
        public var anchors: [Anchor]
    }

    // MARK: The allow-list

    /// Elements kept with their allowed attributes.
    public static let allowedElements: Set<String> = [
        "details", "summary", "div", "span", "p", "figure", "figcaption", "img", "picture", "source",
        "video", "audio", "track", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "colgroup", "col", "kbd", "code", "pre", "samp", "var", "sup", "sub", "br", "wbr", "hr", "abbr", "mark",
        "dl", "dt", "dd", "ul", "ol", "li", "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "small",
        "q", "cite", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "time",
    ]

    /// Elements removed together with everything inside them: what they contain is code,
    /// a document of its own, or controls that do nothing on a static page.
    public static let droppedWithContent: [String: String] = {
        var reasons: [String: String] = [:]
        for tag in ["script", "noscript"] { reasons[tag] = "scripts never run in a built page" }
        for tag in ["style", "link"] { reasons[tag] = "pages take their styles from the theme" }
        for tag in ["iframe", "frame", "frameset", "object", "embed", "applet", "portal", "param", "noembed", "noframes"] {
            reasons[tag] = "embedded documents and plugins are not allowed"
        }
        for tag in ["form", "input", "button", "select", "option", "optgroup", "textarea", "datalist", "output", "keygen", "fieldset", "legend", "label"] {
            reasons[tag] = "forms and their controls do nothing on a static page"
        }
        for tag in ["meta", "base", "title", "head", "html", "body"] { reasons[tag] = "only the theme sets a page's head and body" }
        for tag in ["svg", "math"] { reasons[tag] = "SVG and MathML can carry script; use an image file" }
        for tag in ["template", "canvas", "xmp", "plaintext", "listing", "dialog", "slot"] { reasons[tag] = "it is not in the allowed HTML" }
        return reasons
    }()

    /// Attributes allowed on every kept element.
    static let globalAttributes: Set<String> = ["id", "class", "title", "lang", "dir"]
    /// Attributes allowed on some elements only.
    static let elementAttributes: [String: Set<String>] = [
        "a": ["href", "name", "type"],
        "img": ["src", "srcset", "alt", "width", "height"],
        "source": ["src", "srcset", "type", "media", "width", "height"],
        "picture": [],
        "video": ["src", "poster", "controls", "loop", "muted", "width", "height"],
        "audio": ["src", "controls", "loop", "muted"],
        "track": ["src", "kind", "srclang", "label", "default"],
        "details": ["open"],
        "td": ["colspan", "rowspan", "align"], "th": ["colspan", "rowspan", "align", "scope", "abbr"],
        "tr": ["align"], "thead": ["align"], "tbody": ["align"], "tfoot": ["align"],
        "col": ["span", "width", "align"], "colgroup": ["span", "width", "align"],
        "table": ["align", "width"], "caption": ["align"],
        "div": ["align"], "p": ["align"], "h1": ["align"], "h2": ["align"], "h3": ["align"],
        "h4": ["align"], "h5": ["align"], "h6": ["align"], "hr": ["align", "width"],
        "ol": ["start", "reversed", "type"], "ul": ["type"], "li": ["value"],
        "blockquote": ["cite"], "q": ["cite"], "del": ["cite", "datetime"], "ins": ["cite", "datetime"],
        "time": ["datetime"], "abbr": [],
    ]
    /// Attributes holding a URL, checked against the allowed schemes.
    static let urlAttributes: Set<String> = ["href", "src", "srcset", "poster", "cite"]
    /// Elements with no end tag.
    static let voidElements: Set<String> = ["br", "wbr", "hr", "img", "source", "track", "col"]
    /// URL schemes a kept URL may have; anything else (`javascript:`, `vbscript:`, `data:`,
    /// `file:`) is removed, except data URLs of raster images in `img src`.
    static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    // MARK: Sanitizing

    /// Sanitizes one piece of raw HTML on its own: an end tag of an allowed element without
    /// its start tag in the piece is kept. `rewrite` gives the URL to write for a kept URL (a
    /// link to `other.md` becomes the URL of that page), or nil to leave the attribute out (a
    /// link the checks already reported as broken); it is called with the URL and whether it
    /// is embedded (an image or media source).
    public static func sanitize(_ fragment: String, rewrite: ((String, Bool) -> String?)? = nil) -> Result {
        var alone: [String]? = nil
        return sanitize(fragment, balance: &alone, rewrite: rewrite)
    }

    /// Sanitizes one of the pieces of one container (the blocks of a page, a list item or a
    /// quote; the inlines of a paragraph, a cell or an emphasis), in order. `open` carries
    /// the elements earlier pieces left open, outermost first: the piece is parsed inside them
    /// (their start tags are not written again), an end tag without its start tag in the
    /// piece is kept only when it closes one of them (with those opened after it), else it is
    /// removed; elements this piece closes are taken out and those it leaves open are added. The container's
    /// renderer closes what is still open at its end, so raw HTML never closes or leaves open
    /// an element it did not open.
    public static func sanitize(_ fragment: String, open: inout [String], rewrite: ((String, Bool) -> String?)? = nil) -> Result {
        var balance: [String]? = open
        let result = sanitize(fragment, balance: &balance, rewrite: rewrite)
        open = balance ?? []
        return result
    }

    static func sanitize(_ fragment: String, balance: inout [String]?, rewrite: ((String, Bool) -> String?)?) -> Result {
        // The piece continues the elements earlier pieces left open (`<table><tr><td>`, then
        // Markdown, then `</td><td>x</td></tr></table>`): it is parsed after a prefix of their
        // start tags, so a `<td>` lands in its row instead of being ignored in a body. The
        // prefix is made only of allowed, non-void names, with no attributes; its start tags
        // are not written again, and every offset is moved back by its length.
        var prefix: [UInt8] = []
        var prefixStarts: [Int: Int] = [:]
        for (index, name) in (balance ?? []).enumerated() where allowedElements.contains(name) && !voidElements.contains(name) {
            prefixStarts[prefix.count] = index
            prefix += Array("<\(name)>".utf8)
        }
        var bytes = prefix + Array(fragment.utf8)
        let length = bytes.count
        // gumbo keeps pointers into the buffer: it is this array, alive for the whole parse.
        bytes.append(0)
        var sanitizer = Walker(length: length)
        sanitizer.rewrite = rewrite
        sanitizer.balance = balance
        sanitizer.prefixLength = prefix.count
        sanitizer.prefixStarts = prefixStarts
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                var options = kGumboDefaultOptions
                options.fragment_context = GUMBO_TAG_BODY
                options.fragment_namespace = GUMBO_NAMESPACE_HTML
                options.max_errors = 0
                guard let output = gumbo_parse_with_options(&options, base, length) else { return }
                defer { gumbo_destroy_output(&options, output) }
                sanitizer.source = UnsafeBufferPointer(start: UnsafePointer<UInt8>(OpaquePointer(base)), count: length)
                sanitizer.run(root: output.pointee.root)
            }
        }
        if let before = balance {
            // Still open: the earlier elements this piece did not close, then the chain this
            // piece leaves open, from the outermost such element in.
            let kept = before.indices.filter { !sanitizer.closedBefore.contains($0) }.map { before[$0] }
            balance = kept + sanitizer.leftOpen.sorted { $0.depth < $1.depth }.map(\.name)
        }
        let shift = prefix.count
        return Result(html: sanitizer.out,
                      removals: sanitizer.removals.map { var r = $0; r.offset -= shift; return r },
                      links: sanitizer.links.map { var l = $0; l.offset -= shift; return l },
                      anchors: sanitizer.anchors.map { var a = $0; a.offset -= shift; return a })
    }

    /// Every `id` (and `name` on `<a>`) in a piece of raw HTML as written, allowed or not: the
    /// anchors of raw HTML that `unsafe_html: true` writes as is.
    public static func declaredAnchors(_ fragment: String) -> [String] {
        var bytes = Array(fragment.utf8)
        let length = bytes.count
        bytes.append(0)
        var found: [String] = []
        func visit(_ node: UnsafeMutablePointer<GumboNode>) {
            guard node.pointee.type == GUMBO_NODE_ELEMENT || node.pointee.type == GUMBO_NODE_TEMPLATE else { return }
            let element = node.pointee.v.element
            if let data = element.attributes.data {
                for index in 0..<Int(element.attributes.length) {
                    guard let attribute = data[index]?.assumingMemoryBound(to: GumboAttribute.self).pointee else { continue }
                    let name = String(cString: attribute.name)
                    let value = String(cString: attribute.value)
                    if !value.isEmpty, name == "id" || (name == "name" && element.tag == GUMBO_TAG_A) { found.append(value) }
                }
            }
            if let children = element.children.data {
                for index in 0..<Int(element.children.length) {
                    if let child = children[index]?.assumingMemoryBound(to: GumboNode.self) { visit(child) }
                }
            }
        }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                var options = kGumboDefaultOptions
                options.fragment_context = GUMBO_TAG_BODY
                options.fragment_namespace = GUMBO_NAMESPACE_HTML
                options.max_errors = 0
                guard let output = gumbo_parse_with_options(&options, base, length) else { return }
                defer { gumbo_destroy_output(&options, output) }
                if let root = output.pointee.root { visit(root) }
            }
        }
        return found
    }

    /// Why `url` may not stay in `attribute` of `element`, or nil when it may.
    public static func urlProblem(_ url: String, element: String, attribute: String) -> String? {
        // Browsers ignore ASCII tab and newline anywhere in a URL and trim control characters
        // and spaces at either end, so `java&#9;script:` and ` javascript:` are `javascript:`.
        let cleaned = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }))
            .trimmingControlAndSpace()
        guard let scheme = scheme(of: cleaned) else { return nil }
        if allowedSchemes.contains(scheme) { return nil }
        if scheme == "data", element == "img", attribute == "src" || attribute == "srcset" {
            let lower = cleaned.lowercased()
            for type in ["png", "gif", "jpeg", "webp"] where lower.hasPrefix("data:image/\(type);") || lower.hasPrefix("data:image/\(type),") {
                return nil
            }
            return "only PNG, GIF, JPEG and WebP images may be data URLs"
        }
        return "URL scheme '\(scheme):' is not allowed"
    }

    /// The lowercased scheme of a URL, or nil for a relative one (no `:` before the first
    /// `/`, `?` or `#`).
    static func scheme(of url: String) -> String? {
        var scheme = ""
        for c in url.unicodeScalars {
            if c == ":" { return scheme.isEmpty ? nil : scheme.lowercased() }
            if c == "/" || c == "?" || c == "#" { return nil }
            scheme.unicodeScalars.append(c)
        }
        return nil
    }

    /// The URLs of a `srcset`: each candidate's URL, without its width or density.
    static func srcsetURLs(_ value: String) -> [String] {
        value.split(separator: ",").compactMap { candidate in
            candidate.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init)
        }
    }

    /// The walk over gumbo's tree that writes the kept HTML and collects what it removed.
    struct Walker {
        let length: Int
        var rewrite: ((String, Bool) -> String?)?
        /// The elements earlier pieces of the container left open (nil: the piece alone).
        var balance: [String]?
        /// Length of the synthetic prefix of their start tags before the piece.
        var prefixLength = 0
        /// Offset of each prefix start tag → its index in `balance`.
        var prefixStarts: [Int: Int] = [:]
        /// Indices in `balance` of the elements this piece closed.
        var closedBefore: Set<Int> = []
        /// Prefix elements already met in the tree (a clone made by the parser is not one).
        var seenPrefix: Set<Int> = []
        /// Elements this piece opens and leaves open, with their depth in the tree.
        var leftOpen: [(depth: Int, name: String)] = []
        var depth = 0
        var source = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var out = ""
        var removals: [Removal] = []
        var links: [Link] = []
        var anchors: [Anchor] = []
        /// Byte ranges of the source that the tree accounts for (tags, text, comments).
        var covered: [Range<Int>] = []
        /// Tags the parser ignored (stray end tags, a second `<body>`), in source order.
        var strays: [(offset: Int, text: String, name: String, isEnd: Bool)] = []
        var nextStray = 0

        init(length: Int) { self.length = length }

        mutating func run(root: UnsafeMutablePointer<GumboNode>?) {
            guard let root else { return }
            cover(root)
            findStrays()
            // The fragment's nodes are the children of the `<html>` element gumbo makes.
            for child in children(of: root) { write(child) }
            flushStrays(before: Int.max)
        }

        // MARK: Ignored tags

        mutating func cover(_ node: UnsafeMutablePointer<GumboNode>) {
            switch node.pointee.type {
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                let element = node.pointee.v.element
                if element.original_tag.length > 0 {
                    let start = Int(element.start_pos.offset)
                    covered.append(start..<start + element.original_tag.length)
                }
                if element.original_end_tag.length > 0 {
                    let start = Int(element.end_pos.offset)
                    covered.append(start..<start + element.original_end_tag.length)
                }
                for child in children(of: node) { cover(child) }
            case GUMBO_NODE_DOCUMENT:
                for child in children(of: node) { cover(child) }
            case GUMBO_NODE_COMMENT, GUMBO_NODE_CDATA:
                let text = node.pointee.v.text
                let start = Int(text.start_pos.offset)
                covered.append(start..<start + max(text.original_text.length, 1))
            default:
                // Text is covered only inside an element whose content is not markup (script,
                // style, textarea, title…): elsewhere a `<` and a letter is always a tag, and
                // gumbo's extent of a text node also swallows the tags it ignored after it.
                let text = node.pointee.v.text
                guard let parent = node.pointee.parent, parent.pointee.type == GUMBO_NODE_ELEMENT,
                      Self.rawTextElements.contains(parent.pointee.v.element.tag.rawValue) else { return }
                let start = Int(text.start_pos.offset)
                covered.append(start..<start + max(text.original_text.length, 1))
            }
        }

        /// Elements whose content the tokenizer reads as text, not tags.
        static let rawTextElements: Set<UInt32> = [
            GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_TEXTAREA, GUMBO_TAG_TITLE, GUMBO_TAG_XMP, GUMBO_TAG_IFRAME,
            GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_PLAINTEXT,
        ].map(\.rawValue).reduce(into: []) { $0.insert($1) }

        /// Tags in the stretches of source the tree does not account for: the parser
        /// ignored them (an end tag whose element is not open here, a nested `<html>`).
        mutating func findStrays() {
            covered.sort { $0.lowerBound < $1.lowerBound }
            var position = 0
            var gaps: [Range<Int>] = []
            for range in covered {
                if range.lowerBound > position { gaps.append(position..<range.lowerBound) }
                position = max(position, range.upperBound)
            }
            if position < length { gaps.append(position..<length) }
            for gap in gaps {
                var i = gap.lowerBound
                while i < gap.upperBound {
                    guard source[i] == UInt8(ascii: "<") else { i += 1; continue }
                    var j = i + 1
                    let isEnd = j < gap.upperBound && source[j] == UInt8(ascii: "/")
                    if isEnd { j += 1 }
                    // A tag name starts with an ASCII letter (`<3` and `a < b` are text).
                    guard j < gap.upperBound, (source[j] | 0x20) >= 0x61, (source[j] | 0x20) <= 0x7A else { i += 1; continue }
                    var name = ""
                    while j < gap.upperBound, Self.isNameByte(source[j]) {
                        name.unicodeScalars.append(Unicode.Scalar(source[j]))
                        j += 1
                    }
                    guard !name.isEmpty else { i += 1; continue }
                    var end = j
                    while end < gap.upperBound, source[end] != UInt8(ascii: ">") { end += 1 }
                    let text = String(decoding: source[i..<min(end + 1, gap.upperBound)], as: UTF8.self)
                    strays.append((i, text, name.lowercased(), isEnd))
                    i = end + 1
                }
            }
        }

        static func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-")
        }

        /// Writes the stray end tags of allowed elements before `offset` (they close an
        /// element an earlier piece opened) and reports the other ignored tags.
        mutating func flushStrays(before offset: Int) {
            while nextStray < strays.count, strays[nextStray].offset < offset {
                let stray = strays[nextStray]
                nextStray += 1
                // A prefix tag the parser ignored is no tag of the piece.
                if stray.offset < prefixLength { continue }
                if stray.isEnd, allowedElements.contains(stray.name), !voidElements.contains(stray.name) {
                    guard let open = balance else {
                        out += "</\(stray.name)>"
                        continue
                    }
                    // The earlier elements are in the tree (from the prefix), so their end tags
                    // are not strays; one the parser left out of the prefix may be closed here.
                    let inTree = Set(prefixStarts.filter { seenPrefix.contains($0.key) }.map(\.value))
                    guard let index = open.indices.last(where: { open[$0] == stray.name && !closedBefore.contains($0) && !inTree.contains($0) }) else {
                        removals.append(Removal(offset: stray.offset, what: "</\(stray.name)>", why: "it closes no element opened before it in this block"))
                        continue
                    }
                    out += "</\(stray.name)>"
                    closedBefore.insert(index)
                } else if !stray.isEnd {
                    // A start tag the parser ignores: `<body>` or `<html>` inside a body, or a
                    // tag cut off by the end of the piece (`<script` unclosed).
                    let why = droppedWithContent[stray.name] ?? "the parser ignores it here"
                    removals.append(Removal(offset: stray.offset, what: "<\(stray.name)>", why: why))
                }
                // The end tag of an element that is not allowed is removed silently: its start
                // tag was reported (in this piece or the one that opened it).
            }
        }

        static func reason(forElement name: String) -> String {
            droppedWithContent[name] ?? "it is not in the allowed HTML"
        }

        // MARK: Writing

        func children(of node: UnsafeMutablePointer<GumboNode>) -> [UnsafeMutablePointer<GumboNode>] {
            let vector: GumboVector
            switch node.pointee.type {
            case GUMBO_NODE_DOCUMENT: vector = node.pointee.v.document.children
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE: vector = node.pointee.v.element.children
            default: return []
            }
            guard let data = vector.data else { return [] }
            return (0..<Int(vector.length)).compactMap { data[$0]?.assumingMemoryBound(to: GumboNode.self) }
        }

        /// The element's name as written (lowercased), for known and unknown tags alike.
        func name(of element: GumboElement) -> String {
            if element.tag != GUMBO_TAG_UNKNOWN, let name = gumbo_normalized_tagname(element.tag) {
                return String(cString: name)
            }
            guard element.original_tag.length > 1, let data = element.original_tag.data else { return "unknown" }
            var name = ""
            var i = 1
            while i < element.original_tag.length {
                let b = UInt8(bitPattern: data[i])
                guard Self.isNameByte(b) || b == UInt8(ascii: ":") || b == UInt8(ascii: "_") else { break }
                name.unicodeScalars.append(Unicode.Scalar(b))
                i += 1
            }
            return name.isEmpty ? "unknown" : name.lowercased()
        }

        mutating func write(_ node: UnsafeMutablePointer<GumboNode>) {
            switch node.pointee.type {
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                let text = node.pointee.v.text
                flushStrays(before: Int(text.start_pos.offset))
                out += Self.escapeText(text.text.map { String(cString: $0) } ?? "")
            case GUMBO_NODE_COMMENT:
                // A comment is a note to writers: it is not written to the page (and so
                // cannot hide a `--!>` trick), and reports nothing.
                flushStrays(before: Int(node.pointee.v.text.start_pos.offset))
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                writeElement(node)
            default:
                break
            }
        }

        mutating func writeElement(_ node: UnsafeMutablePointer<GumboNode>) {
            let element = node.pointee.v.element
            let start = Int(element.start_pos.offset)
            // `</br>` is read as `<br>` (by browsers too): an element from the source as well.
            let fromSource = element.original_tag.length > 0
                || node.pointee.parse_flags.rawValue & GUMBO_INSERTION_CONVERTED_FROM_END_TAG.rawValue != 0
            if fromSource { flushStrays(before: start) }
            let tag = name(of: element)
            // An element the parser implied (the `<tbody>` of `<table><tr>`) shares the offset
            // of the tag that implied it, and a clone made by the parser copies its tag: only
            // the element of the prefix tag itself is one of the earlier elements.
            let notFromPrefix = GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT.rawValue | GUMBO_INSERTION_ADOPTION_AGENCY_CLONED.rawValue
                | GUMBO_INSERTION_IMPLIED.rawValue
            if start < prefixLength, let index = prefixStarts[start], balance?[index] == tag,
               node.pointee.parse_flags.rawValue & notFromPrefix == 0, !seenPrefix.contains(start) {
                writePrefixElement(node, tag: tag, index: index)
                return
            }
            let isHTML = element.tag_namespace == GUMBO_NAMESPACE_HTML && node.pointee.type == GUMBO_NODE_ELEMENT
            if !isHTML || droppedWithContent[tag] != nil {
                // Removed with what it holds. A foreign element gumbo made for an HTML name
                // inside `<svg>` is inside a dropped `<svg>` already.
                if fromSource {
                    removals.append(Removal(offset: start, what: "<\(tag)>", why: Self.reason(forElement: tag) + "; its content is removed too"))
                }
                skipCovered(node)
                return
            }
            guard allowedElements.contains(tag), fromSource else {
                // An unknown but harmless element (`<font>`, `<center>`, a typo) is unwrapped:
                // its text stays. An element the parser implied (a `<tbody>`) is left for
                // the browser to imply again.
                if fromSource {
                    removals.append(Removal(offset: start, what: "<\(tag)>", why: "it is not in the allowed HTML; its content is kept"))
                }
                for child in children(of: node) { write(child) }
                return
            }
            out += "<" + tag
            writeAttributes(element, tag: tag)
            out += ">"
            if tag == "pre", let first = children(of: node).first, first.pointee.type == GUMBO_NODE_TEXT || first.pointee.type == GUMBO_NODE_WHITESPACE,
               let text = first.pointee.v.text.text, text.pointee == 0x0A {
                // The parser drops a newline right after `<pre>`: keep one that was there.
                out += "\n"
            }
            depth += 1
            for child in children(of: node) { write(child) }
            depth -= 1
            guard !voidElements.contains(tag) else { return }
            let end = Int(element.end_pos.offset)
            if element.original_end_tag.length > 0 {
                flushStrays(before: end)
                out += "</\(tag)>"
            } else if end < length, node.pointee.parse_flags.rawValue & GUMBO_INSERTION_IMPLICIT_END_TAG.rawValue != 0 {
                // Closed by something later in this piece (`<p>a<p>b`, `<li>` then `<li>`): the
                // end tag is written so the page stays well formed.
                out += "</\(tag)>"
            }
            else {
                // Still open at the end of the piece: a later piece (or the container) closes it.
                leftOpen.append((depth, tag))
            }
        }

        /// An element of the prefix (left open by an earlier piece): its start tag is not
        /// written again; its end tag is, when this piece closes it.
        mutating func writePrefixElement(_ node: UnsafeMutablePointer<GumboNode>, tag: String, index: Int) {
            let element = node.pointee.v.element
            seenPrefix.insert(Int(element.start_pos.offset))
            depth += 1
            for child in children(of: node) { write(child) }
            depth -= 1
            let end = Int(element.end_pos.offset)
            if element.original_end_tag.length > 0 {
                flushStrays(before: end)
                out += "</\(tag)>"
                closedBefore.insert(index)
            } else if end < length, node.pointee.parse_flags.rawValue & GUMBO_INSERTION_IMPLICIT_END_TAG.rawValue != 0 {
                out += "</\(tag)>"
                closedBefore.insert(index)
            }
        }

        /// Marks what a dropped element covered as seen, so that the strays inside it (an end
        /// tag in a dropped `<svg>`) are not written or reported.
        mutating func skipCovered(_ node: UnsafeMutablePointer<GumboNode>) {
            let element = node.pointee.v.element
            let start = Int(element.start_pos.offset)
            var end = element.original_end_tag.length > 0 ? Int(element.end_pos.offset) + element.original_end_tag.length : Int(element.end_pos.offset)
            if end < start { end = start }
            while nextStray < strays.count, strays[nextStray].offset >= start, strays[nextStray].offset < end { nextStray += 1 }
        }

        mutating func writeAttributes(_ element: GumboElement, tag: String) {
            guard let data = element.attributes.data else { return }
            let attributes = (0..<Int(element.attributes.length)).compactMap { data[$0]?.assumingMemoryBound(to: GumboAttribute.self).pointee }
            let alt = attributes.first { String(cString: $0.name) == "alt" }.map { String(cString: $0.value) } ?? ""
            for attribute in attributes {
                let name = String(cString: attribute.name)
                let value = String(cString: attribute.value)
                let offset = Int(attribute.name_start.offset)
                // `markdown` (`<div markdown="1">`) is Python-Markdown's md_in_html instruction,
                // not content: it is left out without a warning.
                if name == "markdown" { continue }
                let allowed = attribute.attr_namespace == GUMBO_ATTR_NAMESPACE_NONE
                    && (globalAttributes.contains(name) || elementAttributes[tag]?.contains(name) == true)
                guard allowed else {
                    let why: String
                    if name.hasPrefix("on") { why = "event handlers run script" }
                    else if name == "style" { why = "inline styles are not allowed; use a class" }
                    else { why = "it is not an allowed attribute of <\(tag)>" }
                    removals.append(Removal(offset: offset, what: "attribute '\(name)' of <\(tag)>", why: why))
                    continue
                }
                var written = value
                if urlAttributes.contains(name) {
                    let urls = name == "srcset" ? srcsetURLs(value) : [value]
                    if let problem = urls.lazy.compactMap({ urlProblem($0, element: tag, attribute: name) }).first {
                        removals.append(Removal(offset: offset, what: "attribute '\(name)' of <\(tag)>", why: problem))
                        continue
                    }
                    if name != "cite" {
                        for url in urls {
                            links.append(Link(offset: offset, element: tag, attribute: name,
                                              url: url.trimmingControlAndSpace(), isEmbedded: name != "href", alt: alt))
                        }
                        if let rewrite {
                            let url = name == "srcset" ? Self.rewriteSrcset(value, rewrite) : rewrite(value.trimmingControlAndSpace(), name != "href")
                            guard let url else { continue }
                            written = url
                        }
                    }
                }
                if name == "id" || (name == "name" && tag == "a"), !value.isEmpty {
                    anchors.append(Anchor(offset: offset, name: value))
                }
                out += " \(name)=\"\(Self.escapeAttribute(written))\""
            }
        }

        /// A `srcset` with each candidate's URL rewritten, its descriptor kept.
        /// A candidate whose URL `rewrite` refuses is left out; nil when none is left.
        static func rewriteSrcset(_ value: String, _ rewrite: (String, Bool) -> String?) -> String? {
            let candidates = value.split(separator: ",").compactMap { candidate -> String? in
                let parts = candidate.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                guard let url = parts.first, let written = rewrite(String(url), true) else { return nil }
                return ([written] + parts.dropFirst().map(String.init)).joined(separator: " ")
            }
            return candidates.isEmpty ? nil : candidates.joined(separator: ", ")
        }

        static func escapeText(_ text: String) -> String {
            guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == 0xC2 }) else { return text }
            var out = ""
            out.reserveCapacity(text.utf8.count + 16)
            for c in text.unicodeScalars {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\u{A0}": out += "&nbsp;"
                default: out.unicodeScalars.append(c)
                }
            }
            return out
        }

        static func escapeAttribute(_ text: String) -> String {
            var out = ""
            out.reserveCapacity(text.utf8.count)
            for c in text.unicodeScalars {
                switch c {
                case "&": out += "&amp;"
                case "\"": out += "&quot;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                default: out.unicodeScalars.append(c)
                }
            }
            return out
        }
    }
}

extension String {
    /// Without the C0 controls and spaces at either end, as a browser trims a URL.
    func trimmingControlAndSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }) else { return "" }
        let last = scalars.lastIndex(where: { $0.value > 0x20 })!
        return String(scalars[first...last])
    }
}
