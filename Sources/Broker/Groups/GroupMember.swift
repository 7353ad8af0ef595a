/// One member of a classic group, with the bookkeeping the coordinator needs for it.
struct GroupMember: Sendable, Equatable {
    let memberId: String
    var groupInstanceId: String?
    var clientId: String
    var clientHost: String
    var sessionTimeoutMs: Int32
    var rebalanceTimeoutMs: Int32
    var protocolType: String
    /// In the member's order of preference.
    var protocols: [GroupProtocol]
    var assignment: [UInt8] = []
    /// Set while the member's JoinGroup is parked until the rebalance completes.
    var pendingJoin: GroupWaitToken?
    /// Set while the member's SyncGroup is parked until the leader hands out assignments.
    var pendingSync: GroupWaitToken?
    /// The member is expired when this passes without a heartbeat, join, sync or commit.
    var sessionDeadlineMs: Int64

    init(memberId: String, request: GroupJoinRequest, pendingJoin: GroupWaitToken, nowMs: Int64) {
        self.memberId = memberId
        self.groupInstanceId = request.groupInstanceId
        self.clientId = request.clientId
        self.clientHost = request.clientHost
        self.sessionTimeoutMs = request.sessionTimeoutMs
        self.rebalanceTimeoutMs = request.rebalanceTimeoutMs
        self.protocolType = request.protocolType
        self.protocols = request.protocols
        self.pendingJoin = pendingJoin
        self.sessionDeadlineMs = nowMs + Int64(request.sessionTimeoutMs)
    }

    /// A member with a parked request is not expected to heartbeat: Kafka keeps it alive while it waits.
    var isWaiting: Bool { pendingJoin != nil || pendingSync != nil }

    mutating func heartbeatReceived(nowMs: Int64) {
        sessionDeadlineMs = nowMs + Int64(sessionTimeoutMs)
    }

    func metadata(forProtocol name: String?) -> [UInt8] {
        protocols.first { $0.name == name }?.metadata ?? []
    }

    /// Whether a rejoin carries exactly what the member sent before (then no new rebalance is needed).
    func matches(_ other: [GroupProtocol]) -> Bool {
        protocols == other
    }
}
