import KafkaClient

/// Everything a mirror run needs, as a value. `sourceConsumerConfig` and `destinationProducerConfig` add the
/// settings the at-least-once guarantee depends on.
public struct MirrorSettings: Sendable {
    public var source: KafkaConfig
    public var destination: KafkaConfig
    public var filter: TopicFilter
    public var renamePrefix: String
    public var workers: Int
    public var group: String
    /// How often source and destination metadata are compared (new topics, new partitions).
    public var metadataIntervalMillis: Int
    public var commitIntervalMillis: Int
    public var reportIntervalMillis: Int
    /// Delivery attempts per record before the mirror stops with an error (the record is never skipped).
    public var maxDeliveryAttempts: Int

    public init(
        source: KafkaConfig, destination: KafkaConfig, filter: TopicFilter, renamePrefix: String = "",
        workers: Int = 1, group: String = "kafkalab-mirror", metadataIntervalMillis: Int = 3_000,
        commitIntervalMillis: Int = 1_000, reportIntervalMillis: Int = 1_000, maxDeliveryAttempts: Int = 10
    ) {
        self.source = source
        self.destination = destination
        self.filter = filter
        self.renamePrefix = renamePrefix
        self.workers = workers
        self.group = group
        self.metadataIntervalMillis = metadataIntervalMillis
        self.commitIntervalMillis = commitIntervalMillis
        self.reportIntervalMillis = reportIntervalMillis
        self.maxDeliveryAttempts = maxDeliveryAttempts
    }

    /// True when both sides name the same bootstrap servers.
    public var sameCluster: Bool { source["bootstrap.servers"] == destination["bootstrap.servers"] }

    public func validate() throws(MirrorError) {
        guard let sourceServers = source["bootstrap.servers"], !sourceServers.isEmpty else {
            throw MirrorError("no source bootstrap servers: give --source")
        }
        guard let destinationServers = destination["bootstrap.servers"], !destinationServers.isEmpty else {
            throw MirrorError("no destination bootstrap servers: give --destination")
        }
        if sameCluster && renamePrefix.isEmpty {
            throw MirrorError("source and destination are the same cluster: give --rename-prefix, or the mirror "
                + "would copy every topic onto itself")
        }
        guard (1...64).contains(workers) else { throw MirrorError("--workers must be 1...64, got \(workers)") }
        guard !group.isEmpty else { throw MirrorError("--group must not be empty") }
        for (name, value) in [
            ("metadata interval", metadataIntervalMillis), ("commit interval", commitIntervalMillis),
            ("report interval", reportIntervalMillis), ("delivery attempts", maxDeliveryAttempts),
        ] where value < 1 {
            throw MirrorError("\(name) must be positive, got \(value)")
        }
        if renamePrefix.contains(where: { !Self.isTopicCharacter($0) }) {
            throw MirrorError("--rename-prefix may hold only letters, digits, '.', '_' and '-', got '\(renamePrefix)'")
        }
    }

    /// The source consumer: the mirror's group, manual commits only (offsets are committed once the destination
    /// acknowledged), reading from the earliest offset when the group has none, and metadata refreshed often
    /// enough to notice new partitions within seconds.
    ///
    /// The session timeout is 10 s instead of librdkafka's 45 s: a mirror that was killed (or whose host died)
    /// keeps its partitions until its session expires, because a rebalance waits for every known member. With
    /// 45 s, a restarted mirror or another member of the group copied nothing for most of a minute.
    ///
    /// Both sides disable Nagle (see `lowLatencySocket`).
    public var sourceConsumerConfig: KafkaConfig {
        var config = KafkaConfig([
            "auto.offset.reset": "earliest",
            "socket.nagle.disable": Self.lowLatencySocket,
            "session.timeout.ms": "10000",
            "heartbeat.interval.ms": "1000",
            "topic.metadata.refresh.interval.ms": "\(min(metadataIntervalMillis, 3_000))",
            "log_level": "3",
        ]).merging(source.properties)
        config["group.id"] = group
        config["enable.auto.commit"] = "false"
        return config
    }

    /// The destination producer: idempotent with acks=all (forced), and by default no delivery timeout, so
    /// records wait through a destination outage instead of failing.
    ///
    /// `linger.ms` 1: under a backlog librdkafka fills batches anyway while earlier requests are in flight, so a
    /// longer linger only adds latency (5 ms measured 9 ms p50 for the mirror hop at 10,000 records/s, 1 ms
    /// measured 6 ms, with the same throughput; scripts/bench-mirror.sh).
    public var destinationProducerConfig: KafkaConfig {
        var config = KafkaConfig([
            "message.timeout.ms": "0",
            "socket.nagle.disable": Self.lowLatencySocket,
            "linger.ms": "1",
            "topic.metadata.refresh.interval.ms": "\(min(metadataIntervalMillis, 3_000))",
            "log_level": "3",
        ]).merging(destination.properties)
        config["enable.idempotence"] = "true"
        config["acks"] = "all"
        return config
    }

    /// librdkafka leaves Nagle's algorithm on by default; Kafka's Java clients turn it off. A mirror writes
    /// requests while earlier ones are still unacknowledged (pipelined produce requests, fetches beside heartbeats
    /// and commits), which is when Nagle may hold a small write back until the peer's ACK. Off, as in Kafka's
    /// clients and the tester's latency runs (docs/mirror.md "Performance": no difference measurable here).
    static let lowLatencySocket = "true"

    private static func isTopicCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
    }
}
