/// Why an append was refused. Each case maps to one Kafka error code (`kafkaErrorCode`).
public enum LogAppendError: Error, Sendable, Equatable {
    /// Framing, magic, length or CRC is wrong, or the buffer is empty (CORRUPT_MESSAGE, 2).
    case corruptMessage(String)
    /// A batch is larger than `maxMessageBytes` (MESSAGE_TOO_LARGE, 10).
    case messageTooLarge(size: Int, max: Int)
    /// Records inside an uncompressed batch are malformed, or a client sent a control batch (INVALID_RECORD, 87).
    case invalidRecord(String)
    /// Idempotence: a gap or a repeat that is not a cached batch (OUT_OF_ORDER_SEQUENCE_NUMBER, 45).
    case outOfOrderSequence(producerId: Int64, expected: Int32, received: Int32)
    /// Idempotence: the producer's epoch is older than the one we know (INVALID_PRODUCER_EPOCH, 47).
    case invalidProducerEpoch(producerId: Int64, current: Int16, received: Int16)
    /// Idempotence: a producer we know nothing of starts at a nonzero sequence (UNKNOWN_PRODUCER_ID, 59).
    case unknownProducerId(producerId: Int64, sequence: Int32)
    /// Follower append: batch offsets do not continue the log (UNKNOWN_SERVER_ERROR, -1; the fetcher truncates).
    case offsetsOutOfOrder(expectedAtLeast: Int64, received: Int64)
    /// The disk failed us (KAFKA_STORAGE_ERROR, 56).
    case kafkaStorageError(String)

    public var kafkaErrorCode: Int16 {
        switch self {
        case .corruptMessage: 2
        case .messageTooLarge: 10
        case .invalidRecord: 87
        case .outOfOrderSequence: 45
        case .invalidProducerEpoch: 47
        case .unknownProducerId: 59
        case .offsetsOutOfOrder: -1
        case .kafkaStorageError: 56
        }
    }
}

/// Why a read was refused.
public enum LogReadError: Error, Sendable, Equatable {
    /// Below the log start or beyond the log end (OFFSET_OUT_OF_RANGE, 1).
    case offsetOutOfRange(requested: Int64, logStartOffset: Int64, logEndOffset: Int64)
    /// The disk failed us (KAFKA_STORAGE_ERROR, 56).
    case kafkaStorageError(String)

    public var kafkaErrorCode: Int16 {
        switch self {
        case .offsetOutOfRange: 1
        case .kafkaStorageError: 56
        }
    }
}

/// Failures of maintenance operations (open, truncate, deleteRecords, retention, close).
public enum LogError: Error, Sendable, Equatable {
    /// deleteRecords beyond the high watermark (OFFSET_OUT_OF_RANGE, 1).
    case offsetOutOfRange(requested: Int64, limit: Int64)
    case kafkaStorageError(String)
    /// The log was closed; no more operations.
    case closed

    public var kafkaErrorCode: Int16 {
        switch self {
        case .offsetOutOfRange: 1
        case .kafkaStorageError, .closed: 56
        }
    }
}
