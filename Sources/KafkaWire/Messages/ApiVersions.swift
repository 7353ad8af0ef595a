import NIOCore

/// ApiVersions (key 18), versions 0-3. v3 is flexible: compact strings/arrays and tagged fields,
/// but its RESPONSE header stays v0 (see `ResponseHeader.headerVersion`).
public struct ApiVersionsRequest: KafkaRequest, Equatable {
    public typealias Response = ApiVersionsResponse
    public static let apiKey = APIKey.apiVersions
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public var clientSoftwareName: String
    public var clientSoftwareVersion: String

    public init(clientSoftwareName: String = "", clientSoftwareVersion: String = "") {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        if version >= 3 {
            clientSoftwareName = try reader.readCompactString()
            clientSoftwareVersion = try reader.readCompactString()
            try reader.skipTaggedFields()
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 {
            buffer.writeCompactString(clientSoftwareName)
            buffer.writeCompactString(clientSoftwareVersion)
            buffer.writeTaggedFields()
        }
    }
}

public struct ApiVersionsResponse: KafkaMessage, Equatable {
    /// One advertised API key and its version range.
    public struct ApiVersion: KafkaMessage, Equatable {
        public var apiKey: Int16
        public var minVersion: Int16
        public var maxVersion: Int16

        public init(apiKey: Int16, minVersion: Int16, maxVersion: Int16) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            apiKey = try reader.readInt16()
            minVersion = try reader.readInt16()
            maxVersion = try reader.readInt16()
            if version >= 3 { try reader.skipTaggedFields() }
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(apiKey)
            buffer.writeInteger(minVersion)
            buffer.writeInteger(maxVersion)
            if version >= 3 { buffer.writeTaggedFields() }
        }
    }

    public var errorCode: ErrorCode
    public var apiKeys: [ApiVersion]
    public var throttleTimeMs: Int32

    public init(errorCode: ErrorCode = .none, apiKeys: [ApiVersion] = [], throttleTimeMs: Int32 = 0) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        errorCode = ErrorCode(try reader.readInt16())
        apiKeys = try reader.readArray(of: ApiVersion.self, version: version, compact: version >= 3)
        if version >= 1 { throttleTimeMs = try reader.readInt32() }
        // v3 tagged fields (supported/finalized features) are not modelled; they are skipped.
        if version >= 3 { try reader.skipTaggedFields() }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaArray(apiKeys, version: version, compact: version >= 3)
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        if version >= 3 { buffer.writeTaggedFields() }
    }
}
