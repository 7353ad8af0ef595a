import KafkaWire
import NIOCore

/// Topic set-up and read-back through our codec, as a plain client would do them.
enum WireAdmin {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func createTopic(
        port: Int, name: String, partitions: Int32, configs: [String: String] = [:]
    ) throws {
        let connection = try WireConnection(port: port)
        defer { connection.close() }
        let topic = CreateTopicsRequest.CreatableTopic(
            name: name, numPartitions: partitions, replicationFactor: 1, assignments: [],
            configs: configs.map { .init(name: $0.key, value: $0.value) })
        let response = try connection.call(
            CreateTopicsRequest(topics: [topic], timeoutMs: 15_000), version: WireVersions.createTopics)
        guard let result = response.topics.first, result.errorCode == .none else {
            throw Failure(
                description: "CreateTopics \(name): \(response.topics.first.map { "\($0.errorCode)" } ?? "no result")")
        }
    }

    /// Whether every partition of `topic` has a leader and no error, as Metadata reports it.
    static func hasLeaders(port: Int, topic: String, partitions: Int) -> Bool {
        guard let connection = try? WireConnection(port: port) else { return false }
        defer { connection.close() }
        let request = MetadataRequest(topics: [.init(name: topic)], allowAutoTopicCreation: false)
        guard let response = try? connection.call(request, version: WireVersions.metadata, timeoutMillis: 3000),
            let entry = response.topics.first(where: { $0.name == topic }), entry.errorCode == .none,
            entry.partitions.count == partitions
        else { return false }
        return entry.partitions.allSatisfy { $0.errorCode == .none && $0.leaderId >= 0 }
    }

    /// Creates the topic and waits until all its partitions have a leader.
    static func createTopicAndWait(
        port: Int, name: String, partitions: Int32, configs: [String: String] = [:]
    ) async throws {
        try await onThread("create-topic") {
            try createTopic(port: port, name: name, partitions: partitions, configs: configs)
        }
        try await waitForLeaders(port: port, topic: name, partitions: Int(partitions))
    }

    static func waitForLeaders(port: Int, topic: String, partitions: Int, timeout: Duration = .seconds(30)) async throws
    {
        let ready = await eventually(timeout: timeout) {
            (try? await onThread("metadata") { hasLeaders(port: port, topic: topic, partitions: partitions) }) ?? false
        }
        guard ready else {
            throw Failure(description: "topic \(topic) has no leader for every partition after \(timeout)")
        }
    }

    /// One Fetch of `partition` from `offset`: the partition's answer (records, high watermark, error).
    static func fetch(
        _ connection: WireConnection, topic: String, partition: Int32, offset: Int64, maxBytes: Int32 = 8 << 20
    ) throws -> FetchResponse.PartitionData {
        let request = FetchRequest(
            maxWaitMs: 0, minBytes: 0, maxBytes: maxBytes,
            topics: [
                .init(
                    topic: topic,
                    partitions: [
                        .init(
                            partition: partition, fetchOffset: offset,
                            partitionMaxBytes: maxBytes)
                    ])
            ])
        let response = try connection.call(request, version: WireVersions.fetch)
        guard
            let data = response.responses.first(where: { $0.topic == topic })?.partitions
                .first(where: { $0.partitionIndex == partition })
        else { throw Failure(description: "fetch response names no \(topic)-\(partition)") }
        return data
    }
}
