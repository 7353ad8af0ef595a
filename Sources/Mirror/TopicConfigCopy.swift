import KafkaClient

/// Which source topic configs a created destination topic inherits.
public enum TopicConfigCopy {
    /// Never copied: throttles name the source's brokers; `message.timestamp.type=LogAppendTime` would overwrite
    /// the source timestamps the mirror preserves; `min.insync.replicas` may exceed the destination's replicas.
    public static let excluded: Set<String> = [
        "follower.replication.throttled.replicas", "leader.replication.throttled.replicas",
        "message.timestamp.type", "min.insync.replicas",
    ]

    /// Explicitly set, writable, non-secret configs, minus `excluded`.
    public static func copyable(_ entries: [ConfigEntry]) -> [String: String] {
        var result: [String: String] = [:]
        for entry in entries where !entry.isDefault && !entry.isReadOnly && !entry.isSensitive {
            guard let value = entry.value, !excluded.contains(entry.name) else { continue }
            result[entry.name] = value
        }
        return result
    }
}
