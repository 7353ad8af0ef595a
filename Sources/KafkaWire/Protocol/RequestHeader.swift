import NIOCore

/// The header in front of every request body.
///
/// v0: api key, api version, correlation id. v1: + client id (int16 nullable string).
/// v2 (flexible APIs): + tagged fields; the client id stays a classic (non-compact) string.
public struct RequestHeader: Equatable, Sendable {
    /// Raw, because a request for a key we do not know must still be read far enough to be answered.
    public var apiKey: Int16
    public var apiVersion: Int16
    public var correlationId: Int32
    public var clientId: String?

    public init(apiKey: Int16, apiVersion: Int16, correlationId: Int32, clientId: String? = nil) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationId = correlationId
        self.clientId = clientId
    }

    /// The request header version for an API key and version. Unknown keys get v1, the only header
    /// every client can send for any key.
    public static func headerVersion(apiKey: Int16, version: Int16) -> Int16 {
        guard let key = APIKey(rawValue: apiKey) else { return 1 }
        // ControlledShutdown v0 predates client ids.
        if key == .controlledShutdown && version == 0 { return 0 }
        return key.isFlexible(version: version) ? 2 : 1
    }

    /// Decodes a header, choosing its version from the api key and version it starts with.
    public init(from reader: inout WireReader) throws {
        apiKey = try reader.readInt16()
        apiVersion = try reader.readInt16()
        correlationId = try reader.readInt32()
        let headerVersion = Self.headerVersion(apiKey: apiKey, version: apiVersion)
        clientId = headerVersion >= 1 ? try reader.readNullableString() : nil
        if headerVersion >= 2 { try reader.skipTaggedFields() }
    }

    public var headerVersion: Int16 { Self.headerVersion(apiKey: apiKey, version: apiVersion) }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(apiKey)
        buffer.writeInteger(apiVersion)
        buffer.writeInteger(correlationId)
        let headerVersion = self.headerVersion
        if headerVersion >= 1 { buffer.writeKafkaNullableString(clientId) }
        if headerVersion >= 2 { buffer.writeTaggedFields() }
    }
}
