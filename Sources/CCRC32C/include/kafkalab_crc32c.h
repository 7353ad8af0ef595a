// CRC-32C with the CPU's own instruction (SSE 4.2 on x86-64), for the broker's per-batch checksums.
// The Swift side (KafkaWire.CRC32C) keeps the portable software version and picks this one when available.
#ifndef KAFKALAB_CRC32C_H
#define KAFKALAB_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has a CRC-32C instruction this build can use, else 0.
int kafkalab_crc32c_hardware_available(void);

/// Continues a CRC-32C over `length` bytes. `state` is the running register (the checksum's complement, as the
/// software loop keeps it); returns the new register. Only call when `kafkalab_crc32c_hardware_available()`.
uint32_t kafkalab_crc32c_hardware_extend(uint32_t state, const void *bytes, size_t length);

#endif
