import CMallocTuning

/// glibc's allocator, tuned for a broker that moves megabytes per request. By default glibc serves large blocks
/// (a socket read of up to 8 MiB, a fetch answer's frame) with fresh `mmap`s once its adaptive threshold is passed,
/// and trims freed heap back to the kernel: every such block then costs page faults and zeroed pages when first
/// written. Keeping blocks below 64 MiB on the heap, and up to 512 MiB of free heap with the process, reuses the same
/// pages instead; the memory stays with the broker, as a JVM broker's heap does. See docs/replication.md.
enum MallocTuning {
    /// Returns whether the C library took the settings (glibc does).
    @discardableResult
    static func applyForBroker() -> Bool {
        kafkalab_tune_malloc(64 << 20, 512 << 20) == 1
    }
}
