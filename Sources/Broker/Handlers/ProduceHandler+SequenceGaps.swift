import KafkaWire
import NIOCore

extension RequestHandlers {
    /// Refusals that leave a batch unwritten and that the producer retries: the batches it pipelined behind such a
    /// batch must not be answered with a sequence gap (see `RefusedProduceBatches`).
    static let retriableRefusals: Set<ErrorCode> = [
        .notLeaderOrFollower, .leaderNotAvailable, .notEnoughReplicas, .unknownTopicOrPartition, .kafkaStorageError,
    ]

    /// The error a partition's produce answers with: a retriable refusal is remembered; a sequence gap that an
    /// earlier refusal made gets that refusal's error instead of OUT_OF_ORDER_SEQUENCE_NUMBER (or, for a producer
    /// whose first batch was refused, UNKNOWN_PRODUCER_ID).
    func answer(
        _ error: PartitionError, topic: String, partition: Int32, records: ByteBuffer
    ) -> (ErrorCode, String) {
        let now = ContinuousClock.now
        if Self.retriableRefusals.contains(error.code) {
            noteRefusal(topic: topic, partition: partition, records: records, code: error.code, now: now)
            return (error.code, error.message)
        }
        guard let gap = error.sequenceGap else { return (error.code, error.message) }
        let epoch = RefusedProduceBatches.producer(of: records)?.producerEpoch ?? -1
        if let refusal = broker.refusedBatches.refusal(
            causing: gap, topic: topic, partition: partition, producerEpoch: epoch, now: now)
        {
            let why = "sequence \(gap.received) follows \(gap.expected), which was refused (\(refusal.code.name)): resend it first"
            broker.logger.info("\(topic)-\(partition): producer \(gap.producerId) epoch \(epoch): \(why)")
            return (refusal.code, why)
        }
        broker.logger.warning(
            "\(topic)-\(partition): producer \(gap.producerId) epoch \(epoch) answered \(error.code.name): expected \(gap.expected), received \(gap.received); its last batch ends at offset \(gap.producerLastOffset), this leader's epoch began at \(gap.epochStartOffset)")
        return (error.code, error.message)
    }

    /// Remembers a refused idempotent batch; the first of a run of refusals (per producer and partition) is logged,
    /// so that a later sequence gap can be traced to where its batch went.
    func noteRefusal(topic: String, partition: Int32, records: ByteBuffer, code: ErrorCode, now: ContinuousClock.Instant) {
        guard let producer = broker.refusedBatches.record(
            topic: topic, partition: partition, records: records, code: code, now: now)
        else { return }
        broker.logger.info(
            "\(topic)-\(partition): refused producer \(producer.producerId) epoch \(producer.producerEpoch) sequence \(producer.firstSequence) unwritten: \(code.name)")
    }
}
