/// How the cluster's partitions are doing, from their znodes: offline (no live leader) and under-replicated (fewer
/// replicas in sync than assigned), as kafka-topics' `--unavailable-partitions` and `--under-replicated-partitions`
/// count them.
public struct PartitionHealth: Codable, Sendable, Equatable {
    public var total: Int
    /// No leader, or a leader that is not registered (dead, its session not yet expired, counts as alive).
    public var offline: [PartitionView]
    public var underReplicated: [PartitionView]
    /// Partitions listed in `/admin/reassign_partitions`.
    public var reassigning: [PartitionReassignment]

    public init(partitions: [PartitionView], liveBrokers: Set<Int32>, reassigning: [PartitionReassignment]) {
        total = partitions.count
        offline = partitions.filter { $0.leader < 0 || !liveBrokers.contains($0.leader) }
        underReplicated = partitions.filter { $0.isr.count < $0.replicas.count }
        self.reassigning = reassigning
    }

    public var isHealthy: Bool { offline.isEmpty && underReplicated.isEmpty }
}
