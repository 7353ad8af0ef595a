/// Which `__consumer_offsets` partition (and so which broker) coordinates a group.
///
/// Kafka's formula, which clients do not compute but which other tooling reproduces: the absolute value of
/// Java's `String.hashCode()` of the group id, modulo the partition count, where the absolute value of
/// Int32.min is taken as 0 (Java's Math.abs would leave it negative).
enum GroupPartitioning {
    static func partition(forGroup groupId: String, partitionCount: Int32) -> Int32 {
        guard partitionCount > 0 else { return 0 }
        let hash = javaStringHashCode(groupId)
        let positive = hash == Int32.min ? 0 : abs(hash)
        return positive % partitionCount
    }

    /// Java's `String.hashCode()`: h = 31 * h + c over UTF-16 code units, wrapping on overflow.
    static func javaStringHashCode(_ string: String) -> Int32 {
        string.utf16.reduce(Int32(0)) { hash, unit in hash &* 31 &+ Int32(unit) }
    }
}
