import Testing

@testable import Broker

/// Drives a `GroupCoordinatorState` like the actor does, recording every answer the state machine gives.
struct GroupHarness {
    var state: GroupCoordinatorState
    var nowMs: Int64 = 1_000
    private var lastToken: GroupWaitToken = 0
    private(set) var joinResults: [GroupWaitToken: GroupJoinResult] = [:]
    private(set) var syncResults: [GroupWaitToken: GroupSyncResult] = [:]
    /// The earliest wake-up asked for, per group.
    private(set) var wakeUps: [String: Int64] = [:]

    init(initialRebalanceDelayMs: Int64 = 0, minSessionTimeoutMs: Int32 = 1_000) {
        let config = GroupCoordinatorConfig(
            minSessionTimeoutMs: minSessionTimeoutMs, initialRebalanceDelayMs: initialRebalanceDelayMs)
        state = GroupCoordinatorState(config: config, memberIdNonce: "test")
    }

    static let range = GroupProtocol(name: "range", metadata: [1])
    static let roundRobin = GroupProtocol(name: "roundrobin", metadata: [2])

    mutating func record(_ actions: [GroupAction]) {
        for action in actions {
            switch action {
            case .completeJoin(let token, let result):
                #expect(joinResults[token] == nil, "a join must be answered once")
                joinResults[token] = result
            case .completeSync(let token, let result):
                #expect(syncResults[token] == nil, "a sync must be answered once")
                syncResults[token] = result
            case .wake(let groupId, let atMs):
                wakeUps[groupId] = min(wakeUps[groupId] ?? .max, atMs)
            }
        }
    }

    /// Sends a JoinGroup and returns its token; look the answer up with `joinResults`.
    @discardableResult
    mutating func join(
        _ groupId: String = "g", memberId: String = "", clientId: String = "client",
        protocols: [GroupProtocol] = [range], protocolType: String = "consumer", apiVersion: Int16 = 3,
        sessionTimeoutMs: Int32 = 10_000, rebalanceTimeoutMs: Int32 = 30_000
    ) -> GroupWaitToken {
        lastToken += 1
        let request = GroupJoinRequest(
            groupId: groupId, sessionTimeoutMs: sessionTimeoutMs, rebalanceTimeoutMs: rebalanceTimeoutMs,
            memberId: memberId, protocolType: protocolType, protocols: protocols, clientId: clientId,
            clientHost: "/127.0.0.1", apiVersion: apiVersion)
        record(state.join(request, token: lastToken, nowMs: nowMs))
        return lastToken
    }

    @discardableResult
    mutating func sync(
        _ groupId: String = "g", memberId: String, generationId: Int32, assignments: [GroupAssignment] = []
    ) -> GroupWaitToken {
        lastToken += 1
        let request = GroupSyncRequest(
            groupId: groupId, generationId: generationId, memberId: memberId, assignments: assignments)
        record(state.sync(request, token: lastToken, nowMs: nowMs))
        return lastToken
    }

    mutating func heartbeat(_ groupId: String = "g", memberId: String, generationId: Int32) -> Int16 {
        let request = GroupHeartbeatRequest(groupId: groupId, generationId: generationId, memberId: memberId)
        let (errorCode, actions) = state.heartbeat(request, nowMs: nowMs)
        record(actions)
        return errorCode
    }

    mutating func leave(_ groupId: String = "g", memberIds: [String]) -> GroupLeaveResult {
        let request = GroupLeaveRequest(groupId: groupId, members: memberIds.map { GroupLeavingMember(memberId: $0) })
        let (result, actions) = state.leave(request, nowMs: nowMs)
        record(actions)
        return result
    }

    /// Moves time forward, running every wake-up that falls due (as the actor's timers would).
    mutating func advance(byMs delta: Int64) {
        let target = nowMs + delta
        while let (groupId, due) = wakeUps.filter({ $0.value <= target }).min(by: { $0.value < $1.value }) {
            nowMs = max(nowMs, due)
            wakeUps[groupId] = nil
            record(state.tick(groupId: groupId, nowMs: nowMs))
        }
        nowMs = target
    }

    func group(_ groupId: String = "g") -> ConsumerGroup? { state.groups[groupId] }

    /// Forms a stable group of `count` members that all joined in the same join phase; returns their ids,
    /// leader first, and the generation.
    mutating func formStableGroup(_ groupId: String = "g", count: Int) -> (memberIds: [String], generation: Int32) {
        let tokens = (0..<count).map { join(groupId, clientId: "c\($0)") }
        advance(byMs: state.config.initialRebalanceDelayMs)
        let results = tokens.compactMap { joinResults[$0] }
        #expect(results.count == count)
        let memberIds = results.map(\.memberId)
        let generation = results.first?.generationId ?? -1
        let assignments = memberIds.map { GroupAssignment(memberId: $0, assignment: Array($0.utf8)) }
        let syncTokens = memberIds.dropFirst().map { sync(groupId, memberId: $0, generationId: generation) }
        let leaderToken = sync(groupId, memberId: memberIds[0], generationId: generation, assignments: assignments)
        #expect((syncTokens + [leaderToken]).allSatisfy { syncResults[$0]?.errorCode == GroupErrorCode.none })
        #expect(group(groupId)?.state == .stable)
        return (memberIds, generation)
    }
}
