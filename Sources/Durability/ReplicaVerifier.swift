import Foundation
import KafkaClient

/// The replica consistency check (Kafka's ReplicaVerificationTool, done once rather than continuously): for every
/// partition of the chosen topics, read the leader's log up to its high watermark, read every follower's log as
/// far, and compare them batch by batch, bytes included.
public struct ReplicaVerifier: Sendable {
    public var bootstrap: String
    /// Topics whose whole name matches; `nil` checks every topic.
    public var topicPattern: String?
    public var timeout: Duration

    public init(bootstrap: String, topicPattern: String? = nil, timeout: Duration = .seconds(10)) {
        self.bootstrap = bootstrap
        self.topicPattern = topicPattern
        self.timeout = timeout
    }

    public func verify() async throws -> [PartitionConsistency] {
        let matcher = try topicPattern.map { pattern in
            do {
                return try Regex(pattern)
            } catch {
                throw ReplicaReader.Failure(description: "--topic \(pattern.debugDescription) is not a regex: \(error)")
            }
        }
        let admin = try KafkaAdmin(
            config: KafkaConfig(bootstrapServers: bootstrap), timeoutMillis: Int32(timeout.components.seconds * 1000))
        let metadata: ClusterMetadata
        do {
            metadata = try await admin.describeCluster()
        } catch {
            throw ReplicaReader.Failure(description: "cannot read metadata from \(bootstrap): \(error)")
        }
        let brokers = Dictionary(metadata.brokers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [PartitionConsistency] = []
        for topic in metadata.topics.sorted(by: { $0.name < $1.name }) {
            if let matcher, (try? matcher.wholeMatch(in: topic.name)) == nil { continue }
            for partition in topic.partitions.sorted(by: { $0.id < $1.id }) {
                results.append(await check(topic: topic.name, partition, brokers: brokers))
            }
        }
        return results
    }

    private func check(
        topic: String, _ partition: PartitionMetadata, brokers: [Int32: BrokerMetadata]
    ) async -> PartitionConsistency {
        var result = PartitionConsistency(
            topic: topic, partition: partition.id, leader: partition.leader, highWatermark: -1, isr: partition.isr,
            findings: [:])
        guard partition.leader >= 0 else { return result }
        let leaderLog: ReplicaLog
        do {
            // The leader first: its high watermark then is the limit every in-sync follower already has.
            leaderLog = try await read(partition.leader, brokers: brokers, topic: topic, partition.id, upTo: nil)
        } catch {
            result.leader = -1
            result.findings[partition.leader] = .unreadable("\(error)")
            return result
        }
        result.highWatermark = leaderLog.highWatermark
        result.duplicates = DuplicateFinder.find(in: leaderLog, topic: topic, partition: partition.id)
        for replica in partition.replicas where replica != partition.leader {
            do {
                let log = try await read(replica, brokers: brokers, topic: topic, partition.id,
                    upTo: leaderLog.highWatermark)
                result.findings[replica] = ReplicaComparison.compare(
                    leader: leaderLog, follower: log, upTo: leaderLog.highWatermark)
            } catch {
                result.findings[replica] = .unreadable("\(error)")
            }
        }
        return result
    }

    private func read(
        _ broker: Int32, brokers: [Int32: BrokerMetadata], topic: String, _ partition: Int32, upTo limit: Int64?
    ) async throws -> ReplicaLog {
        guard let address = brokers[broker] else {
            throw ReplicaReader.Failure(description: "broker \(broker) is not in the cluster metadata (down?)")
        }
        return try await ReplicaReader.read(
            host: address.host, port: Int(address.port), broker: broker, topic: topic, partition: partition,
            upTo: limit, timeout: timeout)
    }
}
