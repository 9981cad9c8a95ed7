#ifndef IGROUPS_CSYSTEMCALLS_H
#define IGROUPS_CSYSTEMCALLS_H

#include <stddef.h>

/// Lets the allocator keep up to `keep` bytes of freed memory in each of its heaps instead of handing it
/// back to the system at once, and serves requests below `direct` from those heaps (larger ones are
/// mapped and unmapped on their own). A server that reads files in pieces of a megabyte otherwise gives
/// the memory back after each download and takes page faults to get it again for the next.
/// Does nothing where the C library has no such settings.
void igroups_keep_freed_memory(size_t keep, size_t direct);

#endif
