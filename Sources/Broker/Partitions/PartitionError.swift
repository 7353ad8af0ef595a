import KafkaLog
import KafkaWire

/// Why a partition refused a request, as the Kafka error code the client expects.
struct PartitionError: Error, Sendable, CustomStringConvertible {
    var code: ErrorCode
    var message: String
    /// Set with OUT_OF_ORDER_SEQUENCE_NUMBER and UNKNOWN_PRODUCER_ID: whose sequence the log expected next.
    var sequenceGap: SequenceGap?

    init(_ code: ErrorCode, _ message: String, sequenceGap: SequenceGap? = nil) {
        self.code = code
        self.message = message
        self.sequenceGap = sequenceGap
    }

    var description: String { "\(code.name): \(message)" }
}

/// An idempotent producer's batch did not continue its sequence: the log expected `expected` next.
struct SequenceGap: Sendable, Equatable {
    var producerId: Int64
    var expected: Int32
    var received: Int32
    /// Where the producer's last batch in the log ends (-1: none), and where this leader's epoch began: a last batch
    /// below the epoch start means the producer's batches after it went to the previous leader.
    var producerLastOffset: Int64 = -1
    var epochStartOffset: Int64 = -1
}

extension SequenceGap {
    /// The gap an append error reports, if it is one.
    init?(_ error: LogAppendError) {
        switch error {
        case .outOfOrderSequence(let producerId, let expected, let received):
            self.init(producerId: producerId, expected: expected, received: received)
        case .unknownProducerId(let producerId, let sequence):
            // A producer the log does not know must start at sequence 0.
            self.init(producerId: producerId, expected: 0, received: sequence)
        default:
            return nil
        }
    }
}
