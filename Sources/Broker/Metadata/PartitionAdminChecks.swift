import KafkaWire

/// What the admin APIs check before anything is written, as plain functions of the metadata: each answers the
/// error a partition gets, or nil when the request can go ahead.
enum PartitionAdminChecks {
    struct Rejection: Equatable, Sendable {
        var code: ErrorCode
        var message: String
    }

    /// AlterPartitionReassignments: the topic and partition exist, the target names distinct registered brokers.
    static func reassignment(
        topic: String, partition: Int32, replicas: [Int32], metadata: ClusterMetadata
    ) -> Rejection? {
        if let failure = TopicAdmin.validateName(topic) {
            return Rejection(code: failure.code, message: failure.message)
        }
        guard let info = metadata.topics[topic], !info.markedForDeletion else {
            return Rejection(code: .unknownTopicOrPartition, message: "topic '\(topic)' does not exist")
        }
        guard info.partitions[partition] != nil else {
            return Rejection(code: .unknownTopicOrPartition, message: "topic '\(topic)' has no partition \(partition)")
        }
        if let problem = ReassignmentStep.problem(with: replicas) {
            return Rejection(code: .invalidReplicaAssignment, message: problem)
        }
        if let unknown = replicas.first(where: { metadata.brokers[$0] == nil }) {
            return Rejection(code: .invalidReplicaAssignment, message: "broker \(unknown) is not registered")
        }
        return nil
    }

    /// ElectLeaders (preferred): whether the partition needs, and can have, its preferred replica as leader.
    static func preferredElection(topic: String, partition: Int32, metadata: ClusterMetadata) -> Rejection? {
        guard let info = metadata.partition(topic, partition), let state = info.state else {
            return Rejection(code: .unknownTopicOrPartition, message: "unknown partition \(topic)-\(partition)")
        }
        guard let preferred = info.replicas.first else {
            return Rejection(code: .preferredLeaderNotAvailable, message: "the partition has no replicas")
        }
        if state.leader == preferred {
            return Rejection(code: .electionNotNeeded, message: "broker \(preferred) already leads")
        }
        guard metadata.brokers[preferred] != nil, state.isr.contains(preferred) else {
            return Rejection(
                code: .preferredLeaderNotAvailable,
                message: "preferred replica \(preferred) is not alive or not in the ISR \(state.isr)")
        }
        return nil
    }
}
