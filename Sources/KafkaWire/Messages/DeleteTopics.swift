import NIOCore

/// DeleteTopics (key 20), versions 0-3.
public struct DeleteTopicsRequest: KafkaRequest, Equatable {
    public typealias Response = DeleteTopicsResponse
    public static let apiKey = APIKey.deleteTopics
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public var topicNames: [String]
    public var timeoutMs: Int32

    public init(topicNames: [String] = [], timeoutMs: Int32 = 30_000) {
        self.topicNames = topicNames
        self.timeoutMs = timeoutMs
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        topicNames = try reader.readStringArray()
        timeoutMs = try reader.readInt32()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeStringArray(topicNames)
        buffer.writeInteger(timeoutMs)
    }
}

public struct DeleteTopicsResponse: KafkaMessage, Equatable {
    public struct DeletableTopicResult: KafkaMessage, Equatable {
        public var name: String
        public var errorCode: ErrorCode

        public init(name: String = "", errorCode: ErrorCode = .none) {
            self.name = name
            self.errorCode = errorCode
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            errorCode = ErrorCode(try reader.readInt16())
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeInteger(errorCode.rawValue)
        }
    }

    public var throttleTimeMs: Int32
    public var responses: [DeletableTopicResult]

    public init(throttleTimeMs: Int32 = 0, responses: [DeletableTopicResult] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = version >= 1 ? try reader.readInt32() : 0
        responses = try reader.readArray(of: DeletableTopicResult.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(responses, version: version)
    }
}
