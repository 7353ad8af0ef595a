import NIOCore

/// The answer to a Fetch request, versions 0-11. `records` are untouched slices.
public struct FetchResponse: RecordCarryingMessage, Equatable {
    public struct AbortedTransaction: KafkaMessage, Equatable {
        public var producerId: Int64
        public var firstOffset: Int64

        public init(producerId: Int64 = 0, firstOffset: Int64 = 0) {
            self.producerId = producerId
            self.firstOffset = firstOffset
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            producerId = try reader.readInt64()
            firstOffset = try reader.readInt64()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(producerId)
            buffer.writeInteger(firstOffset)
        }
    }

    public struct PartitionData: RecordCarryingMessage, Equatable {
        public var partitionIndex: Int32
        public var errorCode: ErrorCode
        public var highWatermark: Int64
        public var lastStableOffset: Int64
        public var logStartOffset: Int64
        /// v4+, nullable; nil means "none" (Kafka sends null when not reading committed).
        public var abortedTransactions: [AbortedTransaction]?
        public var preferredReadReplica: Int32
        public var records: ByteBuffer?
        /// The records as a set still in a log file (sent with `sendfile`); when set, it is what `records` would
        /// hold and `records` is ignored. Never set by decoding.
        public var recordsInFile: RecordsInFile?

        public init(partitionIndex: Int32 = 0, errorCode: ErrorCode = .none, highWatermark: Int64 = 0,
                    lastStableOffset: Int64 = -1, logStartOffset: Int64 = -1,
                    abortedTransactions: [AbortedTransaction]? = nil, preferredReadReplica: Int32 = -1,
                    records: ByteBuffer? = nil) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset
            self.logStartOffset = logStartOffset
            self.abortedTransactions = abortedTransactions
            self.preferredReadReplica = preferredReadReplica
            self.records = records
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            partitionIndex = try reader.readInt32()
            errorCode = ErrorCode(try reader.readInt16())
            highWatermark = try reader.readInt64()
            if version >= 4 { lastStableOffset = try reader.readInt64() }
            if version >= 5 { logStartOffset = try reader.readInt64() }
            if version >= 4 {
                abortedTransactions = try reader.readNullableArray(of: AbortedTransaction.self, version: version)
            }
            if version >= 11 { preferredReadReplica = try reader.readInt32() }
            records = try reader.readNullableBytes()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16, splicing splices: inout RecordSplices) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(highWatermark)
            if version >= 4 { buffer.writeInteger(lastStableOffset) }
            if version >= 5 { buffer.writeInteger(logStartOffset) }
            if version >= 4 { buffer.writeKafkaNullableArray(abortedTransactions, version: version) }
            if version >= 11 { buffer.writeInteger(preferredReadReplica) }
            if let recordsInFile {
                splices.writeRecords(recordsInFile, into: &buffer)
            } else {
                splices.writeRecords(records, into: &buffer)
            }
        }
    }

    public struct FetchableTopicResponse: RecordCarryingMessage, Equatable {
        public var topic: String
        public var partitions: [PartitionData]

        public init(topic: String = "", partitions: [PartitionData] = []) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            topic = try reader.readString()
            partitions = try reader.readArray(of: PartitionData.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16, splicing splices: inout RecordSplices) {
            buffer.writeKafkaString(topic)
            buffer.writeKafkaArray(partitions) { buffer, partition in
                partition.encode(into: &buffer, version: version, splicing: &splices)
            }
        }
    }

    public var throttleTimeMs: Int32
    public var errorCode: ErrorCode
    public var sessionId: Int32
    public var responses: [FetchableTopicResponse]

    public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, sessionId: Int32 = 0,
                responses: [FetchableTopicResponse] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.sessionId = sessionId
        self.responses = responses
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        if version >= 1 { throttleTimeMs = try reader.readInt32() }
        if version >= 7 {
            errorCode = ErrorCode(try reader.readInt16())
            sessionId = try reader.readInt32()
        }
        responses = try reader.readArray(of: FetchableTopicResponse.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16, splicing splices: inout RecordSplices) {
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        if version >= 7 {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(sessionId)
        }
        buffer.writeKafkaArray(responses) { buffer, topic in
            topic.encode(into: &buffer, version: version, splicing: &splices)
        }
    }
}
