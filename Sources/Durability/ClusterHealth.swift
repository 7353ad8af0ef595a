import KafkaClient

/// The topic's partitions as the cluster's metadata shows them, and waits for the states a fault loop needs.
struct ClusterHealth: Sendable {
    let admin: KafkaAdmin
    let topic: String

    /// Metadata now, or nil when no broker answered in time (a paused broker can hold a request).
    func metadata() async -> ClusterMetadata? {
        guard let metadata = try? await admin.describeCluster(topics: [topic]),
            let partitions = metadata.topics.first(where: { $0.name == topic })?.partitions, !partitions.isEmpty
        else { return nil }
        return metadata
    }

    func partitions(_ metadata: ClusterMetadata) -> [PartitionMetadata] {
        metadata.topics.first { $0.name == topic }?.partitions ?? []
    }

    /// Every partition has a leader and all its replicas in the ISR.
    static func isFullyInSync(_ partitions: [PartitionMetadata]) -> Bool {
        !partitions.isEmpty && partitions.allSatisfy { $0.leader >= 0 && Set($0.isr) == Set($0.replicas) }
    }

    /// Every partition is led by its preferred (first) replica.
    static func isPreferredLeadership(_ partitions: [PartitionMetadata]) -> Bool {
        partitions.allSatisfy { $0.leader >= 0 && $0.leader == $0.replicas.first }
    }

    /// Polls metadata until `condition` holds or `timeout` passes; returns the metadata that satisfied it.
    func wait(
        timeout: Duration, _ condition: @Sendable (ClusterMetadata) -> Bool
    ) async -> ClusterMetadata? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let metadata = await metadata(), condition(metadata) { return metadata }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return nil
    }

    /// Full ISR everywhere within `timeout`; then, softly, preferred leaders back (so the next victim leads
    /// something). Returns whether the ISR healed.
    func waitUntilHealed(timeout: Duration, preferredTimeout: Duration = .seconds(15)) async -> Bool {
        guard await wait(timeout: timeout, { Self.isFullyInSync(partitions($0)) }) != nil else { return false }
        _ = await wait(timeout: preferredTimeout) {
            Self.isFullyInSync(partitions($0)) && Self.isPreferredLeadership(partitions($0))
        }
        return true
    }
}
