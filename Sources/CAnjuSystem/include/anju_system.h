#ifndef ANJU_SYSTEM_H
#define ANJU_SYSTEM_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 when the system cannot (errno set).
int anju_exchange_paths(const char *a, const char *b);

/// Gives memory freed by the allocator back to the system (glibc's malloc_trim): one
/// site's search index is freed before the next site's is built.
void anju_release_free_memory(void);

/// Large blocks (256 KB and more: postings, record files, page lists) mapped on their own
/// and unmapped when freed, instead of glibc raising its threshold after the first such
/// free and keeping them in the heap, where the next site's peak adds to them. Call once,
/// before any thread starts.
void anju_tune_allocator(void);

/// A bump allocator of the calling thread, with the shape of cmark-gfm's `cmark_mem`: a
/// document's nodes and buffers are taken from 256 KB chunks and never freed one by one;
/// `anju_arena_reset` empties the thread's arena when the document is done (the chunks
/// are kept, up to 4 MB, for the next one, and freed when the thread exits). Out of
/// memory aborts, as cmark-gfm's own allocator does.
#include <stddef.h>
void *anju_arena_calloc(size_t count, size_t size);
void *anju_arena_realloc(void *block, size_t size);
void anju_arena_free(void *block);
void anju_arena_reset(void);

/// Asks the processor for the cache line at `address` ahead of its use: the search index's
/// token table is probed at random for every character of a site, and a probe that waits
/// for memory waits alone unless the next ones were asked for first.
static inline void anju_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
