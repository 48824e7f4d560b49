#ifndef SCOPEGUIDE_CSHIMS_H
#define SCOPEGUIDE_CSHIMS_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise.
int sg_exchange_paths(const char *a, const char *b);

#include <stddef.h>
/// glibc's memmem (a GNU extension the Swift Glibc module does not show): the first
/// occurrence of `needle` in `haystack`, or NULL.
const void *sg_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);
#include <stdint.h>
/// XXH64 of `length` bytes: a fast 64-bit hash, to recognise unchanged output files.
uint64_t sg_xxh64(const void *input, size_t length, uint64_t seed);
#endif
