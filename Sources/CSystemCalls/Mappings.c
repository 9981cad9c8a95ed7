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
    mappings[count++] = (struct mapping){ .start = (uintptr_t)start, .length = length, .holders = 1, .serial = ++serials };
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

bool igroups_mapping_let_go(const void *inside) {
    void *unmap = NULL;
    size_t length = 0;
    pthread_mutex_lock(&lock);
    long i = find((uintptr_t)inside);
    if (i >= 0 && --mappings[i].holders == 0) {
        unmap = (void *)mappings[i].start;
        length = mappings[i].length;
        mappings[i] = mappings[--count];
    }
    pthread_mutex_unlock(&lock);
    if (unmap != NULL) munmap(unmap, length);
    return i >= 0;
}

unsigned long long igroups_mapping_serial(const void *inside, long *holders) {
    pthread_mutex_lock(&lock);
    long i = find((uintptr_t)inside);
    unsigned long long serial = i >= 0 ? mappings[i].serial : 0;
    if (holders != NULL) *holders = i >= 0 ? mappings[i].holders : 0;
    pthread_mutex_unlock(&lock);
    return serial;
}

static uintptr_t page_size(void) {
    static uintptr_t size = 0;
    if (size == 0) size = (uintptr_t)sysconf(_SC_PAGESIZE);
    return size;
}

bool igroups_mapping_in_memory(const void *start, size_t length) {
    if (length == 0) return true;
    uintptr_t page = page_size();
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

void igroups_mapping_bring_in(const void *start, size_t length) {
    if (length == 0) return;
    uintptr_t page = page_size();
    uintptr_t first = (uintptr_t)start & ~(page - 1);
    madvise((void *)first, (uintptr_t)start + length - first, MADV_WILLNEED);
    volatile const unsigned char *bytes = start;
    unsigned char sum = 0;
    for (size_t offset = 0; offset < length; offset += page) sum ^= bytes[offset];
    sum ^= bytes[length - 1];
    (void)sum;
}

// The allocator NIO uses for buffers of mapped bytes. A buffer that must grow or be copied gets memory of
// its own from malloc; freeing tells mapped bytes from that memory by looking them up.
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
    igroups_mapping_let_go(pointer);
    return own;
}

void igroups_mapped_deallocate(void *pointer) {
    if (!igroups_mapping_let_go(pointer)) free(pointer);
}

void igroups_mapped_copy(void *destination, const void *source, size_t count) {
    memcpy(destination, source, count);
}
