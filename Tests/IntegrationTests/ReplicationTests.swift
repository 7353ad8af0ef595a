import Foundation
import KafkaClient
import KafkaWire
import Lab
import NIOCore
import Synchronization
import Testing

/// The classic replication lab on real processes: 3 brokers, a topic with replication factor 2, acks=all producers
/// through librdkafka. Kill -9 the leader: the other replica leads and the ISR shrinks. Restart it: it truncates,
/// catches up and rejoins the ISR, then leads again (preferred leader). Nothing acknowledged may be lost, and the
/// replicas' logs must end up byte-for-byte equal.
extension IntegrationSuite {
    @Suite struct ReplicationTests {
        static let topic = "replicated"

        static let properties: [String: String] = [
            "replica.lag.time.max.ms": "3000",
            "leader.imbalance.check.interval.seconds": "1",
            "replica.fetch.wait.max.ms": "200",
            "offsets.topic.num.partitions": "2",
            "group.initial.rebalance.delay.ms": "0",
        ]

        /// Leader, replicas and ISR of partition 0 of a topic, as Metadata reports them.
        struct PartitionView: Equatable, CustomStringConvertible {
            var leader: Int32
            var replicas: [Int32]
            var isr: [Int32]
            var description: String { "leader \(leader) replicas \(replicas) isr \(isr)" }
        }

        static func view(port: Int, topic: String = topic) -> PartitionView? {
            guard let connection = try? WireConnection(port: port) else { return nil }
            defer { connection.close() }
            let request = MetadataRequest(topics: [.init(name: topic)], allowAutoTopicCreation: false)
            guard let response = try? connection.call(request, version: WireVersions.metadata, timeoutMillis: 3000),
                let partition = response.topics.first(where: { $0.name == topic })?.partitions.first,
                partition.errorCode == .none || partition.errorCode == .leaderNotAvailable
            else { return nil }
            return PartitionView(leader: partition.leaderId, replicas: partition.replicaNodes, isr: partition.isrNodes)
        }

        static func createTopic(port: Int) throws {
            let connection = try WireConnection(port: port)
            defer { connection.close() }
            let request = CreateTopicsRequest(
                topics: [.init(name: topic, numPartitions: 1, replicationFactor: 2, assignments: [], configs: [])],
                timeoutMs: 15_000)
            let response = try connection.call(request, version: WireVersions.createTopics)
            let code = response.topics.first?.errorCode
            guard code == ErrorCode.none else {
                throw WireAdmin.Failure(description: "CreateTopics: \(String(describing: code))")
            }
        }

        /// Waits until a live broker reports a view of `topic` that satisfies `condition`; returns it.
        static func waitForView(
            _ cluster: TestCluster, brokers: [Int], topic: String = topic, timeout: Duration, _ what: String,
            _ condition: @escaping @Sendable (PartitionView) -> Bool
        ) async throws -> PartitionView {
            let found = Mutex<PartitionView?>(nil)
            var ports: [Int] = []
            for id in brokers { ports.append(try await cluster.port(broker: id)) }
            let held = await eventually(timeout: timeout) {
                for port in ports {
                    if let view = try? await onThread("metadata", { view(port: port, topic: topic) }), condition(view) {
                        found.withLock { $0 = view }
                        return true
                    }
                }
                return false
            }
            guard held, let view = found.withLock({ $0 }) else {
                let last = ports.first.flatMap { view(port: $0, topic: topic) }
                throw WireAdmin.Failure(
                    description: "\(what) did not happen within \(timeout); last: \(String(describing: last))")
            }
            return view
        }

        /// How the leader is taken away, and brought back.
        enum Disruption: String, CaseIterable, Sendable {
            /// kill -9, then a restart: the process recovers its log from disk.
            case crash
            /// SIGSTOP for longer than the ZooKeeper session timeout, then SIGCONT: the same process finds its
            /// session expired, registers again and must step down to follower.
            case pause
        }

        @Test(.timeLimit(.minutes(3)), arguments: Disruption.allCases)
        func leaderFailoverLosesNothingAcknowledgedAndReplicasConverge(_ disruption: Disruption) async throws {
            try await withCluster("repl-\(disruption)", brokers: 3, sessionTimeoutMs: 3000, properties: Self.properties)
            {
                cluster in
                let port0 = try await cluster.port(broker: 0)
                try await onThread("create-topic") { try Self.createTopic(port: port0) }
                let start = try await Self.waitForView(cluster, brokers: [0, 1, 2], timeout: .seconds(30), "full ISR") {
                    $0.leader >= 0 && $0.replicas.count == 2 && Set($0.isr) == Set($0.replicas)
                }
                let preferred = start.replicas[0]
                let other = start.replicas[1]
                #expect(start.leader == preferred)
                let bystander = [0, 1, 2].first { !start.replicas.contains(Int32($0)) } ?? 0

                let producer = AckingProducer(bootstrap: await cluster.cluster.bootstrap, topic: Self.topic)
                let producing = Task { await producer.run(loops: 4) }
                #expect(await eventually(timeout: .seconds(20)) { producer.acknowledgedCount >= 200 })

                // Take the leader away: the other replica takes over and the ISR shrinks to it.
                try await cluster.cluster.kill(broker: Int(preferred), signal: disruption == .crash ? .kill : .stop)
                let failedOver = try await Self.waitForView(
                    cluster, brokers: [Int(other), bystander], timeout: .seconds(30), "failover"
                ) { $0.leader == other && $0.isr == [other] }
                #expect(failedOver.leader == other)
                let acknowledgedBefore = producer.acknowledgedCount
                #expect(
                    await eventually(timeout: .seconds(20)) { producer.acknowledgedCount >= acknowledgedBefore + 200 })

                // Bring it back: it truncates, catches up, rejoins the ISR, and leads again as preferred replica.
                try await cluster.cluster.start(broker: Int(preferred))
                _ = try await Self.waitForView(
                    cluster, brokers: [bystander], timeout: .seconds(40), "ISR heal and preferred leader"
                ) {
                    $0.leader == preferred && Set($0.isr) == Set(start.replicas)
                }
                let acknowledgedAfter = producer.acknowledgedCount
                #expect(
                    await eventually(timeout: .seconds(20)) { producer.acknowledgedCount >= acknowledgedAfter + 100 })
                producer.stop()
                await producing.value
                #expect(producer.failures.isEmpty, "acks=all failures: \(producer.failures.prefix(5))")

                // Every acknowledged record is at its offset on the leader.
                let leaderPort = try await cluster.port(broker: Int(preferred))
                let contents = try await onThread("read") {
                    try PartitionContents.read(port: leaderPort, topic: Self.topic, partition: 0)
                }
                #expect(contents.problems.isEmpty, "\(contents.problems.prefix(5))")
                var lost: [String] = []
                for (offset, value) in producer.acknowledged where contents.values[offset] != Array(value.utf8) {
                    lost.append("\(value)@\(offset)")
                }
                #expect(lost.isEmpty, "acknowledged but lost: \(lost.count), e.g. \(lost.prefix(5))")
                #expect(producer.acknowledged.count > 500)

                // The replicas' logs converge to the same bytes.
                let files = [
                    await cluster.dataDirectory(Int(preferred)) + "/\(Self.topic)-0/00000000000000000000.log",
                    await cluster.dataDirectory(Int(other)) + "/\(Self.topic)-0/00000000000000000000.log",
                ]
                let converged = await eventually(timeout: .seconds(15)) {
                    let data = files.map { FileManager.default.contents(atPath: $0) }
                    return data[0] != nil && data[0] == data[1]
                }
                #expect(converged, "leader and follower logs differ")
            }
        }

        /// A follower that stops fetching (paused for less than the session timeout, so the controller does not
        /// notice) is dropped from the ISR by the leader after replica.lag.time.max.ms, which lets acks=all go on;
        /// once it fetches again it catches up and the leader adds it back.
        @Test(.timeLimit(.minutes(2)))
        func aLaggingFollowerLeavesTheIsrAndRejoins() async throws {
            var properties = Self.properties
            properties["replica.lag.time.max.ms"] = "1000"
            try await withCluster("repl-lag", brokers: 3, sessionTimeoutMs: 15_000, properties: properties) { cluster in
                let port0 = try await cluster.port(broker: 0)
                try await onThread("create-topic") { try Self.createTopic(port: port0) }
                let start = try await Self.waitForView(cluster, brokers: [0, 1, 2], timeout: .seconds(30), "full ISR") {
                    $0.leader >= 0 && $0.replicas.count == 2 && Set($0.isr) == Set($0.replicas)
                }
                let leader = start.leader
                let follower = start.replicas.first { $0 != leader } ?? -1
                let producer = AckingProducer(bootstrap: await cluster.cluster.bootstrap, topic: Self.topic)
                let producing = Task { await producer.run(loops: 2) }
                #expect(await eventually(timeout: .seconds(20)) { producer.acknowledgedCount >= 100 })

                try await cluster.cluster.kill(broker: Int(follower), signal: .stop)
                _ = try await Self.waitForView(cluster, brokers: [Int(leader)], timeout: .seconds(10), "ISR shrink") {
                    $0.leader == leader && $0.isr == [leader]
                }
                let acknowledgedBefore = producer.acknowledgedCount
                #expect(
                    await eventually(timeout: .seconds(10)) { producer.acknowledgedCount >= acknowledgedBefore + 100 })

                try await cluster.cluster.start(broker: Int(follower))
                _ = try await Self.waitForView(cluster, brokers: [Int(leader)], timeout: .seconds(20), "ISR expansion")
                {
                    $0.leader == leader && Set($0.isr) == Set(start.replicas)
                }
                producer.stop()
                await producing.value
                #expect(producer.failures.isEmpty, "acks=all failures: \(producer.failures.prefix(5))")
            }
        }
    }
}

/// librdkafka producers with acks=all, each sending one record at a time and recording where it was acknowledged.
final class AckingProducer: Sendable {
    private struct State {
        var acknowledged: [Int64: String] = [:]
        var failures: [String] = []
        var stopped = false
    }

    private let bootstrap: String
    private let topic: String
    private let state = Mutex(State())

    init(bootstrap: String, topic: String) {
        self.bootstrap = bootstrap
        self.topic = topic
    }

    var acknowledgedCount: Int { state.withLock { $0.acknowledged.count } }
    var acknowledged: [Int64: String] { state.withLock { $0.acknowledged } }
    var failures: [String] { state.withLock { $0.failures } }

    func stop() { state.withLock { $0.stopped = true } }

    func run(loops: Int) async {
        let config = KafkaConfig(
            bootstrapServers: bootstrap,
            [
                "acks": "all", "message.timeout.ms": "60000", "linger.ms": "1", "retry.backoff.ms": "100",
                "topic.metadata.refresh.interval.ms": "1000",
                // A paused leader keeps its connections open: give up on it quickly and ask for fresh metadata.
                "request.timeout.ms": "3000", "socket.timeout.ms": "3000",
            ])
        let producer: KafkaProducer
        do { producer = try KafkaProducer(config: config) } catch {
            state.withLock { $0.failures.append("producer: \(error)") }
            return
        }
        await withTaskGroup(of: Void.self) { group in
            for loop in 0..<loops {
                group.addTask {
                    var sequence = 0
                    while !self.state.withLock({ $0.stopped }) {
                        let value = "r\(loop)-\(sequence)"
                        sequence += 1
                        do {
                            let report = try await producer.send(
                                topic: self.topic, partition: 0, value: Array(value.utf8))
                            self.state.withLock { state in
                                if let earlier = state.acknowledged[report.offset] {
                                    state.failures.append(
                                        "offset \(report.offset) acknowledged twice: \(earlier), \(value)")
                                }
                                state.acknowledged[report.offset] = value
                            }
                        } catch {
                            self.state.withLock { $0.failures.append("\(value): \(error)") }
                        }
                    }
                }
            }
        }
        await producer.close(timeoutMillis: 10_000)
    }
}
