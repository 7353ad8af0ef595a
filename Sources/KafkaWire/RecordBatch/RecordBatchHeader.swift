import NIOCore

/// The 61-byte header of a RecordBatch v2 (magic 2). Parsing does not check the CRC: see `validate`.
public struct RecordBatchHeader: Sendable, Equatable {
    /// Header size in bytes; also the size of a batch with no record bytes.
    public static let size = 61

    public var baseOffset: Int64
    /// Bytes after the Length field; the whole batch is `length + 12` bytes.
    public var length: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: RecordBatchAttributes
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    /// -1 when the producer is not idempotent.
    public var producerId: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordsCount: Int32

    /// Whole batch size in bytes, including BaseOffset and Length.
    public var totalSize: Int { Int(self.length) + RecordBatchLayout.logOverhead }
    /// BaseOffset is outside the CRC and may be hostile: wrapping arithmetic never traps, and callers that
    /// store offsets check `hasSaneOffsets` first.
    public var lastOffset: Int64 { self.baseOffset &+ Int64(self.lastOffsetDelta) }
    /// Offset just after this batch.
    public var nextOffset: Int64 { self.lastOffset &+ 1 }

    /// BaseOffset >= 0, LastOffsetDelta >= 0, and the offset after the batch representable.
    public var hasSaneOffsets: Bool {
        self.baseOffset >= 0 && self.lastOffsetDelta >= 0
            && self.baseOffset < Int64.max - Int64(self.lastOffsetDelta)
    }
    public var compression: RecordBatchCompression? { self.attributes.compression }
    public var timestampType: RecordBatchTimestampType { self.attributes.timestampType }
    public var isTransactional: Bool { self.attributes.isTransactional }
    public var isControl: Bool { self.attributes.isControl }
    public var hasProducerId: Bool { self.producerId >= 0 }

    /// Last sequence number covered by the batch, wrapping at Int32.max as Kafka does.
    public var lastSequence: Int32 {
        RecordBatchHeader.incrementSequence(self.baseSequence, by: self.lastOffsetDelta)
    }

    /// `sequence + increment`, wrapping from Int32.max to 0.
    public static func incrementSequence(_ sequence: Int32, by increment: Int32) -> Int32 {
        let sum = Int64(sequence) + Int64(increment)
        return Int32(truncatingIfNeeded: sum > Int64(Int32.max) ? sum - Int64(Int32.max) - 1 : sum)
    }

    public init(
        baseOffset: Int64,
        length: Int32,
        partitionLeaderEpoch: Int32,
        magic: Int8,
        crc: UInt32,
        attributes: RecordBatchAttributes,
        lastOffsetDelta: Int32,
        baseTimestamp: Int64,
        maxTimestamp: Int64,
        producerId: Int64,
        producerEpoch: Int16,
        baseSequence: Int32,
        recordsCount: Int32
    ) {
        self.baseOffset = baseOffset
        self.length = length
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.magic = magic
        self.crc = crc
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordsCount = recordsCount
    }

    /// Parses the header at absolute `index` of `buffer`. Checks only that 61 bytes are there and magic is 2.
    public init(parsing buffer: ByteBuffer, at index: Int) throws(RecordBatchError) {
        let available = buffer.writerIndex - index
        guard index >= buffer.readerIndex, available >= Self.size else {
            throw .truncated(needed: Self.size, available: max(0, available))
        }
        // Magic first: a v0/v1 message set has a different layout after byte 16.
        let magic = buffer.getInteger(at: index + RecordBatchLayout.magic, as: Int8.self) ?? -1
        guard magic == 2 else { throw .unsupportedMagic(magic) }
        func int<T: FixedWidthInteger>(_ field: Int, _ type: T.Type) -> T {
            buffer.getInteger(at: index + field, as: T.self) ?? 0
        }
        self.init(
            baseOffset: int(RecordBatchLayout.baseOffset, Int64.self),
            length: int(RecordBatchLayout.length, Int32.self),
            partitionLeaderEpoch: int(RecordBatchLayout.partitionLeaderEpoch, Int32.self),
            magic: magic,
            crc: int(RecordBatchLayout.crc, UInt32.self),
            attributes: RecordBatchAttributes(rawValue: int(RecordBatchLayout.attributes, Int16.self)),
            lastOffsetDelta: int(RecordBatchLayout.lastOffsetDelta, Int32.self),
            baseTimestamp: int(RecordBatchLayout.baseTimestamp, Int64.self),
            maxTimestamp: int(RecordBatchLayout.maxTimestamp, Int64.self),
            producerId: int(RecordBatchLayout.producerId, Int64.self),
            producerEpoch: int(RecordBatchLayout.producerEpoch, Int16.self),
            baseSequence: int(RecordBatchLayout.baseSequence, Int32.self),
            recordsCount: int(RecordBatchLayout.recordsCount, Int32.self)
        )
    }

    /// Reads only BaseOffset and Length (12 bytes): enough to step over a batch. Nil if fewer bytes remain.
    public static func peekOffsetAndLength(_ buffer: ByteBuffer, at index: Int) -> (baseOffset: Int64, length: Int32)? {
        guard let offset = buffer.getInteger(at: index, as: Int64.self),
            let length = buffer.getInteger(at: index + RecordBatchLayout.length, as: Int32.self)
        else { return nil }
        return (offset, length)
    }
}
