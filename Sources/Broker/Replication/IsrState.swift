/// What a partition leader knows of its followers, and the decisions that follow from it: where the high
/// watermark is, who should join the ISR, who should leave it. A plain value: no clocks, no I/O; callers pass
/// the time and the leader's log end offset.
///
/// The high watermark is computed over the ISR *plus* followers whose addition is being written to ZooKeeper
/// (Kafka's "maximal ISR"): once a follower may be in the ISR that ZooKeeper holds, and so may be elected, no
/// offset it lacks can be acknowledged.
struct IsrState: Sendable, Equatable {
    struct Follower: Sendable, Equatable {
        /// The follower's log end offset, from its last fetch; -1 until it fetches from this leader.
        var logEndOffset: Int64 = -1
        /// The last time the follower had everything the leader had.
        var lastCaughtUpMs: Int64
        var lastFetchMs: Int64 = -1
        /// The leader's log end offset when the follower last fetched.
        var leaderEndAtLastFetch: Int64 = -1
    }

    let leaderId: Int32
    private(set) var replicas: [Int32]
    /// The ISR as ZooKeeper holds it (the leader included), in assignment order.
    private(set) var isr: [Int32]
    /// Followers being added to the ISR: written, not yet confirmed.
    private(set) var pendingAdditions: Set<Int32> = []
    private(set) var followers: [Int32: Follower]
    /// Where this leader's epoch starts: a follower joins the ISR only once it has reached it.
    let epochStartOffset: Int64
    private(set) var highWatermark: Int64

    init(leaderId: Int32, replicas: [Int32], isr: [Int32], epochStartOffset: Int64, highWatermark: Int64, nowMs: Int64)
    {
        self.leaderId = leaderId
        self.replicas = replicas
        self.isr = isr
        self.epochStartOffset = epochStartOffset
        self.highWatermark = highWatermark
        // A new leader gives every follower a full lag period before judging it.
        self.followers = Dictionary(
            uniqueKeysWithValues: replicas.filter { $0 != leaderId }.map { ($0, Follower(lastCaughtUpMs: nowMs)) })
    }

    /// The replicas the high watermark waits for.
    var maximalIsr: Set<Int32> { Set(isr).union(pendingAdditions) }

    /// Records a follower's fetch at `fetchOffset` (its log end offset). Returns false for a broker that is not
    /// a follower of this partition, or an offset beyond the leader's log (a diverged follower, not yet truncated).
    @discardableResult
    mutating func recordFetch(replica: Int32, fetchOffset: Int64, leaderEnd: Int64, nowMs: Int64) -> Bool {
        guard replica != leaderId, var follower = followers[replica], fetchOffset >= 0, fetchOffset <= leaderEnd else {
            return false
        }
        if fetchOffset >= leaderEnd {
            follower.lastCaughtUpMs = max(follower.lastCaughtUpMs, nowMs)
        } else if follower.lastFetchMs >= 0 && fetchOffset >= follower.leaderEndAtLastFetch {
            // It now has everything the leader had at its previous fetch: it was caught up as of then.
            follower.lastCaughtUpMs = max(follower.lastCaughtUpMs, follower.lastFetchMs)
        }
        follower.logEndOffset = fetchOffset
        follower.lastFetchMs = nowMs
        follower.leaderEndAtLastFetch = leaderEnd
        followers[replica] = follower
        return true
    }

    /// Moves the high watermark to the smallest log end offset over the maximal ISR, never backwards.
    /// Returns whether it moved.
    mutating func advanceHighWatermark(leaderEnd: Int64) -> Bool {
        var candidate = leaderEnd
        for id in maximalIsr where id != leaderId {
            candidate = min(candidate, followers[id]?.logEndOffset ?? -1)
        }
        guard candidate > highWatermark else { return false }
        highWatermark = candidate
        return true
    }

    /// Followers outside the ISR that have caught up with the high watermark and this leader's epoch.
    func expansionCandidates() -> [Int32] {
        replicas.filter { id in
            guard id != leaderId, !isr.contains(id), !pendingAdditions.contains(id), let follower = followers[id] else {
                return false
            }
            return follower.logEndOffset >= highWatermark && follower.logEndOffset >= epochStartOffset
        }
    }

    /// Followers in the ISR that have not been caught up for longer than `lagMaxMs`.
    func shrinkCandidates(nowMs: Int64, lagMaxMs: Int64) -> [Int32] {
        isr.filter { id in
            guard id != leaderId, let follower = followers[id] else { return false }
            return nowMs - follower.lastCaughtUpMs > lagMaxMs
        }
    }

    /// The ISR with `added` in and `removed` out, in assignment order, the leader always kept.
    func proposedIsr(adding added: [Int32] = [], removing removed: [Int32] = []) -> [Int32] {
        let members = Set(isr).union(added).subtracting(removed.filter { $0 != leaderId })
        return replicas.filter { members.contains($0) } + isr.filter { !replicas.contains($0) && members.contains($0) }
    }

    mutating func markPendingAddition(_ ids: [Int32]) {
        pendingAdditions.formUnion(ids)
    }

    /// A write of the ISR failed: the additions are no longer pending (they will be proposed again).
    mutating func clearPendingAdditions() {
        pendingAdditions.removeAll()
    }

    /// The ISR (and assignment) as ZooKeeper now holds it. Pending additions that took effect are settled.
    mutating func update(replicas newReplicas: [Int32], isr newIsr: [Int32], nowMs: Int64) {
        for id in newReplicas where id != leaderId && followers[id] == nil {
            followers[id] = Follower(lastCaughtUpMs: nowMs)
        }
        replicas = newReplicas
        isr = newIsr
        pendingAdditions.subtract(newIsr)
    }
}
