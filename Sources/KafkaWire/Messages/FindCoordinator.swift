import NIOCore

/// FindCoordinator (key 10), versions 0-2. keyType 0 = group, 1 = transaction.
public struct FindCoordinatorRequest: KafkaRequest, Equatable {
    public typealias Response = FindCoordinatorResponse
    public static let apiKey = APIKey.findCoordinator
    public static let supportedVersions: ClosedRange<Int16> = 0...2

    public var key: String
    public var keyType: Int8

    public init(key: String = "", keyType: Int8 = 0) {
        self.key = key
        self.keyType = keyType
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        key = try reader.readString()
        keyType = version >= 1 ? try reader.readInt8() : 0
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(key)
        if version >= 1 { buffer.writeInteger(keyType) }
    }
}

public struct FindCoordinatorResponse: KafkaMessage, Equatable {
    public var throttleTimeMs: Int32
    public var errorCode: ErrorCode
    public var errorMessage: String?
    public var nodeId: Int32
    public var host: String
    public var port: Int32

    public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, errorMessage: String? = nil,
                nodeId: Int32 = -1, host: String = "", port: Int32 = -1) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.nodeId = nodeId
        self.host = host
        self.port = port
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        if version >= 1 { throttleTimeMs = try reader.readInt32() }
        errorCode = ErrorCode(try reader.readInt16())
        if version >= 1 { errorMessage = try reader.readNullableString() }
        nodeId = try reader.readInt32()
        host = try reader.readString()
        port = try reader.readInt32()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
        if version >= 1 { buffer.writeKafkaNullableString(errorMessage) }
        buffer.writeInteger(nodeId)
        buffer.writeKafkaString(host)
        buffer.writeInteger(port)
    }
}
