/// Build-time syntax highlighting of fenced code: readers get coloured code without any
/// script. A small tokenizer per language family — keywords, strings, comments, numbers and,
/// where the language has them, keys, tags and attributes — not a parser: it never reorders or
/// drops text, it only wraps runs of it in `<span class="hl-…">`. Text is HTML-escaped.
///
/// Languages: json, yaml, bash/sh/shell/zsh, console (`$ ` prompts), python, swift,
/// javascript/typescript, html/xml, markdown (and their usual short names). Anything else is
/// left plain: `highlight` returns nil.
public enum SyntaxHighlighter {
    /// The kinds of token that get a class; the CSS class is `hl-` + the raw value.
    enum Token: String {
        case keyword, string, comment, number, literal, key, tag, attr, heading, prompt
    }

    /// The highlighted HTML of `code` (without `<pre><code>`), or nil when the language is not
    /// one this highlighter knows.
    public static func highlight(_ code: String, language: String) -> String? {
        var html = HTMLBuffer()
        guard highlight(code, language: language, into: &html) else { return nil }
        return html.string
    }

    /// `highlight(_:language:)` written straight into a page body's buffer, not made a
    /// `String` and copied in (issue 21); false, with nothing written, when the language is
    /// not one this highlighter knows.
    static func highlight(_ code: String, language: String, into html: inout HTMLBuffer) -> Bool {
        let name = language.lowercased()
        let grammar = Grammar.named(name)
        switch name {
        case "html", "xml", "svg", "xhtml", "markdown", "md", "yaml", "yml", "console", "shell-session", "terminal": break
        default: if grammar == nil { return false }
        }
        // The scanners write into the page's own buffer: it is moved in and back, not copied.
        var out = Output()
        swap(&out.buffer, &html)
        defer { swap(&out.buffer, &html) }
        switch name {
        case "html", "xml", "svg", "xhtml": Markup.scan(Array(code.unicodeScalars), into: &out)
        case "markdown", "md": MarkdownLines.scan(code, into: &out)
        case "yaml", "yml": YAMLLines.scan(code, into: &out)
        case "console", "shell-session", "terminal": ConsoleLines.scan(code, into: &out)
        default: scanCode(code, grammar: grammar!, into: &out)
        }
        return true
    }

    /// Runs the general scanner over `text`.
    static func scanCode<S: StringProtocol>(_ text: S, grammar: Grammar, into out: inout Output) {
        var scanner = CodeScanner(grammar: grammar, scalars: Array(text.unicodeScalars))
        scanner.scan(into: &out)
    }

    // MARK: Output

    /// Collects tokens as HTML bytes; plain text is escaped as it comes.
    struct Output {
        var buffer = HTMLBuffer()
        /// The HTML written, as a string.
        var html: String { buffer.string }

        mutating func plain<S: StringProtocol>(_ text: S) {
            if text.utf8.withContiguousStorageIfAvailable({ buffer.appendEscaped($0) }) == nil {
                buffer.appendEscaped(String(text))
            }
        }

        /// Plain text given as the scanner's scalars: escaped and encoded straight into the
        /// buffer, with no `String` per piece (issue 21).
        mutating func plain(_ scalars: ArraySlice<Unicode.Scalar>) { buffer.appendEscaped(scalars) }

        mutating func token<S: StringProtocol>(_ kind: Token?, _ text: S) {
            guard !text.isEmpty else { return }
            guard let kind else { plain(text); return }
            open(kind)
            plain(text)
            buffer.append("</span>")
        }

        mutating func token(_ kind: Token?, _ scalars: ArraySlice<Unicode.Scalar>) {
            guard !scalars.isEmpty else { return }
            guard let kind else { plain(scalars); return }
            open(kind)
            plain(scalars)
            buffer.append("</span>")
        }

        private mutating func open(_ kind: Token) {
            buffer.append("<span class=\"hl-")
            buffer += kind.rawValue
            buffer.append("\">")
        }
    }

    /// The text of `scalars`, encoded straight into a new string's UTF-8. Appending them to a
    /// `String.UnicodeScalarView` one at a time cost ~6,800 instructions per token, most of
    /// the highlighter's time (issue 21); this is ~10 per scalar.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var i = 0
            for scalar in scalars {
                if scalar.isASCII {
                    buffer[i] = UInt8(truncatingIfNeeded: scalar.value)
                    i += 1
                } else {
                    for byte in UTF8.encode(scalar)! {
                        buffer[i] = byte
                        i += 1
                    }
                }
            }
            return i
        }
    }

    // MARK: Programming languages

    /// What the general scanner needs to know about a language.
    struct Grammar {
        let keywords: Set<String>
        let literals: Set<String>
        var lineComments: [String]
        var blockComment: (open: String, close: String)?
        var quotes: Set<Unicode.Scalar>
        /// Quotes whose strings may run over line ends (JavaScript's backtick).
        var multilineQuotes: Set<Unicode.Scalar>
        /// `"""` strings (Python, Swift).
        var tripleQuotes: Bool
        /// `#` starts a comment only at the start of a word (shell: `a#b`, `$#` are not comments).
        var commentNeedsSpaceBefore: Bool
        /// A string followed by `:` is an object key (JSON).
        var stringKeys: Bool
        /// `$NAME` and `${...}` are variables (shell), shown as attributes.
        var shellVariables: Bool
        /// Identifiers may contain `-` (shell commands and options: `--help`).
        var dashInWords: Bool
        /// Per ASCII first scalar, the lengths (in scalars; bit 31 for 31 or more) of the
        /// keywords and literals that start with it: a word whose first scalar and length match
        /// none cannot be one, and is passed without making it a `String` and hashing it twice
        /// (most words of code are names, not keywords; issue 21).
        let wordLengths: [UInt32]

        init(keywords: Set<String> = [], literals: Set<String> = [], lineComments: [String] = [],
             blockComment: (open: String, close: String)? = nil, quotes: Set<Unicode.Scalar> = ["\"", "'"],
             multilineQuotes: Set<Unicode.Scalar> = [], tripleQuotes: Bool = false, commentNeedsSpaceBefore: Bool = false,
             stringKeys: Bool = false, shellVariables: Bool = false, dashInWords: Bool = false) {
            self.keywords = keywords
            self.literals = literals
            self.lineComments = lineComments
            self.blockComment = blockComment
            self.quotes = quotes
            self.multilineQuotes = multilineQuotes
            self.tripleQuotes = tripleQuotes
            self.commentNeedsSpaceBefore = commentNeedsSpaceBefore
            self.stringKeys = stringKeys
            self.shellVariables = shellVariables
            self.dashInWords = dashInWords
            var lengths = [UInt32](repeating: 0, count: 128)
            for word in keywords.union(literals) {
                guard let first = word.unicodeScalars.first, first.isASCII else { continue }
                lengths[Int(first.value)] |= Self.lengthBit(word.unicodeScalars.count)
            }
            wordLengths = lengths
        }

        @inline(__always)
        static func lengthBit(_ length: Int) -> UInt32 { 1 << UInt32(min(length, 31)) }

        /// Whether the word `scalars` may be a keyword or literal: false only when it cannot
        /// (its first scalar is ASCII and no keyword or literal starts with it at its length).
        /// Sound for `String`'s equality (canonical equivalence): a string equal to one made of
        /// ASCII has as many scalars, and its ASCII scalars are the same ones; a non-ASCII
        /// first scalar (the Kelvin sign equals `K`) is always asked about.
        @inline(__always)
        func mayBeKeywordOrLiteral(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
            guard let first = scalars.first, first.isASCII else { return true }
            return wordLengths[Int(first.value)] & Self.lengthBit(scalars.count) != 0
        }

        static func named(_ name: String) -> Grammar? {
            switch name {
            case "json", "jsonc", "json5": return json
            case "bash", "sh", "shell", "zsh": return shell
            case "python", "py", "python3": return python
            case "swift": return swift
            case "javascript", "js", "mjs", "cjs", "jsx", "typescript", "ts", "tsx", "mts": return javascript
            default: return nil
            }
        }

        static let json = Grammar(literals: ["true", "false", "null"], lineComments: ["//"],
                                  blockComment: ("/*", "*/"), quotes: ["\""], stringKeys: true)

        static let shell = Grammar(
            keywords: ["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
                       "in", "function", "return", "export", "local", "readonly", "set", "unset", "source",
                       "exit", "shift", "select", "time"],
            literals: ["true", "false"], lineComments: ["#"], commentNeedsSpaceBefore: true,
            shellVariables: true, dashInWords: true)

        static let python = Grammar(
            keywords: ["and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
                       "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
                       "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
                       "match", "case"],
            literals: ["True", "False", "None", "self"], lineComments: ["#"], tripleQuotes: true)

        static let swift = Grammar(
            keywords: ["actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class",
                       "continue", "default", "defer", "do", "else", "enum", "extension", "fallthrough", "fileprivate",
                       "for", "func", "guard", "if", "import", "in", "init", "inout", "internal", "is", "let",
                       "mutating", "nonisolated", "open", "operator", "private", "protocol", "public", "repeat",
                       "rethrows", "return", "some", "static", "struct", "subscript", "switch", "throw", "throws",
                       "try", "typealias", "var", "where", "while"],
            literals: ["true", "false", "nil", "self", "Self", "super"], lineComments: ["//"],
            blockComment: ("/*", "*/"), quotes: ["\""], tripleQuotes: true)

        static let javascript = Grammar(
            keywords: ["abstract", "as", "async", "await", "break", "case", "catch", "class", "const", "continue",
                       "debugger", "declare", "default", "delete", "do", "else", "enum", "export", "extends",
                       "finally", "for", "from", "function", "if", "implements", "import", "in", "instanceof",
                       "interface", "let", "new", "of", "private", "protected", "public", "readonly", "return",
                       "static", "switch", "throw", "try", "type", "typeof", "var", "void", "while", "with", "yield"],
            literals: ["true", "false", "null", "undefined", "this", "super", "NaN", "Infinity"],
            lineComments: ["//"], blockComment: ("/*", "*/"), quotes: ["\"", "'", "`"], multilineQuotes: ["`"])
    }

    /// The general scanner: one pass over the code, longest-match at each position.
    struct CodeScanner {
        let grammar: Grammar
        let scalars: [Unicode.Scalar]
        var position = 0
        var plainStart = 0
        /// The ASCII scalars that can start a token in this grammar (bit n for scalar n):
        /// `nextToken` passes any other ASCII scalar without moving, so `scan` steps over it
        /// without asking. Per scalar, the set lookups and comment markers there were most
        /// of the highlighter's time (issue 21). Non-ASCII scalars always go to `nextToken`.
        private let startBits: (low: UInt64, high: UInt64)
        /// False only in the test that compares the scan with and without the skip.
        var skipsPlainScalars = true

        init(grammar: Grammar, scalars: [Unicode.Scalar]) {
            self.grammar = grammar
            self.scalars = scalars
            var bits = Self.wordAndNumberStartBits
            func add(_ scalar: Unicode.Scalar) {
                if scalar.value < 64 { bits.low |= 1 << UInt64(scalar.value) } else if scalar.value < 128 { bits.high |= 1 << UInt64(scalar.value - 64) }
            }
            var markers = grammar.lineComments
            if let block = grammar.blockComment { markers.append(block.open) }
            for marker in markers {
                // An empty marker matches everywhere: then every scalar must be asked about.
                guard let first = marker.unicodeScalars.first else { bits = (.max, .max); break }
                add(first)
            }
            for quote in grammar.quotes { add(quote) }
            if grammar.shellVariables { add("$") }
            if grammar.dashInWords { add("-") }
            startBits = bits
        }

        /// Letters, `_`, digits and `.` (a number like `.5`): they may start a token in every grammar.
        static let wordAndNumberStartBits: (low: UInt64, high: UInt64) = {
            var bits: (low: UInt64, high: UInt64) = (0, 0)
            for value in UInt32(0)..<128 {
                let scalar = Unicode.Scalar(value)!
                guard isWordStart(scalar) || isDigit(scalar) || scalar == "." else { continue }
                if value < 64 { bits.low |= 1 << UInt64(value) } else { bits.high |= 1 << UInt64(value - 64) }
            }
            return bits
        }()

        /// Whether `nextToken` may find a token starting with `scalar` (always, for non-ASCII).
        @inline(__always)
        private func mayStartToken(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            if value < 64 { return startBits.low & (1 << UInt64(value)) != 0 }
            if value < 128 { return startBits.high & (1 << UInt64(value - 64)) != 0 }
            return true
        }

        mutating func scan(into out: inout Output) {
            while position < scalars.count {
                if skipsPlainScalars, !mayStartToken(scalars[position]) {
                    position += 1
                    continue
                }
                let start = position
                if let kind = nextToken() {
                    flushPlain(upTo: start, into: &out)
                    out.token(kind, scalars[start..<position])
                    plainStart = position
                } else if position == start {
                    position += 1
                }
            }
            flushPlain(upTo: scalars.count, into: &out)
        }

        private mutating func flushPlain(upTo end: Int, into out: inout Output) {
            if plainStart < end { out.plain(scalars[plainStart..<end]) }
            plainStart = end
        }

        private func text(_ from: Int, _ to: Int) -> String { SyntaxHighlighter.string(scalars[from..<to]) }

        private func starts(with marker: String, at index: Int) -> Bool {
            var i = index
            for scalar in marker.unicodeScalars {
                guard i < scalars.count, scalars[i] == scalar else { return false }
                i += 1
            }
            return true
        }

        /// Reads one token at `position` and returns its kind (moving `position` past it), or
        /// nil for plain text (moving past identifiers that are not keywords, or not at all).
        private mutating func nextToken() -> Token? {
            let c = scalars[position]
            for marker in grammar.lineComments where starts(with: marker, at: position) {
                if grammar.commentNeedsSpaceBefore, position > 0, !Self.isSpace(scalars[position - 1]) { break }
                while position < scalars.count, scalars[position] != "\n" { position += 1 }
                return .comment
            }
            if let block = grammar.blockComment, starts(with: block.open, at: position) {
                position += block.open.unicodeScalars.count
                while position < scalars.count, !starts(with: block.close, at: position) { position += 1 }
                position = min(scalars.count, position + block.close.unicodeScalars.count)
                return .comment
            }
            if grammar.quotes.contains(c) {
                readString(quote: c)
                if grammar.stringKeys {
                    var next = position
                    while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
                    if next < scalars.count, scalars[next] == ":" { return .key }
                }
                return .string
            }
            if grammar.shellVariables, c == "$", position + 1 < scalars.count {
                let next = scalars[position + 1]
                if next == "{" {
                    while position < scalars.count, scalars[position] != "}", scalars[position] != "\n" { position += 1 }
                    if position < scalars.count, scalars[position] == "}" { position += 1 }
                    return .attr
                }
                if Self.isWordStart(next) || Self.isDigit(next) || "@#?*!$-".unicodeScalars.contains(next) {
                    position += 2
                    if Self.isWordStart(next) { while position < scalars.count, Self.isWord(scalars[position]) { position += 1 } }
                    return .attr
                }
            }
            if Self.isDigit(c) || (c == "." && position + 1 < scalars.count && Self.isDigit(scalars[position + 1])) {
                // A number only at the start of a word (not the 2 of `utf8` or `x2`): words are
                // consumed whole below, so a digit here starts one.
                position += 1
                while position < scalars.count,
                      Self.isWord(scalars[position]) || (scalars[position] == "." && position + 1 < scalars.count && Self.isDigit(scalars[position + 1])) {
                    position += 1
                }
                return grammar.dashInWords && position < scalars.count && scalars[position] == "-" ? nil : .number
            }
            if Self.isWordStart(c) || (grammar.dashInWords && c == "-") {
                let start = position
                while position < scalars.count, Self.isWord(scalars[position]) || (grammar.dashInWords && scalars[position] == "-") {
                    position += 1
                }
                guard grammar.mayBeKeywordOrLiteral(scalars[start..<position]) else { return nil }
                let word = text(start, position)
                if grammar.keywords.contains(word) { return .keyword }
                if grammar.literals.contains(word) { return .literal }
                return nil
            }
            return nil
        }

        /// Moves past a string that starts at `position`, with backslash escapes; a string that
        /// may not span lines ends at the line's end, so one stray quote colours one line only.
        private mutating func readString(quote: Unicode.Scalar) {
            if grammar.tripleQuotes, starts(with: String(repeating: String(quote), count: 3), at: position) {
                let close = String(repeating: String(quote), count: 3)
                position += 3
                while position < scalars.count, !starts(with: close, at: position) {
                    position += scalars[position] == "\\" ? 2 : 1
                }
                position = min(scalars.count, position + 3)
                return
            }
            let multiline = grammar.multilineQuotes.contains(quote)
            // Shell single quotes have no escapes: 'a\' is the whole string.
            let escapes = !(grammar.shellVariables && quote == "'")
            position += 1
            while position < scalars.count {
                let c = scalars[position]
                if c == quote { position += 1; return }
                if c == "\n" && !multiline { return }
                position += escapes && c == "\\" ? 2 : 1
            }
            position = scalars.count
        }

        static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
        static func isWordStart(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || c.value > 127 && c.properties.isAlphabetic
        }
        static func isWord(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || isDigit(c) }
    }

    // MARK: Line-based languages

    /// Splits text into lines, keeping each line's `\n` (so output keeps every character).
    ///
    /// A line ends at each `\n` that is a character of its own: every line feed but one after
    /// `\r` (`\r\n` is one character; Unicode breaks characters after every other line feed and
    /// before it). Found on the UTF-8 bytes, not by walking characters, which was most of a
    /// YAML block's time (issue 21).
    static func lines(_ text: String) -> [Substring] {
        var result: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = utf8.startIndex
        var previous: UInt8 = 0
        while index < utf8.endIndex {
            let byte = utf8[index]
            let next = utf8.index(after: index)
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") {
                result.append(text[start..<next])
                start = next
            }
            previous = byte
            index = next
        }
        if start < utf8.endIndex { result.append(text[start...]) }
        return result
    }

    /// A line without its `\n`, and the `\n` (or "").
    static func splitNewline(_ line: Substring) -> (Substring, Substring) {
        line.hasSuffix("\n") ? (line.dropLast(), line.suffix(1)) : (line, "")
    }

    /// YAML: `key:` as a key, then the value as scalars (strings, numbers, true/false/null),
    /// `#` comments after a space, `---` document markers.
    enum YAMLLines {
        static let value = Grammar(literals: ["true", "false", "null", "yes", "no", "on", "off", "True", "False", "Null", "~"],
                                   lineComments: ["#"], commentNeedsSpaceBefore: true)

        static func scan(_ text: String, into out: inout Output) {
            for line in lines(text) {
                // A line of ASCII without carriage returns (most YAML) is read as bytes: there
                // every byte is a `Character` of its own, so the byte tests below decide as the
                // `Character` ones do, which walked the line several times (issue 21, perfbody5).
                if isASCIIWithoutCR(line) {
                    scanASCIILine(line, into: &out)
                    continue
                }
                let (body, newline) = splitNewline(line)
                if body == "---" || body == "..." {
                    out.token(.keyword, body)
                } else {
                    scanLine(body, into: &out)
                }
                out.plain(newline)
            }
        }

        static func isASCIIWithoutCR(_ line: Substring) -> Bool {
            line.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "\r") }
            } ?? false
        }

        /// `scan` of one line (with its `\n`, if any) whose bytes are all ASCII and none is `\r`.
        static func scanASCIILine(_ line: Substring, into out: inout Output) {
            let utf8 = line.utf8
            // The line feed ends the line: no `\r` before it here.
            var end = utf8.endIndex
            if end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "\n") { end = utf8.index(before: end) }
            let body = line[..<end]
            if body == "---" || body == "..." {
                out.token(.keyword, body)
                out.plain(line[end...])
                return
            }
            @inline(__always) func byte(_ index: Substring.Index) -> UInt8? { index < end ? utf8[index] : nil }
            // Indentation and list dashes (`  - - `), as `scanLine`.
            var start = utf8.startIndex
            while true {
                if byte(start) == UInt8(ascii: " ") {
                    start = utf8.index(after: start)
                } else if byte(start) == UInt8(ascii: "-"), byte(utf8.index(after: start)) == UInt8(ascii: " ") {
                    start = utf8.index(start, offsetBy: 2)
                } else if byte(start) == UInt8(ascii: "-"), utf8.index(after: start) == end {
                    start = end
                } else {
                    break
                }
            }
            out.plain(line[..<start])
            // `keyEnd` on bytes.
            var rest = start
            if let first = byte(start), first != UInt8(ascii: "#"), first != UInt8(ascii: "\""), first != UInt8(ascii: "'"),
               first != UInt8(ascii: "{"), first != UInt8(ascii: "[") {
                var index = start
                while let c = byte(index), c != UInt8(ascii: "#") {
                    let next = utf8.index(after: index)
                    if c == UInt8(ascii: ":"), next == end || utf8[next] == UInt8(ascii: " ") {
                        out.token(.key, line[start..<index])
                        rest = index
                        break
                    }
                    index = next
                }
            }
            // `valueGrammar` on bytes.
            var first = rest
            while let c = byte(first), c == UInt8(ascii: ":") || c == UInt8(ascii: " ") || c == UInt8(ascii: "-")
                    || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                first = utf8.index(after: first)
            }
            let quoted = byte(first) == UInt8(ascii: "\"") || byte(first) == UInt8(ascii: "'")
            scanCode(line[rest..<end], grammar: quoted ? quotedValue : plainValue, into: &out)
            out.plain(line[end...])
        }

        static func scanLine(_ line: Substring, into out: inout Output) {
            // Indentation and list dashes (`  - - `).
            var rest = line[...]
            while true {
                if rest.hasPrefix(" ") { rest = rest.dropFirst() } else if rest.hasPrefix("- ") || rest == "-" { rest = rest.dropFirst(min(2, rest.count)) } else { break }
            }
            out.plain(line[..<rest.startIndex])
            // `key:` followed by a space or the end of the line (not `http://`), unless the
            // line is a comment or a quoted value.
            if let colon = keyEnd(rest) {
                out.token(.key, rest[..<colon])
                rest = rest[colon...]
            }
            scanCode(rest, grammar: valueGrammar(for: rest), into: &out)
        }

        /// A value that is a plain (unquoted) scalar may contain quotes (`it's`): only a value
        /// that starts with a quote is a string.
        static func valueGrammar(for rest: Substring) -> Grammar {
            let trimmed = rest.drop { $0 == ":" || $0 == " " || $0 == "-" || $0 == "[" || $0 == "{" }
            return trimmed.first.map { $0 == "\"" || $0 == "'" } == true ? quotedValue : plainValue
        }

        /// `value` with both quotes, and without any: made once, not a grammar and a set per line.
        static let quotedValue: Grammar = {
            var grammar = value
            grammar.quotes = ["\"", "'"]
            return grammar
        }()
        static let plainValue: Grammar = {
            var grammar = value
            grammar.quotes = []
            return grammar
        }()

        static func keyEnd(_ rest: Substring) -> Substring.Index? {
            guard let first = rest.first, first != "#", first != "\"", first != "'", first != "{", first != "[" else { return nil }
            var index = rest.startIndex
            while index < rest.endIndex {
                let c = rest[index]
                if c == "#" { return nil }
                if c == ":" {
                    let next = rest.index(after: index)
                    if next == rest.endIndex || rest[next] == " " { return index }
                }
                index = rest.index(after: index)
            }
            return nil
        }
    }

    /// A terminal session: `$ ` (or `# `, `% `, `> `) lines are commands, highlighted as shell
    /// after a prompt; other lines are output, left plain.
    enum ConsoleLines {
        static func scan(_ text: String, into out: inout Output) {
            for line in lines(text) {
                let (body, newline) = splitNewline(line)
                if let prompt = ["$ ", "% ", "# ", "> "].first(where: { body.hasPrefix($0) }) {
                    out.token(.prompt, prompt)
                    scanCode(body.dropFirst(prompt.count), grammar: .shell, into: &out)
                } else {
                    out.plain(body)
                }
                out.plain(newline)
            }
        }
    }

    /// Markdown: headings, fence lines, list markers, quotes, inline code and link targets.
    enum MarkdownLines {
        static func scan(_ text: String, into out: inout Output) {
            var inFence = false
            for line in lines(text) {
                let (body, newline) = splitNewline(line)
                let trimmed = body.drop { $0 == " " }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    out.token(.string, body)
                    inFence.toggle()
                } else if inFence {
                    out.token(.string, body)
                } else if trimmed.hasPrefix("#"), trimmed.drop(while: { $0 == "#" }).first.map({ $0 == " " }) ?? true {
                    out.token(.heading, body)
                } else {
                    let marker = listMarker(body)
                    out.token(.keyword, marker)
                    scanInline(body.dropFirst(marker.count), into: &out)
                }
                out.plain(newline)
            }
        }

        /// `- `, `* `, `+ `, `1. `, `> ` with their indentation, or "".
        static func listMarker(_ line: Substring) -> Substring {
            let indent = line.prefix { $0 == " " }
            let rest = line.dropFirst(indent.count)
            for bullet in ["- ", "* ", "+ ", "> "] where rest.hasPrefix(bullet) { return line.prefix(indent.count + 2) }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, rest.dropFirst(digits.count).hasPrefix(". ") { return line.prefix(indent.count + digits.count + 2) }
            return ""
        }

        /// `code` spans as strings; the `(target)` of a link as an attribute.
        static func scanInline(_ text: Substring, into out: inout Output) {
            var plainStart = text.startIndex
            var index = text.startIndex
            while index < text.endIndex {
                let c = text[index]
                if c == "`", let close = text[text.index(after: index)...].firstIndex(of: "`") {
                    out.plain(text[plainStart..<index])
                    let end = text.index(after: close)
                    out.token(.string, text[index..<end])
                    index = end
                    plainStart = end
                } else if c == "]", text[index...].hasPrefix("]("), let close = text[index...].firstIndex(of: ")") {
                    let open = text.index(after: index)
                    out.plain(text[plainStart..<open])
                    let end = text.index(after: close)
                    out.token(.attr, text[open..<end])
                    index = end
                    plainStart = end
                } else {
                    index = text.index(after: index)
                }
            }
            out.plain(text[plainStart...])
        }
    }

    /// HTML and XML: tags with their attributes and values, comments, doctype/declarations.
    enum Markup {
        static func scan(_ scalars: [Unicode.Scalar], into out: inout Output) {
            var index = 0
            var plainStart = 0
            func text(_ from: Int, _ to: Int) -> ArraySlice<Unicode.Scalar> { scalars[from..<to] }
            func starts(_ marker: String, _ at: Int) -> Bool {
                var i = at
                for m in marker.unicodeScalars {
                    guard i < scalars.count, scalars[i] == m else { return false }
                    i += 1
                }
                return true
            }
            func flush(_ end: Int) {
                if plainStart < end { out.plain(text(plainStart, end)) }
            }
            while index < scalars.count {
                guard scalars[index] == "<", index + 1 < scalars.count else { index += 1; continue }
                let next = scalars[index + 1]
                if starts("<!--", index) {
                    flush(index)
                    var end = index + 4
                    while end < scalars.count, !starts("-->", end) { end += 1 }
                    end = min(scalars.count, end + 3)
                    out.token(.comment, text(index, end))
                    index = end
                    plainStart = end
                } else if next == "!" || next == "?" {
                    flush(index)
                    var end = index
                    while end < scalars.count, scalars[end] != ">" { end += 1 }
                    end = min(scalars.count, end + 1)
                    out.token(.keyword, text(index, end))
                    index = end
                    plainStart = end
                } else if next == "/" || CodeScanner.isWordStart(next) {
                    flush(index)
                    index = scanTag(scalars, from: index, into: &out)
                    plainStart = index
                } else {
                    index += 1
                }
            }
            flush(scalars.count)
        }

        /// `<name attr="value">`: returns the index after the tag.
        static func scanTag(_ scalars: [Unicode.Scalar], from start: Int, into out: inout Output) -> Int {
            func text(_ from: Int, _ to: Int) -> ArraySlice<Unicode.Scalar> { scalars[from..<to] }
            func isName(_ c: Unicode.Scalar) -> Bool { CodeScanner.isWord(c) || c == "-" || c == ":" || c == "." }
            var index = start + 1
            if scalars[index] == "/" { index += 1 }
            while index < scalars.count, isName(scalars[index]) { index += 1 }
            out.token(.tag, text(start, index))
            while index < scalars.count {
                let c = scalars[index]
                if c == ">" {
                    out.token(.tag, ">")
                    return index + 1
                } else if c == "/", index + 1 < scalars.count, scalars[index + 1] == ">" {
                    out.token(.tag, "/>")
                    return index + 2
                } else if c == "\"" || c == "'" {
                    var end = index + 1
                    while end < scalars.count, scalars[end] != c { end += 1 }
                    end = min(scalars.count, end + 1)
                    out.token(.string, text(index, end))
                    index = end
                } else if isName(c) {
                    var end = index
                    while end < scalars.count, isName(scalars[end]) { end += 1 }
                    out.token(.attr, text(index, end))
                    index = end
                } else if c == "<" {
                    return index  // an unclosed tag: the next one starts here
                } else {
                    out.plain(text(index, index + 1))
                    index += 1
                }
            }
            return index
        }
    }
}
