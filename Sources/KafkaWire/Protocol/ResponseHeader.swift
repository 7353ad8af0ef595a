import NIOCore

/// The header in front of every response body: v0 = correlation id; v1 = + tagged fields.
public struct ResponseHeader: Equatable, Sendable {
    public var correlationId: Int32

    public init(correlationId: Int32) {
        self.correlationId = correlationId
    }

    /// The response header version for an API key and version.
    ///
    /// ApiVersions responses always use v0, even at flexible versions: a client must be able to read the
    /// answer before it knows which versions the broker speaks (an extra byte here breaks librdkafka).
    public static func headerVersion(apiKey: Int16, version: Int16) -> Int16 {
        guard let key = APIKey(rawValue: apiKey), key != .apiVersions else { return 0 }
        return key.isFlexible(version: version) ? 1 : 0
    }

    public init(from reader: inout WireReader, headerVersion: Int16) throws {
        correlationId = try reader.readInt32()
        if headerVersion >= 1 { try reader.skipTaggedFields() }
    }

    public func encode(into buffer: inout ByteBuffer, headerVersion: Int16) {
        buffer.writeInteger(correlationId)
        if headerVersion >= 1 { buffer.writeTaggedFields() }
    }
}
