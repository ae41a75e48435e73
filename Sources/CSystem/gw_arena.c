#include "gw_arena.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// See gw_arena.h for what this is for. Layout: a thread's chunks form a list from the newest
// (`current`) back; an allocation is a 16-byte header holding its size, then its bytes,
// rounded up to 16 so that every pointer handed out is aligned as malloc's are.

typedef struct gw_chunk {
    struct gw_chunk *prev;
    size_t capacity;  // bytes in `data`
    size_t used;      // bytes of `data` handed out
    size_t pad;       // keeps `data` 16-byte aligned (the header is 32 bytes)
    unsigned char data[];
} gw_chunk;

enum {
    GW_HEADER = 16,
    // A chunk holds a typical page's parse (libcmark allocates a few times the page's size).
    GW_CHUNK = 256 * 1024,
    // Chunks of the usual size a thread keeps for its next parse instead of freeing them.
    GW_KEEP = 8,
};

static __thread gw_chunk *current;
static __thread gw_chunk *spares;
static __thread int spare_count;
static __thread int registered;

static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void free_list(gw_chunk *chunk) {
    while (chunk) {
        gw_chunk *prev = chunk->prev;
        free(chunk);
        chunk = prev;
    }
}

// Runs when a thread that used its arena ends: its chunks go back to malloc.
static void thread_exit(void *unused) {
    (void)unused;
    free_list(current);
    free_list(spares);
    current = NULL;
    spares = NULL;
    spare_count = 0;
}

static void make_exit_key(void) { pthread_key_create(&exit_key, thread_exit); }

static size_t round_up(size_t size) { return (size + 15) & ~(size_t)15; }

static gw_chunk *new_chunk(size_t need) {
    gw_chunk *chunk;
    if (need <= GW_CHUNK && spares) {
        chunk = spares;
        spares = chunk->prev;
        spare_count--;
    } else {
        size_t capacity = need > GW_CHUNK ? need : GW_CHUNK;
        chunk = malloc(sizeof(gw_chunk) + capacity);
        if (!chunk) return NULL;
        chunk->capacity = capacity;
        if (!registered) {
            // A key's destructor runs only for a thread whose value is not NULL.
            pthread_once(&exit_key_once, make_exit_key);
            pthread_setspecific(exit_key, (void *)1);
            registered = 1;
        }
    }
    chunk->used = 0;
    chunk->prev = current;
    current = chunk;
    return chunk;
}

static void *take(size_t size) {
    if (size > SIZE_MAX / 4) return NULL;
    size_t need = GW_HEADER + round_up(size);
    gw_chunk *chunk = current;
    if (!chunk || chunk->capacity - chunk->used < need) {
        chunk = new_chunk(need);
        if (!chunk) return NULL;
    }
    unsigned char *block = chunk->data + chunk->used;
    chunk->used += need;
    *(size_t *)block = size;
    return block + GW_HEADER;
}

// Whether `pointer` is the newest allocation of the current chunk (its bytes end where the
// chunk's free space starts): only that one can grow in place or be given back.
static int is_newest(unsigned char *block) {
    gw_chunk *chunk = current;
    if (!chunk) return 0;
    // Compared as integers: the block may belong to another chunk.
    uintptr_t at = (uintptr_t)block, start = (uintptr_t)chunk->data, end = start + chunk->used;
    if (at < start || at >= end) return 0;
    return at + GW_HEADER + round_up(*(size_t *)block) == end;
}

void *gw_arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    void *pointer = take(count * size);
    if (pointer) memset(pointer, 0, count * size);
    return pointer;
}

void *gw_arena_realloc(void *pointer, size_t size) {
    if (!pointer) return take(size);
    unsigned char *block = (unsigned char *)pointer - GW_HEADER;
    size_t old = *(size_t *)block;
    if (is_newest(block) && size <= SIZE_MAX / 4) {
        size_t start = (size_t)(block - current->data);
        size_t need = GW_HEADER + round_up(size);
        if (current->capacity - start >= need) {
            current->used = start + need;
            *(size_t *)block = size;
            return pointer;
        }
    }
    void *moved = take(size);
    if (moved) memcpy(moved, pointer, old < size ? old : size);
    return moved;
}

void gw_arena_free(void *pointer) {
    if (!pointer) return;
    unsigned char *block = (unsigned char *)pointer - GW_HEADER;
    if (is_newest(block)) current->used = (size_t)(block - current->data);
}

gw_arena_mark gw_arena_get_mark(void) {
    gw_arena_mark mark = {current, current ? current->used : 0};
    return mark;
}

void gw_arena_reset(gw_arena_mark mark) {
    while (current && current != (gw_chunk *)mark.chunk) {
        gw_chunk *chunk = current;
        current = chunk->prev;
        if (chunk->capacity == GW_CHUNK && spare_count < GW_KEEP) {
            chunk->prev = spares;
            spares = chunk;
            spare_count++;
        } else {
            free(chunk);
        }
    }
    if (current) current->used = mark.used;
}

size_t gw_arena_held_bytes(void) {
    size_t total = 0;
    for (gw_chunk *chunk = current; chunk; chunk = chunk->prev) total += chunk->capacity;
    for (gw_chunk *chunk = spares; chunk; chunk = chunk->prev) total += chunk->capacity;
    return total;
}
