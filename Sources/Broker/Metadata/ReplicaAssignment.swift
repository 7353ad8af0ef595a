/// Spreads a new topic's replicas over brokers the way Kafka's rack-unaware assignment does: leaders round-robin from
/// a start index, followers shifted so that no two partitions have the same replica list pattern.
enum ReplicaAssignment {
    enum Failure: Error, Equatable {
        case replicationFactorTooLarge(requested: Int16, available: Int)
        case noBrokers
    }

    static func assign(
        partitions: Int32,
        replicationFactor: Int16,
        brokers: [Int32],
        firstPartition: Int32 = 0,
        startIndex: Int? = nil
    ) throws(Failure) -> [Int32: [Int32]] {
        let sorted = brokers.sorted()
        guard !sorted.isEmpty else { throw .noBrokers }
        guard Int(replicationFactor) <= sorted.count else {
            throw .replicationFactorTooLarge(requested: replicationFactor, available: sorted.count)
        }
        let count = sorted.count
        let start = startIndex ?? Int.random(in: 0..<count)
        var shift = startIndex ?? Int.random(in: 0..<count)
        var result: [Int32: [Int32]] = [:]
        for offset in 0..<Int(partitions) {
            let partition = firstPartition + Int32(offset)
            let partitionIndex = Int(partition)
            if partitionIndex > 0 && partitionIndex % count == 0 { shift += 1 }
            let first = (partitionIndex + start) % count
            var replicas = [sorted[first]]
            for replica in 0..<max(0, Int(replicationFactor) - 1) {
                let followerShift = 1 + (shift + replica) % max(1, count - 1)
                replicas.append(sorted[(first + followerShift) % count])
            }
            result[partition] = replicas
        }
        return result
    }
}
