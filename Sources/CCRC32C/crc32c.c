#include "kafkalab_crc32c.h"

#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>
#include <pthread.h>

int kafkalab_crc32c_hardware_available(void) {
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

// Why three lanes: the CRC-32C instruction takes three cycles to produce its result but can start a new one every
// cycle, so a single running CRC leaves the unit idle two cycles in three. Long inputs (a produce request's batch,
// a follower's fetched batches: up to a MiB each) are therefore cut into blocks of three equal lanes whose CRCs run
// interleaved and are then joined. Joining uses linearity: the register after lanes A, B, C equals
// shift(shift(crc(A)) ^ crc(B)) ^ crc(C), where crc(B) and crc(C) start from a zero register and shift(r) is the
// register r after as many zero bytes as a lane holds. shift is linear in r, so it is four table lookups.
enum { LONG_LANE = 2048, SHORT_LANE = 256 };

// shift over one lane: the XOR of table[k][byte k of r] for the register's four bytes.
typedef struct {
    uint32_t table[4][256];
} lane_shift;

static lane_shift long_shift;
static lane_shift short_shift;
static pthread_once_t shifts_once = PTHREAD_ONCE_INIT;

static inline uint64_t load_word(const unsigned char *at) {
    uint64_t word;
    memcpy(&word, at, sizeof word);  // an unaligned load, without undefined behaviour
    return word;
}

static inline uint32_t apply_shift(const lane_shift *shift, uint32_t crc) {
    return shift->table[0][crc & 0xFF] ^ shift->table[1][(crc >> 8) & 0xFF] ^ shift->table[2][(crc >> 16) & 0xFF]
        ^ shift->table[3][crc >> 24];
}

// Builds the shift tables by running the instruction itself over a lane of zeros from each single-bit register.
__attribute__((target("sse4.2")))
static void build_shift(lane_shift *shift, size_t lane) {
    uint32_t bit_image[32];
    for (int bit = 0; bit < 32; bit++) {
        uint64_t crc = (uint64_t)1 << bit;
        for (size_t done = 0; done < lane; done += 8) crc = _mm_crc32_u64(crc, 0);
        bit_image[bit] = (uint32_t)crc;
    }
    for (int k = 0; k < 4; k++) {
        for (int byte = 0; byte < 256; byte++) {
            uint32_t image = 0;
            for (int bit = 0; bit < 8; bit++) {
                if (byte & (1 << bit)) image ^= bit_image[8 * k + bit];
            }
            shift->table[k][byte] = image;
        }
    }
}

static void build_shifts(void) {
    build_shift(&long_shift, LONG_LANE);
    build_shift(&short_shift, SHORT_LANE);
}

// Runs whole blocks of three lanes of `lane` bytes; returns the register and advances `next` / `length`.
__attribute__((target("sse4.2")))
static inline uint64_t three_lanes(uint64_t crc, const unsigned char **next, size_t *length, size_t lane,
                                   const lane_shift *shift) {
    const unsigned char *at = *next;
    size_t left = *length;
    while (left >= 3 * lane) {
        uint64_t a = crc, b = 0, c = 0;
        for (size_t offset = 0; offset < lane; offset += 8) {
            a = _mm_crc32_u64(a, load_word(at + offset));
            b = _mm_crc32_u64(b, load_word(at + lane + offset));
            c = _mm_crc32_u64(c, load_word(at + 2 * lane + offset));
        }
        crc = apply_shift(shift, apply_shift(shift, (uint32_t)a) ^ (uint32_t)b) ^ (uint32_t)c;
        at += 3 * lane;
        left -= 3 * lane;
    }
    *next = at;
    *length = left;
    return crc;
}

// Compiled for SSE 4.2 only in these functions, so the rest of the binary still runs on any x86-64 CPU.
__attribute__((target("sse4.2")))
uint32_t kafkalab_crc32c_hardware_extend(uint32_t state, const void *bytes, size_t length) {
    const unsigned char *next = (const unsigned char *)bytes;
    uint64_t crc = state;
    if (length >= 3 * SHORT_LANE) {
        pthread_once(&shifts_once, build_shifts);
        crc = three_lanes(crc, &next, &length, LONG_LANE, &long_shift);
        crc = three_lanes(crc, &next, &length, SHORT_LANE, &short_shift);
    }
    while (length >= 8) {
        crc = _mm_crc32_u64(crc, load_word(next));
        next += 8;
        length -= 8;
    }
    uint32_t crc32 = (uint32_t)crc;
    while (length > 0) {
        crc32 = _mm_crc32_u8(crc32, *next);
        next += 1;
        length -= 1;
    }
    return crc32;
}

#else

int kafkalab_crc32c_hardware_available(void) {
    return 0;
}

uint32_t kafkalab_crc32c_hardware_extend(uint32_t state, const void *bytes, size_t length) {
    (void)bytes;
    (void)length;
    return state;  // never called: hardware_available() is 0 here
}

#endif
