/// Compression codec in bits 0-2 of the batch attributes.
public enum RecordBatchCompression: Int16, Sendable, Equatable {
    case none = 0
    case gzip = 1
    case snappy = 2
    case lz4 = 3
    case zstd = 4
}

/// Whether a batch's timestamps come from the producer or from the broker on append (attribute bit 3).
public enum RecordBatchTimestampType: Sendable, Equatable {
    case createTime
    case logAppendTime
}

/// The 16-bit attributes field of a RecordBatch v2 header.
public struct RecordBatchAttributes: Sendable, Equatable {
    public var rawValue: Int16

    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    public init(
        compression: RecordBatchCompression = .none,
        timestampType: RecordBatchTimestampType = .createTime,
        isTransactional: Bool = false,
        isControl: Bool = false
    ) {
        var raw = compression.rawValue
        if timestampType == .logAppendTime { raw |= Self.logAppendTimeBit }
        if isTransactional { raw |= Self.transactionalBit }
        if isControl { raw |= Self.controlBit }
        self.rawValue = raw
    }

    static let compressionMask: Int16 = 0x07
    static let logAppendTimeBit: Int16 = 0x08
    static let transactionalBit: Int16 = 0x10
    static let controlBit: Int16 = 0x20

    /// The codec; nil for the unassigned codes 5-7 (such a batch is rejected by validation).
    public var compression: RecordBatchCompression? {
        RecordBatchCompression(rawValue: self.rawValue & Self.compressionMask)
    }

    public var timestampType: RecordBatchTimestampType {
        (self.rawValue & Self.logAppendTimeBit) != 0 ? .logAppendTime : .createTime
    }

    public var isTransactional: Bool { (self.rawValue & Self.transactionalBit) != 0 }
    public var isControl: Bool { (self.rawValue & Self.controlBit) != 0 }
}
