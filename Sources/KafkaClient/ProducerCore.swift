import CRdKafka
import Synchronization

/// The state librdkafka's delivery-report callback reaches through the conf `opaque` pointer.
///
/// The callback runs on whichever thread polls (the polling thread, or a thread inside `flush`), so reports are
/// appended to a lock-protected buffer and handed to Swift in bulk by `drain()`.
final class ProducerCore: Sendable {
    /// Tags with this bit set belong to awaited `send` calls; fire-and-forget tags must leave it clear.
    static let awaitedTagBit: UInt64 = 1 << 63

    private let buffer = Mutex<[DeliveryReport]>([])
    private let waiters = Mutex<[UInt64: CheckedContinuation<DeliveryReport, Never>]>([:])
    private let nextAwaitedTag = Atomic<UInt64>(0)
    let reports: AsyncStream<[DeliveryReport]>
    private let reportsContinuation: AsyncStream<[DeliveryReport]>.Continuation

    init() {
        (reports, reportsContinuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    func makeAwaitedTag() -> UInt64 {
        Self.awaitedTagBit | nextAwaitedTag.add(1, ordering: .relaxed).newValue
    }

    func register(tag: UInt64, _ continuation: CheckedContinuation<DeliveryReport, Never>) {
        waiters.withLock { $0[tag] = continuation }
    }

    /// Called from the C callback for every delivered (or failed) message.
    func record(_ report: DeliveryReport) {
        if report.tag & Self.awaitedTagBit != 0 {
            let waiter = waiters.withLock { $0.removeValue(forKey: report.tag) }
            waiter?.resume(returning: report)
        } else {
            buffer.withLock { $0.append(report) }
        }
    }

    /// Hands buffered reports to the async sequence, in the order they were reported.
    func drain() {
        buffer.withLock { pending in
            guard !pending.isEmpty else { return }
            reportsContinuation.yield(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    func finish() {
        drain()
        reportsContinuation.finish()
        let orphans = waiters.withLock { waiters in
            defer { waiters.removeAll() }
            return waiters
        }
        for (tag, waiter) in orphans {
            waiter.resume(
                returning: DeliveryReport(
                    tag: tag, partition: -1, offset: -1, latencyMicros: 0,
                    errorCode: RD_KAFKA_RESP_ERR__DESTROY.rawValue))
        }
    }
}

/// librdkafka's delivery-report callback: a C function, so it finds its Swift state through `opaque`.
let producerDeliveryCallback:
    @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _, message, opaque in
        guard let message, let opaque else { return }
        let m = message.pointee
        var report = DeliveryReport(
            tag: UInt64(UInt(bitPattern: m._private)),
            partition: m.partition,
            offset: m.offset,
            latencyMicros: rd_kafka_message_latency(message),
            errorCode: m.err.rawValue)
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        if timestampType != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE {
            report.timestamp = timestamp
            report.timestampIsLogAppendTime = timestampType == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME
        }
        // The handle keeps the core alive while librdkafka can call back; borrowing it skips a retain and a
        // release per record, a visible share of a producer's CPU at a million records a second.
        Unmanaged<ProducerCore>.fromOpaque(opaque)._withUnsafeGuaranteedRef { $0.record(report) }
    }
