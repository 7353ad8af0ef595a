/// The admin request znodes of Kafka's ZooKeeper layout, with Kafka's JSON field names, so requests written by
/// Kafka's own ZooKeeper-era tools (or by hand) are understood.
extension ZooKeeperRecords {
    /// `/admin/reassign_partitions`: partitions to move, each with its target replica list (preferred leader first).
    /// The controller removes each partition once moved, and the znode once empty.
    struct ReassignPartitions: Codable, Equatable, Sendable {
        struct Entry: Codable, Equatable, Sendable {
            var topic: String
            var partition: Int32
            var replicas: [Int32]
        }

        var version: Int = 1
        var partitions: [Entry]

        var targets: [ClusterMetadata.PartitionKey: [Int32]] {
            var result: [ClusterMetadata.PartitionKey: [Int32]] = [:]
            for entry in partitions { result[.init(topic: entry.topic, partition: entry.partition)] = entry.replicas }
            return result
        }
    }

    /// `/admin/preferred_replica_election`: partitions whose leadership should go back to the preferred replica.
    /// The controller deletes the znode once it has tried them all.
    struct PreferredReplicaElection: Codable, Equatable, Sendable {
        struct Entry: Codable, Equatable, Sendable {
            var topic: String
            var partition: Int32
        }

        var version: Int = 1
        var partitions: [Entry]
    }
}
