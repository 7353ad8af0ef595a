import NIOCore

/// ListGroups (key 16), versions 0-2. The request has no fields in these versions.
public struct ListGroupsRequest: KafkaRequest, Equatable {
    public typealias Response = ListGroupsResponse
    public static let apiKey = APIKey.listGroups
    public static let supportedVersions: ClosedRange<Int16> = 0...2

    public init() {}

    public init(from reader: inout WireReader, version: Int16) throws {}

    public func encode(into buffer: inout ByteBuffer, version: Int16) {}
}

public struct ListGroupsResponse: KafkaMessage, Equatable {
    public struct ListedGroup: KafkaMessage, Equatable {
        public var groupId: String
        public var protocolType: String

        public init(groupId: String = "", protocolType: String = "") {
            self.groupId = groupId
            self.protocolType = protocolType
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            groupId = try reader.readString()
            protocolType = try reader.readString()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(groupId)
            buffer.writeKafkaString(protocolType)
        }
    }

    public var throttleTimeMs: Int32
    public var errorCode: ErrorCode
    public var groups: [ListedGroup]

    public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, groups: [ListedGroup] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.groups = groups
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = version >= 1 ? try reader.readInt32() : 0
        errorCode = ErrorCode(try reader.readInt16())
        groups = try reader.readArray(of: ListedGroup.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaArray(groups, version: version)
    }
}
