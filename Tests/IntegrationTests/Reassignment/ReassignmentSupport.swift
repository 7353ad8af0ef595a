import Foundation
import KafkaClient
import KafkaWire
import Lab
import Testing

/// ZooKeeper's view of partitions and the CLI, for the reassignment tests.
enum ReassignmentSupport {
    /// The partitions of `topic` as ZooKeeper holds them (assignment, leader, ISR).
    static func partitions(_ cluster: TestCluster, topic: String? = nil) async throws -> [PartitionView] {
        let admin = try await PartitionAdmin.connect(await cluster.cluster.zookeeperConnect)
        do {
            let views = try await admin.partitions(of: topic.map { [$0] })
            await admin.close()
            return views
        } catch {
            await admin.close()
            throw error
        }
    }

    static func pending(_ cluster: TestCluster) async throws -> [PartitionReassignment] {
        let admin = try await PartitionAdmin.connect(await cluster.cluster.zookeeperConnect)
        let pending = try? await admin.pendingReassignments()
        await admin.close()
        return pending ?? []
    }

    /// Waits until partition `partition` of `topic` satisfies `condition`; returns it.
    @discardableResult
    static func waitFor(
        _ cluster: TestCluster, _ topic: String, partition: Int32 = 0, timeout: Duration, _ what: String,
        _ condition: @escaping @Sendable (PartitionView) -> Bool
    ) async throws -> PartitionView {
        var last: PartitionView?
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            last = try? await partitions(cluster, topic: topic).first { $0.partition == partition }
            if let last, condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WireAdmin.Failure(
            description: "\(what) did not happen within \(timeout); last: \(String(describing: last))")
    }

    static func createTopic(port: Int, name: String, partitions: Int32, replicationFactor: Int16) async throws {
        try await onThread("create-topic") {
            let connection = try WireConnection(port: port)
            defer { connection.close() }
            let request = CreateTopicsRequest(
                topics: [
                    .init(
                        name: name, numPartitions: partitions, replicationFactor: replicationFactor, assignments: [],
                        configs: [])
                ],
                timeoutMs: 15_000)
            let response = try connection.call(request, version: WireVersions.createTopics)
            guard let code = response.topics.first?.errorCode, code == .none else {
                throw WireAdmin.Failure(
                    description: "CreateTopics \(name): \(String(describing: response.topics.first?.errorCode))")
            }
        }
    }

    /// `kafkalab <arguments>` as a child process; its output for the checks (and the failure message).
    static func cli(_ cluster: TestCluster, _ arguments: [String], name: String) async throws -> KafkalabRun.Outcome {
        try await KafkalabRun.run(arguments, in: cluster.directory, name: name, timeout: .seconds(120))
    }

    /// Sends `count` records to each partition with acks=all; returns (partition, offset) → value as acknowledged.
    static func produce(bootstrap: String, topic: String, partitions: Int32, count: Int) async throws
        -> [String: String]
    {
        let producer = try KafkaProducer(
            config: KafkaConfig(
                bootstrapServers: bootstrap, ["acks": "all", "linger.ms": "1", "message.timeout.ms": "60000"]))
        var acknowledged: [String: String] = [:]
        for partition in 0..<partitions {
            for index in 0..<count {
                let value = "p\(partition)-\(index)"
                let report = try await producer.send(topic: topic, partition: partition, value: Array(value.utf8))
                acknowledged["\(partition)@\(report.offset)"] = value
            }
        }
        await producer.close(timeoutMillis: 10_000)
        return acknowledged
    }

    /// Every acknowledged record that is not at its offset on the partition's current leader.
    static func lost(_ acknowledged: [String: String], cluster: TestCluster, topic: String) async throws -> [String] {
        var lost: [String] = []
        for view in try await partitions(cluster, topic: topic) {
            let port = try await cluster.port(broker: Int(view.leader))
            let contents = try await onThread("read") {
                try PartitionContents.read(port: port, topic: topic, partition: view.partition)
            }
            if !contents.problems.isEmpty { lost.append(contentsOf: contents.problems.prefix(3)) }
            for (key, value) in acknowledged where key.hasPrefix("\(view.partition)@") {
                let offset = Int64(key.dropFirst("\(view.partition)@".count)) ?? -1
                if contents.values[offset] != Array(value.utf8) { lost.append("\(value)@\(offset)") }
            }
        }
        return lost
    }

    static func list(_ ids: [Int32]) -> String { ids.map(String.init).joined(separator: ",") }
}
