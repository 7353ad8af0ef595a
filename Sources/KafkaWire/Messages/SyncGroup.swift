import NIOCore

/// SyncGroup (key 14), versions 0-3. Assignments stay opaque bytes.
public struct SyncGroupRequest: KafkaRequest, Equatable {
    public typealias Response = SyncGroupResponse
    public static let apiKey = APIKey.syncGroup
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public struct SyncGroupRequestAssignment: KafkaMessage, Equatable {
        public var memberId: String
        public var assignment: ByteBuffer

        public init(memberId: String = "", assignment: ByteBuffer = ByteBuffer()) {
            self.memberId = memberId
            self.assignment = assignment
        }

        public init(from reader: inout WireReader, version: Int16) throws {
            memberId = try reader.readString()
            assignment = try reader.readBytes()
        }

        public func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(memberId)
            buffer.writeKafkaBytes(assignment)
        }
    }

    public var groupId: String
    public var generationId: Int32
    public var memberId: String
    public var groupInstanceId: String?
    /// Sent by the leader only; empty for followers.
    public var assignments: [SyncGroupRequestAssignment]

    public init(groupId: String = "", generationId: Int32 = 0, memberId: String = "", groupInstanceId: String? = nil,
                assignments: [SyncGroupRequestAssignment] = []) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.assignments = assignments
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        groupId = try reader.readString()
        generationId = try reader.readInt32()
        memberId = try reader.readString()
        groupInstanceId = version >= 3 ? try reader.readNullableString() : nil
        assignments = try reader.readArray(of: SyncGroupRequestAssignment.self, version: version)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(groupId)
        buffer.writeInteger(generationId)
        buffer.writeKafkaString(memberId)
        if version >= 3 { buffer.writeKafkaNullableString(groupInstanceId) }
        buffer.writeKafkaArray(assignments, version: version)
    }
}

public struct SyncGroupResponse: KafkaMessage, Equatable {
    public var throttleTimeMs: Int32
    public var errorCode: ErrorCode
    public var assignment: ByteBuffer

    public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, assignment: ByteBuffer = ByteBuffer()) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.assignment = assignment
    }

    public init(from reader: inout WireReader, version: Int16) throws {
        throttleTimeMs = version >= 1 ? try reader.readInt32() : 0
        errorCode = ErrorCode(try reader.readInt16())
        assignment = try reader.readBytes()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaBytes(assignment)
    }
}
