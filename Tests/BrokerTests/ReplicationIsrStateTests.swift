import Testing

@testable import Broker

/// The leader's high watermark and ISR decisions, as plain values.
struct ReplicationIsrStateTests {
    /// Leader 1, followers 2 and 3, all in sync, epoch starting at 0.
    private func threeReplicas(now: Int64 = 0, isr: [Int32] = [1, 2, 3]) -> IsrState {
        IsrState(leaderId: 1, replicas: [1, 2, 3], isr: isr, epochStartOffset: 0, highWatermark: 0, nowMs: now)
    }

    @Test func highWatermarkIsTheSmallestLogEndOverTheIsr() {
        var state = threeReplicas()
        state.recordFetch(replica: 2, fetchOffset: 7, leaderEnd: 10, nowMs: 1)
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 10)
            #expect(moved == false)
        }  // follower 3 has not fetched yet
        #expect(state.highWatermark == 0)
        state.recordFetch(replica: 3, fetchOffset: 5, leaderEnd: 10, nowMs: 1)
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 10)
            #expect(moved)
        }
        #expect(state.highWatermark == 5)
        state.recordFetch(replica: 3, fetchOffset: 10, leaderEnd: 10, nowMs: 2)
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 10)
            #expect(moved)
        }
        #expect(state.highWatermark == 7)
    }

    @Test func highWatermarkNeverMovesBackwards() {
        var state = threeReplicas(isr: [1, 2])
        state.recordFetch(replica: 2, fetchOffset: 8, leaderEnd: 8, nowMs: 1)
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 8)
            #expect(moved)
        }
        state.recordFetch(replica: 2, fetchOffset: 3, leaderEnd: 8, nowMs: 2)  // truncated follower
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 8)
            #expect(moved == false)
        }
        #expect(state.highWatermark == 8)
    }

    @Test func aLeaderAloneInTheIsrCommitsItsLogEnd() {
        var state = threeReplicas(isr: [1])
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 4)
            #expect(moved)
        }
        #expect(state.highWatermark == 4)
    }

    @Test func followersOutsideTheIsrDoNotHoldTheHighWatermark() {
        var state = threeReplicas(isr: [1, 2])
        state.recordFetch(replica: 2, fetchOffset: 10, leaderEnd: 10, nowMs: 1)
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 10)
            #expect(moved)
        }
        #expect(state.highWatermark == 10)
    }

    @Test func aFollowerLaggingLongerThanTheLagTimeLeavesTheIsr() {
        var state = threeReplicas(now: 1_000)
        state.recordFetch(replica: 2, fetchOffset: 10, leaderEnd: 10, nowMs: 1_000)
        state.recordFetch(replica: 3, fetchOffset: 4, leaderEnd: 10, nowMs: 1_000)
        #expect(state.shrinkCandidates(nowMs: 1_500, lagMaxMs: 1_000).isEmpty)
        state.recordFetch(replica: 2, fetchOffset: 10, leaderEnd: 10, nowMs: 2_000)
        state.recordFetch(replica: 3, fetchOffset: 5, leaderEnd: 10, nowMs: 2_000)
        #expect(state.shrinkCandidates(nowMs: 2_100, lagMaxMs: 1_000) == [3])
        #expect(state.proposedIsr(removing: [3]) == [1, 2])
    }

    @Test func aFollowerThatReachesTheLeaderEndAtItsPreviousFetchCountsAsCaughtUpThen() {
        var state = threeReplicas(now: 0, isr: [1, 2])
        state.recordFetch(replica: 2, fetchOffset: 5, leaderEnd: 5, nowMs: 1_000)  // caught up at 1000
        state.recordFetch(replica: 2, fetchOffset: 5, leaderEnd: 9, nowMs: 1_800)  // leader grew meanwhile
        state.recordFetch(replica: 2, fetchOffset: 9, leaderEnd: 12, nowMs: 2_600)  // had all of 1800's data
        #expect(state.followers[2]?.lastCaughtUpMs == 1_800)
        #expect(state.shrinkCandidates(nowMs: 2_700, lagMaxMs: 1_000).isEmpty)
        #expect(state.shrinkCandidates(nowMs: 2_900, lagMaxMs: 1_000) == [2])
    }

    @Test func theLeaderIsNeverShrunkAway() {
        let state = threeReplicas(now: 0)
        #expect(state.shrinkCandidates(nowMs: 100_000, lagMaxMs: 10) == [2, 3])
        #expect(state.proposedIsr(removing: [1, 2, 3]) == [1])
    }

    @Test func aFollowerJoinsOnceItReachesTheHighWatermarkAndTheEpochStart() {
        var state = IsrState(leaderId: 1, replicas: [1, 2], isr: [1], epochStartOffset: 6, highWatermark: 4, nowMs: 0)
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 10)
            #expect(moved)
        }
        state.recordFetch(replica: 2, fetchOffset: 8, leaderEnd: 10, nowMs: 1)
        #expect(state.expansionCandidates().isEmpty)  // below the high watermark (10)
        state.recordFetch(replica: 2, fetchOffset: 10, leaderEnd: 10, nowMs: 2)
        #expect(state.expansionCandidates() == [2])
        #expect(state.proposedIsr(adding: [2]) == [1, 2])
    }

    @Test func aJoiningFollowerHoldsTheHighWatermarkWhileTheWriteIsUnderWay() {
        var state = IsrState(leaderId: 1, replicas: [1, 2], isr: [1], epochStartOffset: 0, highWatermark: 0, nowMs: 0)
        state.recordFetch(replica: 2, fetchOffset: 10, leaderEnd: 10, nowMs: 1)
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 10)
            #expect(moved)
        }
        state.markPendingAddition([2])
        #expect(state.expansionCandidates().isEmpty)  // not proposed twice
        do {
            let moved = state.advanceHighWatermark(leaderEnd: 15)
            #expect(moved == false)
        }  // 2 is at 10
        state.update(replicas: [1, 2], isr: [1, 2], nowMs: 2)
        #expect(state.pendingAdditions.isEmpty)
        state.clearPendingAdditions()
        #expect(state.maximalIsr == [1, 2])
    }

    @Test func hostileFetchPositionsAreIgnored() {
        var state = threeReplicas()
        do {
            let recorded = state.recordFetch(replica: 9, fetchOffset: 1, leaderEnd: 10, nowMs: 1)
            #expect(recorded == false)  // not a replica
        }
        do {
            let recorded = state.recordFetch(replica: 1, fetchOffset: 1, leaderEnd: 10, nowMs: 1)
            #expect(recorded == false)  // the leader itself
        }
        do {
            let recorded = state.recordFetch(replica: 2, fetchOffset: -5, leaderEnd: 10, nowMs: 1)
            #expect(recorded == false)
        }
        do {
            let recorded = state.recordFetch(replica: 2, fetchOffset: 11, leaderEnd: 10, nowMs: 1)
            #expect(recorded == false)  // diverged
        }
        do {
            let recorded = state.recordFetch(replica: 2, fetchOffset: .max, leaderEnd: 10, nowMs: 1)
            #expect(recorded == false)
        }
        #expect(state.followers[2]?.logEndOffset == -1)
    }

    @Test func newReplicasInTheAssignmentGetAFullLagPeriod() {
        var state = IsrState(
            leaderId: 1, replicas: [1, 2], isr: [1, 2], epochStartOffset: 0, highWatermark: 0, nowMs: 0)
        state.update(replicas: [1, 2, 3], isr: [1, 2], nowMs: 5_000)
        #expect(state.followers[3]?.lastCaughtUpMs == 5_000)
    }
}
