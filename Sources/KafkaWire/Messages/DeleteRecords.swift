import NIOCore

/// DeleteRecords (key 21), versions 0-1: moves a partition's log start offset forward.
public struct DeleteRecordsRequest: KafkaRequest, Equatable {
    public typealias Response = DeleteRecordsResponse
    public static let apiKey = APIKey.deleteRecords
    public static let supportedVersions: ClosedRange<Int16> = 0...1

    public struct DeleteRecordsPartition: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        /// Delete records before this offset; -1 = up to the high watermark.
        public var offset: Int64

        public init(partitionIndex: Int32 = 0, offset: Int64 = 0) {
            self.partitionIndex = partitionIndex
            self.offset = offset
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            partitionIndex = try reader.readInt32()
            offset = try reader.readInt64()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(offset)
        }
    }

    public struct DeleteRecordsTopic: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [DeleteRecordsPartition]

        public init(name: String = "", partitions: [DeleteRecordsPartition] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitions = try reader.readArray(of: DeleteRecordsPartition.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    public var topics: [DeleteRecordsTopic]
    public var timeoutMs: Int32

    public init(topics: [DeleteRecordsTopic] = [], timeoutMs: Int32 = 30_000) {
        self.topics = topics
        self.timeoutMs = timeoutMs
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        topics = try reader.readArray(of: DeleteRecordsTopic.self, version: version)
        timeoutMs = try reader.readInt32()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaArray(topics, version: version)
        buffer.writeInteger(timeoutMs)
    }
}

public struct DeleteRecordsResponse: KafkaMessage, Equatable {
    public struct DeleteRecordsPartitionResult: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        public var lowWatermark: Int64
        public var errorCode: ErrorCode

        public init(partitionIndex: Int32 = 0, lowWatermark: Int64 = -1, errorCode: ErrorCode = .none) {
            self.partitionIndex = partitionIndex
            self.lowWatermark = lowWatermark
            self.errorCode = errorCode
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            partitionIndex = try reader.readInt32()
            lowWatermark = try reader.readInt64()
            errorCode = ErrorCode(try reader.readInt16())
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(lowWatermark)
            buffer.writeInteger(errorCode.rawValue)
        }
    }

    public struct DeleteRecordsTopicResult: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [DeleteRecordsPartitionResult]

        public init(name: String = "", partitions: [DeleteRecordsPartitionResult] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitions = try reader.readArray(of: DeleteRecordsPartitionResult.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    public var throttleTimeMs: Int32
    public var topics: [DeleteRecordsTopicResult]

    public init(throttleTimeMs: Int32 = 0, topics: [DeleteRecordsTopicResult] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = try reader.readInt32()
        topics = try reader.readArray(of: DeleteRecordsTopicResult.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(topics, version: version)
    }
}
