/// New replica lists that take every replica off one broker, as `cluster remove-broker` needs: each replica on it is
/// replaced, in place, by a remaining broker that does not already hold the partition. The replacement is the one
/// with the fewest replicas so far (for a preferred-leader slot, the fewest preferred leaderships first), ties to
/// the lowest id, so replicas and leaders stay spread. A plain function of the current assignment.
public enum ReplicaMovePlan {
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Keeping the replication factor needs more brokers than remain.
        case notEnoughBrokers(partition: String, replicationFactor: Int, remaining: Int)

        public var description: String {
            switch self {
            case .notEnoughBrokers(let partition, let factor, let remaining):
                "\(partition) has \(factor) replicas but only \(remaining) broker(s) would remain; "
                    + "add a broker first or lower the replication factor"
            }
        }
    }

    public static func removing(broker removed: Int32, from partitions: [PartitionView], brokers: [Int32])
        throws(Failure) -> [PartitionReassignment]
    {
        let remaining = brokers.filter { $0 != removed }.sorted()
        var replicaCount = Dictionary(uniqueKeysWithValues: remaining.map { ($0, 0) })
        var leaderCount = replicaCount
        for partition in partitions {
            for replica in partition.replicas where replicaCount[replica] != nil { replicaCount[replica]? += 1 }
            if let first = partition.replicas.first, leaderCount[first] != nil, first != removed {
                leaderCount[first]? += 1
            }
        }
        var moves: [PartitionReassignment] = []
        for partition in partitions where partition.replicas.contains(removed) {
            var target = partition.replicas
            for (slot, replica) in partition.replicas.enumerated() where replica == removed {
                let candidates = remaining.filter { !target.contains($0) }
                let load: (Int32) -> (Int, Int) = { id in
                    slot == 0
                        ? (leaderCount[id] ?? 0, replicaCount[id] ?? 0) : (replicaCount[id] ?? 0, leaderCount[id] ?? 0)
                }
                guard let choice = candidates.min(by: { load($0) < load($1) || (load($0) == load($1) && $0 < $1) })
                else {
                    throw .notEnoughBrokers(
                        partition: partition.name, replicationFactor: partition.replicas.count,
                        remaining: remaining.count)
                }
                target[slot] = choice
                replicaCount[choice]? += 1
                if slot == 0 { leaderCount[choice]? += 1 }
            }
            moves.append(PartitionReassignment(topic: partition.topic, partition: partition.partition, replicas: target))
        }
        return moves
    }
}
