#ifndef KAFKALAB_FILE_SPACE_H
#define KAFKALAB_FILE_SPACE_H

#include <stdint.h>

/// Allocates the file's blocks for [offset, offset + length) without changing its size (Linux `fallocate` with
/// FALLOC_FL_KEEP_SIZE). Returns 0, or the errno; EOPNOTSUPP where the file system or the platform cannot.
int kafkalab_allocate_keeping_size(int descriptor, int64_t offset, int64_t length);

#endif
