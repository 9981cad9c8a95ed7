#ifndef IGROUPS_CSYSTEMCALLS_H
#define IGROUPS_CSYSTEMCALLS_H

#include <stdbool.h>
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

/// Maps the first `length` bytes of a file for reading and counts one holder of the mapping (the caller);
/// NULL when it cannot be mapped. The bytes are read-only: writing to them ends the process.
const void *igroups_map_file(int descriptor, size_t length);

/// Counts one more holder of the mapping that holds the address; false when no mapping holds it.
bool igroups_mapping_hold(const void *inside);

/// The caller (who mapped the file) lets go of the mapping that holds the address: it is unmapped when
/// nothing else holds it, or else by the last buffer to let go, on a thread of its own; false when no
/// mapping holds the address.
bool igroups_mapping_let_go(const void *inside);

/// The number given to the mapping that holds the address when it was made (each gets another), and its
/// holders; 0 and no holders when no mapping holds it.
unsigned long long igroups_mapping_serial(const void *inside, long *holders);

/// Whether all the pages of the mapped bytes are in memory (the page cache), so reading them waits for
/// no disk.
bool igroups_mapping_in_memory(const void *start, size_t length);

/// The allocator for buffers that begin as mapped bytes (NIO's ByteBufferAllocator): the memory of a
/// buffer that grows or is copied comes from malloc; deallocating mapped bytes lets go of their mapping.
/// Such buffers are read-only: a change in place to one that nothing shares ends the process.
void *igroups_mapped_allocate(size_t size);
void *igroups_mapped_reallocate(void *pointer, size_t old_size, size_t new_size);
void igroups_mapped_deallocate(void *pointer);
void igroups_mapped_copy(void *destination, const void *source, size_t count);

#endif
