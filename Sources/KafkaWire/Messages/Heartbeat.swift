import NIOCore

/// Heartbeat (key 12), versions 0-3.
public struct HeartbeatRequest: KafkaRequest, Equatable {
    public typealias Response = HeartbeatResponse
    public static let apiKey = APIKey.heartbeat
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public var groupId: String
    public var generationId: Int32
    public var memberId: String
    public var groupInstanceId: String?

    public init(groupId: String = "", generationId: Int32 = 0, memberId: String = "", groupInstanceId: String? = nil) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        groupId = try reader.readString()
        generationId = try reader.readInt32()
        memberId = try reader.readString()
        groupInstanceId = version >= 3 ? try reader.readNullableString() : nil
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(groupId)
        buffer.writeInteger(generationId)
        buffer.writeKafkaString(memberId)
        if version >= 3 { buffer.writeKafkaNullableString(groupInstanceId) }
    }
}

public struct HeartbeatResponse: KafkaMessage, Equatable {
    public var throttleTimeMs: Int32
    public var errorCode: ErrorCode

    public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = version >= 1 ? try reader.readInt32() : 0
        errorCode = ErrorCode(try reader.readInt16())
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
    }
}
