import CRdKafka

/// librdkafka's in-process mock Kafka cluster, for tests and demos without a broker.
///
/// It lives inside a private producer handle; keep this object alive while clients use `bootstrapServers`.
public final class MockKafkaCluster: Sendable {
    private let handle: RdKafkaHandle
    nonisolated(unsafe) private let cluster: OpaquePointer
    public let bootstrapServers: String

    public init(brokers: Int = 3) throws(KafkaError) {
        handle = try RdKafkaHandle(
            kind: .producer, config: KafkaConfig(["test.mock.num.brokers": "\(brokers)", "log_level": "3"]))
        guard let cluster = rd_kafka_handle_mock_cluster(handle.pointer) else {
            throw .client("librdkafka did not create a mock cluster")
        }
        self.cluster = cluster
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    /// Creates a topic directly in the mock (the mock does not serve CreateTopics).
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32 = 1) throws(KafkaError) {
        try KafkaError.check(rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor))
    }

    /// Takes a broker down or brings it back, to exercise failover paths.
    public func setBroker(_ id: Int32, up: Bool) throws(KafkaError) {
        try KafkaError.check(up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id))
    }
}
