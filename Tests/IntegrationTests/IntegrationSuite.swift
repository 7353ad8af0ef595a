import Testing

/// All integration tests run one after another: each starts real ZooKeeper and broker processes, and on a small
/// machine two clusters at once would turn timing bounds into noise.
@Suite(.serialized)
enum IntegrationSuite {}

/// Broker settings the robustness tests rely on: small limits, so that "too large" is cheap to send.
enum RobustnessSettings {
    static let maxRequestBytes: Int32 = 1 << 20
    static let maxMessageBytes = 64 << 10

    static let properties: [String: String] = [
        "socket.request.max.bytes": String(maxRequestBytes),
        "message.max.bytes": String(maxMessageBytes),
        // Fuzzed names must not create topics behind the test's back.
        "auto.create.topics.enable": "false",
        "group.initial.rebalance.delay.ms": "0",
        "offsets.topic.num.partitions": "4",
    ]
}
