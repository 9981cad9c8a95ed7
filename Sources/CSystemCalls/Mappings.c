#define _GNU_SOURCE
#include "CSystemCalls.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// The files mapped for downloads. Each counts its holders: the store while it keeps the file open, and
// every buffer of its bytes still being sent. Buffers know only where their bytes begin, so the mapping
// of a buffer is the one that holds that address. There are a few hundred at most: a list will do.
struct mapping {
    uintptr_t start;
    size_t length;
    long holders;
    unsigned long long serial;
    // The store let go of it while buffers still held it (the file may be deleted since).
    bool orphaned;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct mapping *mappings = NULL;
static size_t count = 0, capacity = 0;
static unsigned long long serials = 0;

static long find(uintptr_t address) {
    for (size_t i = 0; i < count; i++) {
        if (address >= mappings[i].start && address - mappings[i].start < mappings[i].length) return (long)i;
    }
    return -1;
}

const void *igroups_map_file(int descriptor, size_t length) {
    if (length == 0) return NULL;
    void *start = mmap(NULL, length, PROT_READ, MAP_SHARED, descriptor, 0);
    if (start == MAP_FAILED) return NULL;
    pthread_mutex_lock(&lock);
    if (count == capacity) {
        size_t grown = capacity == 0 ? 64 : capacity * 2;
        struct mapping *larger = realloc(mappings, grown * sizeof(struct mapping));
        if (larger == NULL) {
            pthread_mutex_unlock(&lock);
            munmap(start, length);
            return NULL;
        }
        mappings = larger;
        capacity = grown;
    }
    mappings[count++] = (struct mapping){ .start = (uintptr_t)start, .length = length, .holders = 1, .serial = ++serials, .orphaned = false };
    pthread_mutex_unlock(&lock);
    return start;
}

bool igroups_mapping_hold(const void *inside) {
    pthread_mutex_lock(&lock);
    long i = find((uintptr_t)inside);
    if (i >= 0) mappings[i].holders++;
    pthread_mutex_unlock(&lock);
    return i >= 0;
}

static void *unmap_later(void *argument) {
    struct mapping *gone = argument;
    munmap((void *)gone->start, gone->length);
    free(gone);
    return NULL;
}

// The last holder of a mapping unmaps it. When that is a buffer that outlived the store's hold, the file
// may have been deleted meanwhile, and its last unmapping frees its blocks on the disk, which takes a
// while for a large file: not on the caller's thread (an event loop), but on a thread of its own.
static bool let_go(const void *inside, bool owner) {
    struct mapping gone = { 0 };
    bool found;
    pthread_mutex_lock(&lock);
    long i = find((uintptr_t)inside);
    found = i >= 0;
    if (found) {
        if (owner) mappings[i].orphaned = true;
        if (--mappings[i].holders == 0) {
            gone = mappings[i];
            mappings[i] = mappings[--count];
        }
    }
    pthread_mutex_unlock(&lock);
    if (gone.start == 0) return found;
    if (gone.orphaned && !owner) {
        struct mapping *later = malloc(sizeof gone);
        pthread_attr_t attributes;
        pthread_t thread;
        if (later != NULL && pthread_attr_init(&attributes) == 0) {
            *later = gone;
            pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
            int started = pthread_create(&thread, &attributes, unmap_later, later);
            pthread_attr_destroy(&attributes);
            if (started == 0) return found;
        }
        free(later);
    }
    munmap((void *)gone.start, gone.length);
    return found;
}

bool igroups_mapping_let_go(const void *inside) {
    return let_go(inside, true);
}

unsigned long long igroups_mapping_serial(const void *inside, long *holders) {
    pthread_mutex_lock(&lock);
    long i = find((uintptr_t)inside);
    unsigned long long serial = i >= 0 ? mappings[i].serial : 0;
    if (holders != NULL) *holders = i >= 0 ? mappings[i].holders : 0;
    pthread_mutex_unlock(&lock);
    return serial;
}

bool igroups_mapping_in_memory(const void *start, size_t length) {
    if (length == 0) return true;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t first = (uintptr_t)start & ~(page - 1);
    uintptr_t end = (uintptr_t)start + length;
    size_t pages = (end - first + page - 1) / page;
    unsigned char stack[512];
    unsigned char *resident = pages <= sizeof stack ? stack : malloc(pages);
    if (resident == NULL) return false;
    bool all = mincore((void *)first, end - first, resident) == 0;
    for (size_t i = 0; all && i < pages; i++) all = (resident[i] & 1) != 0;
    if (resident != stack) free(resident);
    return all;
}

// The allocator NIO uses for buffers of mapped bytes. NIO calls it when a buffer grows past its end or is
// copied before a change (it is shared): the new memory comes from malloc, and freeing tells mapped bytes
// from such memory by looking them up. A change in place, which NIO makes to a buffer nothing else shares
// (`setBytes`, writing after `clear()`), would write to the read-only mapping and end the process: the
// buffers the store gives are only ever read.
void *igroups_mapped_allocate(size_t size) {
    return malloc(size);
}

void *igroups_mapped_reallocate(void *pointer, size_t old_size, size_t new_size) {
    if (pointer == NULL) return malloc(new_size);
    pthread_mutex_lock(&lock);
    bool mapped = find((uintptr_t)pointer) >= 0;
    pthread_mutex_unlock(&lock);
    if (!mapped) return realloc(pointer, new_size);
    void *own = malloc(new_size);
    if (own == NULL) return NULL;
    memcpy(own, pointer, old_size < new_size ? old_size : new_size);
    let_go(pointer, false);
    return own;
}

void igroups_mapped_deallocate(void *pointer) {
    if (!let_go(pointer, false)) free(pointer);
}

void igroups_mapped_copy(void *destination, const void *source, size_t count) {
    memcpy(destination, source, count);
}
