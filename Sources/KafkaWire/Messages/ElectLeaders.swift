import NIOCore

/// ElectLeaders (key 43), versions 0-2: leader elections on demand (KIP-183, KIP-460). v1 adds the election
/// type (0 = preferred, 1 = unclean) and a top-level error; v2 is flexible.
public struct ElectLeadersRequest: KafkaRequest, Equatable {
    public typealias Response = ElectLeadersResponse
    public static let apiKey = APIKey.electLeaders
    public static let supportedVersions: ClosedRange<Int16> = 0...2

    public static let preferred: Int8 = 0
    public static let unclean: Int8 = 1

    public struct TopicPartitions: KafkaMessage, Equatable {
        public var topic: String
        public var partitions: [Int32]

        public init(topic: String = "", partitions: [Int32] = []) {
            self.topic = topic
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            let flexible = version >= 2
            topic = try reader.readString(compact: flexible)
            partitions = try reader.readInt32Array(compact: flexible)
            try reader.skipTaggedFields(if: flexible)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(topic, compact: flexible)
            buffer.writeInt32Array(partitions, compact: flexible)
            buffer.writeTaggedFields(if: flexible)
        }
    }

    /// Absent before v1, where every election is a preferred one.
    public var electionType: Int8
    /// nil = every partition.
    public var topicPartitions: [TopicPartitions]?
    public var timeoutMs: Int32

    public init(electionType: Int8 = preferred, topicPartitions: [TopicPartitions]? = [], timeoutMs: Int32 = 60_000) {
        self.electionType = electionType
        self.topicPartitions = topicPartitions
        self.timeoutMs = timeoutMs
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        let flexible = version >= 2
        electionType = version >= 1 ? try reader.readInt8() : Self.preferred
        topicPartitions = try reader.readNullableArray(of: TopicPartitions.self, version: version, compact: flexible)
        timeoutMs = try reader.readInt32()
        try reader.skipTaggedFields(if: flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        if version >= 1 { buffer.writeInteger(electionType) }
        buffer.writeKafkaNullableArray(topicPartitions, version: version, compact: flexible)
        buffer.writeInteger(timeoutMs)
        buffer.writeTaggedFields(if: flexible)
    }
}

public struct ElectLeadersResponse: KafkaMessage, Equatable {
    public struct PartitionResult: KafkaMessage, Equatable {
        public var partitionId: Int32
        public var errorCode: ErrorCode
        public var errorMessage: String?

        public init(partitionId: Int32 = 0, errorCode: ErrorCode = .none, errorMessage: String? = nil) {
            self.partitionId = partitionId
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            let flexible = version >= 2
            partitionId = try reader.readInt32()
            errorCode = ErrorCode(try reader.readInt16())
            errorMessage = try reader.readNullableString(compact: flexible)
            try reader.skipTaggedFields(if: flexible)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeInteger(partitionId)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaNullableString(errorMessage, compact: flexible)
            buffer.writeTaggedFields(if: flexible)
        }
    }

    public struct TopicResult: KafkaMessage, Equatable {
        public var topic: String
        public var partitionResult: [PartitionResult]

        public init(topic: String = "", partitionResult: [PartitionResult] = []) {
            self.topic = topic
            self.partitionResult = partitionResult
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            let flexible = version >= 2
            topic = try reader.readString(compact: flexible)
            partitionResult = try reader.readArray(of: PartitionResult.self, version: version, compact: flexible)
            try reader.skipTaggedFields(if: flexible)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(topic, compact: flexible)
            buffer.writeKafkaArray(partitionResult, version: version, compact: flexible)
            buffer.writeTaggedFields(if: flexible)
        }
    }

    public var throttleTimeMs: Int32
    /// Absent before v1.
    public var errorCode: ErrorCode
    public var replicaElectionResults: [TopicResult]

    public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, replicaElectionResults: [TopicResult] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.replicaElectionResults = replicaElectionResults
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        let flexible = version >= 2
        throttleTimeMs = try reader.readInt32()
        errorCode = version >= 1 ? ErrorCode(try reader.readInt16()) : .none
        replicaElectionResults = try reader.readArray(of: TopicResult.self, version: version, compact: flexible)
        try reader.skipTaggedFields(if: flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeInteger(throttleTimeMs)
        if version >= 1 { buffer.writeInteger(errorCode.rawValue) }
        buffer.writeKafkaArray(replicaElectionResults, version: version, compact: flexible)
        buffer.writeTaggedFields(if: flexible)
    }
}
