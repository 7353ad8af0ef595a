import NIOCore

/// Metadata (key 3), versions 0-8. In v0 an empty topic list means "all topics"; from v1 that is null.
public struct MetadataRequest: KafkaRequest, Equatable {
    public typealias Response = MetadataResponse
    public static let apiKey = APIKey.metadata
    public static let supportedVersions: ClosedRange<Int16> = 0...8

    public struct MetadataRequestTopic: KafkaMessage, Equatable {
        public var name: String

        public init(name: String = "") {
            self.name = name
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
        }
    }

    /// nil = all topics (v1+). Encoded at v0, nil is sent as an empty array (v0's "all topics").
    public var topics: [MetadataRequestTopic]?
    public var allowAutoTopicCreation: Bool
    public var includeClusterAuthorizedOperations: Bool
    public var includeTopicAuthorizedOperations: Bool

    public init(topics: [MetadataRequestTopic]? = nil, allowAutoTopicCreation: Bool = true,
                includeClusterAuthorizedOperations: Bool = false, includeTopicAuthorizedOperations: Bool = false) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        if version >= 1 {
            topics = try reader.readNullableArray(of: MetadataRequestTopic.self, version: version)
        } else {
            topics = try reader.readArray(of: MetadataRequestTopic.self, version: version)
        }
        if version >= 4 { allowAutoTopicCreation = try reader.readBool() }
        if version >= 8 {
            includeClusterAuthorizedOperations = try reader.readBool()
            includeTopicAuthorizedOperations = try reader.readBool()
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 {
            buffer.writeKafkaNullableArray(topics, version: version)
        } else {
            buffer.writeKafkaArray(topics ?? [], version: version)
        }
        if version >= 4 { buffer.writeKafkaBool(allowAutoTopicCreation) }
        if version >= 8 {
            buffer.writeKafkaBool(includeClusterAuthorizedOperations)
            buffer.writeKafkaBool(includeTopicAuthorizedOperations)
        }
    }
}
