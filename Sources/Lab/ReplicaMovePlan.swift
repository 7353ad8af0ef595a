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
            moves.append(
                PartitionReassignment(topic: partition.topic, partition: partition.partition, replicas: target))
        }
        return moves
    }
}

extension ReplicaMovePlan {
    /// Moves that give a broker that joined empty its share: replicas move onto it from brokers above the average
    /// (replicas / brokers, rounded down), one per partition, in their slot; a preferred-leader slot is taken only
    /// while it has fewer preferred leaderships than the average and the broker giving it up has more. Partitions
    /// are visited in order, so the plan is the same for the same cluster.
    public static func rebalancing(onto added: Int32, from partitions: [PartitionView], brokers: [Int32])
        -> [PartitionReassignment]
    {
        let all = Set(brokers).union([added]).sorted()
        var replicaCount = Dictionary(uniqueKeysWithValues: all.map { ($0, 0) })
        var leaderCount = replicaCount
        for partition in partitions {
            for replica in partition.replicas { replicaCount[replica, default: 0] += 1 }
            if let first = partition.replicas.first { leaderCount[first, default: 0] += 1 }
        }
        let replicaShare = replicaCount.values.reduce(0, +) / all.count
        let leaderShare = partitions.count / all.count
        var moves: [PartitionReassignment] = []
        for partition in partitions where !partition.replicas.contains(added) {
            guard (replicaCount[added] ?? 0) < replicaShare else { break }
            let replicas = partition.replicas
            let overloaded = replicas.indices.filter { (replicaCount[replicas[$0]] ?? 0) > replicaShare }
            let takeLeader =
                overloaded.contains(0) && (leaderCount[added] ?? 0) < leaderShare
                && (leaderCount[replicas[0]] ?? 0) > leaderShare
            let followerSlot = overloaded.filter { $0 != 0 }.max {
                (replicaCount[replicas[$0]] ?? 0) < (replicaCount[replicas[$1]] ?? 0)
            }
            guard let slot = takeLeader ? 0 : followerSlot else { continue }
            var target = replicas
            target[slot] = added
            replicaCount[replicas[slot]]? -= 1
            replicaCount[added]? += 1
            if slot == 0 {
                leaderCount[replicas[0]]? -= 1
                leaderCount[added]? += 1
            }
            moves.append(
                PartitionReassignment(topic: partition.topic, partition: partition.partition, replicas: target))
        }
        return moves
    }
}
