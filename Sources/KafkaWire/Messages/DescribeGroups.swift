import NIOCore

/// DescribeGroups (key 15), versions 0-4.
public struct DescribeGroupsRequest: KafkaRequest, Equatable {
    public typealias Response = DescribeGroupsResponse
    public static let apiKey = APIKey.describeGroups
    public static let supportedVersions: ClosedRange<Int16> = 0...4

    public var groups: [String]
    public var includeAuthorizedOperations: Bool

    public init(groups: [String] = [], includeAuthorizedOperations: Bool = false) {
        self.groups = groups
        self.includeAuthorizedOperations = includeAuthorizedOperations
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        groups = try reader.readStringArray()
        includeAuthorizedOperations = version >= 3 ? try reader.readBool() : false
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeStringArray(groups)
        if version >= 3 { buffer.writeKafkaBool(includeAuthorizedOperations) }
    }
}

public struct DescribeGroupsResponse: KafkaMessage, Equatable {
    public struct DescribedGroupMember: KafkaMessage, Equatable {
        public var memberId: String
        public var groupInstanceId: String?
        public var clientId: String
        public var clientHost: String
        public var memberMetadata: ByteBuffer
        public var memberAssignment: ByteBuffer

        public init(memberId: String = "", groupInstanceId: String? = nil, clientId: String = "",
                    clientHost: String = "", memberMetadata: ByteBuffer = ByteBuffer(),
                    memberAssignment: ByteBuffer = ByteBuffer()) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.clientId = clientId
            self.clientHost = clientHost
            self.memberMetadata = memberMetadata
            self.memberAssignment = memberAssignment
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            memberId = try reader.readString()
            groupInstanceId = version >= 4 ? try reader.readNullableString() : nil
            clientId = try reader.readString()
            clientHost = try reader.readString()
            memberMetadata = try reader.readBytes()
            memberAssignment = try reader.readBytes()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(memberId)
            if version >= 4 { buffer.writeKafkaNullableString(groupInstanceId) }
            buffer.writeKafkaString(clientId)
            buffer.writeKafkaString(clientHost)
            buffer.writeKafkaBytes(memberMetadata)
            buffer.writeKafkaBytes(memberAssignment)
        }
    }

    public struct DescribedGroup: KafkaMessage, Equatable {
        public var errorCode: ErrorCode
        public var groupId: String
        public var groupState: String
        public var protocolType: String
        public var protocolData: String
        public var members: [DescribedGroupMember]
        public var authorizedOperations: Int32

        public init(errorCode: ErrorCode = .none, groupId: String = "", groupState: String = "",
                    protocolType: String = "", protocolData: String = "", members: [DescribedGroupMember] = [],
                    authorizedOperations: Int32 = Int32.min) {
            self.errorCode = errorCode
            self.groupId = groupId
            self.groupState = groupState
            self.protocolType = protocolType
            self.protocolData = protocolData
            self.members = members
            self.authorizedOperations = authorizedOperations
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            self.init()
            errorCode = ErrorCode(try reader.readInt16())
            groupId = try reader.readString()
            groupState = try reader.readString()
            protocolType = try reader.readString()
            protocolData = try reader.readString()
            members = try reader.readArray(of: DescribedGroupMember.self, version: version)
            if version >= 3 { authorizedOperations = try reader.readInt32() }
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaString(groupId)
            buffer.writeKafkaString(groupState)
            buffer.writeKafkaString(protocolType)
            buffer.writeKafkaString(protocolData)
            buffer.writeKafkaArray(members, version: version)
            if version >= 3 { buffer.writeInteger(authorizedOperations) }
        }
    }

    public var throttleTimeMs: Int32
    public var groups: [DescribedGroup]

    public init(throttleTimeMs: Int32 = 0, groups: [DescribedGroup] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = version >= 1 ? try reader.readInt32() : 0
        groups = try reader.readArray(of: DescribedGroup.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(groups, version: version)
    }
}
