/// Heartbeat and LeaveGroup: liveness and graceful departure.
extension GroupCoordinatorState {
    /// Handles a Heartbeat: keeps the member alive and tells it whether it must rejoin.
    mutating func heartbeat(_ request: GroupHeartbeatRequest, nowMs: Int64) -> (errorCode: Int16, [GroupAction]) {
        guard !request.groupId.isEmpty else { return (GroupErrorCode.invalidGroupId, []) }
        guard var group = groups[request.groupId], group.members[request.memberId] != nil else {
            return (GroupErrorCode.unknownMemberId, [])
        }
        guard request.generationId == group.generationId else { return (GroupErrorCode.illegalGeneration, []) }
        let errorCode: Int16
        switch group.state {
        case .empty, .dead:
            return (GroupErrorCode.unknownMemberId, [])
        case .preparingRebalance:
            // The heartbeat response is how members of a stable group learn they must rejoin.
            errorCode = GroupErrorCode.rebalanceInProgress
        case .completingRebalance, .stable:
            // Between JoinGroup and SyncGroup a member is up to date, so it is a normal heartbeat.
            errorCode = GroupErrorCode.none
        }
        group.members[request.memberId]?.heartbeatReceived(nowMs: nowMs)
        var actions: [GroupAction] = []
        store(group, actions: &actions)
        return (errorCode, actions)
    }

    /// Handles a LeaveGroup for one (v0-2) or several (v3) members; the rest rebalance at once.
    mutating func leave(_ request: GroupLeaveRequest, nowMs: Int64) -> (GroupLeaveResult, [GroupAction]) {
        guard !request.groupId.isEmpty else {
            return (GroupLeaveResult(errorCode: GroupErrorCode.invalidGroupId, members: []), [])
        }
        guard var group = groups[request.groupId] else {
            let results = request.members.map {
                GroupLeavingMemberResult(
                    memberId: $0.memberId, groupInstanceId: $0.groupInstanceId,
                    errorCode: GroupErrorCode.unknownMemberId)
            }
            return (GroupLeaveResult(errorCode: GroupErrorCode.none, members: results), [])
        }
        var actions: [GroupAction] = []
        var results: [GroupLeavingMemberResult] = []
        for leaving in request.members {
            var errorCode = GroupErrorCode.none
            if let memberId = Self.resolve(leaving, in: group) {
                group.removeMember(memberId, nowMs: nowMs, config: config, actions: &actions)
            } else if !group.removePendingMember(leaving.memberId) {
                errorCode = GroupErrorCode.unknownMemberId
            } else {
                // A member that only got its id (MEMBER_ID_REQUIRED) may still be holding up a join phase.
                group.tryCompleteJoin(nowMs: nowMs, actions: &actions)
            }
            results.append(
                GroupLeavingMemberResult(
                    memberId: leaving.memberId, groupInstanceId: leaving.groupInstanceId, errorCode: errorCode))
        }
        store(group, actions: &actions)
        return (GroupLeaveResult(errorCode: GroupErrorCode.none, members: results), actions)
    }

    /// A v3 leave may name a static member by instance id alone.
    private static func resolve(_ leaving: GroupLeavingMember, in group: ConsumerGroup) -> String? {
        if group.members[leaving.memberId] != nil { return leaving.memberId }
        guard leaving.memberId.isEmpty, let instanceId = leaving.groupInstanceId else { return nil }
        return group.memberIds.first { group.members[$0]?.groupInstanceId == instanceId }
    }
}
