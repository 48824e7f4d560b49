#define _GNU_SOURCE
#include "CShims.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int sg_exchange_paths(const char *a, const char *b) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

const void *sg_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    /* The build looks for short needles (`{{`, a code fence, `]:`) in short texts, where
       glibc's memmem spends more on setting up its shift table than on searching: memchr for
       the first byte (vectorised), then a compare, is what those cases need. The compare
       is at most 7 bytes per hit, so this stays linear. */
    if (needle_length == 0) return haystack;
    if (needle_length > haystack_length) return NULL;
    if (needle_length > 8) return memmem(haystack, haystack_length, needle, needle_length);
    const unsigned char *h = haystack, *n = needle;
    const unsigned char *last = h + (haystack_length - needle_length);
    while (h <= last) {
        const unsigned char *p = memchr(h, n[0], (size_t)(last - h) + 1);
        if (!p) return NULL;
        if (memcmp(p + 1, n + 1, needle_length - 1) == 0) return p;
        h = p + 1;
    }
    return NULL;
}

/* XXH64 (Yann Collet's xxHash, 64-bit variant), written out from its specification:
   a fast non-cryptographic hash with good distribution, used to recognise unchanged output
   files without reading them back. */
static const uint64_t XXH_P1 = 0x9E3779B185EBCA87ULL, XXH_P2 = 0xC2B2AE3D27D4EB4FULL,
                      XXH_P3 = 0x165667B19E3779F9ULL, XXH_P4 = 0x85EBCA77C2B2AE63ULL,
                      XXH_P5 = 0x27D4EB2F165667C5ULL;

static inline uint64_t xxh_rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t xxh_read64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline uint32_t xxh_read32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t xxh_round(uint64_t acc, uint64_t input) {
    acc += input * XXH_P2;
    return xxh_rotl(acc, 31) * XXH_P1;
}
static inline uint64_t xxh_merge(uint64_t acc, uint64_t val) {
    acc ^= xxh_round(0, val);
    return acc * XXH_P1 + XXH_P4;
}

uint64_t sg_xxh64(const void *input, size_t length, uint64_t seed) {
    const uint8_t *p = (const uint8_t *)input, *end = p + length;
    uint64_t h;
    if (length >= 32) {
        uint64_t v1 = seed + XXH_P1 + XXH_P2, v2 = seed + XXH_P2, v3 = seed, v4 = seed - XXH_P1;
        const uint8_t *limit = end - 32;
        do {
            v1 = xxh_round(v1, xxh_read64(p)); v2 = xxh_round(v2, xxh_read64(p + 8));
            v3 = xxh_round(v3, xxh_read64(p + 16)); v4 = xxh_round(v4, xxh_read64(p + 24));
            p += 32;
        } while (p <= limit);
        h = xxh_rotl(v1, 1) + xxh_rotl(v2, 7) + xxh_rotl(v3, 12) + xxh_rotl(v4, 18);
        h = xxh_merge(h, v1); h = xxh_merge(h, v2); h = xxh_merge(h, v3); h = xxh_merge(h, v4);
    } else {
        h = seed + XXH_P5;
    }
    h += (uint64_t)length;
    for (; p + 8 <= end; p += 8) h = xxh_rotl(h ^ xxh_round(0, xxh_read64(p)), 27) * XXH_P1 + XXH_P4;
    if (p + 4 <= end) { h = xxh_rotl(h ^ ((uint64_t)xxh_read32(p) * XXH_P1), 23) * XXH_P2 + XXH_P3; p += 4; }
    for (; p < end; p++) h = xxh_rotl(h ^ ((uint64_t)(*p) * XXH_P5), 11) * XXH_P1;
    h ^= h >> 33; h *= XXH_P2; h ^= h >> 29; h *= XXH_P3; h ^= h >> 32;
    return h;
}
