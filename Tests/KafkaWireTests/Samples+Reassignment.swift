import KafkaWire

/// Samples for the partition administration APIs (AlterPartitionReassignments, ListPartitionReassignments,
/// ElectLeaders): every optional and nullable field both set and absent somewhere.
extension RequestSamples {
    static func alterPartitionReassignments(_ v: Int16) -> AlterPartitionReassignmentsRequest {
        AlterPartitionReassignmentsRequest(
            timeoutMs: 30_000,
            topics: [
                .init(
                    name: "orders", partitions: [.init(partitionIndex: 0, replicas: [3, 1]), .init(partitionIndex: 2)]),
                .init(name: "audit", partitions: []),
            ])
    }

    static func listPartitionReassignments(_ v: Int16) -> ListPartitionReassignmentsRequest {
        ListPartitionReassignmentsRequest(timeoutMs: 1000, topics: [.init(name: "orders", partitionIndexes: [0, 2])])
    }

    static func electLeaders(_ v: Int16) -> ElectLeadersRequest {
        ElectLeadersRequest(
            electionType: v >= 1 ? ElectLeadersRequest.unclean : ElectLeadersRequest.preferred,
            topicPartitions: v == 1
                ? nil : [.init(topic: "orders", partitions: [0, 1]), .init(topic: "é", partitions: [])],
            timeoutMs: 5000)
    }
}

extension ResponseSamples {
    static func alterPartitionReassignments(_ v: Int16) -> AlterPartitionReassignmentsResponse {
        AlterPartitionReassignmentsResponse(
            throttleTimeMs: 1, errorCode: .none, errorMessage: nil,
            responses: [
                .init(
                    name: "orders",
                    partitions: [
                        .init(partitionIndex: 0),
                        .init(
                            partitionIndex: 2, errorCode: .noReassignmentInProgress, errorMessage: "nothing to cancel"),
                    ])
            ])
    }

    static func listPartitionReassignments(_ v: Int16) -> ListPartitionReassignmentsResponse {
        ListPartitionReassignmentsResponse(
            throttleTimeMs: 0, errorCode: .notController, errorMessage: "elsewhere",
            topics: [
                .init(
                    name: "orders",
                    partitions: [
                        .init(partitionIndex: 0, replicas: [3, 1, 2], addingReplicas: [3], removingReplicas: [2])
                    ])
            ])
    }

    static func electLeaders(_ v: Int16) -> ElectLeadersResponse {
        ElectLeadersResponse(
            throttleTimeMs: 2, errorCode: v >= 1 ? .invalidRequest : .none,
            replicaElectionResults: [
                .init(
                    topic: "orders",
                    partitionResult: [
                        .init(partitionId: 0),
                        .init(partitionId: 1, errorCode: .preferredLeaderNotAvailable, errorMessage: "not in sync"),
                    ])
            ])
    }
}
