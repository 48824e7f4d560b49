#ifndef SCOPEGUIDE_CSHIMS_H
#define SCOPEGUIDE_CSHIMS_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise.
int sg_exchange_paths(const char *a, const char *b);

#include <stddef.h>
/// glibc's memmem (a GNU extension the Swift Glibc module does not show): the first
/// occurrence of `needle` in `haystack`, or NULL.
const void *sg_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);
#endif
