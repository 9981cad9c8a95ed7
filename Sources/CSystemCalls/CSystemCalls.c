#include "CSystemCalls.h"

#if defined(__linux__)
#include <malloc.h>
#endif

void igroups_keep_freed_memory(size_t keep, size_t direct) {
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    // Setting either turns off glibc's own adjustment of both, so both are set.
    mallopt(M_MMAP_THRESHOLD, (int)direct);
    mallopt(M_TRIM_THRESHOLD, (int)keep);
#else
    (void)keep;
    (void)direct;
#endif
}
