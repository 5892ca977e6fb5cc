#ifndef ANJU_SYSTEM_H
#define ANJU_SYSTEM_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 when the system cannot (errno set).
int anju_exchange_paths(const char *a, const char *b);

#endif
