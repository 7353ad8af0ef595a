import NIOCore

/// Builds one valid, uncompressed RecordBatch v2 from records. Offsets are relative (base offset as given,
/// 0 by default: the broker assigns real offsets on append).
public struct RecordBatchBuilder: Sendable {
    public struct Producer: Sendable, Equatable {
        public var id: Int64
        public var epoch: Int16
        public var baseSequence: Int32

        public init(id: Int64, epoch: Int16, baseSequence: Int32) {
            self.id = id
            self.epoch = epoch
            self.baseSequence = baseSequence
        }
    }

    public var baseOffset: Int64
    public var partitionLeaderEpoch: Int32
    public var producer: Producer?
    public var timestampType: RecordBatchTimestampType
    public var isTransactional: Bool
    public var isControl: Bool
    private var records: [(key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader], timestamp: Int64)] = []

    public init(
        baseOffset: Int64 = 0,
        partitionLeaderEpoch: Int32 = -1,
        producer: Producer? = nil,
        timestampType: RecordBatchTimestampType = .createTime,
        isTransactional: Bool = false,
        isControl: Bool = false
    ) {
        self.baseOffset = baseOffset
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.producer = producer
        self.timestampType = timestampType
        self.isTransactional = isTransactional
        self.isControl = isControl
    }

    public var count: Int { self.records.count }
    public var isEmpty: Bool { self.records.isEmpty }

    public mutating func append(key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = [], timestamp: Int64) {
        self.records.append((key, value, headers, timestamp))
    }

    /// Convenience for tests and tools: UTF-8 strings as key and value.
    public mutating func append(key: String?, value: String?, headers: [RecordHeader] = [], timestamp: Int64) {
        self.append(
            key: key.map { ByteBuffer(string: $0) },
            value: value.map { ByteBuffer(string: $0) },
            headers: headers,
            timestamp: timestamp
        )
    }

    /// Encodes the batch. Nil when no record was appended (a batch must hold at least one).
    public func build() -> ByteBuffer? {
        guard let first = self.records.first else { return nil }
        let baseTimestamp = first.timestamp
        let maxTimestamp = self.records.reduce(Int64.min) { max($0, $1.timestamp) }
        var body = ByteBuffer()
        for (index, record) in self.records.enumerated() {
            var encoded = ByteBuffer()
            encoded.writeInteger(Int8(0))
            RecordBatchVarint.write(record.timestamp - baseTimestamp, to: &encoded)
            RecordBatchVarint.write(Int64(index), to: &encoded)
            Self.writeNullable(record.key, to: &encoded)
            Self.writeNullable(record.value, to: &encoded)
            RecordBatchVarint.write(Int64(record.headers.count), to: &encoded)
            for header in record.headers {
                Self.writeNullable(ByteBuffer(string: header.key), to: &encoded)
                Self.writeNullable(header.value, to: &encoded)
            }
            RecordBatchVarint.write(Int64(encoded.readableBytes), to: &body)
            body.writeImmutableBuffer(encoded)
        }
        let attributes = RecordBatchAttributes(
            compression: .none,
            timestampType: self.timestampType,
            isTransactional: self.isTransactional,
            isControl: self.isControl
        )
        var batch = ByteBuffer()
        batch.reserveCapacity(RecordBatchHeader.size + body.readableBytes)
        batch.writeInteger(self.baseOffset)
        batch.writeInteger(Int32(RecordBatchHeader.size - RecordBatchLayout.logOverhead + body.readableBytes))
        batch.writeInteger(self.partitionLeaderEpoch)
        batch.writeInteger(Int8(2))
        batch.writeInteger(UInt32(0))  // CRC, filled below
        batch.writeInteger(attributes.rawValue)
        batch.writeInteger(Int32(self.records.count - 1))
        batch.writeInteger(baseTimestamp)
        batch.writeInteger(maxTimestamp)
        batch.writeInteger(self.producer?.id ?? -1)
        batch.writeInteger(self.producer?.epoch ?? -1)
        batch.writeInteger(self.producer?.baseSequence ?? -1)
        batch.writeInteger(Int32(self.records.count))
        batch.writeImmutableBuffer(body)
        RecordBatchRewriter.recomputeCRC(&batch, at: batch.readerIndex)
        return batch
    }

    private static func writeNullable(_ bytes: ByteBuffer?, to buffer: inout ByteBuffer) {
        guard let bytes else {
            RecordBatchVarint.write(-1, to: &buffer)
            return
        }
        RecordBatchVarint.write(Int64(bytes.readableBytes), to: &buffer)
        buffer.writeImmutableBuffer(bytes)
    }
}
