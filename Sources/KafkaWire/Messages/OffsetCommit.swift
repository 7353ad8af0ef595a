import NIOCore

/// OffsetCommit (key 8), versions 0-7.
public struct OffsetCommitRequest: KafkaRequest, Equatable {
    public typealias Response = OffsetCommitResponse
    public static let apiKey = APIKey.offsetCommit
    public static let supportedVersions: ClosedRange<Int16> = 0...7

    public struct OffsetCommitRequestPartition: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        public var committedOffset: Int64
        public var committedLeaderEpoch: Int32
        /// v1 only.
        public var commitTimestamp: Int64
        public var committedMetadata: String?

        public init(partitionIndex: Int32 = 0, committedOffset: Int64 = 0, committedLeaderEpoch: Int32 = -1,
                    commitTimestamp: Int64 = -1, committedMetadata: String? = nil) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.commitTimestamp = commitTimestamp
            self.committedMetadata = committedMetadata
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            partitionIndex = try reader.readInt32()
            committedOffset = try reader.readInt64()
            if version >= 6 { committedLeaderEpoch = try reader.readInt32() }
            if version == 1 { commitTimestamp = try reader.readInt64() }
            committedMetadata = try reader.readNullableString()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(committedOffset)
            if version >= 6 { buffer.writeInteger(committedLeaderEpoch) }
            if version == 1 { buffer.writeInteger(commitTimestamp) }
            buffer.writeKafkaNullableString(committedMetadata)
        }
    }

    public struct OffsetCommitRequestTopic: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [OffsetCommitRequestPartition]

        public init(name: String = "", partitions: [OffsetCommitRequestPartition] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitions = try reader.readArray(of: OffsetCommitRequestPartition.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    public var groupId: String
    public var generationIdOrMemberEpoch: Int32
    public var memberId: String
    public var groupInstanceId: String?
    /// v2-4 only.
    public var retentionTimeMs: Int64
    public var topics: [OffsetCommitRequestTopic]

    public init(groupId: String = "", generationIdOrMemberEpoch: Int32 = -1, memberId: String = "",
                groupInstanceId: String? = nil, retentionTimeMs: Int64 = -1, topics: [OffsetCommitRequestTopic] = []) {
        self.groupId = groupId
        self.generationIdOrMemberEpoch = generationIdOrMemberEpoch
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.retentionTimeMs = retentionTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        groupId = try reader.readString()
        if version >= 1 {
            generationIdOrMemberEpoch = try reader.readInt32()
            memberId = try reader.readString()
        }
        if version >= 7 { groupInstanceId = try reader.readNullableString() }
        if (2...4).contains(version) { retentionTimeMs = try reader.readInt64() }
        topics = try reader.readArray(of: OffsetCommitRequestTopic.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(groupId)
        if version >= 1 {
            buffer.writeInteger(generationIdOrMemberEpoch)
            buffer.writeKafkaString(memberId)
        }
        if version >= 7 { buffer.writeKafkaNullableString(groupInstanceId) }
        if (2...4).contains(version) { buffer.writeInteger(retentionTimeMs) }
        buffer.writeKafkaArray(topics, version: version)
    }
}

public struct OffsetCommitResponse: KafkaMessage, Equatable {
    public struct OffsetCommitResponsePartition: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        public var errorCode: ErrorCode

        public init(partitionIndex: Int32 = 0, errorCode: ErrorCode = .none) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            partitionIndex = try reader.readInt32()
            errorCode = ErrorCode(try reader.readInt16())
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(errorCode.rawValue)
        }
    }

    public struct OffsetCommitResponseTopic: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [OffsetCommitResponsePartition]

        public init(name: String = "", partitions: [OffsetCommitResponsePartition] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            partitions = try reader.readArray(of: OffsetCommitResponsePartition.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaArray(partitions, version: version)
        }
    }

    public var throttleTimeMs: Int32
    public var topics: [OffsetCommitResponseTopic]

    public init(throttleTimeMs: Int32 = 0, topics: [OffsetCommitResponseTopic] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = version >= 3 ? try reader.readInt32() : 0
        topics = try reader.readArray(of: OffsetCommitResponseTopic.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(topics, version: version)
    }
}
