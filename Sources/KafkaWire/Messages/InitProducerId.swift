import NIOCore

/// InitProducerId (key 22), versions 0-1: hands an idempotent (or transactional) producer its id and epoch.
public struct InitProducerIdRequest: KafkaRequest, Equatable {
    public typealias Response = InitProducerIdResponse
    public static let apiKey = APIKey.initProducerId
    public static let supportedVersions: ClosedRange<Int16> = 0...1

    public var transactionalId: String?
    public var transactionTimeoutMs: Int32

    public init(transactionalId: String? = nil, transactionTimeoutMs: Int32 = 60_000) {
        self.transactionalId = transactionalId
        self.transactionTimeoutMs = transactionTimeoutMs
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        transactionalId = try reader.readNullableString()
        transactionTimeoutMs = try reader.readInt32()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaNullableString(transactionalId)
        buffer.writeInteger(transactionTimeoutMs)
    }
}

public struct InitProducerIdResponse: KafkaMessage, Equatable {
    public var throttleTimeMs: Int32
    public var errorCode: ErrorCode
    public var producerId: Int64
    public var producerEpoch: Int16

    public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, producerId: Int64 = -1,
                producerEpoch: Int16 = 0) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.producerId = producerId
        self.producerEpoch = producerEpoch
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = try reader.readInt32()
        errorCode = ErrorCode(try reader.readInt16())
        producerId = try reader.readInt64()
        producerEpoch = try reader.readInt16()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(producerId)
        buffer.writeInteger(producerEpoch)
    }
}
