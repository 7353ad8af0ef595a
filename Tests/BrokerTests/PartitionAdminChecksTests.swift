import KafkaWire
import Testing

@testable import Broker

/// The admin APIs' checks before anything is written, as plain values.
struct PartitionAdminChecksTests {
    private var metadata: ClusterMetadata {
        var metadata = ClusterMetadata()
        for id: Int32 in [0, 1, 2] { metadata.brokers[id] = .init(id: id, host: "127.0.0.1", port: 9092 + id) }
        var partitions: [Int32: ClusterMetadata.PartitionInfo] = [:]
        partitions[0] = .init(
            replicas: [0, 1], state: .init(controllerEpoch: 1, leader: 1, leaderEpoch: 3, isr: [1, 0]))
        partitions[1] = .init(
            replicas: [1, 2], state: .init(controllerEpoch: 1, leader: 1, leaderEpoch: 0, isr: [1, 2]))
        partitions[2] = .init(replicas: [2, 0], state: .init(controllerEpoch: 1, leader: 0, leaderEpoch: 2, isr: [0]))
        partitions[3] = .init(
            replicas: [5, 0], state: .init(controllerEpoch: 1, leader: 0, leaderEpoch: 2, isr: [0, 5]))
        metadata.topics["t"] = .init(name: "t", partitions: partitions)
        return metadata
    }

    private func reassign(_ topic: String, _ partition: Int32, _ replicas: [Int32]) -> ErrorCode? {
        PartitionAdminChecks.reassignment(topic: topic, partition: partition, replicas: replicas, metadata: metadata)?
            .code
    }

    @Test func reassignmentTargetsAreChecked() {
        #expect(reassign("t", 0, [2, 1]) == nil)
        #expect(reassign("t/..", 0, [2]) == .invalidTopicException)
        #expect(reassign("", 0, [2]) == .invalidTopicException)
        #expect(reassign("other", 0, [2]) == .unknownTopicOrPartition)
        #expect(reassign("t", 4, [2]) == .unknownTopicOrPartition)
        #expect(reassign("t", -1, [2]) == .unknownTopicOrPartition)
        #expect(reassign("t", 0, []) == .invalidReplicaAssignment)
        #expect(reassign("t", 0, [2, 2]) == .invalidReplicaAssignment)
        #expect(reassign("t", 0, [2, 9]) == .invalidReplicaAssignment)
        #expect(reassign("t", 0, [Int32.min]) == .invalidReplicaAssignment)
    }

    @Test func aTopicBeingDeletedCannotBeReassigned() {
        var metadata = self.metadata
        metadata.topics["t"]?.markedForDeletion = true
        #expect(
            PartitionAdminChecks.reassignment(topic: "t", partition: 0, replicas: [0], metadata: metadata)?.code
                == .unknownTopicOrPartition)
    }

    @Test func preferredElectionsAreOnlyTriedWhereTheyCanSucceed() {
        func elect(_ partition: Int32) -> ErrorCode? {
            PartitionAdminChecks.preferredElection(topic: "t", partition: partition, metadata: metadata)?.code
        }
        #expect(elect(0) == nil)  // 0 is preferred, alive and in sync, 1 leads
        #expect(elect(1) == .electionNotNeeded)
        #expect(elect(2) == .preferredLeaderNotAvailable)  // 2 is out of the ISR
        #expect(elect(3) == .preferredLeaderNotAvailable)  // 5 is not registered
        #expect(elect(9) == .unknownTopicOrPartition)
        #expect(
            PartitionAdminChecks.preferredElection(topic: "x", partition: 0, metadata: metadata)?.code
                == .unknownTopicOrPartition)
    }
}
