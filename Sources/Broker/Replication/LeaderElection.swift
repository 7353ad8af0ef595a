/// The controller's partition-state decisions, as plain functions over the state znode's value, the assignment and
/// the live brokers. Each returns the state to write, or nil when nothing should change.
enum LeaderElection {
    typealias State = ZooKeeperRecords.PartitionState

    /// The leader is dead (or there is none): the first replica in assignment order that is alive and in the ISR
    /// leads; with unclean election, any live replica; with no candidate, leader -1 and the ISR keeps the last
    /// leader, so it can take over cleanly when it returns. The leader epoch is bumped.
    static func failover(_ current: State, replicas: [Int32], live: Set<Int32>, unclean: Bool, controllerEpoch: Int32)
        -> State?
    {
        guard current.leader == -1 || !live.contains(current.leader) else { return nil }
        let liveIsr = current.isr.filter { live.contains($0) && $0 != current.leader }
        var newLeader = replicas.first { liveIsr.contains($0) }
        if newLeader == nil && unclean { newLeader = replicas.first { live.contains($0) } }
        if newLeader == nil && current.leader == -1 { return nil }
        var next = current
        next.controllerEpoch = controllerEpoch
        next.leader = newLeader ?? -1
        next.leaderEpoch = current.leaderEpoch + 1
        next.isr = newLeader.map { leader in liveIsr.contains(leader) ? liveIsr : [leader] } ?? [current.leader]
        return next
    }

    /// A live leader keeps its epoch; dead followers leave the ISR at once (not after replica.lag.time.max.ms), so
    /// acks=all does not wait for a broker that is gone.
    static func removeDeadFollowers(_ current: State, live: Set<Int32>, controllerEpoch: Int32) -> State? {
        guard current.leader >= 0, live.contains(current.leader) else { return nil }
        let isr = current.isr.filter { live.contains($0) }
        guard isr != current.isr else { return nil }
        var next = current
        next.controllerEpoch = controllerEpoch
        next.isr = isr.contains(current.leader) ? isr : [current.leader] + isr
        return next
    }

    /// Leadership goes back to the preferred replica (the first in the assignment) once it is alive and in the ISR.
    static func preferred(_ current: State, replicas: [Int32], live: Set<Int32>, controllerEpoch: Int32) -> State? {
        guard let preferred = replicas.first, preferred != current.leader, live.contains(preferred),
            current.isr.contains(preferred)
        else { return nil }
        var next = current
        next.controllerEpoch = controllerEpoch
        next.leader = preferred
        next.leaderEpoch = current.leaderEpoch + 1
        return next
    }
}
