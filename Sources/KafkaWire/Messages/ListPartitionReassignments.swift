import NIOCore

/// ListPartitionReassignments (key 46), version 0 (flexible): the reassignments in progress (KIP-455).
public struct ListPartitionReassignmentsRequest: KafkaRequest, Equatable {
    public typealias Response = ListPartitionReassignmentsResponse
    public static let apiKey = APIKey.listPartitionReassignments
    public static let supportedVersions: ClosedRange<Int16> = 0...0

    public struct TopicPartitions: KafkaMessage, Equatable {
        public var name: String
        public var partitionIndexes: [Int32]

        public init(name: String = "", partitionIndexes: [Int32] = []) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readCompactString()
            partitionIndexes = try reader.readInt32Array(compact: true)
            try reader.skipTaggedFields()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeCompactString(name)
            buffer.writeInt32Array(partitionIndexes, compact: true)
            buffer.writeTaggedFields()
        }
    }

    public var timeoutMs: Int32
    /// nil = every reassignment in progress.
    public var topics: [TopicPartitions]?

    public init(timeoutMs: Int32 = 60_000, topics: [TopicPartitions]? = nil) {
        self.timeoutMs = timeoutMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        timeoutMs = try reader.readInt32()
        topics = try reader.readNullableArray(of: TopicPartitions.self, version: version, compact: true)
        try reader.skipTaggedFields()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaNullableArray(topics, version: version, compact: true)
        buffer.writeTaggedFields()
    }
}

public struct ListPartitionReassignmentsResponse: KafkaMessage, Equatable {
    public struct OngoingPartition: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        /// The current assignment (old and new replicas while the move runs).
        public var replicas: [Int32]
        public var addingReplicas: [Int32]
        public var removingReplicas: [Int32]

        public init(
            partitionIndex: Int32 = 0, replicas: [Int32] = [], addingReplicas: [Int32] = [],
            removingReplicas: [Int32] = []
        ) {
            self.partitionIndex = partitionIndex
            self.replicas = replicas
            self.addingReplicas = addingReplicas
            self.removingReplicas = removingReplicas
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            partitionIndex = try reader.readInt32()
            replicas = try reader.readInt32Array(compact: true)
            addingReplicas = try reader.readInt32Array(compact: true)
            removingReplicas = try reader.readInt32Array(compact: true)
            try reader.skipTaggedFields()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInt32Array(replicas, compact: true)
            buffer.writeInt32Array(addingReplicas, compact: true)
            buffer.writeInt32Array(removingReplicas, compact: true)
            buffer.writeTaggedFields()
        }
    }

    public struct OngoingTopic: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [OngoingPartition]

        public init(name: String = "", partitions: [OngoingPartition] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readCompactString()
            partitions = try reader.readArray(of: OngoingPartition.self, version: version, compact: true)
            try reader.skipTaggedFields()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeCompactString(name)
            buffer.writeKafkaArray(partitions, version: version, compact: true)
            buffer.writeTaggedFields()
        }
    }

    public var throttleTimeMs: Int32
    public var errorCode: ErrorCode
    public var errorMessage: String?
    public var topics: [OngoingTopic]

    public init(
        throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, errorMessage: String? = nil,
        topics: [OngoingTopic] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = try reader.readInt32()
        errorCode = ErrorCode(try reader.readInt16())
        errorMessage = try reader.readCompactNullableString()
        topics = try reader.readArray(of: OngoingTopic.self, version: version, compact: true)
        try reader.skipTaggedFields()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeCompactNullableString(errorMessage)
        buffer.writeKafkaArray(topics, version: version, compact: true)
        buffer.writeTaggedFields()
    }
}
