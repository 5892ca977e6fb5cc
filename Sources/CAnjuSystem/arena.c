// A per-thread bump allocator for cmark-gfm's nodes and buffers (see anju_system.h).
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "anju_system.h"

// Every block starts with its size, so realloc knows how much to copy.
typedef struct { size_t size; size_t pad; } header_t;
typedef struct chunk { struct chunk *next; size_t capacity; size_t used; size_t pad; } chunk_t;

// One thread's arena. Reached through a thread-local pointer, and registered with a
// pthread key whose destructor frees it when the thread exits: the dispatch pool's
// threads come and go (`anju serve` renders on new ones after a pause), and each kept
// chunks that were otherwise lost.
typedef struct {
    chunk_t *current;   // the chunk being filled; `next` links the full ones
    chunk_t *spare;     // emptied chunks kept by the last reset
    void *last_block;   // the newest block, which realloc may grow in place
} arena_t;

enum { CHUNK_BYTES = 256 * 1024, KEEP_BYTES = 4 * 1024 * 1024 };

static _Thread_local arena_t *thread_arena;
static pthread_key_t arena_key;
static pthread_once_t arena_key_once = PTHREAD_ONCE_INIT;

static void free_chunks(chunk_t *c) {
    while (c) {
        chunk_t *next = c->next;
        free(c);
        c = next;
    }
}

static void arena_destroy(void *value) {
    arena_t *arena = value;
    free_chunks(arena->current);
    free_chunks(arena->spare);
    free(arena);
}

static void make_key(void) {
    if (pthread_key_create(&arena_key, arena_destroy) != 0) abort();
}

static arena_t *arena(void) {
    if (!thread_arena) {
        pthread_once(&arena_key_once, make_key);
        arena_t *a = calloc(1, sizeof(arena_t));
        if (!a || pthread_setspecific(arena_key, a) != 0) abort(); // as cmark-gfm's allocator does
        thread_arena = a;
    }
    return thread_arena;
}

static inline size_t round16(size_t n) { return (n + 15) & ~(size_t)15; }
static inline char *chunk_data(chunk_t *c) { return (char *)(c + 1); }

static void *arena_take(arena_t *a, size_t size) {
    size_t need = sizeof(header_t) + round16(size);
    if (!a->current || a->current->capacity - a->current->used < need) {
        // A kept chunk when the block fits one, else a new chunk.
        size_t capacity = need > CHUNK_BYTES ? need : CHUNK_BYTES;
        chunk_t *c;
        if (capacity == CHUNK_BYTES && a->spare) {
            c = a->spare;
            a->spare = c->next;
        } else {
            c = malloc(sizeof(chunk_t) + capacity);
            if (!c) abort();
            c->capacity = capacity;
        }
        c->used = 0;
        c->next = a->current;
        a->current = c;
    }
    header_t *h = (header_t *)(chunk_data(a->current) + a->current->used);
    h->size = size;
    a->current->used += need;
    a->last_block = h + 1;
    return h + 1;
}

void *anju_arena_calloc(size_t count, size_t size) {
    size_t total = count * size;
    if (size && total / size != count) abort();
    void *p = arena_take(arena(), total);
    memset(p, 0, total);
    return p;
}

void *anju_arena_realloc(void *old, size_t size) {
    arena_t *a = arena();
    if (!old) return arena_take(a, size);
    header_t *h = (header_t *)old - 1;
    if (old == a->last_block) {
        // The newest block grows where it is when its chunk has room.
        size_t start = (size_t)((char *)h - chunk_data(a->current));
        size_t need = sizeof(header_t) + round16(size);
        if (start + need <= a->current->capacity) {
            a->current->used = start + need;
            h->size = size;
            return old;
        }
    }
    void *p = arena_take(a, size);
    memcpy(p, old, h->size < size ? h->size : size);
    return p;
}

void anju_arena_free(void *p) { (void)p; }

void anju_arena_reset(void) {
    arena_t *a = thread_arena;
    if (!a) return;
    // Keep chunks up to KEEP_BYTES (a large document's worth) for the next one; free the rest.
    size_t kept = 0;
    for (chunk_t *c = a->spare; c; c = c->next) kept += c->capacity;
    chunk_t *c = a->current;
    while (c) {
        chunk_t *next = c->next;
        if (kept + c->capacity <= KEEP_BYTES && c->capacity == CHUNK_BYTES) {
            c->next = a->spare;
            a->spare = c;
            kept += c->capacity;
        } else {
            free(c);
        }
        c = next;
    }
    a->current = NULL;
    a->last_block = NULL;
}
