import NIOCore

/// The answer to a Produce request, versions 0-8.
public struct ProduceResponse: KafkaMessage, Equatable {
    /// A per-batch error inside a partition (v8+).
    public struct BatchIndexAndErrorMessage: KafkaMessage, Equatable {
        public var batchIndex: Int32
        public var batchIndexErrorMessage: String?

        public init(batchIndex: Int32 = 0, batchIndexErrorMessage: String? = nil) {
            self.batchIndex = batchIndex
            self.batchIndexErrorMessage = batchIndexErrorMessage
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            batchIndex = try reader.readInt32()
            batchIndexErrorMessage = try reader.readNullableString()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(batchIndex)
            buffer.writeKafkaNullableString(batchIndexErrorMessage)
        }
    }

    public struct PartitionProduceResponse: KafkaMessage, Equatable {
        public var index: Int32
        public var errorCode: ErrorCode
        public var baseOffset: Int64
        public var logAppendTimeMs: Int64
        public var logStartOffset: Int64
        public var recordErrors: [BatchIndexAndErrorMessage]
        public var errorMessage: String?

        public init(index: Int32 = 0, errorCode: ErrorCode = .none, baseOffset: Int64 = 0,
                    logAppendTimeMs: Int64 = -1, logStartOffset: Int64 = -1,
                    recordErrors: [BatchIndexAndErrorMessage] = [], errorMessage: String? = nil) {
            self.index = index
            self.errorCode = errorCode
            self.baseOffset = baseOffset
            self.logAppendTimeMs = logAppendTimeMs
            self.logStartOffset = logStartOffset
            self.recordErrors = recordErrors
            self.errorMessage = errorMessage
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            index = try reader.readInt32()
            errorCode = ErrorCode(try reader.readInt16())
            baseOffset = try reader.readInt64()
            if version >= 2 { logAppendTimeMs = try reader.readInt64() }
            if version >= 5 { logStartOffset = try reader.readInt64() }
            if version >= 8 {
                recordErrors = try reader.readArray(of: BatchIndexAndErrorMessage.self, version: version)
                errorMessage = try reader.readNullableString()
            }
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(index)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(baseOffset)
            if version >= 2 { buffer.writeInteger(logAppendTimeMs) }
            if version >= 5 { buffer.writeInteger(logStartOffset) }
            if version >= 8 {
                buffer.writeKafkaArray(recordErrors, version: version)
                buffer.writeKafkaNullableString(errorMessage)
            }
        }
    }

    public struct TopicProduceResponse: KafkaMessage, Equatable {
        public var name: String
        public var partitionResponses: [PartitionProduceResponse]

        public init(name: String = "", partitionResponses: [PartitionProduceResponse] = []) {
            self.name = name
            self.partitionResponses = partitionResponses
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitionResponses = try reader.readArray(of: PartitionProduceResponse.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaArray(partitionResponses, version: version)
        }
    }

    public var responses: [TopicProduceResponse]
    public var throttleTimeMs: Int32

    public init(responses: [TopicProduceResponse] = [], throttleTimeMs: Int32 = 0) {
        self.responses = responses
        self.throttleTimeMs = throttleTimeMs
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        responses = try reader.readArray(of: TopicProduceResponse.self, version: version)
        throttleTimeMs = version >= 1 ? try reader.readInt32() : 0
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaArray(responses, version: version)
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
    }
}
