#include "kafkalab_crc32c.h"

#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>

int kafkalab_crc32c_hardware_available(void) {
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

// Compiled for SSE 4.2 only in this function, so the rest of the binary still runs on any x86-64 CPU.
__attribute__((target("sse4.2")))
uint32_t kafkalab_crc32c_hardware_extend(uint32_t state, const void *bytes, size_t length) {
    const unsigned char *next = (const unsigned char *)bytes;
    uint64_t crc = state;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, next, sizeof word);  // an unaligned load, without undefined behaviour
        crc = _mm_crc32_u64(crc, word);
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
