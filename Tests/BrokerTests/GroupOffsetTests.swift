import Testing

@testable import Broker

@Suite struct GroupOffsetTests {
    private func commit(
        _ harness: inout GroupHarness, group: String = "g", generation: Int32 = -1, memberId: String = "",
        offsets: [GroupOffsetCommitEntry]
    ) -> [Int16] {
        let request = GroupOffsetCommitRequest(
            groupId: group, generationId: generation, memberId: memberId, offsets: offsets)
        let plan = harness.state.planOffsetCommit(request, nowMs: harness.nowMs, commitTimestampMs: 42)
        harness.state.applyPersisted(plan.records)  // as if persisting succeeded
        return plan.results.map(\.errorCode)
    }

    private let entry = GroupOffsetCommitEntry(topic: "t", partition: 0, offset: 17, leaderEpoch: 3, metadata: "meta")

    @Test func aSimpleConsumerCommitsAndFetchesWithMetadata() {
        var harness = GroupHarness()
        let nullMetadata = GroupOffsetCommitEntry(topic: "t", partition: 1, offset: 5)
        #expect(commit(&harness, offsets: [entry, nullMetadata]) == [0, 0])

        let fetched = harness.state.fetchOffsets(
            GroupOffsetFetchRequest(
                groupId: "g",
                partitions: [
                    .init(topic: "t", partition: 0), .init(topic: "t", partition: 1), .init(topic: "u", partition: 0),
                ]))
        #expect(fetched.errorCode == GroupErrorCode.none)
        #expect(
            fetched.partitions == [
                GroupOffsetFetchPartition(
                    topic: "t", partition: 0, offset: 17, leaderEpoch: 3, metadata: "meta", errorCode: 0),
                GroupOffsetFetchPartition(
                    topic: "t", partition: 1, offset: 5, leaderEpoch: -1, metadata: "", errorCode: 0),
                GroupOffsetFetchPartition(
                    topic: "u", partition: 0, offset: -1, leaderEpoch: -1, metadata: "", errorCode: 0),
            ])
        let all = harness.state.fetchOffsets(GroupOffsetFetchRequest(groupId: "g", partitions: nil))
        #expect(all.partitions.map(\.partition) == [0, 1])
        let unknownGroup = harness.state.fetchOffsets(GroupOffsetFetchRequest(groupId: "x", partitions: nil))
        #expect(unknownGroup.partitions.isEmpty)
        #expect(harness.state.describe(groupId: "g").state == "Empty")
    }

    @Test func membersCommitOnlyWithTheCurrentGeneration() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, generation) = harness.formStableGroup(count: 2)
        #expect(commit(&harness, generation: generation, memberId: members[1], offsets: [entry]) == [0])
        #expect(
            commit(&harness, generation: generation - 1, memberId: members[1], offsets: [entry])
                == [GroupErrorCode.illegalGeneration])
        #expect(
            commit(&harness, generation: generation, memberId: "ghost", offsets: [entry])
                == [GroupErrorCode.unknownMemberId])
        #expect(commit(&harness, offsets: [entry]) == [GroupErrorCode.unknownMemberId], "simple commit, busy group")
        #expect(
            commit(&harness, group: "new", generation: 3, memberId: "m", offsets: [entry])
                == [GroupErrorCode.illegalGeneration])

        harness.join(clientId: "newcomer")  // PreparingRebalance: commits of the old generation still count
        #expect(commit(&harness, generation: generation, memberId: members[0], offsets: [entry]) == [0])
    }

    @Test func commitsBetweenJoinAndSyncAreRefused() {
        var harness = GroupHarness()
        let token = harness.join()
        let memberId = harness.joinResults[token]?.memberId ?? ""
        #expect(
            commit(&harness, generation: 1, memberId: memberId, offsets: [entry])
                == [GroupErrorCode.rebalanceInProgress])
    }

    @Test func oversizedMetadataIsRefusedPerPartition() {
        var harness = GroupHarness()
        let big = GroupOffsetCommitEntry(
            topic: "t", partition: 9, offset: 1, metadata: String(repeating: "x", count: 5_000))
        #expect(commit(&harness, offsets: [entry, big]) == [0, GroupErrorCode.offsetMetadataTooLarge])
    }

    @Test func describeAndListReportMembersAndState() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, _) = harness.formStableGroup(count: 2)
        let description = harness.state.describe(groupId: "g")
        #expect(description.state == "Stable")
        #expect(description.protocolType == "consumer")
        #expect(description.protocolName == "range")
        #expect(description.members.map(\.memberId) == members)
        #expect(description.members.map(\.clientId) == ["c0", "c1"])
        #expect(description.members.first?.clientHost == "/127.0.0.1")
        #expect(description.members.first?.metadata == GroupHarness.range.metadata)
        #expect(description.members.first?.assignment == Array(members[0].utf8))
        #expect(harness.state.describe(groupId: "nope").state == "Dead")
        #expect(harness.state.listGroups() == [GroupListing(groupId: "g", protocolType: "consumer", state: "Stable")])
    }

    @Test func onlyEmptyGroupsCanBeDeleted() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        _ = harness.formStableGroup(count: 1)
        _ = commit(&harness, group: "simple", offsets: [entry])
        let plan = harness.state.planGroupDeletion(["g", "simple", "nope"])
        #expect(
            plan.results.map(\.errorCode)
                == [GroupErrorCode.nonEmptyGroup, GroupErrorCode.none, GroupErrorCode.groupIdNotFound])
        #expect(plan.records == [OffsetRecord(groupId: "simple", topic: "t", partition: 0, value: nil)])
        harness.state.applyPersisted(plan.records)
        #expect(harness.group("simple") == nil)
        #expect(
            harness.state.fetchOffsets(GroupOffsetFetchRequest(groupId: "simple", partitions: nil)).partitions.isEmpty)
    }
}
