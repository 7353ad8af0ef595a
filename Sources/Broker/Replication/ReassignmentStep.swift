/// The controller's next move for one partition being reassigned, as a plain function of the target replicas
/// (TRS), the current assignment, the state znode and the live brokers.
///
/// It looks only at the present, not at what it did before, so any controller (a new one after a failover
/// included) resumes a half-done move by asking again. The order follows classic Kafka:
/// 1. the assignment becomes TRS ∪ RS (TRS first, so the preferred leader is TRS's first): the new replicas open
///    logs and follow the leader;
/// 2. wait until every TRS replica is in the ISR (a dead target keeps the move waiting);
/// 3. a leader outside TRS hands leadership to the first TRS replica alive and in sync (leader epoch bumped);
/// 4. the assignment becomes TRS (replicas outside it stop and delete their logs), then the ISR loses them.
///
/// Growing and shrinking the assignment keep the leader epoch: followers need no truncation for either, and a
/// bump would fail the acks=all produces in flight. Only a change of leader bumps it.
enum ReassignmentStep: Equatable, Sendable {
    typealias State = ZooKeeperRecords.PartitionState

    /// The request cannot be carried out and is dropped.
    case invalid(String)
    /// No write yet: the listed target replicas have not caught up (or the partition has no state yet).
    case waitForInSync([Int32])
    /// No write yet: the partition has no live leader, or none of the target can take over; failover comes first.
    case waitForLeader
    /// Write this assignment (step 1).
    case expandAssignment([Int32])
    /// Write this state: leadership moves into the target (step 3).
    case moveLeader(State)
    /// Write the assignment TRS, then this state without the removed replicas in its ISR (step 4).
    case shrink(assignment: [Int32], state: State)
    /// The assignment is already TRS; only the ISR still lists removed replicas.
    case shrinkIsr(State)
    /// Nothing left to do: the request can be removed.
    case done

    static func next(
        target: [Int32], replicas: [Int32], state: State?, live: Set<Int32>, controllerEpoch: Int32
    ) -> ReassignmentStep {
        if let problem = problem(with: target) { return .invalid(problem) }
        let targetSet = Set(target)
        if !targetSet.isSubset(of: replicas) {
            return .expandAssignment(target + replicas.filter { !targetSet.contains($0) })
        }
        guard let state else { return .waitForInSync(target) }
        let lagging = target.filter { !state.isr.contains($0) }
        if !lagging.isEmpty { return .waitForInSync(lagging) }
        // A dead (or missing) leader is the failover's job; once it is done the move goes on.
        guard state.leader >= 0, live.contains(state.leader) else { return .waitForLeader }
        if !targetSet.contains(state.leader) {
            guard let leader = target.first(where: { live.contains($0) && state.isr.contains($0) }) else {
                return .waitForLeader
            }
            var next = state
            next.controllerEpoch = controllerEpoch
            next.leader = leader
            next.leaderEpoch = state.leaderEpoch + 1
            return .moveLeader(next)
        }
        var shrunk = state
        shrunk.controllerEpoch = controllerEpoch
        shrunk.isr = state.isr.filter { targetSet.contains($0) }
        if replicas != target { return .shrink(assignment: target, state: shrunk) }
        if shrunk.isr != state.isr { return .shrinkIsr(shrunk) }
        return .done
    }

    /// Why a target replica list cannot be used, or nil when it can.
    static func problem(with target: [Int32]) -> String? {
        if target.isEmpty { return "the target replica list is empty" }
        if Set(target).count != target.count { return "the target replica list \(target) repeats a broker" }
        if let bad = target.first(where: { $0 < 0 }) { return "broker id \(bad) is not valid" }
        return nil
    }
}
