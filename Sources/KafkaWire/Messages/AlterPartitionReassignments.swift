import NIOCore

/// AlterPartitionReassignments (key 45), version 0 (flexible): moves partitions to new replica lists (KIP-455).
/// A null replica list asks to cancel the partition's pending reassignment.
public struct AlterPartitionReassignmentsRequest: KafkaRequest, Equatable {
    public typealias Response = AlterPartitionReassignmentsResponse
    public static let apiKey = APIKey.alterPartitionReassignments
    public static let supportedVersions: ClosedRange<Int16> = 0...0

    public struct ReassignablePartition: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        /// Target replicas, preferred leader first; nil = cancel.
        public var replicas: [Int32]?

        public init(partitionIndex: Int32 = 0, replicas: [Int32]? = nil) {
            self.partitionIndex = partitionIndex
            self.replicas = replicas
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            partitionIndex = try reader.readInt32()
            replicas = try reader.readNullableInt32Array(compact: true)
            try reader.skipTaggedFields()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeNullableInt32Array(replicas, compact: true)
            buffer.writeTaggedFields()
        }
    }

    public struct ReassignableTopic: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [ReassignablePartition]

        public init(name: String = "", partitions: [ReassignablePartition] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readCompactString()
            partitions = try reader.readArray(of: ReassignablePartition.self, version: version, compact: true)
            try reader.skipTaggedFields()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeCompactString(name)
            buffer.writeKafkaArray(partitions, version: version, compact: true)
            buffer.writeTaggedFields()
        }
    }

    public var timeoutMs: Int32
    public var topics: [ReassignableTopic]

    public init(timeoutMs: Int32 = 60_000, topics: [ReassignableTopic] = []) {
        self.timeoutMs = timeoutMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        timeoutMs = try reader.readInt32()
        topics = try reader.readArray(of: ReassignableTopic.self, version: version, compact: true)
        try reader.skipTaggedFields()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaArray(topics, version: version, compact: true)
        buffer.writeTaggedFields()
    }
}

public struct AlterPartitionReassignmentsResponse: KafkaMessage, Equatable {
    public struct PartitionResult: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        public var errorCode: ErrorCode
        public var errorMessage: String?

        public init(partitionIndex: Int32 = 0, errorCode: ErrorCode = .none, errorMessage: String? = nil) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            partitionIndex = try reader.readInt32()
            errorCode = ErrorCode(try reader.readInt16())
            errorMessage = try reader.readCompactNullableString()
            try reader.skipTaggedFields()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeCompactNullableString(errorMessage)
            buffer.writeTaggedFields()
        }
    }

    public struct TopicResult: KafkaMessage, Equatable {
        public var name: String
        public var partitions: [PartitionResult]

        public init(name: String = "", partitions: [PartitionResult] = []) {
            self.name = name
            self.partitions = partitions
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readCompactString()
            partitions = try reader.readArray(of: PartitionResult.self, version: version, compact: true)
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
    public var responses: [TopicResult]

    public init(
        throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, errorMessage: String? = nil,
        responses: [TopicResult] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.responses = responses
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = try reader.readInt32()
        errorCode = ErrorCode(try reader.readInt16())
        errorMessage = try reader.readCompactNullableString()
        responses = try reader.readArray(of: TopicResult.self, version: version, compact: true)
        try reader.skipTaggedFields()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeCompactNullableString(errorMessage)
        buffer.writeKafkaArray(responses, version: version, compact: true)
        buffer.writeTaggedFields()
    }
}
