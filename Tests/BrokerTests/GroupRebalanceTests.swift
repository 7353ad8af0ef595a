import Testing

@testable import Broker

@Suite struct GroupRebalanceTests {
    @Test func aMemberLeavingMakesTheOthersRejoinIntoANewGeneration() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, generation) = harness.formStableGroup(count: 3)

        let result = harness.leave(memberIds: [members[0]])  // the leader leaves
        #expect(result.errorCode == GroupErrorCode.none)
        #expect(result.singleMemberErrorCode == GroupErrorCode.none)
        #expect(harness.group()?.state == .preparingRebalance)
        #expect(harness.heartbeat(memberId: members[1], generationId: generation) == GroupErrorCode.rebalanceInProgress)

        let b = harness.join(memberId: members[1])
        #expect(harness.joinResults[b] == nil, "waits for the third member")
        let c = harness.join(memberId: members[2])
        #expect(harness.joinResults[b]?.generationId == generation + 1)
        #expect(harness.joinResults[c]?.generationId == generation + 1)
        #expect(harness.joinResults[b]?.leaderId == members[1], "the next member in join order leads")
        #expect(harness.joinResults[b]?.members.count == 2)
    }

    @Test func leaveReportsUnknownMembersPerMember() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, _) = harness.formStableGroup(count: 2)
        let result = harness.leave(memberIds: [members[1], "ghost"])
        #expect(result.members.map(\.errorCode) == [GroupErrorCode.none, GroupErrorCode.unknownMemberId])
        let noGroup = harness.leave("nope", memberIds: ["ghost"])
        #expect(noGroup.singleMemberErrorCode == GroupErrorCode.unknownMemberId)
        #expect(harness.leave("", memberIds: ["x"]).errorCode == GroupErrorCode.invalidGroupId)
    }

    @Test func theLastMemberLeavingEmptiesTheGroup() {
        var harness = GroupHarness()
        let (members, generation) = harness.formStableGroup(count: 1)
        let commit = GroupOffsetCommitRequest(
            groupId: "g", generationId: generation, memberId: members[0],
            offsets: [GroupOffsetCommitEntry(topic: "t", partition: 0, offset: 1)])
        harness.state.applyPersisted(
            harness.state.planOffsetCommit(commit, nowMs: harness.nowMs, commitTimestampMs: 0).records)
        _ = harness.leave(memberIds: members)
        #expect(harness.group()?.state == .empty, "kept for its committed offsets")
        #expect(harness.group()?.generationId == generation + 1)
        #expect(harness.state.describe(groupId: "g").members.isEmpty)
        #expect(harness.state.listGroups().map(\.state) == ["Empty"])
    }

    @Test func aGroupWithNothingLeftIsForgotten() {
        var harness = GroupHarness()
        let (members, _) = harness.formStableGroup(count: 1)
        _ = harness.leave(memberIds: members)
        #expect(harness.group() == nil)
        #expect(harness.state.describe(groupId: "g").state == "Dead")
        #expect(harness.state.listGroups().isEmpty)
    }

    @Test func aSilentMemberExpiresAfterItsSessionTimeout() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, generation) = harness.formStableGroup(count: 2)
        harness.advance(byMs: 6_000)
        #expect(harness.heartbeat(memberId: members[0], generationId: generation) == GroupErrorCode.none)
        harness.advance(byMs: 4_500)  // members[1] last heard from 10.5 s ago, session is 10 s
        #expect(harness.group()?.members[members[1]] == nil)
        #expect(harness.group()?.members[members[0]] != nil)
        #expect(harness.heartbeat(memberId: members[0], generationId: generation) == GroupErrorCode.rebalanceInProgress)
        let rejoin = harness.join(memberId: members[0])
        #expect(harness.joinResults[rejoin]?.generationId == generation + 1)
        #expect(harness.joinResults[rejoin]?.members.map(\.memberId) == [members[0]])
    }

    @Test func membersThatDoNotRejoinWithinTheRebalanceTimeoutAreRemoved() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, generation) = harness.formStableGroup(count: 3)
        // Keep everyone's session alive; only the rebalance timeout (30 s) should matter.
        let leaderJoin = harness.join(memberId: members[0], rebalanceTimeoutMs: 20_000)
        let bJoin = harness.join(memberId: members[1], rebalanceTimeoutMs: 20_000)
        for _ in 0..<3 {
            harness.advance(byMs: 8_000)
            _ = harness.heartbeat(memberId: members[2], generationId: generation)
        }
        #expect(harness.joinResults[leaderJoin] == nil)
        harness.advance(byMs: 6_000)  // 30 s after the rebalance started
        #expect(harness.joinResults[leaderJoin]?.generationId == generation + 1)
        #expect(harness.joinResults[bJoin]?.generationId == generation + 1)
        #expect(harness.joinResults[leaderJoin]?.members.map(\.memberId) == [members[0], members[1]])
        #expect(harness.group()?.members[members[2]] == nil)
    }

    @Test func waitingMembersAreNotExpired() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, _) = harness.formStableGroup(count: 2)
        let parked = harness.join(memberId: members[0], sessionTimeoutMs: 5_000, rebalanceTimeoutMs: 60_000)
        harness.advance(byMs: 20_000)  // members[1] expires (10 s session); members[0] waits in JoinGroup
        #expect(harness.joinResults[parked]?.errorCode == GroupErrorCode.none)
        #expect(harness.joinResults[parked]?.members.map(\.memberId) == [members[0]])
    }
}

@Suite struct GroupUnloadTests {
    @Test func unloadingAPartitionAnswersParkedRequestsAndForgetsItsGroups() {
        var harness = GroupHarness(initialRebalanceDelayMs: 1_000)
        let parked = harness.join("moving")
        harness.join("staying")
        let partition = GroupPartitioning.partition(forGroup: "moving", partitionCount: 50)
        #expect(GroupPartitioning.partition(forGroup: "staying", partitionCount: 50) != partition)
        harness.record(
            harness.state.unloadGroups(
                where: { GroupPartitioning.partition(forGroup: $0, partitionCount: 50) == partition },
                errorCode: GroupErrorCode.notCoordinator))
        #expect(harness.joinResults[parked]?.errorCode == GroupErrorCode.notCoordinator)
        #expect(harness.group("moving") == nil)
        #expect(harness.group("staying") != nil)
    }
}
