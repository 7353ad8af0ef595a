import NIOCore

/// OffsetForLeaderEpoch (key 23), versions 0-3: the end offset of a leader epoch, for log truncation.
public struct OffsetForLeaderEpochRequest: KafkaRequest, Equatable {
    public typealias Response = OffsetForLeaderEpochResponse
    public static let apiKey = APIKey.offsetForLeaderEpoch
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public struct OffsetForLeaderPartition: KafkaMessage, Equatable {
        public var partition: Int32
        public var currentLeaderEpoch: Int32
        public var leaderEpoch: Int32

        public init(partition: Int32 = 0, currentLeaderEpoch: Int32 = -1, leaderEpoch: Int32 = 0) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.leaderEpoch = leaderEpoch
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            partition = try reader.readInt32()
            currentLeaderEpoch = version >= 2 ? try reader.readInt32() : -1
            leaderEpoch = try reader.readInt32()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partition)
            if version >= 2 { buffer.writeInteger(currentLeaderEpoch) }
            buffer.writeInteger(leaderEpoch)
        }
    }

    public struct OffsetForLeaderTopic: KafkaMessage, Equatable {
        public var topic: String
        public var partitions: [OffsetForLeaderPartition]

        public init(topic: String = "", partitions: [OffsetForLeaderPartition] = []) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            topic = try reader.readString()
            partitions = try reader.readArray(of: OffsetForLeaderPartition.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(topic)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    /// v3+. -1 = a consumer, -2 (the default) = a debugging client; a broker id = a follower.
    public var replicaId: Int32
    public var topics: [OffsetForLeaderTopic]

    public init(replicaId: Int32 = -2, topics: [OffsetForLeaderTopic] = []) {
        self.replicaId = replicaId
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        replicaId = version >= 3 ? try reader.readInt32() : -2
        topics = try reader.readArray(of: OffsetForLeaderTopic.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 { buffer.writeInteger(replicaId) }
        buffer.writeKafkaArray(topics, version: version)
    }
}

public struct OffsetForLeaderEpochResponse: KafkaMessage, Equatable {
    public struct EpochEndOffset: KafkaMessage, Equatable {
        public var errorCode: ErrorCode
        public var partition: Int32
        public var leaderEpoch: Int32
        public var endOffset: Int64

        public init(errorCode: ErrorCode = .none, partition: Int32 = 0, leaderEpoch: Int32 = -1,
                    endOffset: Int64 = -1) {
            self.errorCode = errorCode
            self.partition = partition
            self.leaderEpoch = leaderEpoch
            self.endOffset = endOffset
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            errorCode = ErrorCode(try reader.readInt16())
            partition = try reader.readInt32()
            leaderEpoch = version >= 1 ? try reader.readInt32() : -1
            endOffset = try reader.readInt64()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(partition)
            if version >= 1 { buffer.writeInteger(leaderEpoch) }
            buffer.writeInteger(endOffset)
        }
    }

    public struct OffsetForLeaderTopicResult: KafkaMessage, Equatable {
        public var topic: String
        public var partitions: [EpochEndOffset]

        public init(topic: String = "", partitions: [EpochEndOffset] = []) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            topic = try reader.readString()
            partitions = try reader.readArray(of: EpochEndOffset.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(topic)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    public var throttleTimeMs: Int32
    public var topics: [OffsetForLeaderTopicResult]

    public init(throttleTimeMs: Int32 = 0, topics: [OffsetForLeaderTopicResult] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = version >= 2 ? try reader.readInt32() : 0
        topics = try reader.readArray(of: OffsetForLeaderTopicResult.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 2 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(topics, version: version)
    }
}
