/// Every group this coordinator owns, as a pure state machine.
///
/// Each event takes an explicit monotonic `nowMs` and returns the effects to perform (`GroupAction`s): answers
/// to parked JoinGroup/SyncGroup requests and wake-ups for timeouts. Nothing here sleeps, locks or does I/O,
/// so the whole membership protocol is tested as plain values; `GroupCoordinator` performs the effects.
struct GroupCoordinatorState: Sendable {
    let config: GroupCoordinatorConfig
    var groups: [String: ConsumerGroup] = [:]
    /// Makes member ids unique across coordinator restarts, so a stale id from before a restart is unknown.
    private let memberIdNonce: String
    private var memberCounter: UInt64 = 0

    init(config: GroupCoordinatorConfig = GroupCoordinatorConfig(), memberIdNonce: String) {
        self.config = config
        self.memberIdNonce = memberIdNonce
    }

    /// Runs the timeouts of one group that are due at `nowMs`.
    mutating func tick(groupId: String, nowMs: Int64) -> [GroupAction] {
        guard var group = groups.removeValue(forKey: groupId) else { return [] }
        var actions: [GroupAction] = []
        group.expire(nowMs: nowMs, config: config, actions: &actions)
        store(group, actions: &actions)
        return actions
    }

    /// Answers every parked request with `errorCode`, e.g. NOT_COORDINATOR when the broker shuts down.
    mutating func abandonAllWaiters(errorCode: Int16) -> [GroupAction] {
        var actions: [GroupAction] = []
        for groupId in groups.keys {
            guard var group = groups[groupId] else { continue }
            Self.abandonWaiters(of: &group, errorCode: errorCode, actions: &actions)
            groups[groupId] = group
        }
        return actions
    }

    /// Forgets the groups for which `shouldUnload` holds (their offsets partition moved to another broker),
    /// answering their parked requests with `errorCode` so clients look for the new coordinator.
    mutating func unloadGroups(where shouldUnload: (String) -> Bool, errorCode: Int16) -> [GroupAction] {
        var actions: [GroupAction] = []
        for groupId in groups.keys where shouldUnload(groupId) {
            guard var group = groups.removeValue(forKey: groupId) else { continue }
            Self.abandonWaiters(of: &group, errorCode: errorCode, actions: &actions)
        }
        return actions
    }

    private static func abandonWaiters(of group: inout ConsumerGroup, errorCode: Int16, actions: inout [GroupAction]) {
        for id in group.memberIds {
            guard let member = group.members[id] else { continue }
            if let token = member.pendingJoin {
                actions.append(.completeJoin(token: token, .failure(errorCode, memberId: id)))
                group.members[id]?.pendingJoin = nil
            }
            if let token = member.pendingSync {
                actions.append(.completeSync(token: token, .failure(errorCode)))
                group.members[id]?.pendingSync = nil
            }
        }
    }

    mutating func makeMemberId(clientId: String) -> String {
        memberCounter += 1
        return "\(clientId)-\(memberIdNonce)-\(memberCounter)"
    }

    /// Puts a group back after an event and asks for a wake-up at its next deadline. A group left with no
    /// members and no offsets is forgotten (Kafka drops such groups at its next cleanup); it reads as Dead.
    mutating func store(_ group: ConsumerGroup, actions: inout [GroupAction]) {
        guard !group.isDisposable else {
            groups[group.groupId] = nil
            return
        }
        if let deadline = group.nextDeadlineMs {
            actions.append(.wake(groupId: group.groupId, atMs: deadline))
        }
        groups[group.groupId] = group
    }
}
