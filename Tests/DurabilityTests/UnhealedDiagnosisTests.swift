@testable import Durability
@testable import KafkaClient
import Testing

@Suite struct UnhealedDiagnosisTests {
    static func partition(_ id: Int32, leader: Int32, isr: [Int32]) -> PartitionMetadata {
        PartitionMetadata(id: id, leader: leader, replicas: [0, 1, 2], isr: isr, error: nil)
    }

    @Test func namesThePartitionsOutOfSyncAndTheMissingReplicas() {
        let metadata = ClusterMetadata(
            clusterId: "lab", controllerId: 1,
            brokers: [BrokerMetadata(id: 1, host: "127.0.0.1", port: 9), BrokerMetadata(id: 0, host: "127.0.0.1", port: 8)],
            topics: [
                TopicMetadata(
                    name: "durability",
                    partitions: [
                        Self.partition(1, leader: -1, isr: [0, 1, 2]), Self.partition(0, leader: 0, isr: [0, 1, 2]),
                        Self.partition(2, leader: 1, isr: [1, 0]),
                    ], error: nil)
            ])
        let lines = UnhealedDiagnosis.lines(
            metadata: metadata, topic: "durability", logTails: [(broker: 2, tail: "first\nlast")])
        #expect(
            lines == [
                "registered brokers: [0, 1], controller 1",
                "out of sync: durability-1 leader -1, replicas [0, 1, 2], ISR [0, 1, 2], missing []",
                "out of sync: durability-2 leader 1, replicas [0, 1, 2], ISR [1, 0], missing [2]",
                "broker 2 log, last lines:", "  first", "  last",
            ])
    }

    @Test func saysSoWhenNoBrokerAnswers() {
        #expect(UnhealedDiagnosis.lines(metadata: nil, topic: "durability", logTails: []) == [
            "no broker answered a metadata request"
        ])
    }
}
