/// A broker's settings, named and defaulted as Apache Kafka names and defaults them in `server.properties`.
public struct BrokerConfig: Sendable, Equatable {
    public var brokerId: Int32 = -1
    public var listeners: [Listener] = [Listener(host: "0.0.0.0", port: 9092)]
    /// What clients are told to connect to; defaults to `listeners` (with 0.0.0.0 replaced by 127.0.0.1).
    public var advertisedListeners: [Listener]?
    public var logDirs: [String] = ["/tmp/kafka-logs"]
    public var zookeeperConnect: String = ""
    public var zookeeperSessionTimeoutMs: Int = 18_000
    public var zookeeperConnectionTimeoutMs: Int = 18_000
    public var numPartitions: Int32 = 1
    public var defaultReplicationFactor: Int16 = 1
    public var autoCreateTopicsEnable: Bool = true
    public var deleteTopicEnable: Bool = true
    public var logSegmentBytes: Int = 1_073_741_824
    /// KafkaLab's own: at most how many disk blocks (bytes) a segment allocates ahead of its appends, keeping its
    /// size (`SegmentAllocation`); 0 turns it off. Apache Kafka's `log.preallocate` instead sizes the whole file.
    public var logSegmentAllocateAheadBytes: Int = 16 << 20
    public var logRetentionMs: Int64 = 168 * 3_600_000
    public var logRetentionBytes: Int64 = -1
    public var logRetentionCheckIntervalMs: Int = 300_000
    public var logMessageTimestampType: TimestampType = .createTime
    public var messageMaxBytes: Int = 1_048_588
    public var socketRequestMaxBytes: Int = 104_857_600
    /// KafkaLab's own: how many of one connection's requests may be in progress at once (see `KafkaServer`).
    /// The default 1 serves strictly one at a time, as Apache Kafka does: on a CPU-bound machine more cost CPU
    /// (smaller batches, more requests) and gained nothing (docs/replication.md, "Replication cost").
    public var connectionMaxInflightRequests: Int = 1
    public var minInsyncReplicas: Int16 = 1
    public var uncleanLeaderElectionEnable: Bool = false
    public var replicaLagTimeMaxMs: Int = 30_000
    public var replicaFetchMaxBytes: Int = 1_048_576
    public var replicaFetchResponseMaxBytes: Int = 10_485_760
    public var replicaFetchWaitMaxMs: Int = 500
    public var autoLeaderRebalanceEnable: Bool = true
    public var leaderImbalanceCheckIntervalSeconds: Int = 300
    public var offsetsTopicNumPartitions: Int32 = 50
    public var offsetsTopicReplicationFactor: Int16 = 3
    public var groupInitialRebalanceDelayMs: Int = 3_000
    public var groupMinSessionTimeoutMs: Int = 6_000
    public var groupMaxSessionTimeoutMs: Int = 1_800_000

    public enum TimestampType: String, Sendable, Equatable {
        case createTime = "CreateTime"
        case logAppendTime = "LogAppendTime"
    }

    public struct Listener: Sendable, Equatable, CustomStringConvertible {
        public var name: String = "PLAINTEXT"
        public var host: String
        public var port: Int

        public init(name: String = "PLAINTEXT", host: String, port: Int) {
            self.name = name
            self.host = host
            self.port = port
        }

        public var description: String { "\(name)://\(host):\(port)" }
    }

    public init() {}

    /// The listener clients are told about: the first advertised one, else the first listener.
    public var advertisedListener: Listener {
        if let advertised = advertisedListeners?.first { return advertised }
        var listener = listeners.first ?? Listener(host: "127.0.0.1", port: 9092)
        if listener.host.isEmpty || listener.host == "0.0.0.0" { listener.host = "127.0.0.1" }
        return listener
    }
}
