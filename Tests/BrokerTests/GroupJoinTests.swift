import Testing

@testable import Broker

@Suite struct GroupJoinTests {
    @Test func threeMembersJoinOneProtocolIsChosenAndTheLeaderSeesEveryone() {
        var harness = GroupHarness(initialRebalanceDelayMs: 100)
        let a = harness.join(clientId: "a", protocols: [GroupHarness.range, GroupHarness.roundRobin])
        harness.advance(byMs: 50)
        let b = harness.join(clientId: "b", protocols: [GroupHarness.roundRobin, GroupHarness.range])
        harness.advance(byMs: 50)
        let c = harness.join(clientId: "c", protocols: [GroupHarness.roundRobin, GroupHarness.range])
        #expect(harness.joinResults.isEmpty, "the initial delay holds the first rebalance back")
        #expect(harness.group()?.state == .preparingRebalance)

        harness.advance(byMs: 100)  // each newcomer extended the delay by 100 ms
        guard let leader = harness.joinResults[a], let second = harness.joinResults[b],
            let third = harness.joinResults[c]
        else {
            Issue.record("joins were not answered")
            return
        }
        for result in [leader, second, third] {
            #expect(result.errorCode == GroupErrorCode.none)
            #expect(result.generationId == 1)
            #expect(result.protocolName == "roundrobin", "two of three members prefer roundrobin")
            #expect(result.protocolType == "consumer")
            #expect(result.leaderId == leader.memberId)
        }
        #expect(leader.memberId.hasPrefix("a-"))
        #expect(leader.isLeader)
        #expect(leader.members.map(\.memberId) == [leader.memberId, second.memberId, third.memberId])
        #expect(leader.members.allSatisfy { $0.metadata == GroupHarness.roundRobin.metadata })
        #expect(second.members.isEmpty && third.members.isEmpty, "followers do not get the member list")
        #expect(harness.group()?.state == .completingRebalance)
    }

    @Test func aTiedVoteGoesToTheLeadersPreference() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let a = harness.join(protocols: [GroupHarness.range, GroupHarness.roundRobin])
        harness.join(protocols: [GroupHarness.roundRobin, GroupHarness.range])
        harness.advance(byMs: 10)
        #expect(harness.joinResults[a]?.protocolName == "range")
    }

    @Test func memberIdRequiredFromVersionFour() {
        var harness = GroupHarness()
        let first = harness.join(clientId: "rdkafka", apiVersion: 4)
        guard let required = harness.joinResults[first] else {
            Issue.record("the first join must be answered at once")
            return
        }
        #expect(required.errorCode == GroupErrorCode.memberIdRequired)
        #expect(required.memberId.hasPrefix("rdkafka-"))
        #expect(required.generationId == -1)
        #expect(harness.group()?.members.isEmpty == true, "not a member until it joins with the id")

        let second = harness.join(memberId: required.memberId, clientId: "rdkafka", apiVersion: 4)
        let joined = harness.joinResults[second]
        #expect(joined?.errorCode == GroupErrorCode.none)
        #expect(joined?.memberId == required.memberId)
        #expect(joined?.generationId == 1)
        #expect(joined?.isLeader == true)
    }

    @Test func versionsBelowFourGetAMemberIdStraightAway() {
        var harness = GroupHarness()
        let token = harness.join(apiVersion: 3)
        #expect(harness.joinResults[token]?.errorCode == GroupErrorCode.none)
        #expect(harness.joinResults[token]?.memberId.isEmpty == false)
    }

    @Test func aPendingMemberIdThatNeverComesBackExpires() {
        var harness = GroupHarness()
        let first = harness.join(apiVersion: 4, sessionTimeoutMs: 5_000)
        let memberId = harness.joinResults[first]?.memberId ?? ""
        harness.advance(byMs: 5_000)
        #expect(harness.group() == nil, "the group held nothing but the stale id")
        let late = harness.join(memberId: memberId, apiVersion: 4)
        #expect(harness.joinResults[late]?.errorCode == GroupErrorCode.unknownMemberId)
    }

    @Test func inconsistentProtocolsAreRejected() {
        var harness = GroupHarness()
        _ = harness.formStableGroup(count: 1)
        let otherProtocol = harness.join(protocols: [GroupProtocol(name: "sticky", metadata: [])])
        #expect(harness.joinResults[otherProtocol]?.errorCode == GroupErrorCode.inconsistentGroupProtocol)
        let otherType = harness.join(protocolType: "connect")
        #expect(harness.joinResults[otherType]?.errorCode == GroupErrorCode.inconsistentGroupProtocol)
        let none = harness.join("h", protocols: [])
        #expect(harness.joinResults[none]?.errorCode == GroupErrorCode.inconsistentGroupProtocol)
        let emptyType = harness.join("h", protocolType: "")
        #expect(harness.joinResults[emptyType]?.errorCode == GroupErrorCode.inconsistentGroupProtocol)
        #expect(harness.group("h") == nil, "a failed first join does not create the group")
    }

    @Test func badRequestsGetTheirErrors() {
        var harness = GroupHarness(minSessionTimeoutMs: 6_000)
        let emptyGroup = harness.join("")
        #expect(harness.joinResults[emptyGroup]?.errorCode == GroupErrorCode.invalidGroupId)
        let shortSession = harness.join(sessionTimeoutMs: 100)
        #expect(harness.joinResults[shortSession]?.errorCode == GroupErrorCode.invalidSessionTimeout)
        let longSession = harness.join(sessionTimeoutMs: .max)
        #expect(harness.joinResults[longSession]?.errorCode == GroupErrorCode.invalidSessionTimeout)
        let unknownGroup = harness.join("nope", memberId: "ghost")
        #expect(harness.joinResults[unknownGroup]?.errorCode == GroupErrorCode.unknownMemberId)
    }

    @Test func aFollowerRejoiningUnchangedWhileStableGetsTheCurrentGeneration() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, generation) = harness.formStableGroup(count: 2)
        let again = harness.join(memberId: members[1])
        #expect(harness.joinResults[again]?.generationId == generation)
        #expect(harness.group()?.state == .stable)
    }

    @Test func theLeaderRejoiningStartsARebalance() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, generation) = harness.formStableGroup(count: 2)
        let leaderJoin = harness.join(memberId: members[0])
        #expect(harness.joinResults[leaderJoin] == nil)
        #expect(harness.group()?.state == .preparingRebalance)
        let followerJoin = harness.join(memberId: members[1])
        #expect(harness.joinResults[leaderJoin]?.generationId == generation + 1)
        #expect(harness.joinResults[followerJoin]?.generationId == generation + 1)
    }

    @Test func aRetriedJoinReplacesTheParkedOne() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, _) = harness.formStableGroup(count: 2)
        let first = harness.join(memberId: members[0])
        let retry = harness.join(memberId: members[0])
        #expect(harness.joinResults[first]?.errorCode == GroupErrorCode.rebalanceInProgress)
        #expect(harness.joinResults[retry] == nil)
        harness.join(memberId: members[1])
        #expect(harness.joinResults[retry]?.errorCode == GroupErrorCode.none)
    }
}
