#ifndef ANJU_SYSTEM_H
#define ANJU_SYSTEM_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 when the system cannot (errno set).
int anju_exchange_paths(const char *a, const char *b);

/// Gives memory freed by the allocator back to the system (glibc's malloc_trim): one
/// site's search index is freed before the next site's is built.
void anju_release_free_memory(void);

#endif
