extension Glossary {
    /// Finds, in one pass of one table lookup per byte, the first place in ASCII text where a
    /// glossary phrase may have matched, so that `GlossaryLinker.renderASCII` walks the trie
    /// (`ASCIITables.longestMatch`) only near such places instead of from every word start.
    ///
    /// Why: walking the trie from every word start cost ~13 instructions a byte of text (the
    /// scan for word ends, then the first steps of a walk from each of ~1.5 M word starts at
    /// 1,000 pages); text where no phrase even begins to match was most of it (issue 21).
    ///
    /// It is an Aho–Corasick automaton over the trie of `ASCIITables` in which a match may only
    /// start at a word start (where `renderASCII` tries phrases: the text's start or after a
    /// byte that is not a word character). Its state after a byte is the trie node of the
    /// longest stretch of text ending there that starts at a word start and that the trie
    /// spells (capitals folded, a run of white space read as one space), else "at a word
    /// start" (the root) or "inside a word". The text before such a stretch cannot start a match any
    /// more. A state is a *hit* when a phrase's bytes (or those before its final `y`, for
    /// `ies`) end there, at its node or at a shorter stretch's (`hit`): only then may
    /// `longestMatch` find a phrase, starting at or after `start(of:endingAt:in:)`.
    ///
    /// The linker reads it two bytes a step (`pairs`) and a byte a step only around a byte
    /// that needs attention. Glossaries whose trie has more than `maximumNodes` nodes get no
    /// automaton (its table would pass 2 MiB); the linker then walks from every word start,
    /// as before.
    final class Automaton: @unchecked Sendable {
        static let maximumNodes = 4_096

        /// `table[row + byte]` for a state's `row` (its number × 128) and a byte below 0x80:
        /// the next state's row, negative (the sign bit set) when the next state is a hit or
        /// the byte is one of `& < > " '` (which the linker must note for escaping).
        let table: UnsafeMutableBufferPointer<Int32>
        /// The same automaton two bytes a step: `pairs[state × pairClassCount + pairClass[b0 | b1 << 8]]`
        /// is the state after bytes `b0`, `b1` times `pairClassCount`, negative when either
        /// byte needs attention (then the two are read one at a time with `table`). Bytes
        /// that every state treats alike share a class, so pairs of classes are few. Nil when
        /// the table would pass `maximumPairEntries`.
        let pairs: UnsafeMutableBufferPointer<Int32>?
        let pairClass: UnsafeMutableBufferPointer<UInt16>
        let pairClassCount: Int
        static let maximumPairEntries = 1 << 19
        /// For each state, whether it is a hit.
        let hit: UnsafeMutableBufferPointer<Bool>
        /// For each hit state, the terms its matches may have to do with: the `relevant`
        /// terms of the nodes whose phrases end there (its own and its shorter stretches').
        /// When none of them is live the hit is passed over, as `longestMatch` would pass
        /// over each of those word starts (its walk meets a node with no live term).
        let hitTerms: UnsafeMutableBufferPointer<TermMask>
        /// For each trie node, its parent (-1 for the root) and whether the byte into it is the space.
        let parent: UnsafeMutableBufferPointer<Int32>
        let intoSpace: UnsafeMutableBufferPointer<Bool>
        /// The root's row: the state at a word start.
        static let rootRow = 0

        /// `transitions`, `columns`, `columnCount`, `spaceColumn` and `listed` as in
        /// `ASCIITables` (node 0 is the root); nil when the trie has too many nodes.
        init?(transitions: [Int32], columns: [UInt8], columnCount: Int, spaceColumn: UInt8, listed: [Bool], relevant: [TermMask]) {
            let nodeCount = listed.count
            guard nodeCount <= Self.maximumNodes else { return nil }
            let insideWord = nodeCount  // the one state that is not a trie node
            let stateCount = nodeCount + 1
            func child(_ node: Int, _ byte: Int) -> Int {
                let column = Int(columns[byte])
                return column == 0 ? 0 : Int(transitions[node * columnCount + column])
            }
            func isWord(_ byte: Int) -> Bool { Glossary.isASCIIWordCharacter(UInt8(byte)) }
            // Each node's parent and the byte (one of its column's) that leads into it.
            var parent = [Int32](repeating: -1, count: nodeCount), byteInto = [Int](repeating: 0, count: nodeCount)
            var order = [0], next = 0
            while next < order.count {
                let node = order[next]
                next += 1
                var seen = Set<Int>()
                for byte in 0..<128 {
                    let to = child(node, byte)
                    guard to != 0, seen.insert(to).inserted else { continue }
                    parent[to] = Int32(node)
                    byteInto[to] = Glossary.isASCIIWhitespace(UInt8(byte)) ? 0x20 : byte
                    order.append(to)
                }
            }
            let intoSpace = (0..<nodeCount).map { $0 != 0 && spaceColumn != 0 && columns[byteInto[$0]] == spaceColumn }
            // The next state for each state and byte, by Aho–Corasick's recurrence: a node's
            // fallback (`fail`) is the state of the longest proper suffix of its stretch that
            // starts at a word start, which is the fallback of its parent's followed by its byte.
            var delta = [Int](repeating: 0, count: stateCount * 128)
            for byte in 0..<128 {
                delta[insideWord * 128 + byte] = isWord(byte) ? insideWord : 0
                let to = child(0, byte)
                delta[byte] = to != 0 ? to : (isWord(byte) ? insideWord : 0)
            }
            var fail = [Int](repeating: 0, count: nodeCount)
            var hit = [Bool](repeating: false, count: stateCount)
            var hitTerms = [TermMask](repeating: 0, count: stateCount)
            for node in order.dropFirst() {
                let up = Int(parent[node])
                if up == 0 {
                    // One byte: its only proper suffix is empty, at a word start after a separator.
                    fail[node] = isWord(byteInto[node]) ? insideWord : 0
                } else {
                    fail[node] = delta[fail[up] * 128 + byteInto[node]]
                }
                for byte in 0..<128 {
                    if intoSpace[node] && Glossary.isASCIIWhitespace(UInt8(byte)) {
                        delta[node * 128 + byte] = node  // more of the same white-space run
                        continue
                    }
                    let to = child(node, byte)
                    delta[node * 128 + byte] = to != 0 ? to : delta[fail[node] * 128 + byte]
                }
                hit[node] = listed[node] || (fail[node] != insideWord && hit[fail[node]])
                hitTerms[node] = (listed[node] ? relevant[node] : 0) | (fail[node] != insideWord ? hitTerms[fail[node]] : 0)
            }
            func escapable(_ byte: Int) -> Bool { byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 }
            var table = [Int32](repeating: 0, count: stateCount * 128)
            for state in 0..<stateCount {
                for byte in 0..<128 {
                    let to = delta[state * 128 + byte]
                    let attention = hit[to] || escapable(byte)
                    table[state * 128 + byte] = Int32(to * 128) | (attention ? Int32.min : 0)
                }
            }
            func copy<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(values.count, 1))
                _ = buffer.initialize(from: values)
                return UnsafeMutableBufferPointer(rebasing: buffer[0..<values.count])
            }
            // Byte classes: bytes whose column of `table` is the same in every state.
            var classOfColumn: [[Int32]: Int] = [:], classOfByte = [Int](repeating: 0, count: 128), firstByte: [Int] = []
            for byte in 0..<128 {
                let column = (0..<stateCount).map { table[$0 * 128 + byte] }
                if let known = classOfColumn[column] {
                    classOfByte[byte] = known
                } else {
                    classOfColumn[column] = firstByte.count
                    classOfByte[byte] = firstByte.count
                    firstByte.append(byte)
                }
            }
            let classes = firstByte.count, pairClassCount = classes * classes
            self.pairClassCount = pairClassCount
            var pairClass = [UInt16](repeating: 0, count: 1 << 15)
            for b0 in 0..<128 {
                for b1 in 0..<128 { pairClass[b0 | b1 << 8] = UInt16(classOfByte[b0] * classes + classOfByte[b1]) }
            }
            self.pairClass = copy(pairClass)
            if stateCount * pairClassCount <= Self.maximumPairEntries {
                // Written in place: ~100,000 entries for a glossary of ten terms.
                let pairs = UnsafeMutableBufferPointer<Int32>.allocate(capacity: stateCount * pairClassCount)
                table.withUnsafeBufferPointer { table in
                    for state in 0..<stateCount {
                        for c0 in 0..<classes {
                            let e0 = table[state * 128 + firstByte[c0]]
                            for c1 in 0..<classes {
                                let e1 = e0 < 0 ? -1 : table[Int(e0) + firstByte[c1]]
                                pairs.initializeElement(at: state * pairClassCount + c0 * classes + c1,
                                                        to: e1 < 0 ? Int32.min : Int32((Int(e1) >> 7) * pairClassCount))
                            }
                        }
                    }
                }
                self.pairs = pairs
            } else {
                self.pairs = nil
            }
            self.table = copy(table)
            self.hit = copy(hit)
            self.hitTerms = copy(hitTerms)
            self.parent = copy(parent)
            self.intoSpace = copy(intoSpace)
        }

        deinit {
            table.baseAddress?.deallocate()
            pairs?.baseAddress?.deallocate()
            pairClass.baseAddress?.deallocate()
            hit.baseAddress?.deallocate()
            hitTerms.baseAddress?.deallocate()
            parent.baseAddress?.deallocate()
            intoSpace.baseAddress?.deallocate()
        }

        /// Where the stretch of the hit state at `row` that ends with `text[end]` starts: its
        /// trie path read backwards from `end`, a space standing for a whole white-space run.
        /// Every word start before it is one where no phrase matches.
        @inline(__always)
        func start(ofRow row: Int, endingAt end: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
            var node = row >> 7
            var at = end
            while node > 0 {
                if intoSpace[node] {
                    while at >= 0 && Glossary.isASCIIWhitespace(text[at]) { at -= 1 }
                } else {
                    at -= 1
                }
                node = Int(parent[node])
            }
            return at + 1
        }
    }
}
