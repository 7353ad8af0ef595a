import KafkaWire
import NIOCore
import Synchronization

/// Idempotent batches this broker refused with a retriable error before they reached the log (not leading yet, too
/// few in-sync replicas, a pause fence), remembered so that the batches a producer pipelined behind one of them are
/// refused alike instead of being answered OUT_OF_ORDER_SEQUENCE_NUMBER.
///
/// Why: a producer keeps up to five requests in flight per partition. When the first is refused and a later one
/// reaches the log, the later one leaves a sequence gap. librdkafka answers that gap by bumping its producer epoch
/// and resending everything not yet acknowledged under new sequence numbers, so a batch that was written but whose
/// acknowledgement was lost (a killed leader, a timed-out request) is written a second time. Given the first
/// batch's retriable error instead, the producer resends its batches in order and the log deduplicates them.
///
/// Only a gap that starts exactly at a refused batch's first sequence is answered this way: the log has not
/// written that batch since (or it would expect a later sequence), so the refusal is what made the gap.
final class RefusedProduceBatches: Sendable {
    struct Key: Hashable, Sendable {
        var topic: String
        var partition: Int32
        var producerId: Int64
        var producerEpoch: Int16
    }

    struct Refusal: Sendable, Equatable {
        var firstSequence: Int32
        var code: ErrorCode
        var at: ContinuousClock.Instant
    }

    /// A producer resends a refused batch within a second or two; an older refusal no longer explains a gap (and
    /// must not keep refusing a producer that will never resend it).
    static let lifetime = Duration.seconds(30)
    /// Bounds memory when many producers are refused at once (a broker that just lost its leaderships).
    static let capacity = 10_000

    /// Per producer and partition, the most recent refusals (a few: one per request in flight).
    static let refusalsPerKey = 8

    private let refusals = Mutex<[Key: [Refusal]]>([:])

    /// The idempotent producer of the first batch in `records`, if it has one.
    static func producer(of records: ByteBuffer) -> (producerId: Int64, producerEpoch: Int16, firstSequence: Int32)? {
        guard let header = try? RecordBatchHeader(parsing: records, at: records.readerIndex),
            header.producerId >= 0, header.baseSequence >= 0
        else { return nil }
        return (header.producerId, header.producerEpoch, header.baseSequence)
    }

    /// Remembers that the batches in `records` were refused with `code` without being written. Returns the refused
    /// batch's producer and sequence when no other refusal of that producer on that partition is remembered (the
    /// first of a run of refusals, worth a log line), else nil.
    @discardableResult
    func record(
        topic: String, partition: Int32, records: ByteBuffer, code: ErrorCode, now: ContinuousClock.Instant
    ) -> (producerId: Int64, producerEpoch: Int16, firstSequence: Int32)? {
        guard let producer = Self.producer(of: records) else { return nil }
        let key = Key(
            topic: topic, partition: partition, producerId: producer.producerId, producerEpoch: producer.producerEpoch)
        let refusal = Refusal(firstSequence: producer.firstSequence, code: code, at: now)
        return refusals.withLock { refusals in
            if refusals.count >= Self.capacity {
                refusals = refusals.filter { $0.value.contains { now - $0.at < Self.lifetime } }
                if refusals.count >= Self.capacity { refusals.removeAll(keepingCapacity: true) }
            }
            var kept = (refusals[key] ?? []).filter {
                now - $0.at < Self.lifetime && $0.firstSequence != producer.firstSequence
            }
            let isFirst = kept.isEmpty
            kept.append(refusal)
            refusals[key] = Array(kept.suffix(Self.refusalsPerKey))
            return isFirst ? producer : nil
        }
    }

    /// The refusal that made `gap` (the log expected the refused batch's first sequence), if there is one.
    func refusal(
        causing gap: SequenceGap, topic: String, partition: Int32, producerEpoch: Int16, now: ContinuousClock.Instant
    ) -> Refusal? {
        let key = Key(topic: topic, partition: partition, producerId: gap.producerId, producerEpoch: producerEpoch)
        return refusals.withLock { refusals -> Refusal? in
            guard let kept = refusals[key] else { return nil }
            let live = kept.filter { now - $0.at < Self.lifetime }
            refusals[key] = live.isEmpty ? nil : live
            return live.last { $0.firstSequence == gap.expected }
        }
    }

    /// Producers and partitions with a refusal remembered.
    var count: Int { refusals.withLock { $0.count } }
}
