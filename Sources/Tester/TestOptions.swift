import KafkaClient

/// Everything a tester run needs. The CLI fills it from flags; tests build it directly.
public struct TestOptions: Sendable {
    public enum ConsumerMode: String, Sendable, Codable, CaseIterable {
        /// All consumers in one group, sharing the partitions.
        case group
        /// Each consumer in its own group: every consumer reads every record.
        case fanout
    }

    public var produceConfig: KafkaConfig
    /// The cluster consumers read from; differs from the produce side when checking a mirror.
    public var consumeConfig: KafkaConfig
    public var topic: String
    /// Topic on the consume side (a mirror may rename topics); defaults to `topic`.
    public var consumeTopic: String?
    public var producers = 1
    public var consumers = 1
    public var consumerMode = ConsumerMode.group
    /// Records per second per producer; `nil` sends as fast as the client accepts.
    public var rate: Double?
    /// Seconds to produce for. With neither `duration` nor `count`, producers run for 10 seconds.
    public var duration: Double?
    /// Total records over all producers.
    public var count: UInt64?
    public var messageSize = 1024
    /// Keys per producer; at least 17 per partition so every partition carries traffic.
    public var keys: Int?
    public var runId: UInt64
    /// After producing ends, how long consumers may take to receive every acknowledged record.
    public var drainTimeout: Double = 30
    /// Record each one-second interval whose receive rate falls below this.
    public var alertBelow: Double?
    /// Treat duplicates as failures (the default: with idempotence and no rebalances there should be none).
    public var failOnDuplicates = true
    /// Consumer group (a prefix in fan-out mode). Defaults to a fresh group per run, reading from the earliest
    /// offset, so every check starts clean.
    public var group: String?
    /// Triggered to end producing early (Ctrl-C); the run still drains and gives a verdict.
    public var stop: StopSignal?

    public init(produceConfig: KafkaConfig, consumeConfig: KafkaConfig? = nil, topic: String, runId: UInt64) {
        self.produceConfig = produceConfig
        self.consumeConfig = consumeConfig ?? produceConfig
        self.topic = topic
        self.runId = runId
    }

    public static let keysPerPartition = 17

    func keyCount(partitions: Int) -> Int {
        max(keys ?? 0, max(partitions, 1) * Self.keysPerPartition)
    }

    /// Records producer `index` sends when `count` is set (the total split evenly, remainder to the first ones).
    func count(forProducer index: Int) -> UInt64? {
        guard let count else { return nil }
        let share = count / UInt64(producers)
        return share + (UInt64(index) < count % UInt64(producers) ? 1 : 0)
    }
}
