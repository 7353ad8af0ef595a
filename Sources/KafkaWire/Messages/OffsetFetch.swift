import NIOCore

/// OffsetFetch (key 9), versions 0-5. From v2 a null topic list asks for every committed offset.
public struct OffsetFetchRequest: KafkaRequest, Equatable {
    public typealias Response = OffsetFetchResponse
    public static let apiKey = APIKey.offsetFetch
    public static let supportedVersions: ClosedRange<Int16> = 0...5

    public struct OffsetFetchRequestTopic: KafkaMessage, Equatable {
        public var name: String
        public var partitionIndexes: [Int32]

        public init(name: String = "", partitionIndexes: [Int32] = []) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitionIndexes = try reader.readInt32Array()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeInt32Array(partitionIndexes)
        }
    }

    public var groupId: String
    /// nil = all topics (v2+). Encoded below v2, nil is sent as an empty array.
    public var topics: [OffsetFetchRequestTopic]?

    public init(groupId: String = "", topics: [OffsetFetchRequestTopic]? = []) {
        self.groupId = groupId
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        groupId = try reader.readString()
        if version >= 2 {
            topics = try reader.readNullableArray(of: OffsetFetchRequestTopic.self, version: version)
        } else {
            topics = try reader.readArray(of: OffsetFetchRequestTopic.self, version: version)
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(groupId)
        if version >= 2 {
            buffer.writeKafkaNullableArray(topics, version: version)
        } else {
            buffer.writeKafkaArray(topics ?? [], version: version)
        }
    }
}

public struct OffsetFetchResponse: KafkaMessage, Equatable {
    public struct OffsetFetchResponsePartition: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        public var committedOffset: Int64
        public var committedLeaderEpoch: Int32
        public var metadata: String?
        public var errorCode: ErrorCode

        public init(partitionIndex: Int32 = 0, committedOffset: Int64 = -1, committedLeaderEpoch: Int32 = -1,
                    metadata: String? = nil, errorCode: ErrorCode = .none) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            partitionIndex = try reader.readInt32()
            committedOffset = try reader.readInt64()
            if version >= 5 { committedLeaderEpoch = try reader.readInt32() }
            metadata = try reader.readNullableString()
            errorCode = ErrorCode(try reader.readInt16())
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(committedOffset)
            if version >= 5 { buffer.writeInteger(committedLeaderEpoch) }
            buffer.writeKafkaNullableString(metadata)
            buffer.writeInteger(errorCode.rawValue)
        }
    }

    public struct OffsetFetchResponseTopic: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [OffsetFetchResponsePartition]

        public init(name: String = "", partitions: [OffsetFetchResponsePartition] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitions = try reader.readArray(of: OffsetFetchResponsePartition.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    public var throttleTimeMs: Int32
    public var topics: [OffsetFetchResponseTopic]
    /// v2+: a group-level error.
    public var errorCode: ErrorCode

    public init(throttleTimeMs: Int32 = 0, topics: [OffsetFetchResponseTopic] = [], errorCode: ErrorCode = .none) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.errorCode = errorCode
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        if version >= 3 { throttleTimeMs = try reader.readInt32() }
        topics = try reader.readArray(of: OffsetFetchResponseTopic.self, version: version)
        if version >= 2 { errorCode = ErrorCode(try reader.readInt16()) }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(topics, version: version)
        if version >= 2 { buffer.writeInteger(errorCode.rawValue) }
    }
}
