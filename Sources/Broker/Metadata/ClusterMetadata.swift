/// A broker's picture of the cluster, as read from ZooKeeper: plain values, replaced whole on every change.
struct ClusterMetadata: Sendable, Equatable {
    struct BrokerEndpoint: Sendable, Equatable {
        var id: Int32
        var host: String
        var port: Int32
        var rack: String?
    }

    struct PartitionInfo: Sendable, Equatable {
        var replicas: [Int32]
        /// nil until the controller has elected a first leader.
        var state: ZooKeeperRecords.PartitionState?
        /// The znode version of the state, for conditional updates.
        var stateVersion: Int32 = -1

        var leader: Int32 { state?.leader ?? -1 }
        var leaderEpoch: Int32 { state?.leaderEpoch ?? -1 }
        var isr: [Int32] { state?.isr ?? [] }
    }

    struct TopicInfo: Sendable, Equatable {
        var name: String
        var partitions: [Int32: PartitionInfo]
        var config: [String: String] = [:]
        /// Set while a deletion is pending under /admin/delete_topics.
        var markedForDeletion = false

        var partitionCount: Int32 { Int32(partitions.count) }
        var replicationFactor: Int16 { Int16(partitions.values.first?.replicas.count ?? 0) }
    }

    struct PartitionKey: Sendable, Hashable, Comparable {
        var topic: String
        var partition: Int32

        static func < (lhs: PartitionKey, rhs: PartitionKey) -> Bool {
            (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
        }
    }

    var brokers: [Int32: BrokerEndpoint] = [:]
    var controllerId: Int32 = -1
    var topics: [String: TopicInfo] = [:]
    /// Pending moves from `/admin/reassign_partitions`: partition → target replicas.
    var reassignments: [PartitionKey: [Int32]] = [:]
    /// Partitions listed in `/admin/preferred_replica_election`; nil when the znode does not exist.
    var preferredElections: [PartitionKey]?

    init() {}

    func partition(_ topic: String, _ partition: Int32) -> PartitionInfo? {
        topics[topic]?.partitions[partition]
    }

    /// Every partition with a replica on `brokerId`.
    func partitions(hostedBy brokerId: Int32) -> [(topic: String, partition: Int32, info: PartitionInfo)] {
        var result: [(String, Int32, PartitionInfo)] = []
        for topic in topics.values {
            for (id, info) in topic.partitions where info.replicas.contains(brokerId) {
                result.append((topic.name, id, info))
            }
        }
        return result
    }
}
