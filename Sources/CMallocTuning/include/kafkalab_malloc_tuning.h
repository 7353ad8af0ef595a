#ifndef KAFKALAB_MALLOC_TUNING_H
#define KAFKALAB_MALLOC_TUNING_H

/// Keeps blocks below `mmap_threshold` bytes on glibc's heap and free heap below `trim_threshold` bytes with the
/// process (mallopt M_MMAP_THRESHOLD / M_TRIM_THRESHOLD). Returns 1 when both were applied, 0 otherwise (and on
/// C libraries without mallopt).
int kafkalab_tune_malloc(int mmap_threshold, int trim_threshold);

#endif
