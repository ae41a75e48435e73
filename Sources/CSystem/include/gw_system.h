#ifndef GW_SYSTEM_H
#define GW_SYSTEM_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set when the kernel or file system cannot do it.
int gw_exchange_paths(const char *a, const char *b);
#include <stddef.h>
/// Bytes malloc has handed out and not taken back (glibc's mallinfo2: in use in the arenas
/// plus mmapped blocks); 0 where that is not available. For GROUNDWORK_PROFILE=1.
size_t gw_heap_in_use(void);
/// Returns the whole free pages inside malloc's arenas to the system (glibc's malloc_trim(0));
/// does nothing where that is not available.
void gw_trim_heap(void);
#endif
