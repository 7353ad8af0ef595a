import Foundation
import KafkaClient
import Logging
import Synchronization

/// One rate-controlled producer: stamps records, round-robins over keys, and keeps an `AckLedger` from the
/// delivery reports.
///
/// The hot path runs on a thread of its own, as kcat does: it enqueues a batch of records, then serves the
/// delivery reports that are ready, on the same thread (`DrivenProducer`). The ledger is that thread's local
/// value, so recording a send or a report takes no lock; live stats are updated once per batch. When librdkafka's
/// queue is full the thread waits inside `serve` for reports (and room) instead of sleeping.
public final class TesterProducer: Sendable {
    public let producerId: UInt32
    private let producer: DrivenProducer
    private let topic: ProducerTopic
    /// The ledger between runs; a run takes it, works on its own copy, and puts it back when done.
    private let ledger: Mutex<AckLedger>
    private let stats: LiveStats
    private let keyCount: UInt32
    private let keys: [[UInt8]]
    private let template: StampCodec.Template
    private let logger: Logger

    /// Records enqueued between two `serve` calls: serving costs little per record even this often, and the
    /// sooner reports are served the sooner librdkafka's messages are freed and their memory reused while still
    /// in cache (1024 was no faster).
    static let batchSize = 128
    /// How long a full queue waits for reports before trying again.
    static let queueFullWaitMillis: Int32 = 10
    /// How long the final flush may take before unreported records are left unacknowledged.
    static let flushTimeout = Duration.seconds(30)

    public init(
        producerId: UInt32, runId: UInt64, config: KafkaConfig, topic: String, keyCount: Int, messageSize: Int,
        stats: LiveStats, logger: Logger
    ) throws(KafkaError) {
        guard keyCount > 0, keyCount < 1 << 23 else { throw .client("key count must be in 1..<8388608") }
        self.producerId = producerId
        producer = try DrivenProducer(config: config, logger: logger)
        self.topic = try producer.topic(topic)
        ledger = Mutex(AckLedger(runId: runId, producerId: producerId))
        self.stats = stats
        self.keyCount = UInt32(keyCount)
        keys = (0..<UInt32(keyCount)).map(Stamp.key(for:))
        template = StampCodec.Template(messageSize: messageSize)
        self.logger = logger
    }

    /// Produces until `count` records were sent, `deadline` passes, `stop` triggers or the task is cancelled; then
    /// flushes and waits (up to 30 s) for every delivery report. Returns the ledger.
    public func run(
        rate: Double?, count: UInt64?, until deadline: ContinuousClock.Instant?, stop: StopSignal? = nil
    ) async -> AckLedger {
        let cancelled = StopSignal()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // librdkafka's poll blocks, so the loop gets its own OS thread rather than a cooperative one.
                let thread = Thread { [self] in
                    Thread.current.name = "kl-producer-\(producerId)"  // what `top -H` and `perf` show
                    let limits = Limits(rate: rate, count: count, deadline: deadline, stops: [cancelled, stop])
                    continuation.resume(returning: produceOnThisThread(limits))
                }
                thread.start()
            }
        } onCancel: {
            cancelled.trigger()
        }
    }

    struct Limits: Sendable {
        var rate: Double?
        var count: UInt64?
        var deadline: ContinuousClock.Instant?
        var stops: [StopSignal?]

        /// A stop was asked for, or the deadline passed; the count is checked by the loop.
        var isOver: Bool {
            if stops.contains(where: { $0?.isTriggered == true }) { return true }
            if let deadline { return ContinuousClock.now >= deadline }
            return false
        }
    }

    private func produceOnThisThread(_ limits: Limits) -> AckLedger {
        var ledger = self.ledger.withLock { $0 }
        var reports = ReportBuffers(producer: producer, producerId: producerId, logger: logger)
        let clock = ContinuousClock()
        let start = clock.now
        var bucket = limits.rate.map { TokenBucket(rate: $0, nowNanos: 0) }
        var nextKey: UInt32 = producerId % keyCount
        var sent: UInt64 = 0
        var buffer = template.makeBuffer()
        while !limits.isOver {
            if let count = limits.count, sent >= count { break }
            var permits = Self.batchSize
            if var current = bucket {
                let now = UInt64((clock.now - start).nanoseconds)
                permits = current.take(nowNanos: now, limit: permits)
                let wait = permits == 0 ? current.nanosUntilNext(nowNanos: now) : 0
                bucket = current
                if permits == 0 {
                    waitServing(nanos: wait, reports: &reports, ledger: &ledger)
                    continue
                }
            }
            if let count = limits.count { permits = Int(min(UInt64(permits), count - sent)) }
            var produced = 0
            while produced < permits {
                let keyIndex = nextKey
                nextKey = nextKey + 1 == keyCount ? 0 : nextKey + 1
                let sequence = ledger.recordSent(keyIndex: keyIndex)
                let stamp = Stamp(
                    runId: ledger.runId, producerId: producerId, keyIndex: keyIndex, sequence: sequence,
                    sendMicros: wallClockMicros())
                StampCodec.write(stamp, into: &buffer)
                produced += 1
                guard enqueue(buffer, keyIndex: keyIndex, sequence: sequence, limits, &reports, &ledger) else { break }
            }
            sent += UInt64(produced)
            stats.addSent(UInt64(produced))
            producer.serve(timeoutMillis: 0, into: &reports.served)
            reports.absorb(into: &ledger, stats: stats)
        }
        flush(reports: &reports, ledger: &ledger)
        self.ledger.withLock { [ledger] in $0 = ledger }
        return ledger
    }

    /// Enqueues one stamped record; on a full queue, serves reports until there is room, or until the run is
    /// over (a broker that stays away must not hold up a stop). A record that could not be enqueued counts as
    /// unacknowledged. Returns false when the run is over.
    private func enqueue(
        _ value: [UInt8], keyIndex: UInt32, sequence: UInt64, _ limits: Limits, _ reports: inout ReportBuffers,
        _ ledger: inout AckLedger
    ) -> Bool {
        let tag = AckLedger.tag(keyIndex: keyIndex, sequence: sequence)
        while true {
            switch producer.produce(to: topic, key: keys[Int(keyIndex)], value: value, tag: tag) {
            case .enqueued:
                return true
            case .queueFull where !limits.isOver:
                producer.serve(timeoutMillis: Self.queueFullWaitMillis, into: &reports.served)
                reports.absorb(into: &ledger, stats: stats)
            case .queueFull:
                notEnqueued(
                    keyIndex: keyIndex, sequence: sequence, &ledger, &reports, .queueFull, "the queue stayed full")
                return false
            case .failed(let error):
                notEnqueued(keyIndex: keyIndex, sequence: sequence, &ledger, &reports, error, "\(error)")
                return true
            }
        }
    }

    private func notEnqueued(
        keyIndex: UInt32, sequence: UInt64, _ ledger: inout AckLedger, _ reports: inout ReportBuffers,
        _ error: KafkaError, _ reason: String
    ) {
        logger.debug("record not enqueued", metadata: ["reason": "\(reason)"])
        ledger.recordReport(keyIndex: keyIndex, sequence: sequence, acknowledged: false)
        stats.addReports(acknowledged: 0, failed: 1, latenciesMicros: [])
        reports.noteFailure(error, stats: stats)
    }

    /// Waits for the token bucket, serving reports meanwhile; sub-millisecond waits sleep after a non-blocking
    /// serve, since librdkafka's poll timeout is in whole milliseconds.
    private func waitServing(nanos: UInt64, reports: inout ReportBuffers, ledger: inout AckLedger) {
        let wait = max(nanos, 100_000)
        let millis = Int32(clamping: wait / 1_000_000)
        producer.serve(timeoutMillis: millis, into: &reports.served)
        reports.absorb(into: &ledger, stats: stats)
        if millis == 0 { Thread.sleep(forTimeInterval: Double(wait) / 1e9) }
    }

    private func flush(reports: inout ReportBuffers, ledger: inout AckLedger) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: Self.flushTimeout)
        while true {
            let done = producer.flush(timeoutMillis: 100, into: &reports.served)
            reports.absorb(into: &ledger, stats: stats)
            if done { return }
            if clock.now >= deadline {
                logger.warning(
                    "flush did not complete; unreported records count as unacknowledged",
                    metadata: ["outstanding": "\(producer.outstanding)"])
                return
            }
        }
    }
}

/// The producer thread's reusable report arrays: served reports, and their latencies for the live stats.
struct ReportBuffers {
    var served: [DeliveryOutcome] = []
    var latencies: [Int64] = []
    /// Failures since the last absorb, by error name (empty, and not allocated, while everything is acknowledged).
    var failuresByError: [String: UInt64] = [:]
    /// Whether this producer's fatal error has been reported (it is reported once).
    private var fatalNoted = false
    private let producer: DrivenProducer
    private let producerId: UInt32
    private let logger: Logger

    init(producer: DrivenProducer, producerId: UInt32, logger: Logger) {
        self.producer = producer
        self.producerId = producerId
        self.logger = logger
        served.reserveCapacity(TesterProducer.batchSize * 4)
        latencies.reserveCapacity(TesterProducer.batchSize * 4)
    }

    /// Records the served reports in the ledger and the live stats (one lock for the whole batch).
    mutating func absorb(into ledger: inout AckLedger, stats: LiveStats) {
        defer {
            stats.addFailures(byError: failuresByError)
            failuresByError.removeAll()
        }
        guard !served.isEmpty else { return }
        latencies.removeAll(keepingCapacity: true)
        var failed: UInt64 = 0
        for report in served {
            let (keyIndex, sequence) = AckLedger.untag(report.tag)
            ledger.recordReport(keyIndex: keyIndex, sequence: sequence, acknowledged: report.isAcknowledged)
            if report.isAcknowledged {
                latencies.append(report.latencyMicros)
            } else {
                failed += 1
                noteFailure(KafkaError(code: report.errorCode), stats: stats)
            }
        }
        stats.addReports(acknowledged: UInt64(latencies.count), failed: failed, latenciesMicros: latencies)
        served.removeAll(keepingCapacity: true)
    }

    /// Counts a failed record under its error's name (passed on at the next `absorb`); the first `_FATAL` also
    /// reports the producer's fatal error.
    mutating func noteFailure(_ error: KafkaError, stats: LiveStats) {
        failuresByError[error.name, default: 0] += 1
        if error.isFatal { noteFatal(stats: stats) }
    }

    /// Reports, once, why the producer became unusable: after a fatal error librdkafka fails every record with
    /// `_FATAL`, and only `rd_kafka_fatal_error` still says what the original error was.
    private mutating func noteFatal(stats: LiveStats) {
        guard !fatalNoted else { return }
        fatalNoted = true
        let cause = producer.fatalError.map { "\($0.name): \($0.message)" } ?? "(librdkafka gives no reason)"
        logger.warning("producer failed fatally; every later record fails", metadata: [
            "producer": "\(producerId)", "cause": "\(cause)",
        ])
        stats.addFatalError("producer \(producerId): \(cause)")
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
