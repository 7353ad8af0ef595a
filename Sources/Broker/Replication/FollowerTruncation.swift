/// Where a follower cuts its log before fetching from a new leader (KIP-101, KIP-279): a plain decision over the
/// follower's epoch cache and the leader's OffsetForLeaderEpoch answer.
enum FollowerTruncation {
    /// What the follower knows of its own log.
    struct Local: Sendable {
        var logEndOffset: Int64
        var highWatermark: Int64
        /// The newest epoch in its cache; nil when the cache is empty.
        var latestEpoch: Int32?
        /// The follower's own end offset for an epoch (as its epoch cache answers OffsetForLeaderEpoch).
        var endOffsetForEpoch: @Sendable (Int32) -> Int64
    }

    /// The offset to truncate to (the log end when nothing must go), given the leader's answer for the follower's
    /// latest epoch: the largest epoch the leader knows at or below it, and where that epoch ends on the leader.
    static func target(local: Local, leaderEpoch: Int32, leaderEndOffset: Int64) -> Int64 {
        guard local.latestEpoch != nil, leaderEpoch >= 0, leaderEndOffset >= 0 else {
            // No epochs to compare: only what was committed is known to be on the leader.
            return min(local.highWatermark, local.logEndOffset)
        }
        if leaderEpoch == local.latestEpoch {
            return min(leaderEndOffset, local.logEndOffset)
        }
        // The leader never saw our latest epoch: both logs agree up to the end of the epoch the leader answered
        // with, as each of them holds it (KIP-279).
        let ownEnd = local.endOffsetForEpoch(leaderEpoch)
        let ownBound = ownEnd >= 0 ? ownEnd : local.highWatermark
        return max(0, min(leaderEndOffset, ownBound, local.logEndOffset))
    }
}
