#ifndef GW_ARENA_H
#define GW_ARENA_H
#include <stddef.h>

/// A bump allocator, one per thread, for libcmark's allocations during one parse (issue 21).
///
/// Why: libcmark allocates every node, buffer and delimiter with calloc/realloc/free, ~190
/// calls a page, and frees the whole tree node by node afterwards; that was a quarter of
/// libcmark's own time. Here an allocation takes the next bytes of a thread-local chunk, a
/// free gives bytes back only when it frees the newest allocation, and the whole parse is
/// handed back at once by `gw_arena_reset` to the mark taken before it. Marks nest (a table
/// cell is parsed while its page's tree is still read): resets must come in the reverse
/// order of the marks, and nothing allocated before a mark may be freed through the arena
/// after it. Not for use across threads: a mark belongs to the thread that took it.

/// Where the calling thread's arena stands now.
typedef struct gw_arena_mark {
    void *chunk;
    size_t used;
} gw_arena_mark;

/// The calling thread's current position, to reset to after a parse.
gw_arena_mark gw_arena_get_mark(void);
/// Frees (for reuse by this thread) everything allocated since `mark` was taken.
void gw_arena_reset(gw_arena_mark mark);

/// calloc, realloc and free with the C library's signatures, on the calling thread's arena
/// (what libcmark's `cmark_mem` takes). `gw_arena_realloc(NULL, n)` allocates.
void *gw_arena_calloc(size_t count, size_t size);
void *gw_arena_realloc(void *pointer, size_t size);
void gw_arena_free(void *pointer);

/// The bytes the calling thread's arena holds in chunks now (in use or kept for reuse): for tests.
size_t gw_arena_held_bytes(void);
#endif
