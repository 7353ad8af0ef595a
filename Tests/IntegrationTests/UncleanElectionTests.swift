import KafkaWire
import Testing

/// `unclean.leader.election.enable` decides, per topic, what happens when the only live replica of a leaderless
/// partition is out of sync: with it (set on the topic, the broker default staying false) that replica leads and
/// whatever only the old ISR had is gone; without it the partition waits, `Leader: -1`, for an in-sync replica.
extension IntegrationSuite {
    @Suite struct UncleanElectionTests {
        static let clean = "stays-clean"
        static let unclean = "may-go-unclean"

        /// Both topics on brokers 0 (preferred leader) and 1; broker 2 holds no replica and answers Metadata.
        static func createTopics(port: Int) throws {
            let connection = try WireConnection(port: port)
            defer { connection.close() }
            let topics = [(clean, [String: String]()), (unclean, ["unclean.leader.election.enable": "true"])].map {
                name, configs in
                CreateTopicsRequest.CreatableTopic(
                    name: name, numPartitions: -1, replicationFactor: -1,
                    assignments: [.init(partitionIndex: 0, brokerIds: [0, 1])],
                    configs: configs.map { .init(name: $0.key, value: $0.value) })
            }
            let response = try connection.call(
                CreateTopicsRequest(topics: topics, timeoutMs: 15_000), version: WireVersions.createTopics)
            let failed = response.topics.filter { $0.errorCode != .none }
            guard failed.isEmpty else {
                throw WireAdmin.Failure(description: "CreateTopics: \(failed.map { "\($0.name) \($0.errorCode)" })")
            }
        }

        @Test(.timeLimit(.minutes(3)))
        func aTopicsOwnSettingDecidesWhetherAnOutOfSyncReplicaMayLead() async throws {
            try await withCluster(
                "unclean", brokers: 3, sessionTimeoutMs: 3000, properties: ReplicationTests.properties
            ) { cluster in
                let bystanderPort = try await cluster.port(broker: 2)
                try await onThread("create-topics") { try Self.createTopics(port: bystanderPort) }
                func waitForBoth(
                    _ what: String, timeout: Duration = .seconds(30),
                    _ condition: @escaping @Sendable (ReplicationTests.PartitionView) -> Bool
                ) async throws {
                    for topic in [Self.clean, Self.unclean] {
                        _ = try await ReplicationTests.waitForView(
                            cluster, brokers: [2], topic: topic, timeout: timeout, "\(topic): \(what)", condition)
                    }
                }
                try await waitForBoth("full ISR") { $0.leader == 0 && Set($0.isr) == [0, 1] }

                // The follower goes first, so the ISR shrinks to the leader alone; then the leader goes.
                try await cluster.cluster.kill(broker: 1, signal: .kill)
                try await waitForBoth("ISR without broker 1") { $0.leader == 0 && $0.isr == [0] }
                try await cluster.cluster.kill(broker: 0, signal: .kill)
                try await waitForBoth("no leader") { $0.leader == -1 }

                // Only the out-of-sync replica comes back: the unclean topic takes it as leader ...
                try await cluster.cluster.start(broker: 1)
                let uncleanView = try await ReplicationTests.waitForView(
                    cluster, brokers: [2], topic: Self.unclean, timeout: .seconds(30), "unclean election"
                ) { $0.leader == 1 }
                #expect(uncleanView.isr == [1])
                // ... and the controller pass that made that election left the clean topic without a leader.
                let cleanView = try await onThread("metadata") {
                    ReplicationTests.view(port: bystanderPort, topic: Self.clean)
                }
                #expect(cleanView?.leader == -1, "clean topic: \(String(describing: cleanView))")
                #expect(cleanView?.isr == [0], "the ISR keeps the last in-sync replica")

                // The last in-sync replica returns: the clean topic leads from it; both heal to a full ISR.
                try await cluster.cluster.start(broker: 0)
                _ = try await ReplicationTests.waitForView(
                    cluster, brokers: [2], topic: Self.clean, timeout: .seconds(30), "clean election"
                ) { $0.leader == 0 }
                try await waitForBoth("full ISR again", timeout: .seconds(40)) { Set($0.isr) == [0, 1] }
            }
        }
    }
}
