import Testing

@testable import Broker

/// Follower truncation (KIP-101/279), controller elections and ISR merging, as plain values.
struct ReplicationDecisionTests {
    private func local(end: Int64, hw: Int64, latest: Int32?, ends: [Int32: Int64] = [:]) -> FollowerTruncation.Local {
        FollowerTruncation.Local(
            logEndOffset: end, highWatermark: hw, latestEpoch: latest, endOffsetForEpoch: { ends[$0] ?? -1 })
    }

    @Test func sameEpochTruncatesToTheLeadersEndForIt() {
        // The old leader wrote 100..<120 in epoch 3 that the new leader never got; epoch 3 ends at 100 there.
        #expect(
            FollowerTruncation.target(local: local(end: 120, hw: 90, latest: 3), leaderEpoch: 3, leaderEndOffset: 100)
                == 100)
        // A follower behind the leader keeps everything.
        #expect(
            FollowerTruncation.target(local: local(end: 80, hw: 70, latest: 3), leaderEpoch: 3, leaderEndOffset: 100)
                == 80)
    }

    @Test func anEpochTheLeaderNeverSawIsCutAtTheEndOfTheEpochItAnswered() {
        // Follower: epoch 2 until 50, then its own epoch 4 (never replicated). Leader answers epoch 2 ending at 60.
        let view = local(end: 70, hw: 40, latest: 4, ends: [2: 50])
        #expect(FollowerTruncation.target(local: view, leaderEpoch: 2, leaderEndOffset: 60) == 50)
        // The leader's epoch 2 ended earlier than ours: its end wins.
        #expect(FollowerTruncation.target(local: view, leaderEpoch: 2, leaderEndOffset: 45) == 45)
    }

    @Test func withoutEpochsOnlyTheCommittedPartIsKept() {
        #expect(
            FollowerTruncation.target(local: local(end: 30, hw: 20, latest: nil), leaderEpoch: 3, leaderEndOffset: 25)
                == 20)
        #expect(
            FollowerTruncation.target(local: local(end: 30, hw: 20, latest: 2), leaderEpoch: -1, leaderEndOffset: -1)
                == 20)
    }

    @Test func hostileLeaderAnswersNeverTruncateBelowZeroOrGrowTheLog() {
        let view = local(end: 30, hw: 20, latest: 2, ends: [1: 10])
        #expect(FollowerTruncation.target(local: view, leaderEpoch: 2, leaderEndOffset: .max) == 30)
        #expect(FollowerTruncation.target(local: view, leaderEpoch: 2, leaderEndOffset: -7) == 20)
        #expect(FollowerTruncation.target(local: view, leaderEpoch: 1, leaderEndOffset: .min) == 20)
        #expect(FollowerTruncation.target(local: view, leaderEpoch: 9, leaderEndOffset: 5) >= 0)
    }

    private func state(leader: Int32, epoch: Int32 = 5, isr: [Int32]) -> ZooKeeperRecords.PartitionState {
        ZooKeeperRecords.PartitionState(controllerEpoch: 1, leader: leader, leaderEpoch: epoch, isr: isr)
    }

    @Test func failoverElectsTheFirstLiveInSyncReplicaInAssignmentOrder() throws {
        let next = try #require(
            LeaderElection.failover(
                state(leader: 1, isr: [1, 3, 2]), replicas: [1, 2, 3], live: [2, 3], unclean: false, controllerEpoch: 2)
        )
        #expect(next.leader == 2)
        #expect(next.leaderEpoch == 6)
        #expect(next.isr == [3, 2])
        #expect(next.controllerEpoch == 2)
    }

    @Test func failoverWithoutAnInSyncCandidateLeavesNoLeaderUnlessUnclean() throws {
        let current = state(leader: 1, isr: [1])
        let clean = try #require(
            LeaderElection.failover(current, replicas: [1, 2], live: [2], unclean: false, controllerEpoch: 1))
        #expect(clean.leader == -1)
        #expect(clean.isr == [1])
        let unclean = try #require(
            LeaderElection.failover(current, replicas: [1, 2], live: [2], unclean: true, controllerEpoch: 1))
        #expect(unclean.leader == 2)
        #expect(unclean.isr == [2])
        // The last leader returns: it takes over.
        let back = try #require(
            LeaderElection.failover(clean, replicas: [1, 2], live: [1, 2], unclean: false, controllerEpoch: 1))
        #expect(back.leader == 1)
        #expect(
            LeaderElection.failover(
                state(leader: 1, isr: [1, 2]), replicas: [1, 2], live: [1, 2], unclean: false, controllerEpoch: 1)
                == nil)
    }

    @Test func deadFollowersLeaveTheIsrWithoutAnEpochBump() throws {
        let next = try #require(
            LeaderElection.removeDeadFollowers(state(leader: 1, isr: [1, 2, 3]), live: [1, 3], controllerEpoch: 1))
        #expect(next.isr == [1, 3])
        #expect(next.leaderEpoch == 5)
        #expect(
            LeaderElection.removeDeadFollowers(state(leader: 1, isr: [1, 3]), live: [1, 3], controllerEpoch: 1) == nil)
    }

    @Test func thePreferredReplicaLeadsAgainOnceInSync() throws {
        #expect(
            LeaderElection.preferred(state(leader: 2, isr: [2]), replicas: [1, 2], live: [1, 2], controllerEpoch: 1)
                == nil)
        #expect(
            LeaderElection.preferred(state(leader: 2, isr: [2, 1]), replicas: [1, 2], live: [2], controllerEpoch: 1)
                == nil)
        let next = try #require(
            LeaderElection.preferred(
                state(leader: 2, isr: [2, 1]), replicas: [1, 2], live: [1, 2], controllerEpoch: 3))
        #expect(next.leader == 1)
        #expect(next.leaderEpoch == 6)
        #expect(next.isr == [2, 1])
        #expect(
            LeaderElection.preferred(
                state(leader: 1, isr: [1, 2]), replicas: [1, 2], live: [1, 2], controllerEpoch: 1) == nil)
    }

    @Test func isrWritesApplyTheLeadersChangeToWhatZooKeeperHolds() {
        // The controller removed dead broker 3 meanwhile; the leader adds 2: 3 must not come back.
        let add = IsrChangeProposal(topic: "t", partition: 0, leaderEpoch: 1, isr: [1, 2, 3], added: [2])
        #expect(IsrWriter.merge(zooKeeper: [1], proposal: add) == [1, 2])
        let remove = IsrChangeProposal(topic: "t", partition: 0, leaderEpoch: 1, isr: [1], removed: [2, 3])
        #expect(IsrWriter.merge(zooKeeper: [1, 2, 3], proposal: remove) == [1])
    }
}
