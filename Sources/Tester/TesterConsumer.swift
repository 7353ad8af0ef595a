import KafkaClient
import Logging
import Synchronization

/// The checker a consumer group shares: competing consumers feed one checker, fan-out consumers one each.
public final class SharedChecker: Sendable {
    let checker: Mutex<Checker>
    /// Records at offsets below the start watermarks: older data in the topic, skipped unchecked.
    let skippedPreexisting = Atomic<UInt64>(0)

    public init(runIds: Set<UInt64>?) {
        checker = Mutex(Checker(runIds: runIds))
    }

    public var snapshot: Checker { checker.withLock { $0 } }
}

/// One checking consumer: subscribes, feeds every record to its group's checker, and measures end-to-end latency.
public final class TesterConsumer: Sendable {
    let consumer: KafkaConsumer
    private let checker: SharedChecker
    private let stats: LiveStats
    private let startOffsets: [Int32: Int64]

    /// `startOffsets` (partition -> high watermark before the run) lets the consumer skip older records cheaply.
    public init(
        config: KafkaConfig, topic: String, checker: SharedChecker, stats: LiveStats, startOffsets: [Int32: Int64],
        logger: Logger
    ) throws(KafkaError) {
        consumer = try KafkaConsumer(config: config, logger: logger)
        try consumer.subscribe(topics: [topic])
        self.checker = checker
        self.stats = stats
        self.startOffsets = startOffsets
    }

    /// Number of partitions the group gave this consumer so far.
    public func assignedPartitions() async -> Int { (try? await consumer.assignment().count) ?? 0 }

    /// Checks records until `stop()`.
    public func run() async {
        for await batch in consumer.messageBatches {
            var latencies: [Int64] = []
            latencies.reserveCapacity(batch.count)
            var skipped: UInt64 = 0
            checker.checker.withLock { checker in
                for message in batch {
                    if let start = startOffsets[message.partition], message.offset < start {
                        skipped += 1
                        continue
                    }
                    let (outcome, stamp) = checker.observe(key: message.key, value: message.value)
                    if let stamp, outcome != .foreign {
                        latencies.append(message.receivedMicros - stamp.sendMicros)
                    }
                }
            }
            if skipped > 0 { checker.skippedPreexisting.add(skipped, ordering: .relaxed) }
            stats.addReceived(UInt64(batch.count) - skipped, endToEndMicros: latencies)
        }
    }

    /// Leaves the group and ends `run()`.
    public func stop() async {
        await consumer.close()
    }
}
