import NIOCore

/// CreateTopics (key 19), versions 0-4. numPartitions / replicationFactor of -1 ask for broker defaults
/// (v4+) or go with explicit `assignments`.
public struct CreateTopicsRequest: KafkaRequest, Equatable {
    public typealias Response = CreateTopicsResponse
    public static let apiKey = APIKey.createTopics
    public static let supportedVersions: ClosedRange<Int16> = 0...4

    public struct CreatableReplicaAssignment: KafkaMessage, Equatable {
        public var partitionIndex: Int32
        public var brokerIds: [Int32]

        public init(partitionIndex: Int32 = 0, brokerIds: [Int32] = []) {
            self.partitionIndex = partitionIndex
            self.brokerIds = brokerIds
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            partitionIndex = try reader.readInt32()
            brokerIds = try reader.readInt32Array()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInt32Array(brokerIds)
        }
    }

    public struct CreatableTopicConfig: KafkaMessage, Equatable {
        public var name: String
        public var value: String?

        public init(name: String = "", value: String? = nil) {
            self.name = name
            self.value = value
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            value = try reader.readNullableString()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaNullableString(value)
        }
    }

    public struct CreatableTopic: KafkaMessage, Equatable {
        public var name: String
        public var numPartitions: Int32
        public var replicationFactor: Int16
        public var assignments: [CreatableReplicaAssignment]
        public var configs: [CreatableTopicConfig]

        public init(name: String = "", numPartitions: Int32 = -1, replicationFactor: Int16 = -1,
                    assignments: [CreatableReplicaAssignment] = [], configs: [CreatableTopicConfig] = []) {
            self.name = name
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.assignments = assignments
            self.configs = configs
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            numPartitions = try reader.readInt32()
            replicationFactor = try reader.readInt16()
            assignments = try reader.readArray(of: CreatableReplicaAssignment.self, version: version)
            configs = try reader.readArray(of: CreatableTopicConfig.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeInteger(numPartitions)
            buffer.writeInteger(replicationFactor)
            buffer.writeKafkaArray(assignments, version: version)
            buffer.writeKafkaArray(configs, version: version)
        }
    }

    public var topics: [CreatableTopic]
    public var timeoutMs: Int32
    public var validateOnly: Bool

    public init(topics: [CreatableTopic] = [], timeoutMs: Int32 = 60_000, validateOnly: Bool = false) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        topics = try reader.readArray(of: CreatableTopic.self, version: version)
        timeoutMs = try reader.readInt32()
        validateOnly = version >= 1 ? try reader.readBool() : false
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaArray(topics, version: version)
        buffer.writeInteger(timeoutMs)
        if version >= 1 { buffer.writeKafkaBool(validateOnly) }
    }
}

public struct CreateTopicsResponse: KafkaMessage, Equatable {
    public struct CreatableTopicResult: KafkaMessage, Equatable {
        public var name: String
        public var errorCode: ErrorCode
        public var errorMessage: String?

        public init(name: String = "", errorCode: ErrorCode = .none, errorMessage: String? = nil) {
            self.name = name
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            errorCode = ErrorCode(try reader.readInt16())
            errorMessage = version >= 1 ? try reader.readNullableString() : nil
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeInteger(errorCode.rawValue)
            if version >= 1 { buffer.writeKafkaNullableString(errorMessage) }
        }
    }

    public var throttleTimeMs: Int32
    public var topics: [CreatableTopicResult]

    public init(throttleTimeMs: Int32 = 0, topics: [CreatableTopicResult] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = version >= 2 ? try reader.readInt32() : 0
        topics = try reader.readArray(of: CreatableTopicResult.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 2 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(topics, version: version)
    }
}
