#ifndef GW_SYSTEM_H
#define GW_SYSTEM_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set when the kernel or file system cannot do it.
int gw_exchange_paths(const char *a, const char *b);
#include <stddef.h>
/// The heap's size for GROUNDWORK_PROFILE=1: with mimalloc, the memory it has committed (what
/// it holds for blocks in use and blocks it keeps for reuse); with glibc's malloc, the bytes
/// handed out and not taken back (mallinfo2: in use in the arenas plus mmapped blocks); 0 where
/// neither is available.
size_t gw_heap_in_use(void);
/// Hands free memory back to the system where malloc would keep it: with glibc's malloc, the
/// whole free pages inside its arenas (malloc_trim(0)); nothing with mimalloc, which returns
/// free pages by itself, or where neither is available.
void gw_trim_heap(void);
/// Whether the process allocates with mimalloc: `malloc` itself is asked for a block and
/// mimalloc whether the block is its own, so this is false when another library's malloc
/// comes first in the link order (the override did not take) or mimalloc is not linked.
int gw_malloc_is_mimalloc(void);
#endif
