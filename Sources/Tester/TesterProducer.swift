import KafkaClient
import Logging
import Synchronization

/// One rate-controlled producer: stamps records, round-robins over keys, and keeps an `AckLedger` from the
/// delivery reports, which arrive in bulk. It never awaits a single record, so it runs at client speed.
public final class TesterProducer: Sendable {
    public let producerId: UInt32
    private let producer: KafkaProducer
    private let topic: ProducerTopic
    private let ledger: Mutex<AckLedger>
    private let stats: LiveStats
    private let keyCount: UInt32
    private let keys: [[UInt8]]
    private let template: StampCodec.Template
    private let logger: Logger

    public init(
        producerId: UInt32, runId: UInt64, config: KafkaConfig, topic: String, keyCount: Int, messageSize: Int,
        stats: LiveStats, logger: Logger
    ) throws(KafkaError) {
        guard keyCount > 0, keyCount < 1 << 23 else { throw .client("key count must be in 1..<8388608") }
        self.producerId = producerId
        producer = try KafkaProducer(config: config, logger: logger)
        self.topic = try producer.topic(topic)
        ledger = Mutex(AckLedger(runId: runId, producerId: producerId))
        self.stats = stats
        self.keyCount = UInt32(keyCount)
        keys = (0..<UInt32(keyCount)).map(Stamp.key(for:))
        template = StampCodec.Template(messageSize: messageSize)
        self.logger = logger
    }

    /// Produces until `count` records were sent, `deadline` passes, or the task is cancelled; then flushes and
    /// waits for every delivery report. Returns the ledger.
    public func run(
        rate: Double?, count: UInt64?, until deadline: ContinuousClock.Instant?, stop: StopSignal? = nil
    ) async -> AckLedger {
        let reports = Task { await consumeReports() }
        let clock = ContinuousClock()
        let start = clock.now
        var bucket = rate.map { TokenBucket(rate: $0, nowNanos: 0) }
        var nextKey: UInt32 = producerId % keyCount
        var sent: UInt64 = 0
        let runId = ledger.withLock { $0.runId }
        var buffer = template.makeBuffer()
        // Reused for every batch: a fresh 16 KB array per batch made malloc consolidate the many small chunks
        // librdkafka frees, a visible share of the producer's CPU at a million records a second.
        var batch: [(keyIndex: UInt32, sequence: UInt64)] = []
        batch.reserveCapacity(1024)
        while !Task.isCancelled, stop?.isTriggered != true {
            if let count, sent >= count { break }
            if let deadline, clock.now >= deadline { break }
            var permits = 1024
            if var current = bucket {
                let now = UInt64((clock.now - start).nanoseconds)
                permits = current.take(nowNanos: now, limit: permits)
                if permits == 0 {
                    let wait = current.nanosUntilNext(nowNanos: now)
                    bucket = current
                    try? await Task.sleep(for: .nanoseconds(Int64(clamping: max(wait, 100_000))))
                    continue
                }
                bucket = current
            }
            if let count { permits = Int(min(UInt64(permits), count - sent)) }
            // Hand out sequences for the whole batch under one lock.
            batch.removeAll(keepingCapacity: true)
            ledger.withLock { ledger in
                for _ in 0..<permits {
                    let key = nextKey
                    nextKey = nextKey + 1 == keyCount ? 0 : nextKey + 1
                    batch.append((key, ledger.recordSent(keyIndex: key)))
                }
            }
            for (keyIndex, sequence) in batch {
                let stamp = Stamp(
                    runId: runId, producerId: producerId, keyIndex: keyIndex, sequence: sequence,
                    sendMicros: wallClockMicros())
                StampCodec.write(stamp, into: &buffer)
                let tag = AckLedger.tag(keyIndex: keyIndex, sequence: sequence)
                do {
                    try producer.produce(to: topic, key: keys[Int(keyIndex)], value: buffer, tag: tag)
                } catch {
                    await retry(buffer, keyIndex: keyIndex, sequence: sequence, after: error)
                }
            }
            sent += UInt64(batch.count)
            stats.addSent(UInt64(batch.count))
            producer.serveDeliveryReports()
        }
        do {
            try await producer.flush()
        } catch {
            logger.warning(
                "flush did not complete; unreported records count as unacknowledged", metadata: ["error": "\(error)"])
        }
        await producer.close(timeoutMillis: 1_000)
        await reports.value
        return ledger.withLock { $0 }
    }

    /// The slow path of enqueueing: backs off while librdkafka's queue is full; other errors mark the record
    /// unacknowledged.
    private func retry(_ value: [UInt8], keyIndex: UInt32, sequence: UInt64, after firstError: KafkaError) async {
        let tag = AckLedger.tag(keyIndex: keyIndex, sequence: sequence)
        var error = firstError
        while true {
            if !error.isQueueFull {
                logger.debug("produce failed", metadata: ["error": "\(error)"])
                ledger.withLock { $0.recordReport(keyIndex: keyIndex, sequence: sequence, acknowledged: false) }
                stats.addReports(acknowledged: 0, failed: 1, latenciesMicros: [])
                return
            }
            try? await Task.sleep(for: .milliseconds(1))
            do {
                try producer.produce(to: topic, key: keys[Int(keyIndex)], value: value, tag: tag)
                return
            } catch let next {
                error = next
            }
        }
    }

    private func consumeReports() async {
        for await batch in producer.deliveryReports {
            var acknowledged: UInt64 = 0
            var failed: UInt64 = 0
            var latencies: [Int64] = []
            latencies.reserveCapacity(batch.count)
            ledger.withLock { ledger in
                for report in batch {
                    let (keyIndex, sequence) = AckLedger.untag(report.tag)
                    ledger.recordReport(keyIndex: keyIndex, sequence: sequence, acknowledged: report.isAcknowledged)
                    if report.isAcknowledged {
                        acknowledged += 1
                        latencies.append(report.latencyMicros)
                    } else {
                        failed += 1
                    }
                }
            }
            stats.addReports(acknowledged: acknowledged, failed: failed, latenciesMicros: latencies)
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
