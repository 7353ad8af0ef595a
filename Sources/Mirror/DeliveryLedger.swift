import KafkaClient

/// A record handed to the destination producer and not yet acknowledged.
public struct InFlightRecord: Sendable, Equatable {
    public var message: KafkaMessage
    public var destinationTopic: String
    public var attempts: Int

    /// Bytes counted for throughput: key, value and headers.
    public var size: Int {
        (message.key?.count ?? 0) + message.value.count
            + message.headers.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) }
    }
}

/// What to do after a failed delivery.
public enum FailedDelivery: Sendable, Equatable {
    case retry(InFlightRecord)
    /// Out of attempts: the mirror must stop (the offset stays uncommitted, so nothing is lost).
    case giveUp(InFlightRecord)
    /// The tag was unknown (already settled, or never issued): nothing to do.
    case unknown
}

/// One worker's bookkeeping as a pure value: tags for in-flight records, an `OffsetTracker` per source partition,
/// the offsets committed so far, and the counters the reports show.
public struct DeliveryLedger: Sendable {
    public private(set) var trackers: [SourcePartition: OffsetTracker] = [:]
    public private(set) var inFlight: [UInt64: InFlightRecord] = [:]
    public private(set) var committed: [SourcePartition: Int64] = [:]
    public private(set) var records: Int64 = 0
    public private(set) var bytes: Int64 = 0
    public private(set) var retries: Int64 = 0
    /// Latencies since the last `takeIntervalLatency()`.
    public private(set) var intervalLatency = LatencyHistogram()
    /// Over the run: the source timestamp to the mirror's receipt of the record (the part of the replication
    /// latency spent before the mirror: the source producer's linger, the source append, the fetch).
    public private(set) var fetchLatency = LatencyHistogram()
    private var nextTag: UInt64 = 1
    private let maxAttempts: Int

    public init(maxAttempts: Int) {
        self.maxAttempts = max(1, maxAttempts)
    }

    /// Registers a record about to be produced and returns its delivery tag.
    public mutating func register(_ message: KafkaMessage, destinationTopic: String) -> UInt64 {
        if let sourceTime = message.timestamp, sourceTime > 0, message.receivedMicros > 0 {
            fetchLatency.record(millis: message.receivedMicros / 1000 - sourceTime)
        }
        let tag = nextTag
        nextTag += 1
        inFlight[tag] = InFlightRecord(message: message, destinationTopic: destinationTopic, attempts: 1)
        trackers[SourcePartition(topic: message.topic, partition: message.partition), default: OffsetTracker()]
            .dispatched(message.offset)
        return tag
    }

    /// Settles an acknowledged record. Latency: the destination's LogAppendTime when the report carries it, else
    /// the report's arrival (`nowMillis`), minus the source timestamp. Returns false for an unknown tag.
    @discardableResult
    public mutating func acknowledge(_ report: DeliveryReport, nowMillis: Int64) -> Bool {
        guard let record = inFlight.removeValue(forKey: report.tag) else { return false }
        let message = record.message
        trackers[SourcePartition(topic: message.topic, partition: message.partition)]?.acknowledged(message.offset)
        records += 1
        bytes += Int64(record.size)
        if let sourceTime = message.timestamp, sourceTime > 0 {
            // An append time before the source timestamp is not believable (librdkafka's mock cluster reports a
            // fixed one): the report's arrival is the better estimate then.
            var appended = nowMillis
            if report.timestampIsLogAppendTime, let appendTime = report.timestamp, appendTime >= sourceTime {
                appended = appendTime
            }
            intervalLatency.record(millis: appended - sourceTime)
        }
        return true
    }

    /// Notes a failed delivery: retry while attempts remain, else give up.
    public mutating func fail(tag: UInt64) -> FailedDelivery {
        guard var record = inFlight[tag] else { return .unknown }
        let partition = SourcePartition(topic: record.message.topic, partition: record.message.partition)
        trackers[partition]?.failed(record.message.offset)
        guard record.attempts < maxAttempts else {
            inFlight[tag] = nil
            return .giveUp(record)
        }
        record.attempts += 1
        retries += 1
        inFlight[tag] = record
        return .retry(record)
    }

    /// Forgets a record that will never be produced (the mirror is stopping). Its offset stays outstanding, so
    /// no commit passes it and the next run reads it again.
    public mutating func abandon(tag: UInt64) {
        inFlight[tag] = nil
    }

    /// Partitions whose committable offset differs from the last one committed.
    public var pendingCommits: [SourcePartition: Int64] {
        var result: [SourcePartition: Int64] = [:]
        for (partition, tracker) in trackers {
            if let offset = tracker.committable, committed[partition] != offset { result[partition] = offset }
        }
        return result
    }

    public mutating func markCommitted(_ offsets: [SourcePartition: Int64]) {
        committed.merge(offsets) { _, new in new }
    }

    public mutating func takeIntervalLatency() -> LatencyHistogram {
        defer { intervalLatency = LatencyHistogram() }
        return intervalLatency
    }
}
