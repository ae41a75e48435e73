import CCmark
import CSystem

/// Runs one libcmark parse with its memory on the calling thread's bump arena
/// (CSystem/gw_arena.c), and hands the memory back all at once when the tree has been read.
///
/// Why (issue 21): libcmark's calloc/realloc/free calls and the node-by-node
/// `cmark_node_free` afterwards were ~25 % of libcmark's time on an ordinary page; with the
/// arena an allocation is a pointer bump and the whole tree goes in one reset.
enum CmarkArena {
    /// Texts longer than this are parsed with libcmark's own allocator: the arena gives back
    /// nothing freed out of order until the parse ends, so on a huge text it could hold a
    /// few times what libcmark needs at once.
    static let largestText = 1 << 20

    /// The allocator libcmark's parser and nodes use; it must outlive every parse.
    private nonisolated(unsafe) static let memory: UnsafeMutablePointer<cmark_mem> = {
        let memory = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        memory.initialize(to: cmark_mem(calloc: gw_arena_calloc, realloc: gw_arena_realloc, free: gw_arena_free))
        return memory
    }()

    /// Parses `text` (UTF-8) with `options` and passes the document node (nil if libcmark
    /// failed) to `body`, which must not keep it or anything reached from it: the tree is
    /// freed when `body` returns. `body` may parse other texts (nested calls are fine).
    static func withDocument<R>(_ text: UnsafeBufferPointer<UInt8>, options: Int32,
                                _ body: (OpaquePointer?) -> R) -> R {
        text.withMemoryRebound(to: CChar.self) { chars in
            parse(chars, options: options, body)
        }
    }

    /// Set by tests to parse with libcmark's own allocator, so that a tree made on the arena
    /// can be compared with the tree made without it.
    @TaskLocal static var disabled = false

    private static func parse<R>(_ chars: UnsafeBufferPointer<CChar>, options: Int32, _ body: (OpaquePointer?) -> R) -> R {
        guard chars.count <= largestText, !disabled else {
            let root = cmark_parse_document(chars.baseAddress, chars.count, options)
            defer { if let root { cmark_node_free(root) } }
            return body(root)
        }
        let mark = gw_arena_get_mark()
        // Everything libcmark allocated since the mark, parser and tree alike, goes at once
        // (so neither `cmark_parser_free` nor `cmark_node_free` is called).
        defer { gw_arena_reset(mark) }
        guard let parser = cmark_parser_new_with_mem(options, memory) else { return body(nil) }
        // What `cmark_parse_document` does, with the arena's allocator.
        if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
        return body(cmark_parser_finish(parser))
    }
}
