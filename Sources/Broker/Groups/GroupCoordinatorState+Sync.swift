/// SyncGroup: the leader hands out assignments; followers wait for them.
extension GroupCoordinatorState {
    /// Handles a SyncGroup. Its answer comes back as a `.completeSync(token:)` action: immediately, or once the
    /// leader's SyncGroup arrives (or a new rebalance makes this generation moot).
    mutating func sync(_ request: GroupSyncRequest, token: GroupWaitToken, nowMs: Int64) -> [GroupAction] {
        func fail(_ code: Int16) -> [GroupAction] { [.completeSync(token: token, .failure(code))] }
        guard !request.groupId.isEmpty else { return fail(GroupErrorCode.invalidGroupId) }
        guard var group = groups[request.groupId], let member = group.members[request.memberId] else {
            return fail(GroupErrorCode.unknownMemberId)
        }
        guard request.generationId == group.generationId else { return fail(GroupErrorCode.illegalGeneration) }

        var actions: [GroupAction] = []
        switch group.state {
        case .empty, .dead:
            return fail(GroupErrorCode.unknownMemberId)
        case .preparingRebalance:
            return fail(GroupErrorCode.rebalanceInProgress)
        case .stable:
            group.members[request.memberId]?.heartbeatReceived(nowMs: nowMs)
            actions.append(.completeSync(token: token, Self.syncResult(group, assignment: member.assignment)))
        case .completingRebalance:
            if let previous = member.pendingSync {
                actions.append(.completeSync(token: previous, .failure(GroupErrorCode.rebalanceInProgress)))
            }
            group.members[request.memberId]?.pendingSync = token
            if group.isLeader(request.memberId) {
                Self.distribute(request.assignments, in: &group, nowMs: nowMs, actions: &actions)
            }
        }
        store(group, actions: &actions)
        return actions
    }

    /// Stores the leader's assignments (members it left out get an empty one), answers every parked
    /// SyncGroup, and makes the group Stable.
    private static func distribute(
        _ assignments: [GroupAssignment], in group: inout ConsumerGroup, nowMs: Int64, actions: inout [GroupAction]
    ) {
        var byMember: [String: [UInt8]] = [:]
        for entry in assignments { byMember[entry.memberId] = entry.assignment }
        group.state = .stable
        for id in group.memberIds {
            let assignment = byMember[id] ?? []
            group.members[id]?.assignment = assignment
            if let token = group.members[id]?.pendingSync {
                group.members[id]?.pendingSync = nil
                group.members[id]?.heartbeatReceived(nowMs: nowMs)
                actions.append(.completeSync(token: token, syncResult(group, assignment: assignment)))
            }
        }
    }

    private static func syncResult(_ group: ConsumerGroup, assignment: [UInt8]) -> GroupSyncResult {
        GroupSyncResult(
            errorCode: GroupErrorCode.none, protocolType: group.protocolType, protocolName: group.protocolName,
            assignment: assignment)
    }
}
