import NIOCore

/// JoinGroup (key 11), versions 0-5. Protocol metadata and member metadata stay opaque bytes.
public struct JoinGroupRequest: KafkaRequest, Equatable {
    public typealias Response = JoinGroupResponse
    public static let apiKey = APIKey.joinGroup
    public static let supportedVersions: ClosedRange<Int16> = 0...5

    public struct JoinGroupRequestProtocol: KafkaMessage, Equatable {
        public var name: String
        public var metadata: ByteBuffer

        public init(name: String = "", metadata: ByteBuffer = ByteBuffer()) {
            self.name = name
            self.metadata = metadata
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            name = try reader.readString()
            metadata = try reader.readBytes()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(name)
            buffer.writeKafkaBytes(metadata)
        }
    }

    public var groupId: String
    public var sessionTimeoutMs: Int32
    /// v1+; below v1 the broker uses the session timeout.
    public var rebalanceTimeoutMs: Int32
    public var memberId: String
    public var groupInstanceId: String?
    public var protocolType: String
    public var protocols: [JoinGroupRequestProtocol]

    public init(groupId: String = "", sessionTimeoutMs: Int32 = 0, rebalanceTimeoutMs: Int32 = -1,
                memberId: String = "", groupInstanceId: String? = nil, protocolType: String = "",
                protocols: [JoinGroupRequestProtocol] = []) {
        self.groupId = groupId
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.protocolType = protocolType
        self.protocols = protocols
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        groupId = try reader.readString()
        sessionTimeoutMs = try reader.readInt32()
        if version >= 1 { rebalanceTimeoutMs = try reader.readInt32() }
        memberId = try reader.readString()
        if version >= 5 { groupInstanceId = try reader.readNullableString() }
        protocolType = try reader.readString()
        protocols = try reader.readArray(of: JoinGroupRequestProtocol.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(groupId)
        buffer.writeInteger(sessionTimeoutMs)
        if version >= 1 { buffer.writeInteger(rebalanceTimeoutMs) }
        buffer.writeKafkaString(memberId)
        if version >= 5 { buffer.writeKafkaNullableString(groupInstanceId) }
        buffer.writeKafkaString(protocolType)
        buffer.writeKafkaArray(protocols, version: version)
    }
}

public struct JoinGroupResponse: KafkaMessage, Equatable {
    public struct JoinGroupResponseMember: KafkaMessage, Equatable {
        public var memberId: String
        public var groupInstanceId: String?
        public var metadata: ByteBuffer

        public init(memberId: String = "", groupInstanceId: String? = nil, metadata: ByteBuffer = ByteBuffer()) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.metadata = metadata
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            memberId = try reader.readString()
            groupInstanceId = version >= 5 ? try reader.readNullableString() : nil
            metadata = try reader.readBytes()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(memberId)
            if version >= 5 { buffer.writeKafkaNullableString(groupInstanceId) }
            buffer.writeKafkaBytes(metadata)
        }
    }

    public var throttleTimeMs: Int32
    public var errorCode: ErrorCode
    public var generationId: Int32
    public var protocolName: String
    public var leader: String
    public var memberId: String
    /// Filled for the leader only; empty for followers.
    public var members: [JoinGroupResponseMember]

    public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, generationId: Int32 = -1,
                protocolName: String = "", leader: String = "", memberId: String = "",
                members: [JoinGroupResponseMember] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.generationId = generationId
        self.protocolName = protocolName
        self.leader = leader
        self.memberId = memberId
        self.members = members
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        self.init()
        if version >= 2 { throttleTimeMs = try reader.readInt32() }
        errorCode = ErrorCode(try reader.readInt16())
        generationId = try reader.readInt32()
        protocolName = try reader.readString()
        leader = try reader.readString()
        memberId = try reader.readString()
        members = try reader.readArray(of: JoinGroupResponseMember.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 2 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(generationId)
        buffer.writeKafkaString(protocolName)
        buffer.writeKafkaString(leader)
        buffer.writeKafkaString(memberId)
        buffer.writeKafkaArray(members, version: version)
    }
}
