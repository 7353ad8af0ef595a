import NIOCore

/// ListOffsets (key 2), versions 0-5. Timestamp -1 = latest, -2 = earliest.
public struct ListOffsetsRequest: KafkaRequest, Equatable {
    public typealias Response = ListOffsetsResponse
    public static let apiKey = APIKey.listOffsets
    public static let supportedVersions: ClosedRange<Int16> = 0...5

    public struct ListOffsetsPartition: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        public var currentLeaderEpoch: Int32
        public var timestamp: Int64
        /// v0 only.
        public var maxNumOffsets: Int32

        public init(partitionIndex: Int32 = 0, currentLeaderEpoch: Int32 = -1, timestamp: Int64 = -1,
                    maxNumOffsets: Int32 = 1) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
            self.maxNumOffsets = maxNumOffsets
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            partitionIndex = try reader.readInt32()
            if version >= 4 { currentLeaderEpoch = try reader.readInt32() }
            timestamp = try reader.readInt64()
            if version == 0 { maxNumOffsets = try reader.readInt32() }
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            if version >= 4 { buffer.writeInteger(currentLeaderEpoch) }
            buffer.writeInteger(timestamp)
            if version == 0 { buffer.writeInteger(maxNumOffsets) }
        }
    }

    public struct ListOffsetsTopic: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [ListOffsetsPartition]

        public init(name: String = "", partitions: [ListOffsetsPartition] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitions = try reader.readArray(of: ListOffsetsPartition.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    public var replicaId: Int32
    public var isolationLevel: Int8
    public var topics: [ListOffsetsTopic]

    public init(replicaId: Int32 = -1, isolationLevel: Int8 = 0, topics: [ListOffsetsTopic] = []) {
        self.replicaId = replicaId
        self.isolationLevel = isolationLevel
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        replicaId = try reader.readInt32()
        isolationLevel = version >= 2 ? try reader.readInt8() : 0
        topics = try reader.readArray(of: ListOffsetsTopic.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(replicaId)
        if version >= 2 { buffer.writeInteger(isolationLevel) }
        buffer.writeKafkaArray(topics, version: version)
    }
}

public struct ListOffsetsResponse: KafkaMessage, Equatable {
    public struct ListOffsetsPartitionResponse: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        public var errorCode: ErrorCode
        /// v0 only: the offsets found, newest first.
        public var oldStyleOffsets: [Int64]
        public var timestamp: Int64
        public var offset: Int64
        public var leaderEpoch: Int32

        public init(partitionIndex: Int32 = 0, errorCode: ErrorCode = .none, oldStyleOffsets: [Int64] = [],
                    timestamp: Int64 = -1, offset: Int64 = -1, leaderEpoch: Int32 = -1) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.oldStyleOffsets = oldStyleOffsets
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            partitionIndex = try reader.readInt32()
            errorCode = ErrorCode(try reader.readInt16())
            if version == 0 { oldStyleOffsets = try reader.readInt64Array() }
            if version >= 1 {
                timestamp = try reader.readInt64()
                offset = try reader.readInt64()
            }
            if version >= 4 { leaderEpoch = try reader.readInt32() }
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(errorCode.rawValue)
            if version == 0 { buffer.writeInt64Array(oldStyleOffsets) }
            if version >= 1 {
                buffer.writeInteger(timestamp)
                buffer.writeInteger(offset)
            }
            if version >= 4 { buffer.writeInteger(leaderEpoch) }
        }
    }

    public struct ListOffsetsTopicResponse: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [ListOffsetsPartitionResponse]

        public init(name: String = "", partitions: [ListOffsetsPartitionResponse] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitions = try reader.readArray(of: ListOffsetsPartitionResponse.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    public var throttleTimeMs: Int32
    public var topics: [ListOffsetsTopicResponse]

    public init(throttleTimeMs: Int32 = 0, topics: [ListOffsetsTopicResponse] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = version >= 2 ? try reader.readInt32() : 0
        topics = try reader.readArray(of: ListOffsetsTopicResponse.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 2 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(topics, version: version)
    }
}
