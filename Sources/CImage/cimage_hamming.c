#include "cimage_internal.h"

#define CIMAGE_PREFETCH_AHEAD 16

static inline int distance_portable(const uint64_t *a, const uint64_t *b) {
    return __builtin_popcountll(a[0] ^ b[0]) + __builtin_popcountll(a[1] ^ b[1]) +
           __builtin_popcountll(a[2] ^ b[2]) + __builtin_popcountll(a[3] ^ b[3]);
}

// Same bodies compiled twice: once for the baseline target, once with POPCNT. The macro keeps the
// two copies identical.
#define CIMAGE_VERIFY_BODY(distance_fn)                                                              \
    size_t found = 0;                                                                               \
    for (size_t i = 0; i < count; i++) {                                                            \
        if (i + CIMAGE_PREFETCH_AHEAD < count) {                                                    \
            __builtin_prefetch(words + 4 * (size_t)ids[i + CIMAGE_PREFETCH_AHEAD]);                 \
        }                                                                                           \
        const uint32_t id = ids[i];                                                                 \
        const int d = distance_fn(words + 4 * (size_t)id, query);                                   \
        if (d <= max_distance) {                                                                    \
            out_ids[found] = id;                                                                    \
            out_distances[found] = (uint16_t)d;                                                     \
            found++;                                                                                \
        }                                                                                           \
    }                                                                                               \
    return found;

#define CIMAGE_SCAN_BODY(distance_fn)                                                                \
    size_t found = 0;                                                                               \
    for (size_t i = 0; i < n; i++) {                                                                \
        const int d = distance_fn(words + 4 * i, query);                                            \
        if (d <= max_distance) {                                                                    \
            if (found < capacity) {                                                                 \
                out_ids[found] = (uint32_t)i;                                                       \
                out_distances[found] = (uint16_t)d;                                                 \
            }                                                                                       \
            found++;                                                                                \
        }                                                                                           \
    }                                                                                               \
    return found;

static size_t verify_portable(const uint64_t *words, const uint32_t *ids, size_t count, const uint64_t *query,
                              int32_t max_distance, uint32_t *out_ids, uint16_t *out_distances) {
    CIMAGE_VERIFY_BODY(distance_portable)
}

static size_t scan_portable(const uint64_t *words, size_t n, const uint64_t *query, int32_t max_distance,
                            uint32_t *out_ids, uint16_t *out_distances, size_t capacity) {
    CIMAGE_SCAN_BODY(distance_portable)
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define CIMAGE_HAVE_POPCNT_VARIANT 1

__attribute__((target("popcnt"))) static inline int distance_popcnt(const uint64_t *a, const uint64_t *b) {
    return __builtin_popcountll(a[0] ^ b[0]) + __builtin_popcountll(a[1] ^ b[1]) +
           __builtin_popcountll(a[2] ^ b[2]) + __builtin_popcountll(a[3] ^ b[3]);
}

__attribute__((target("popcnt"))) static size_t verify_popcnt(const uint64_t *words, const uint32_t *ids, size_t count,
                                                             const uint64_t *query, int32_t max_distance,
                                                             uint32_t *out_ids, uint16_t *out_distances) {
    CIMAGE_VERIFY_BODY(distance_popcnt)
}

__attribute__((target("popcnt"))) static size_t scan_popcnt(const uint64_t *words, size_t n, const uint64_t *query,
                                                           int32_t max_distance, uint32_t *out_ids,
                                                           uint16_t *out_distances, size_t capacity) {
    CIMAGE_SCAN_BODY(distance_popcnt)
}

// Several threads may race to fill the cache; they all store the same value.
static int has_popcnt(void) {
    static int cached = -1;
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        __builtin_cpu_init();
        value = __builtin_cpu_supports("popcnt") ? 1 : 0;
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
}
#endif

size_t cimage_hamming_verify(const uint64_t *words, const uint32_t *ids, size_t count, const uint64_t *query,
                             int32_t max_distance, uint32_t *out_ids, uint16_t *out_distances) {
    if (words == NULL || ids == NULL || query == NULL || out_ids == NULL || out_distances == NULL) {
        return 0;
    }
#ifdef CIMAGE_HAVE_POPCNT_VARIANT
    if (has_popcnt()) {
        return verify_popcnt(words, ids, count, query, max_distance, out_ids, out_distances);
    }
#endif
    return verify_portable(words, ids, count, query, max_distance, out_ids, out_distances);
}

size_t cimage_hamming_scan(const uint64_t *words, size_t n, const uint64_t *query, int32_t max_distance,
                           uint32_t *out_ids, uint16_t *out_distances, size_t capacity) {
    if (words == NULL || query == NULL || (capacity > 0 && (out_ids == NULL || out_distances == NULL))) {
        return 0;
    }
#ifdef CIMAGE_HAVE_POPCNT_VARIANT
    if (has_popcnt()) {
        return scan_popcnt(words, n, query, max_distance, out_ids, out_distances, capacity);
    }
#endif
    return scan_portable(words, n, query, max_distance, out_ids, out_distances, capacity);
}
