import Testing

@testable import Broker

@Suite struct GroupSyncHeartbeatTests {
    @Test func syncHandsEveryMemberItsOwnAssignment() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let tokens = (0..<3).map { harness.join(clientId: "c\($0)") }
        harness.advance(byMs: 10)
        let ids = tokens.compactMap { harness.joinResults[$0]?.memberId }
        #expect(ids.count == 3)

        let followerTokens = ids.dropFirst().map { harness.sync(memberId: $0, generationId: 1) }
        #expect(followerTokens.allSatisfy { harness.syncResults[$0] == nil }, "followers wait for the leader")

        // The leader forgets the last member: it gets an empty assignment rather than nothing at all.
        let assignments = [
            GroupAssignment(memberId: ids[0], assignment: [10]),
            GroupAssignment(memberId: ids[1], assignment: [11]),
            GroupAssignment(memberId: "not-a-member", assignment: [99]),
        ]
        let leaderToken = harness.sync(memberId: ids[0], generationId: 1, assignments: assignments)
        #expect(harness.syncResults[leaderToken]?.assignment == [10])
        #expect(harness.syncResults[followerTokens[0]]?.assignment == [11])
        #expect(harness.syncResults[followerTokens[1]]?.assignment == [])
        #expect(harness.syncResults[leaderToken]?.protocolName == "range")
        #expect(harness.group()?.state == .stable)

        let late = harness.sync(memberId: ids[1], generationId: 1)
        #expect(harness.syncResults[late]?.assignment == [11], "a stable group answers a sync at once")
    }

    @Test func syncErrors() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, generation) = harness.formStableGroup(count: 2)
        let stale = harness.sync(memberId: members[1], generationId: generation - 1)
        #expect(harness.syncResults[stale]?.errorCode == GroupErrorCode.illegalGeneration)
        let unknown = harness.sync(memberId: "ghost", generationId: generation)
        #expect(harness.syncResults[unknown]?.errorCode == GroupErrorCode.unknownMemberId)
        let noGroup = harness.sync("other", memberId: members[0], generationId: generation)
        #expect(harness.syncResults[noGroup]?.errorCode == GroupErrorCode.unknownMemberId)

        harness.join(memberId: members[0])  // the leader rejoins: rebalance
        let during = harness.sync(memberId: members[1], generationId: generation)
        #expect(harness.syncResults[during]?.errorCode == GroupErrorCode.rebalanceInProgress)
    }

    @Test func aRebalanceFailsFollowersWaitingForAssignments() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let tokens = (0..<2).map { _ in harness.join() }
        harness.advance(byMs: 10)
        let ids = tokens.compactMap { harness.joinResults[$0]?.memberId }
        let waiting = harness.sync(memberId: ids[1], generationId: 1)
        harness.join(clientId: "newcomer")  // a new member arrives before the leader synced
        #expect(harness.syncResults[waiting]?.errorCode == GroupErrorCode.rebalanceInProgress)
        #expect(harness.group()?.state == .preparingRebalance)
    }

    @Test func heartbeatOutcomes() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, generation) = harness.formStableGroup(count: 2)
        #expect(harness.heartbeat(memberId: members[1], generationId: generation) == GroupErrorCode.none)
        #expect(
            harness.heartbeat(memberId: members[1], generationId: generation + 5) == GroupErrorCode.illegalGeneration)
        #expect(harness.heartbeat(memberId: "ghost", generationId: generation) == GroupErrorCode.unknownMemberId)
        #expect(
            harness.heartbeat("nope", memberId: members[0], generationId: generation) == GroupErrorCode.unknownMemberId)
        #expect(harness.heartbeat("", memberId: members[0], generationId: generation) == GroupErrorCode.invalidGroupId)

        harness.join(clientId: "newcomer")
        #expect(harness.group()?.state == .preparingRebalance)
        #expect(harness.heartbeat(memberId: members[1], generationId: generation) == GroupErrorCode.rebalanceInProgress)
    }

    @Test func heartbeatBetweenJoinAndSyncIsNormal() {
        var harness = GroupHarness()
        let token = harness.join()
        let memberId = harness.joinResults[token]?.memberId ?? ""
        #expect(harness.group()?.state == .completingRebalance)
        #expect(harness.heartbeat(memberId: memberId, generationId: 1) == GroupErrorCode.none)
    }
}

@Suite struct GroupLeaderFailureTests {
    @Test func aLeaderThatNeverSyncsIsExpiredAndWaitingFollowersAreToldToRejoin() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let tokens = (0..<2).map { harness.join(clientId: "c\($0)") }
        harness.advance(byMs: 10)
        let ids = tokens.compactMap { harness.joinResults[$0]?.memberId }
        let follower = harness.sync(memberId: ids[1], generationId: 1)
        harness.advance(byMs: 10_000)  // the leader's session runs out; the parked follower is kept alive
        #expect(harness.syncResults[follower]?.errorCode == GroupErrorCode.rebalanceInProgress)
        #expect(harness.group()?.members[ids[0]] == nil)
        let description = harness.state.describe(groupId: "g")
        #expect(description.state == "PreparingRebalance")
        #expect(description.protocolName == "", "no protocol is reported outside Stable")
        #expect(description.members.map(\.metadata) == [[]])
        let rejoin = harness.join(memberId: ids[1])
        #expect(harness.joinResults[rejoin]?.leaderId == ids[1])
        #expect(harness.joinResults[rejoin]?.generationId == 2)
    }
}
