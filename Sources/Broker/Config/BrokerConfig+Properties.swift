extension BrokerConfig {
    /// The result of reading properties: the config, and the keys that were not understood (warned, not fatal).
    public struct Loaded: Sendable {
        public var config: BrokerConfig
        public var unknownKeys: [String]
        /// Known Kafka keys that KafkaLab accepts but does not act on (thread counts, buffer sizes, ...).
        public var ignoredKeys: [String]
    }

    /// Builds a config from `server.properties` entries, later entries (e.g. command-line overrides) winning.
    public static func load(_ entries: [(key: String, value: String)]) throws(ConfigError) -> Loaded {
        var config = BrokerConfig()
        var unknown: [String] = []
        var ignored: [String] = []
        var retention = RetentionSetting()
        for (key, rawValue) in entries {
            let value = rawValue.trimmingSpaces()
            if let setter = Self.setters[key] {
                try setter(&config, key, value)
            } else if let unit = RetentionSetting.unit(forKey: key) {
                retention.record(key: key, value: try ConfigValue.int64(key, value), unit: unit)
            } else if Self.acceptedButIgnoredKeys.contains(key) {
                ignored.append(key)
            } else {
                unknown.append(key)
            }
        }
        if let retentionMs = retention.milliseconds { config.logRetentionMs = retentionMs }
        try config.validate()
        return Loaded(config: config, unknownKeys: unknown, ignoredKeys: ignored)
    }

    func validate() throws(ConfigError) {
        if brokerId < 0 { throw ConfigError(key: "broker.id", "must be set to a non-negative integer") }
        if zookeeperConnect.isEmpty { throw ConfigError(key: "zookeeper.connect", "is required (e.g. 127.0.0.1:2181)") }
        if logDirs.isEmpty { throw ConfigError(key: "log.dirs", "needs at least one directory") }
        if listeners.isEmpty { throw ConfigError(key: "listeners", "needs at least one listener") }
    }

    typealias Setter = @Sendable (inout BrokerConfig, String, String) throws(ConfigError) -> Void

    static let setters: [String: Setter] = [
        "broker.id": { c, k, v throws(ConfigError) in c.brokerId = try ConfigValue.int32(k, v, min: 0) },
        "listeners": { c, k, v throws(ConfigError) in c.listeners = try ConfigValue.listeners(k, v) },
        "advertised.listeners": { c, k, v throws(ConfigError) in c.advertisedListeners = try ConfigValue.listeners(k, v) },
        "log.dirs": { c, k, v throws(ConfigError) in c.logDirs = try ConfigValue.list(k, v) },
        "log.dir": { c, k, v throws(ConfigError) in c.logDirs = try ConfigValue.list(k, v) },
        "zookeeper.connect": { c, k, v throws(ConfigError) in c.zookeeperConnect = try ConfigValue.nonEmpty(k, v) },
        "zookeeper.session.timeout.ms": { c, k, v throws(ConfigError) in
            c.zookeeperSessionTimeoutMs = try ConfigValue.int(k, v, min: 1) },
        "zookeeper.connection.timeout.ms": { c, k, v throws(ConfigError) in
            c.zookeeperConnectionTimeoutMs = try ConfigValue.int(k, v, min: 1) },
        "num.partitions": { c, k, v throws(ConfigError) in c.numPartitions = try ConfigValue.int32(k, v, min: 1) },
        "default.replication.factor": { c, k, v throws(ConfigError) in
            c.defaultReplicationFactor = try ConfigValue.int16(k, v, min: 1) },
        "auto.create.topics.enable": { c, k, v throws(ConfigError) in c.autoCreateTopicsEnable = try ConfigValue.bool(k, v) },
        "delete.topic.enable": { c, k, v throws(ConfigError) in c.deleteTopicEnable = try ConfigValue.bool(k, v) },
        "log.segment.bytes": { c, k, v throws(ConfigError) in c.logSegmentBytes = try ConfigValue.int(k, v, min: 1024) },
        "log.segment.allocate.ahead.bytes": { c, k, v throws(ConfigError) in
            c.logSegmentAllocateAheadBytes = try ConfigValue.int(k, v, min: 0) },
        "log.retention.bytes": { c, k, v throws(ConfigError) in c.logRetentionBytes = try ConfigValue.int64(k, v, min: -1) },
        "log.retention.check.interval.ms": { c, k, v throws(ConfigError) in
            c.logRetentionCheckIntervalMs = try ConfigValue.int(k, v, min: 1) },
        "log.message.timestamp.type": { c, k, v throws(ConfigError) in
            guard let type = TimestampType(rawValue: v) else {
                throw ConfigError(key: k, "expected CreateTime or LogAppendTime, got '\(v)'")
            }
            c.logMessageTimestampType = type
        },
        "message.max.bytes": { c, k, v throws(ConfigError) in c.messageMaxBytes = try ConfigValue.int(k, v, min: 0) },
        "socket.request.max.bytes": { c, k, v throws(ConfigError) in c.socketRequestMaxBytes = try ConfigValue.int(k, v, min: 1) },
        "connection.max.inflight.requests": { c, k, v throws(ConfigError) in
            c.connectionMaxInflightRequests = try ConfigValue.int(k, v, min: 1) },
        "min.insync.replicas": { c, k, v throws(ConfigError) in c.minInsyncReplicas = try ConfigValue.int16(k, v, min: 1) },
        "unclean.leader.election.enable": { c, k, v throws(ConfigError) in
            c.uncleanLeaderElectionEnable = try ConfigValue.bool(k, v) },
        "replica.lag.time.max.ms": { c, k, v throws(ConfigError) in c.replicaLagTimeMaxMs = try ConfigValue.int(k, v, min: 1) },
        "replica.fetch.max.bytes": { c, k, v throws(ConfigError) in c.replicaFetchMaxBytes = try ConfigValue.int(k, v, min: 1) },
        "replica.fetch.response.max.bytes": { c, k, v throws(ConfigError) in
            c.replicaFetchResponseMaxBytes = try ConfigValue.int(k, v, min: 1) },
        "replica.fetch.wait.max.ms": { c, k, v throws(ConfigError) in c.replicaFetchWaitMaxMs = try ConfigValue.int(k, v, min: 0) },
        "auto.leader.rebalance.enable": { c, k, v throws(ConfigError) in c.autoLeaderRebalanceEnable = try ConfigValue.bool(k, v) },
        "leader.imbalance.check.interval.seconds": { c, k, v throws(ConfigError) in
            c.leaderImbalanceCheckIntervalSeconds = try ConfigValue.int(k, v, min: 1) },
        "offsets.topic.num.partitions": { c, k, v throws(ConfigError) in
            c.offsetsTopicNumPartitions = try ConfigValue.int32(k, v, min: 1) },
        "offsets.topic.replication.factor": { c, k, v throws(ConfigError) in
            c.offsetsTopicReplicationFactor = try ConfigValue.int16(k, v, min: 1) },
        "group.initial.rebalance.delay.ms": { c, k, v throws(ConfigError) in
            c.groupInitialRebalanceDelayMs = try ConfigValue.int(k, v, min: 0) },
        "group.min.session.timeout.ms": { c, k, v throws(ConfigError) in
            c.groupMinSessionTimeoutMs = try ConfigValue.int(k, v, min: 0) },
        "group.max.session.timeout.ms": { c, k, v throws(ConfigError) in
            c.groupMaxSessionTimeoutMs = try ConfigValue.int(k, v, min: 0) },
    ]

    /// Keys from classic Kafka labs that have no meaning here; accepted quietly so those files work unchanged.
    static let acceptedButIgnoredKeys: Set<String> = [
        "num.network.threads", "num.io.threads", "num.recovery.threads.per.data.dir", "num.replica.fetchers",
        "socket.send.buffer.bytes", "socket.receive.buffer.bytes", "log.flush.interval.messages",
        "log.flush.interval.ms", "transaction.state.log.replication.factor", "transaction.state.log.min.isr",
        "listener.security.protocol.map", "inter.broker.listener.name", "security.inter.broker.protocol",
        "group.max.size", "log.cleaner.enable", "log.cleanup.policy", "compression.type",
        "confluent.support.metrics.enable", "confluent.support.customer.id",
    ]
}

/// Kafka lets retention be set in hours, minutes or milliseconds; the finest unit given wins.
struct RetentionSetting {
    enum Unit: Int, Comparable {
        case hours = 0, minutes = 1, milliseconds = 2
        static func < (a: Unit, b: Unit) -> Bool { a.rawValue < b.rawValue }
        var milliseconds: Int64 { switch self { case .hours: 3_600_000; case .minutes: 60_000; case .milliseconds: 1 } }
    }

    private var best: (unit: Unit, value: Int64)?

    static func unit(forKey key: String) -> Unit? {
        switch key {
        case "log.retention.hours": .hours
        case "log.retention.minutes": .minutes
        case "log.retention.ms": .milliseconds
        default: nil
        }
    }

    mutating func record(key: String, value: Int64, unit: Unit) {
        if let best, best.unit > unit { return }
        self.best = (unit, value)
    }

    /// -1 (or any negative value) means unlimited, as in Kafka.
    var milliseconds: Int64? {
        guard let best else { return nil }
        return best.value < 0 ? -1 : best.value.multipliedReportingOverflow(by: best.unit.milliseconds).partialValue
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
