/// The rebalance mechanics: adding and removing members, the join phase, and timeouts.
extension ConsumerGroup {
    /// A new member (already validated) joins; its JoinGroup stays parked until the join phase ends.
    mutating func addMember(
        _ member: GroupMember, nowMs: Int64, config: GroupCoordinatorConfig, actions: inout [GroupAction]
    ) {
        if members.isEmpty { protocolType = member.protocolType }
        if leaderId == nil { leaderId = member.memberId }
        memberIds.append(member.memberId)
        members[member.memberId] = member
        switch state {
        case .empty, .stable, .completingRebalance:
            prepareRebalance(nowMs: nowMs, config: config, actions: &actions)
        case .preparingRebalance:
            extendInitialDelay(nowMs: nowMs, config: config)
            tryCompleteJoin(nowMs: nowMs, actions: &actions)
        case .dead:
            break
        }
    }

    /// Removes a member (left, expired or did not rejoin in time) and lets the rest rebalance.
    mutating func removeMember(
        _ memberId: String, nowMs: Int64, config: GroupCoordinatorConfig, actions: inout [GroupAction]
    ) {
        dropMember(memberId, actions: &actions)
        switch state {
        case .stable, .completingRebalance:
            prepareRebalance(nowMs: nowMs, config: config, actions: &actions)
        case .preparingRebalance:
            tryCompleteJoin(nowMs: nowMs, actions: &actions)
        case .empty, .dead:
            break
        }
    }

    /// Starts a join phase: everyone must rejoin within the longest rebalance timeout of the members.
    mutating func prepareRebalance(nowMs: Int64, config: GroupCoordinatorConfig, actions: inout [GroupAction]) {
        if state == .completingRebalance {
            // Followers waiting for assignments of a generation that will never be stable must rejoin.
            for id in memberIds {
                if let token = members[id]?.pendingSync {
                    members[id]?.pendingSync = nil
                    members[id]?.heartbeatReceived(nowMs: nowMs)
                    actions.append(.completeSync(token: token, .failure(GroupErrorCode.rebalanceInProgress)))
                }
            }
        }
        for id in memberIds { members[id]?.assignment = [] }
        let rebalanceTimeoutMs = Int64(members.values.map(\.rebalanceTimeoutMs).max() ?? 0)
        let limitMs = nowMs + rebalanceTimeoutMs
        if state == .empty && config.initialRebalanceDelayMs > 0 {
            let deadline = min(nowMs + config.initialRebalanceDelayMs, limitMs)
            joinPhase = JoinPhase(deadlineMs: deadline, isInitialDelay: true, limitMs: limitMs)
        } else {
            joinPhase = JoinPhase(deadlineMs: limitMs, isInitialDelay: false, limitMs: limitMs)
        }
        state = .preparingRebalance
        tryCompleteJoin(nowMs: nowMs, actions: &actions)
    }

    /// Ends the join phase if everyone has (re)joined or time is up.
    mutating func tryCompleteJoin(nowMs: Int64, actions: inout [GroupAction]) {
        guard state == .preparingRebalance, let joinPhase else { return }
        let timeIsUp = nowMs >= joinPhase.deadlineMs
        if timeIsUp || (!joinPhase.isInitialDelay && allMembersJoined) {
            completeJoin(nowMs: nowMs, actions: &actions)
        }
    }

    /// Expires members whose session ran out, stale MEMBER_ID_REQUIRED ids, and an overdue join phase.
    mutating func expire(nowMs: Int64, config: GroupCoordinatorConfig, actions: inout [GroupAction]) {
        for id in memberIds {
            guard let member = members[id], !member.isWaiting, member.sessionDeadlineMs <= nowMs else { continue }
            removeMember(id, nowMs: nowMs, config: config, actions: &actions)
        }
        for (id, deadline) in pendingMemberDeadlines where deadline <= nowMs {
            pendingMemberDeadlines[id] = nil
        }
        tryCompleteJoin(nowMs: nowMs, actions: &actions)
    }

    /// The join response for a member of the current generation; the leader also gets everyone's metadata.
    func joinResult(for memberId: String) -> GroupJoinResult {
        let everyone = memberIds.compactMap { members[$0] }.map {
            GroupJoinMember(
                memberId: $0.memberId, groupInstanceId: $0.groupInstanceId,
                metadata: $0.metadata(forProtocol: protocolName))
        }
        return GroupJoinResult(
            errorCode: GroupErrorCode.none, generationId: generationId, protocolType: protocolType,
            protocolName: protocolName, leaderId: leaderId ?? "", memberId: memberId,
            members: isLeader(memberId) ? everyone : []
        )
    }

    mutating func addPendingMember(_ memberId: String, deadlineMs: Int64) {
        pendingMemberDeadlines[memberId] = deadlineMs
    }

    mutating func removePendingMember(_ memberId: String) -> Bool {
        pendingMemberDeadlines.removeValue(forKey: memberId) != nil
    }

    /// Empties the group (DeleteGroups) after its offsets were tombstoned.
    mutating func clearOffsets() {
        offsets.removeAll()
    }

    mutating func setOffset(_ offset: CommittedOffset?, for partition: GroupTopicPartition) {
        offsets[partition] = offset
    }

    // MARK: - Private

    private mutating func completeJoin(nowMs: Int64, actions: inout [GroupAction]) {
        for id in memberIds where members[id]?.pendingJoin == nil {
            dropMember(id, actions: &actions)
        }
        joinPhase = nil
        generationId &+= 1
        guard !members.isEmpty else {
            state = .empty
            protocolName = nil
            return
        }
        protocolName = selectProtocol()
        state = .completingRebalance
        for id in memberIds {
            guard let token = members[id]?.pendingJoin else { continue }
            members[id]?.pendingJoin = nil
            members[id]?.heartbeatReceived(nowMs: nowMs)
            actions.append(.completeJoin(token: token, joinResult(for: id)))
        }
    }

    /// Removes a member without starting a rebalance, answering whatever it had parked.
    private mutating func dropMember(_ memberId: String, actions: inout [GroupAction]) {
        guard let member = members.removeValue(forKey: memberId) else { return }
        memberIds.removeAll { $0 == memberId }
        if let token = member.pendingJoin {
            actions.append(.completeJoin(token: token, .failure(GroupErrorCode.unknownMemberId, memberId: memberId)))
        }
        if let token = member.pendingSync {
            actions.append(.completeSync(token: token, .failure(GroupErrorCode.unknownMemberId)))
        }
        if leaderId == memberId { leaderId = memberIds.first }
    }

    private mutating func extendInitialDelay(nowMs: Int64, config: GroupCoordinatorConfig) {
        guard var phase = joinPhase, phase.isInitialDelay else { return }
        phase.deadlineMs = max(phase.deadlineMs, min(nowMs + config.initialRebalanceDelayMs, phase.limitMs))
        joinPhase = phase
    }
}
