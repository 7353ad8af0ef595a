import KafkaWire
import NIOCore
import Testing

extension IntegrationSuite {
    /// Hostile CreateTopics requests the fuzzer once found to hurt the broker; kept as regression tests.
    @Suite(.timeLimit(.minutes(2)))
    struct HostileAdminRequestTests {
        /// CreateTopics (even validateOnly) with numPartitions = Int32.max once made the broker build an assignment of
        /// 2^31 partitions; it must answer INVALID_PARTITIONS (37) at once. Should it hang again, the test kills the
        /// broker after 5 s so the machine keeps its memory.
        @Test func absurdPartitionCountIsRejectedQuickly() async throws {
            try await withCluster("bigparts", properties: RobustnessSettings.properties) { cluster in
                let port = try await cluster.port()
                let request = CreateTopicsRequest(
                    topics: [
                        .init(
                            name: "huge", numPartitions: Int32.max, replicationFactor: 1, assignments: [], configs: [])
                    ],
                    timeoutMs: 1000, validateOnly: true)
                let answer: Result<CreateTopicsResponse, Error>
                do {
                    answer = .success(
                        try await onThread("huge") {
                            let connection = try WireConnection(port: port)
                            defer { connection.close() }
                            return try connection.call(request, version: WireVersions.createTopics, timeoutMillis: 5000)
                        })
                } catch {
                    answer = .failure(error)
                }
                if case .failure = answer { try? await cluster.cluster.kill(broker: 0, signal: .kill) }
                let code = try answer.get().topics.first?.errorCode
                #expect(code == .invalidPartitions)
            }
        }

        /// Explicit replica assignments with partition -1, a lone partition 1000000, an empty replica list, a broker
        /// that does not exist, or the same broker twice: Kafka answers INVALID_REPLICA_ASSIGNMENT (39) to each.
        @Test func invalidReplicaAssignmentsAreRejected() async throws {
            try await withCluster("assign", properties: RobustnessSettings.properties) { cluster in
                let port = try await cluster.port()
                let cases: [(String, [CreateTopicsRequest.CreatableReplicaAssignment])] = [
                    ("negative-partition", [.init(partitionIndex: -1, brokerIds: [0])]),
                    ("partition-gap", [.init(partitionIndex: 1_000_000, brokerIds: [0])]),
                    ("no-replicas", [.init(partitionIndex: 0, brokerIds: [])]),
                    ("unknown-broker", [.init(partitionIndex: 0, brokerIds: [7])]),
                    ("duplicate-replica", [.init(partitionIndex: 0, brokerIds: [0, 0])]),
                ]
                let codes = try await onThread("assign") {
                    let connection = try WireConnection(port: port)
                    defer { connection.close() }
                    return try cases.map { name, assignment in
                        let request = CreateTopicsRequest(
                            topics: [
                                .init(
                                    name: name, numPartitions: -1,
                                    replicationFactor: -1, assignments: assignment, configs: [])
                            ], timeoutMs: 1000)
                        let response = try connection.call(request, version: WireVersions.createTopics)
                        return (name, response.topics.first?.errorCode ?? .unknownServerError)
                    }
                }
                for (name, code) in codes {
                    #expect(code == .invalidReplicaAssignment, "\(name): \(code)")
                }
                #expect(await cluster.isAlive())
            }
        }
    }
}
