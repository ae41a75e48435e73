#define _GNU_SOURCE
#include "gw_system.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef GW_MIMALLOC
#include <mimalloc.h>
#endif
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define GW_HAVE_MALLINFO2 1
#endif
#ifdef __linux__
#include <sys/syscall.h>
#include <linux/fs.h>
#endif

int gw_exchange_paths(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

size_t gw_heap_in_use(void) {
#if defined(GW_MIMALLOC)
    size_t committed = 0;
    mi_process_info(NULL, NULL, NULL, NULL, NULL, &committed, NULL, NULL);
    return committed;
#elif defined(GW_HAVE_MALLINFO2)
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
#else
    return 0;
#endif
}

void gw_trim_heap(void) {
#if defined(GW_MIMALLOC)
    // Nothing: mimalloc hands free pages back by itself. Measured at 50,000 pages: the same
    // peak RSS (1,671-1,687 MiB) with mi_collect(false), mi_collect(true) or nothing.
#elif defined(GW_HAVE_MALLINFO2)
    malloc_trim(0);
#endif
}

int gw_malloc_is_mimalloc(void) {
#ifdef GW_MIMALLOC
    void *block = malloc(64);
    int ours = block != NULL && mi_is_in_heap_region(block);
    free(block);
    return ours;
#else
    return 0;
#endif
}
