import Foundation
import KafkaWire
import Lab
import Testing

/// AlterPartitionReassignments, ListPartitionReassignments and ElectLeaders over the wire, as a Kafka admin client
/// sends them: hostile input gets the error codes Kafka uses (and never hurts the broker), valid requests move a
/// partition with its data and move leadership to the preferred replica.
extension IntegrationSuite {
    @Suite struct PartitionAdminApiTests {
        typealias Alter = AlterPartitionReassignmentsRequest

        static func call<R: KafkaRequest>(_ port: Int, _ request: R, version: Int16) async throws -> R.Response {
            try await onThread("admin") {
                let connection = try WireConnection(port: port)
                defer { connection.close() }
                return try connection.call(request, version: version, timeoutMillis: 20_000)
            }
        }

        static func alter(_ port: Int, _ topic: String, _ partitions: [Alter.ReassignablePartition]) async throws
            -> [ErrorCode]
        {
            let response = try await call(
                port, Alter(timeoutMs: 5000, topics: [.init(name: topic, partitions: partitions)]), version: 0)
            return response.responses.first?.partitions.map(\.errorCode) ?? []
        }

        @Test(.timeLimit(.minutes(3)))
        func adminApisRejectHostileInputAndMovePartitionsAndLeaders() async throws {
            var properties = ReassignmentTests.properties
            properties["auto.create.topics.enable"] = "false"
            try await withCluster("admin-api", brokers: 2, sessionTimeoutMs: 3000, properties: properties) { cluster in
                let topic = "wired"
                let port = try await cluster.port(broker: 0)
                try await ReassignmentSupport.createTopic(port: port, name: topic, partitions: 2, replicationFactor: 1)
                for partition: Int32 in 0..<2 {
                    try await ReassignmentSupport.waitFor(
                        cluster, topic, partition: partition, timeout: .seconds(30), "leader"
                    ) { $0.leader >= 0 }
                }
                let acknowledged = try await ReassignmentSupport.produce(
                    bootstrap: await cluster.cluster.bootstrap, topic: topic, partitions: 2, count: 50)

                // Hostile reassignments: each gets its own error, nothing is written.
                #expect(
                    try await Self.alter(port, "bad/name", [.init(partitionIndex: 0, replicas: [0])]) == [
                        .invalidTopicException
                    ])
                #expect(
                    try await Self.alter(port, "nope", [.init(partitionIndex: 0, replicas: [0])]) == [
                        .unknownTopicOrPartition
                    ])
                let hostile: [Alter.ReassignablePartition] = [
                    .init(partitionIndex: 99, replicas: [0]), .init(partitionIndex: -1, replicas: [0]),
                    .init(partitionIndex: 0, replicas: []), .init(partitionIndex: 1, replicas: [1, 1]),
                ]
                #expect(
                    try await Self.alter(port, topic, hostile)
                        == [
                            .unknownTopicOrPartition, .unknownTopicOrPartition, .invalidReplicaAssignment,
                            .invalidReplicaAssignment,
                        ])
                #expect(
                    try await Self.alter(
                        port, topic,
                        [
                            .init(partitionIndex: 0, replicas: [7]), .init(partitionIndex: 1, replicas: [-3, 0]),
                            .init(partitionIndex: 0),
                        ])
                        == [.invalidReplicaAssignment, .invalidReplicaAssignment, .invalidRequest])
                #expect(try await Self.alter(port, topic, [.init(partitionIndex: 1)]) == [.noReassignmentInProgress])
                #expect(try await ReassignmentSupport.pending(cluster).isEmpty)

                // A real move: partition 0 to the other broker, with its data.
                let before = try await ReassignmentSupport.partitions(cluster, topic: topic)
                let from = before[0].replicas[0]
                let to: Int32 = from == 0 ? 1 : 0
                #expect(try await Self.alter(port, topic, [.init(partitionIndex: 0, replicas: [to])]) == [.none])
                try await ReassignmentSupport.waitFor(cluster, topic, timeout: .seconds(30), "move to \(to)") {
                    $0.replicas == [to] && $0.leader == to
                }
                #expect(
                    await eventually(timeout: .seconds(10)) {
                        (try? await Self.call(port, ListPartitionReassignmentsRequest(), version: 0))?.topics.isEmpty
                            == true
                    })
                // Grow partition 1 to both brokers, preferred leader the one that does not lead it yet.
                let leader1 = before[1].leader
                let other1: Int32 = leader1 == 0 ? 1 : 0
                #expect(
                    try await Self.alter(port, topic, [.init(partitionIndex: 1, replicas: [other1, leader1])]) == [
                        .none
                    ])
                try await ReassignmentSupport.waitFor(cluster, topic, partition: 1, timeout: .seconds(30), "grown") {
                    $0.replicas == [other1, leader1] && Set($0.isr) == [0, 1]
                }
                let lost = try await ReassignmentSupport.lost(acknowledged, cluster: cluster, topic: topic)
                #expect(lost.isEmpty, "acknowledged but lost: \(lost.prefix(5))")

                // ElectLeaders: hostile and not-needed answers at every version, then a real preferred election.
                for version: Int16 in 0...2 {
                    let request = ElectLeadersRequest(
                        electionType: ElectLeadersRequest.preferred,
                        topicPartitions: [
                            .init(topic: "nope", partitions: [0]), .init(topic: topic, partitions: [-1, 0, 0]),
                        ],
                        timeoutMs: 1000)
                    let response = try await Self.call(port, request, version: version)
                    let codes = response.replicaElectionResults.flatMap { $0.partitionResult.map(\.errorCode) }
                    #expect(
                        codes == [.unknownTopicOrPartition, .unknownTopicOrPartition, .electionNotNeeded], "v\(version)"
                    )
                }
                let unclean = try await Self.call(
                    port,
                    ElectLeadersRequest(
                        electionType: ElectLeadersRequest.unclean,
                        topicPartitions: [.init(topic: topic, partitions: [1])]),
                    version: 1)
                #expect(unclean.replicaElectionResults.first?.partitionResult.first?.errorCode == .invalidRequest)
                let elect = try await Self.call(
                    port,
                    ElectLeadersRequest(topicPartitions: [.init(topic: topic, partitions: [1])], timeoutMs: 20_000),
                    version: 2)
                #expect(
                    elect.replicaElectionResults.first?.partitionResult.first?.errorCode == ErrorCode.none, "\(elect)")
                let elected = try await ReassignmentSupport.partitions(cluster, topic: topic)[1]
                #expect(elected.leader == other1)
                let alive = [await cluster.isAlive(broker: 0), await cluster.isAlive(broker: 1)]
                #expect(alive == [true, true])
            }
        }
    }
}
