#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
#include "anju_system.h"

void anju_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void anju_tune_allocator(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}
