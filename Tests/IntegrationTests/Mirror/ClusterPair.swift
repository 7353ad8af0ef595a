import Foundation
import KafkaClient
import Testing

/// A source and a destination cluster (ZooKeeper + one broker each), for mirror tests.
struct ClusterPair: Sendable {
    let source: TestCluster
    let destination: TestCluster
    let sourceBootstrap: String
    let destinationBootstrap: String

    /// A directory for the mirror's output, inside the source cluster's (deleted with it).
    var directory: String { source.directory }

    /// Broker settings that keep the first group join quick on one broker.
    static let properties: [String: String] = [
        "group.initial.rebalance.delay.ms": "0",
        "offsets.topic.num.partitions": "4",
    ]

    /// Creates `topic` on the source through librdkafka's Admin API and waits for its leaders.
    func createSourceTopic(_ topic: String, partitions: Int32) async throws {
        let admin = try KafkaAdmin(config: TopicReader.config(sourceBootstrap), timeoutMillis: 15_000)
        try await admin.createTopics([NewTopic(name: topic, partitions: partitions, replicationFactor: 1)])
        try await WireAdmin.waitForLeaders(port: try await source.port(), topic: topic, partitions: Int(partitions))
    }

    func growSourceTopic(_ topic: String, to partitions: Int) async throws {
        let admin = try KafkaAdmin(config: TopicReader.config(sourceBootstrap), timeoutMillis: 15_000)
        try await admin.createPartitions(topic: topic, totalPartitions: partitions)
        try await WireAdmin.waitForLeaders(port: try await source.port(), topic: topic, partitions: partitions)
    }
}

/// Starts both clusters, runs `body`, and always stops both (see `withCluster`).
func withClusterPair<T: Sendable>(_ name: String, _ body: (ClusterPair) async throws -> T) async throws -> T {
    try await withCluster("\(name)-src", properties: ClusterPair.properties) { source in
        try await withCluster("\(name)-dst", properties: ClusterPair.properties) { destination in
            let pair = ClusterPair(
                source: source, destination: destination,
                sourceBootstrap: "127.0.0.1:\(try await source.port())",
                destinationBootstrap: "127.0.0.1:\(try await destination.port())")
            return try await body(pair)
        }
    }
}

/// Waits until `condition` holds, returning the time it took, or throws after `timeout`.
func timeUntil(
    _ what: String, timeout: Duration, every interval: Duration = .milliseconds(200), _ condition: () async -> Bool
) async throws -> Duration {
    let start = ContinuousClock.now
    guard await eventually(timeout: timeout, every: interval, condition) else {
        throw WaitTimedOut(what: what, timeout: timeout)
    }
    return ContinuousClock.now - start
}

struct WaitTimedOut: Error, CustomStringConvertible {
    var what: String
    var timeout: Duration
    var description: String { "timed out after \(timeout) waiting for \(what)" }
}
