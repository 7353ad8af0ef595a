/// What the broker log says about a group's membership: who joined or went, and each step of a rebalance.
///
/// The state machine stays free of logging; the coordinator takes a `View` of the group before and after each
/// event and logs the difference with the event's cause, as Kafka's coordinator does at INFO ("Preparing to
/// rebalance group …", "Stabilized group …"). Heartbeats that change nothing log nothing.
enum GroupTransitionLog {
    /// The parts of a group a rebalance changes.
    struct View: Equatable, Sendable {
        var state: GroupState
        var generationId: Int32
        var memberIds: [String]
        var leaderId: String?
    }

    /// The lines describing how `before` became `after` because of `cause` (e.g. "JoinGroup from m-1").
    static func lines(groupId: String, before: View?, after: View?, cause: String) -> [String] {
        let old = before ?? View(state: .empty, generationId: 0, memberIds: [], leaderId: nil)
        let new = after ?? View(state: .empty, generationId: old.generationId, memberIds: [], leaderId: nil)
        guard old != new else { return [] }
        var lines: [String] = []
        let remaining = Set(new.memberIds)
        for member in old.memberIds where !remaining.contains(member) {
            lines.append("group \(groupId): member \(member) removed (\(cause))")
        }
        let earlier = Set(old.memberIds)
        for member in new.memberIds where !earlier.contains(member) {
            lines.append("group \(groupId): member \(member) added (\(cause))")
        }
        if new.state != old.state || new.generationId != old.generationId {
            lines.append(stateLine(groupId: groupId, old: old, new: new, cause: cause))
        }
        return lines
    }

    private static func stateLine(groupId: String, old: View, new: View, cause: String) -> String {
        let members = "\(new.memberIds.count) member\(new.memberIds.count == 1 ? "" : "s")"
        switch new.state {
        case .preparingRebalance:
            return "group \(groupId): preparing to rebalance from generation \(old.generationId) "
                + "(\(old.state.kafkaName), \(members), reason: \(cause))"
        case .completingRebalance:
            return "group \(groupId): generation \(new.generationId) formed with \(members), "
                + "leader \(new.leaderId ?? "none"); waiting for the leader's assignment"
        case .stable:
            return "group \(groupId): stable at generation \(new.generationId) with \(members)"
        case .empty:
            return "group \(groupId): empty at generation \(new.generationId) (\(cause))"
        case .dead:
            return "group \(groupId): dead (\(cause))"
        }
    }
}

extension ConsumerGroup {
    var transitionView: GroupTransitionLog.View {
        GroupTransitionLog.View(state: state, generationId: generationId, memberIds: memberIds, leaderId: leaderId)
    }
}
