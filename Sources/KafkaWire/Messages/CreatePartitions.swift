import NIOCore

/// CreatePartitions (key 37), versions 0-1: grows a topic to `count` partitions.
public struct CreatePartitionsRequest: KafkaRequest, Equatable {
    public typealias Response = CreatePartitionsResponse
    public static let apiKey = APIKey.createPartitions
    public static let supportedVersions: ClosedRange<Int16> = 0...1

    public struct CreatePartitionsAssignment: KafkaMessage, Equatable {
        public var brokerIds: [Int32]

        public init(brokerIds: [Int32] = []) {
            self.brokerIds = brokerIds
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            brokerIds = try reader.readInt32Array()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInt32Array(brokerIds)
        }
    }

    public struct CreatePartitionsTopic: KafkaMessage, Equatable {
        public var name: String
        public var count: Int32
        /// nil = let the broker place the new partitions.
        public var assignments: [CreatePartitionsAssignment]?

        public init(name: String = "", count: Int32 = 0, assignments: [CreatePartitionsAssignment]? = nil) {
            self.name = name
            self.count = count
            self.assignments = assignments
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            count = try reader.readInt32()
            assignments = try reader.readNullableArray(of: CreatePartitionsAssignment.self, version: version)
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeInteger(count)
            buffer.writeKafkaNullableArray(assignments, version: version)
        }
    }

    public var topics: [CreatePartitionsTopic]
    public var timeoutMs: Int32
    public var validateOnly: Bool

    public init(topics: [CreatePartitionsTopic] = [], timeoutMs: Int32 = 30_000, validateOnly: Bool = false) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        topics = try reader.readArray(of: CreatePartitionsTopic.self, version: version)
        timeoutMs = try reader.readInt32()
        validateOnly = try reader.readBool()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaArray(topics, version: version)
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaBool(validateOnly)
    }
}

public struct CreatePartitionsResponse: KafkaMessage, Equatable {
    public struct CreatePartitionsTopicResult: KafkaMessage, Equatable {
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
            errorMessage = try reader.readNullableString()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaNullableString(errorMessage)
        }
    }

    public var throttleTimeMs: Int32
    public var results: [CreatePartitionsTopicResult]

    public init(throttleTimeMs: Int32 = 0, results: [CreatePartitionsTopicResult] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = try reader.readInt32()
        results = try reader.readArray(of: CreatePartitionsTopicResult.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(results, version: version)
    }
}
