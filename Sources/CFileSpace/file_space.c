// fallocate and its flags are GNU extensions: _GNU_SOURCE must come before the first C library header, or
// <fcntl.h> declares neither (Swift's Glibc module does not expose them either).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>

#include "kafkalab_file_space.h"

int kafkalab_allocate_keeping_size(int descriptor, int64_t offset, int64_t length) {
#if defined(__linux__) && defined(FALLOC_FL_KEEP_SIZE)
    return fallocate(descriptor, FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)length) == 0 ? 0 : errno;
#else
    (void)descriptor;
    (void)offset;
    (void)length;
    return EOPNOTSUPP;
#endif
}
