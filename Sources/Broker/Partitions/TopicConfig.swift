import KafkaLog

/// Per-topic settings: the broker's defaults, overridden by the topic's own configs (`/config/topics/T`), under
/// Kafka's topic-level key names.
struct TopicConfig: Sendable, Equatable {
    var log: LogConfig
    var minInsyncReplicas: Int16
    var uncleanLeaderElection: Bool

    /// Topic-level keys we understand, with the broker-level key that provides their default.
    static let supportedKeys: [String: String] = [
        "retention.ms": "log.retention.ms",
        "retention.bytes": "log.retention.bytes",
        "segment.bytes": "log.segment.bytes",
        "segment.ms": "log.roll.ms",
        "max.message.bytes": "message.max.bytes",
        "message.timestamp.type": "log.message.timestamp.type",
        "min.insync.replicas": "min.insync.replicas",
        "unclean.leader.election.enable": "unclean.leader.election.enable",
        "cleanup.policy": "log.cleanup.policy",
        "compression.type": "compression.type",
    ]

    init(broker: BrokerConfig, overrides: [String: String]) {
        log = LogConfig(
            segmentBytes: broker.logSegmentBytes,
            segmentAllocateAheadBytes: broker.logSegmentAllocateAheadBytes,
            retentionMs: broker.logRetentionMs,
            retentionBytes: broker.logRetentionBytes,
            maxMessageBytes: broker.messageMaxBytes,
            messageTimestampType: broker.logMessageTimestampType == .logAppendTime ? .logAppendTime : .createTime
        )
        minInsyncReplicas = broker.minInsyncReplicas
        if let value = overrides["retention.ms"].flatMap(Int64.init) { log.retentionMs = value }
        if let value = overrides["retention.bytes"].flatMap(Int64.init) { log.retentionBytes = value }
        if let value = overrides["segment.bytes"].flatMap(Int.init), value >= 1024 { log.segmentBytes = value }
        if let value = overrides["segment.ms"].flatMap(Int64.init), value > 0 { log.segmentMs = value }
        if let value = overrides["max.message.bytes"].flatMap(Int.init) { log.maxMessageBytes = value }
        if let value = overrides["message.timestamp.type"] {
            log.messageTimestampType = value == "LogAppendTime" ? .logAppendTime : .createTime
        }
        if let value = overrides["min.insync.replicas"].flatMap(Int16.init), value >= 1 { minInsyncReplicas = value }
        uncleanLeaderElection = Self.uncleanLeaderElection(overrides, brokerDefault: broker.uncleanLeaderElectionEnable)
    }

    /// A topic's `unclean.leader.election.enable`: its own value if it has one, else the broker's. On its own because
    /// the controller, which decides elections, knows only this setting of the broker's configuration.
    static func uncleanLeaderElection(_ overrides: [String: String], brokerDefault: Bool) -> Bool {
        overrides["unclean.leader.election.enable"].map { $0 == "true" } ?? brokerDefault
    }

    /// Checks values given at topic creation or alteration; nil when valid, else a message naming the key.
    static func validate(_ configs: [String: String]) -> String? {
        for (key, value) in configs {
            guard supportedKeys[key] != nil else { return "unknown topic config '\(key)'" }
            switch key {
            case "retention.ms", "retention.bytes":
                guard let number = Int64(value), number >= -1 else { return "\(key) must be an integer >= -1" }
            case "segment.bytes", "max.message.bytes", "min.insync.replicas", "segment.ms":
                guard let number = Int64(value), number >= 1 else { return "\(key) must be a positive integer" }
            case "message.timestamp.type":
                guard value == "CreateTime" || value == "LogAppendTime" else {
                    return "message.timestamp.type must be CreateTime or LogAppendTime"
                }
            case "unclean.leader.election.enable":
                guard value == "true" || value == "false" else { return "\(key) must be true or false" }
            default:
                break
            }
        }
        return nil
    }
}
