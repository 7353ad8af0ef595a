/// JoinGroup: validation, KIP-394 member ids, and (re)joining in every group state.
extension GroupCoordinatorState {
    /// Handles a JoinGroup. Its answer always comes back as a `.completeJoin(token:)` action: immediately for
    /// errors and for rejoins that change nothing, otherwise when the join phase of the rebalance ends.
    mutating func join(_ request: GroupJoinRequest, token: GroupWaitToken, nowMs: Int64) -> [GroupAction] {
        func fail(_ code: Int16) -> [GroupAction] {
            [.completeJoin(token: token, .failure(code, memberId: request.memberId))]
        }
        guard !request.groupId.isEmpty else { return fail(GroupErrorCode.invalidGroupId) }
        guard request.sessionTimeoutMs >= config.minSessionTimeoutMs,
            request.sessionTimeoutMs <= config.maxSessionTimeoutMs
        else { return fail(GroupErrorCode.invalidSessionTimeout) }

        var group: ConsumerGroup
        if let existing = groups[request.groupId] {
            group = existing
        } else if request.memberId.isEmpty {
            group = ConsumerGroup(groupId: request.groupId)
        } else {
            return fail(GroupErrorCode.unknownMemberId)
        }
        guard
            group.supportsProtocols(
                type: request.protocolType, protocols: request.protocols, joiningMemberId: request.memberId)
        else { return fail(GroupErrorCode.inconsistentGroupProtocol) }

        var actions: [GroupAction] = []
        if request.memberId.isEmpty {
            let memberId = makeMemberId(clientId: request.clientId)
            if request.apiVersion >= 4 && request.groupInstanceId == nil {
                // KIP-394: hand out the id first, so a client that times out and retries cannot leave
                // anonymous members behind that stall the rebalance.
                group.addPendingMember(memberId, deadlineMs: nowMs + Int64(request.sessionTimeoutMs))
                actions.append(
                    .completeJoin(token: token, .failure(GroupErrorCode.memberIdRequired, memberId: memberId)))
            } else {
                let member = GroupMember(memberId: memberId, request: request, pendingJoin: token, nowMs: nowMs)
                group.addMember(member, nowMs: nowMs, config: config, actions: &actions)
            }
        } else if group.removePendingMember(request.memberId) {
            let member = GroupMember(
                memberId: request.memberId, request: request, pendingJoin: token, nowMs: nowMs)
            group.addMember(member, nowMs: nowMs, config: config, actions: &actions)
        } else {
            rejoin(&group, request: request, token: token, nowMs: nowMs, actions: &actions)
        }
        store(group, actions: &actions)
        return actions
    }

    /// A known member joins again: part of a rebalance, a lost join response, or new subscriptions.
    private func rejoin(
        _ group: inout ConsumerGroup, request: GroupJoinRequest, token: GroupWaitToken, nowMs: Int64,
        actions: inout [GroupAction]
    ) {
        let memberId = request.memberId
        guard let member = group.members[memberId], group.state != .empty, group.state != .dead else {
            actions.append(.completeJoin(token: token, .failure(GroupErrorCode.unknownMemberId, memberId: memberId)))
            return
        }
        let unchanged = member.matches(request.protocols)
        switch group.state {
        case .completingRebalance where unchanged, .stable where unchanged && !group.isLeader(memberId):
            // Same subscription: answer with the current generation instead of rebalancing again.
            group.members[memberId]?.heartbeatReceived(nowMs: nowMs)
            actions.append(.completeJoin(token: token, group.joinResult(for: memberId)))
        default:
            if let previous = member.pendingJoin {
                // A retried join replaces the one still parked; the old request gets a retriable error.
                actions.append(
                    .completeJoin(token: previous, .failure(GroupErrorCode.rebalanceInProgress, memberId: memberId)))
            }
            group.members[memberId]?.protocols = request.protocols
            group.members[memberId]?.protocolType = request.protocolType
            group.members[memberId]?.sessionTimeoutMs = request.sessionTimeoutMs
            group.members[memberId]?.rebalanceTimeoutMs = request.rebalanceTimeoutMs
            group.members[memberId]?.clientId = request.clientId
            group.members[memberId]?.clientHost = request.clientHost
            group.members[memberId]?.pendingJoin = token
            if group.members.count == 1 { group.protocolType = request.protocolType }
            if group.state == .preparingRebalance {
                group.tryCompleteJoin(nowMs: nowMs, actions: &actions)
            } else {
                group.prepareRebalance(nowMs: nowMs, config: config, actions: &actions)
            }
        }
    }
}
