import Testing

@testable import Broker

@Suite struct GroupCoordinatorTests {
    private func makeCoordinator(
        clock: FakeGroupClock, log: OffsetLogRecorder = OffsetLogRecorder(), initialDelayMs: Int64 = 100
    ) -> GroupCoordinator {
        let config = GroupCoordinatorConfig(minSessionTimeoutMs: 1_000, initialRebalanceDelayMs: initialDelayMs)
        return GroupCoordinator(config: config, clock: clock, persist: { try log.persist($0) })
    }

    /// Three v4 clients: fetch an id, join, wait out the initial delay, sync.
    private func formGroup(_ coordinator: GroupCoordinator, clock: FakeGroupClock) async -> [GroupJoinResult] {
        var ids: [String] = []
        for name in ["a", "b", "c"] {
            let first = await coordinator.join(joinRequest(clientId: name))
            #expect(first.errorCode == GroupErrorCode.memberIdRequired)
            ids.append(first.memberId)
        }
        async let a = coordinator.join(joinRequest(memberId: ids[0], clientId: "a"))
        async let b = coordinator.join(joinRequest(memberId: ids[1], clientId: "b"))
        async let c = coordinator.join(joinRequest(memberId: ids[2], clientId: "c"))
        let allParked = await eventually {
            await coordinator.describe(groupIds: ["g"]).first?.members.count == 3 && clock.sleeperCount > 0
        }
        #expect(allParked)
        clock.advance(byMs: 100)
        return await [a, b, c]
    }

    @Test func joinAndSyncThroughTheActor() async {
        let clock = FakeGroupClock()
        let coordinator = makeCoordinator(clock: clock)
        let joins = await formGroup(coordinator, clock: clock)
        #expect(joins.map(\.errorCode) == [0, 0, 0])
        #expect(Set(joins.map(\.generationId)) == [1])
        let leader = joins[0]
        #expect(leader.isLeader)
        #expect(leader.members.map(\.metadata) == [Array("a".utf8), Array("b".utf8), Array("c".utf8)])

        async let b = coordinator.sync(GroupSyncRequest(groupId: "g", generationId: 1, memberId: joins[1].memberId))
        async let c = coordinator.sync(GroupSyncRequest(groupId: "g", generationId: 1, memberId: joins[2].memberId))
        let followersParked = await eventually {
            await coordinator.describe(groupIds: ["g"]).first?.state == "CompletingRebalance"
        }
        #expect(followersParked)
        let assignments = joins.enumerated().map { GroupAssignment(memberId: $1.memberId, assignment: [UInt8($0)]) }
        let leaderSync = await coordinator.sync(
            GroupSyncRequest(groupId: "g", generationId: 1, memberId: leader.memberId, assignments: assignments))
        let syncs = await [leaderSync, b, c]
        #expect(syncs.map(\.assignment) == [[0], [1], [2]])
        #expect(syncs.allSatisfy { $0.errorCode == GroupErrorCode.none })
        let heartbeat = await coordinator.heartbeat(
            GroupHeartbeatRequest(groupId: "g", generationId: 1, memberId: joins[1].memberId))
        #expect(heartbeat == GroupErrorCode.none)
        #expect(await coordinator.list() == [GroupListing(groupId: "g", protocolType: "consumer", state: "Stable")])
    }

    @Test func timersExpireSilentMembers() async {
        let clock = FakeGroupClock()
        let coordinator = makeCoordinator(clock: clock, initialDelayMs: 0)
        let joined = await coordinator.join(joinRequest(clientId: "a", apiVersion: 3))
        let synced = await coordinator.sync(
            GroupSyncRequest(groupId: "g", generationId: joined.generationId, memberId: joined.memberId))
        #expect(synced.errorCode == GroupErrorCode.none)
        clock.advance(byMs: 9_999)
        #expect(await coordinator.describe(groupIds: ["g"]).first?.members.count == 1)
        clock.advance(byMs: 1)
        let expired = await eventually { await coordinator.describe(groupIds: ["g"]).first?.state == "Dead" }
        #expect(expired)
        let heartbeat = await coordinator.heartbeat(
            GroupHeartbeatRequest(groupId: "g", generationId: joined.generationId, memberId: joined.memberId))
        #expect(heartbeat == GroupErrorCode.unknownMemberId)
    }

    @Test func commitsAreDurableBeforeTheyAreAcknowledgedAndSurviveARestart() async {
        let clock = FakeGroupClock()
        let log = OffsetLogRecorder()
        let coordinator = makeCoordinator(clock: clock, log: log)
        let request = GroupOffsetCommitRequest(
            groupId: "simple",
            offsets: [
                GroupOffsetCommitEntry(topic: "t", partition: 0, offset: 41, leaderEpoch: 2, metadata: "first"),
                GroupOffsetCommitEntry(topic: "t", partition: 1, offset: 7),
            ])
        #expect(await coordinator.commitOffsets(request).map(\.errorCode) == [0, 0])
        #expect(log.records.count == 2)
        #expect(log.records.first?.value?.commitTimestampMs == clock.wallClockMs())

        log.failNext(with: SomeDiskError())
        var failing = request
        failing.offsets = [GroupOffsetCommitEntry(topic: "t", partition: 0, offset: 99)]
        #expect(await coordinator.commitOffsets(failing).map(\.errorCode) == [GroupErrorCode.coordinatorNotAvailable])
        log.failNext(with: GroupPersistFailure(errorCode: GroupErrorCode.notCoordinator))
        #expect(await coordinator.commitOffsets(failing).map(\.errorCode) == [GroupErrorCode.notCoordinator])
        let fetch = GroupOffsetFetchRequest(groupId: "simple", partitions: nil)
        #expect(
            await coordinator.fetchOffsets(fetch).partitions.map(\.offset) == [41, 7], "failed commits are invisible")

        // Restart: a new coordinator replays the persisted records as bytes, with one corrupt record.
        let encoded =
            log.records.map { (key: $0.encodedKey(), value: $0.encodedValue()) } + [(key: [0, 1, 0], value: nil)]
        let restarted = makeCoordinator(clock: clock)
        #expect(await restarted.load(encodedRecords: encoded) == 1)
        let reloaded = await restarted.fetchOffsets(fetch)
        #expect(reloaded.partitions.map(\.offset) == [41, 7])
        #expect(reloaded.partitions.map(\.metadata) == ["first", ""])
        #expect(reloaded.partitions.map(\.leaderEpoch) == [2, -1])
    }

    @Test func deleteGroupsTombstonesOffsets() async {
        let log = OffsetLogRecorder()
        let coordinator = makeCoordinator(clock: FakeGroupClock(), log: log)
        let entry = GroupOffsetCommitEntry(topic: "t", partition: 0, offset: 1)
        _ = await coordinator.commitOffsets(GroupOffsetCommitRequest(groupId: "old", offsets: [entry]))
        let results = await coordinator.deleteGroups(["old", "missing"])
        #expect(results.map(\.errorCode) == [GroupErrorCode.none, GroupErrorCode.groupIdNotFound])
        #expect(log.records.last == OffsetRecord(groupId: "old", topic: "t", partition: 0, value: nil))
        #expect(await coordinator.list().isEmpty)
    }

    @Test func shutdownAnswersParkedRequests() async {
        let clock = FakeGroupClock()
        let coordinator = makeCoordinator(clock: clock, initialDelayMs: 1_000)
        async let parked = coordinator.join(joinRequest(apiVersion: 3))
        let isParked = await eventually { await coordinator.describe(groupIds: ["g"]).first?.members.count == 1 }
        #expect(isParked)
        await coordinator.shutdown()
        #expect(await parked.errorCode == GroupErrorCode.notCoordinator)
        #expect(await coordinator.heartbeat(GroupHeartbeatRequest(groupId: "g", generationId: 0, memberId: "x")) == 16)
    }
}
