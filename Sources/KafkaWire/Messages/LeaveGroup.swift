import NIOCore

/// LeaveGroup (key 13), versions 0-3. v0-2 name one member; v3 a batch of members.
public struct LeaveGroupRequest: KafkaRequest, Equatable {
    public typealias Response = LeaveGroupResponse
    public static let apiKey = APIKey.leaveGroup
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public struct MemberIdentity: KafkaMessage, Equatable {
        public var memberId: String
        public var groupInstanceId: String?

        public init(memberId: String = "", groupInstanceId: String? = nil) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            memberId = try reader.readString()
            groupInstanceId = try reader.readNullableString()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(memberId)
            buffer.writeKafkaNullableString(groupInstanceId)
        }
    }

    public var groupId: String
    /// v0-2 only.
    public var memberId: String
    /// v3+ only.
    public var members: [MemberIdentity]

    public init(groupId: String = "", memberId: String = "", members: [MemberIdentity] = []) {
        self.groupId = groupId
        self.memberId = memberId
        self.members = members
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        groupId = try reader.readString()
        if version <= 2 {
            memberId = try reader.readString()
        } else {
            members = try reader.readArray(of: MemberIdentity.self, version: version)
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(groupId)
        if version <= 2 {
            buffer.writeKafkaString(memberId)
        } else {
            buffer.writeKafkaArray(members, version: version)
        }
    }
}

public struct LeaveGroupResponse: KafkaMessage, Equatable {
    public struct MemberResponse: KafkaMessage, Equatable {
        public var memberId: String
        public var groupInstanceId: String?
        public var errorCode: ErrorCode

        public init(memberId: String = "", groupInstanceId: String? = nil, errorCode: ErrorCode = .none) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.errorCode = errorCode
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            memberId = try reader.readString()
            groupInstanceId = try reader.readNullableString()
            errorCode = ErrorCode(try reader.readInt16())
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(memberId)
            buffer.writeKafkaNullableString(groupInstanceId)
            buffer.writeInteger(errorCode.rawValue)
        }
    }

    public var throttleTimeMs: Int32
    public var errorCode: ErrorCode
    /// v3+ only.
    public var members: [MemberResponse]

    public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, members: [MemberResponse] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.members = members
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        if version >= 1 { throttleTimeMs = try reader.readInt32() }
        errorCode = ErrorCode(try reader.readInt16())
        if version >= 3 { members = try reader.readArray(of: MemberResponse.self, version: version) }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
        if version >= 3 { buffer.writeKafkaArray(members, version: version) }
    }
}
