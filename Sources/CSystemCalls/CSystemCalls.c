#define _GNU_SOURCE
#include "CSystemCalls.h"

#include <errno.h>
#include <sys/uio.h>
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

ssize_t igroups_read_cached(int descriptor, void *buffer, size_t count, off_t offset) {
#if defined(__linux__) && defined(RWF_NOWAIT)
    struct iovec piece = { .iov_base = buffer, .iov_len = count };
    ssize_t read = preadv2(descriptor, &piece, 1, offset, RWF_NOWAIT);
    // Kernels and file systems without RWF_NOWAIT refuse it; the caller then reads the usual way.
    if (read < 0 && (errno == EOPNOTSUPP || errno == EINVAL || errno == ENOSYS)) errno = EAGAIN;
    return read;
#else
    (void)descriptor;
    (void)buffer;
    (void)count;
    (void)offset;
    errno = EAGAIN;
    return -1;
#endif
}
