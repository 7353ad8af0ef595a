import KafkaWire

/// Sequence range and offsets of one batch an idempotent producer wrote.
struct ProducerBatchMetadata: Equatable {
    var firstSequence: Int32
    var lastSequence: Int32
    var firstOffset: Int64
    var lastOffset: Int64
}

/// What the log remembers of one producer id: its epoch and its last few batches.
struct ProducerEntry: Equatable {
    /// Kafka keeps five: a producer has at most five requests in flight per partition.
    static let retainedBatches = 5

    var epoch: Int16
    var batches: [ProducerBatchMetadata]

    mutating func add(_ batch: ProducerBatchMetadata) {
        self.batches.append(batch)
        if self.batches.count > Self.retainedBatches {
            self.batches.removeFirst(self.batches.count - Self.retainedBatches)
        }
    }
}

/// Outcome of checking one batch against producer state.
enum ProducerCheck: Equatable {
    /// Not an idempotent batch: nothing to check or record.
    case notIdempotent
    /// A new batch; `entry` is the producer's state once it is written.
    case accept(producerId: Int64, entry: ProducerEntry)
    /// A resend of a batch already in the log.
    case duplicate(ProducerBatchMetadata)
}

/// Idempotent-producer rules (as Kafka's ProducerStateManager applies them on the leader), as pure functions.
enum ProducerSequenceRules {
    /// Checks a batch whose offsets were already assigned (`header.baseOffset` is its log offset).
    static func check(
        _ header: RecordBatchHeader,
        against entry: ProducerEntry?
    ) throws(LogAppendError)
        -> ProducerCheck
    {
        guard header.producerId >= 0, header.baseSequence >= 0 else { return .notIdempotent }
        let batch = Self.metadata(of: header)
        let producerId = header.producerId
        guard var entry else {
            // Kafka answers UNKNOWN_PRODUCER_ID here: the producer's state is gone (or never existed) and
            // the client may reset its sequence (KIP-360) rather than fail fatally.
            guard batch.firstSequence == 0 else {
                throw .unknownProducerId(producerId: producerId, sequence: batch.firstSequence)
            }
            return .accept(producerId: producerId, entry: ProducerEntry(epoch: header.producerEpoch, batches: [batch]))
        }
        if header.producerEpoch < entry.epoch {
            throw .invalidProducerEpoch(producerId: producerId, current: entry.epoch, received: header.producerEpoch)
        }
        if header.producerEpoch > entry.epoch {
            guard batch.firstSequence == 0 else {
                throw .outOfOrderSequence(producerId: producerId, expected: 0, received: batch.firstSequence)
            }
            return .accept(producerId: producerId, entry: ProducerEntry(epoch: header.producerEpoch, batches: [batch]))
        }
        if let cached = entry.batches.first(where: {
            $0.firstSequence == batch.firstSequence && $0.lastSequence == batch.lastSequence
        }) {
            return .duplicate(cached)
        }
        let expected = entry.batches.last.map { RecordBatchHeader.incrementSequence($0.lastSequence, by: 1) } ?? 0
        guard batch.firstSequence == expected else {
            throw .outOfOrderSequence(producerId: producerId, expected: expected, received: batch.firstSequence)
        }
        entry.add(batch)
        return .accept(producerId: producerId, entry: entry)
    }

    /// Replays a batch already in the log (recovery, follower appends): no checks, last writer wins.
    static func replay(_ header: RecordBatchHeader, into producers: inout [Int64: ProducerEntry]) {
        guard header.producerId >= 0, header.baseSequence >= 0 else { return }
        let batch = Self.metadata(of: header)
        if var entry = producers[header.producerId], entry.epoch == header.producerEpoch {
            entry.add(batch)
            producers[header.producerId] = entry
        } else if (producers[header.producerId]?.epoch ?? Int16.min) <= header.producerEpoch {
            producers[header.producerId] = ProducerEntry(epoch: header.producerEpoch, batches: [batch])
        }
    }

    static func metadata(of header: RecordBatchHeader) -> ProducerBatchMetadata {
        ProducerBatchMetadata(
            firstSequence: header.baseSequence,
            lastSequence: header.lastSequence,
            firstOffset: header.baseOffset,
            lastOffset: header.lastOffset
        )
    }
}
