// A per-thread bump allocator for cmark-gfm's nodes and buffers (see anju_system.h).
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "anju_system.h"

// Every block starts with its size, so realloc knows how much to copy.
typedef struct { size_t size; size_t pad; } header_t;
typedef struct chunk { struct chunk *next; size_t capacity; size_t used; size_t pad; } chunk_t;

enum { CHUNK_BYTES = 256 * 1024, KEEP_BYTES = 4 * 1024 * 1024 };

static _Thread_local chunk_t *current;   // the chunk being filled; `next` links the full ones
static _Thread_local chunk_t *spare;     // emptied chunks kept by the last reset
static _Thread_local void *last_block;   // the newest block, which realloc may grow in place

static inline size_t round16(size_t n) { return (n + 15) & ~(size_t)15; }
static inline char *chunk_data(chunk_t *c) { return (char *)(c + 1); }

static void *arena_take(size_t size) {
    size_t need = sizeof(header_t) + round16(size);
    if (!current || current->capacity - current->used < need) {
        // A kept chunk when the block fits one, else a new chunk.
        size_t capacity = need > CHUNK_BYTES ? need : CHUNK_BYTES;
        chunk_t *c;
        if (capacity == CHUNK_BYTES && spare) {
            c = spare;
            spare = c->next;
        } else {
            c = malloc(sizeof(chunk_t) + capacity);
            if (!c) abort(); // as cmark-gfm's own allocator does
            c->capacity = capacity;
        }
        c->used = 0;
        c->next = current;
        current = c;
    }
    header_t *h = (header_t *)(chunk_data(current) + current->used);
    h->size = size;
    current->used += need;
    last_block = h + 1;
    return h + 1;
}

void *anju_arena_calloc(size_t count, size_t size) {
    size_t total = count * size;
    if (size && total / size != count) abort();
    void *p = arena_take(total);
    memset(p, 0, total);
    return p;
}

void *anju_arena_realloc(void *old, size_t size) {
    if (!old) return arena_take(size);
    header_t *h = (header_t *)old - 1;
    if (old == last_block) {
        // The newest block grows where it is when its chunk has room.
        size_t start = (size_t)((char *)h - chunk_data(current));
        size_t need = sizeof(header_t) + round16(size);
        if (start + need <= current->capacity) {
            current->used = start + need;
            h->size = size;
            return old;
        }
    }
    void *p = arena_take(size);
    memcpy(p, old, h->size < size ? h->size : size);
    return p;
}

void anju_arena_free(void *p) { (void)p; }

void anju_arena_reset(void) {
    // Keep chunks up to KEEP_BYTES (a large document's worth) for the next one; free the rest.
    size_t kept = 0;
    for (chunk_t *c = spare; c; c = c->next) kept += c->capacity;
    chunk_t *c = current;
    while (c) {
        chunk_t *next = c->next;
        if (kept + c->capacity <= KEEP_BYTES && c->capacity == CHUNK_BYTES) {
            c->next = spare;
            spare = c;
            kept += c->capacity;
        } else {
            free(c);
        }
        c = next;
    }
    current = NULL;
    last_block = NULL;
}
