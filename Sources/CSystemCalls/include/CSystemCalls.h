#ifndef IGROUPS_CSYSTEMCALLS_H
#define IGROUPS_CSYSTEMCALLS_H

#include <stddef.h>
#include <sys/types.h>

/// Lets the allocator keep up to `keep` bytes of freed memory in each of its heaps instead of handing it
/// back to the system at once, and serves requests below `direct` from those heaps (larger ones are
/// mapped and unmapped on their own). A server that reads files in pieces of a megabyte otherwise gives
/// the memory back after each download and takes page faults to get it again for the next.
/// Does nothing where the C library has no such settings.
void igroups_keep_freed_memory(size_t keep, size_t direct);

/// Reads up to `count` bytes at `offset` only as far as they are in memory already (the page cache),
/// never waiting for the disk: returns the number of bytes read (fewer than asked when only some are in
/// memory), or -1 with errno EAGAIN when none are, or when this system cannot read that way.
ssize_t igroups_read_cached(int descriptor, void *buffer, size_t count, off_t offset);

#endif
