/// Plain request/result values for JoinGroup, SyncGroup, Heartbeat and LeaveGroup.
///
/// The coordinator owns these rather than the wire codec's types so that membership logic stays testable
/// without the codec; handlers translate field by field.

/// One (name, metadata) entry of a JoinGroup request, in the member's order of preference.
struct GroupProtocol: Sendable, Hashable {
    var name: String
    var metadata: [UInt8]
}

struct GroupJoinRequest: Sendable, Equatable {
    var groupId: String
    var sessionTimeoutMs: Int32
    /// JoinGroup v0 has no rebalance timeout: pass the session timeout, as Kafka does.
    var rebalanceTimeoutMs: Int32
    /// Empty for a member joining for the first time.
    var memberId: String
    var groupInstanceId: String? = nil
    var protocolType: String
    var protocols: [GroupProtocol]
    var clientId: String
    var clientHost: String
    /// The JoinGroup request version: from v4 on, a new member must first fetch its id (KIP-394).
    var apiVersion: Int16
}

/// A member as the leader sees it in its JoinGroup response: the metadata for the chosen protocol.
struct GroupJoinMember: Sendable, Equatable {
    var memberId: String
    var groupInstanceId: String?
    var metadata: [UInt8]
}

struct GroupJoinResult: Sendable, Equatable {
    var errorCode: Int16
    var generationId: Int32
    /// Nil unless the join succeeded (JoinGroup v7 makes these nullable; earlier versions send "").
    var protocolType: String?
    var protocolName: String?
    var leaderId: String
    var memberId: String
    /// Every member with its metadata for the leader; empty for followers.
    var members: [GroupJoinMember]

    var isLeader: Bool { errorCode == GroupErrorCode.none && leaderId == memberId }

    static func failure(_ errorCode: Int16, memberId: String) -> GroupJoinResult {
        GroupJoinResult(
            errorCode: errorCode, generationId: -1, protocolType: nil, protocolName: nil,
            leaderId: "", memberId: memberId, members: []
        )
    }
}

struct GroupAssignment: Sendable, Equatable {
    var memberId: String
    var assignment: [UInt8]
}

struct GroupSyncRequest: Sendable, Equatable {
    var groupId: String
    var generationId: Int32
    var memberId: String
    var groupInstanceId: String? = nil
    /// Only the leader sends assignments; followers send an empty list.
    var assignments: [GroupAssignment] = []
}

struct GroupSyncResult: Sendable, Equatable {
    var errorCode: Int16
    var protocolType: String?
    var protocolName: String?
    var assignment: [UInt8]

    static func failure(_ errorCode: Int16) -> GroupSyncResult {
        GroupSyncResult(errorCode: errorCode, protocolType: nil, protocolName: nil, assignment: [])
    }
}

struct GroupHeartbeatRequest: Sendable, Equatable {
    var groupId: String
    var generationId: Int32
    var memberId: String
    var groupInstanceId: String? = nil
}

/// LeaveGroup v0-2 carry one member id; v3 carries a list. Handlers pass one entry for v0-2.
struct GroupLeaveRequest: Sendable, Equatable {
    var groupId: String
    var members: [GroupLeavingMember]
}

struct GroupLeavingMember: Sendable, Equatable {
    var memberId: String
    var groupInstanceId: String? = nil
}

struct GroupLeavingMemberResult: Sendable, Equatable {
    var memberId: String
    var groupInstanceId: String?
    var errorCode: Int16
}

struct GroupLeaveResult: Sendable, Equatable {
    /// Group-level error (v3+ top level).
    var errorCode: Int16
    var members: [GroupLeavingMemberResult]

    /// What LeaveGroup v0-2 report: they have no per-member list, so a member's error becomes the top error.
    var singleMemberErrorCode: Int16 {
        errorCode != GroupErrorCode.none ? errorCode : (members.first?.errorCode ?? GroupErrorCode.none)
    }
}
