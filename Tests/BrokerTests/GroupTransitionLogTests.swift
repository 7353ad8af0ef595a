import Testing

@testable import Broker

@Suite struct GroupTransitionLogTests {
    typealias View = GroupTransitionLog.View

    @Test func aRebalanceLogsEachStepWithItsCause() {
        var harness = GroupHarness(initialRebalanceDelayMs: 10)
        let (members, generation) = harness.formStableGroup(count: 2)
        let stable = harness.group()?.transitionView

        _ = harness.leave(memberIds: [members[0]])
        let preparing = harness.group()?.transitionView
        #expect(
            GroupTransitionLog.lines(groupId: "g", before: stable, after: preparing, cause: "LeaveGroup") == [
                "group g: member \(members[0]) removed (LeaveGroup)",
                "group g: preparing to rebalance from generation \(generation) (Stable, 1 member, reason: LeaveGroup)",
            ])

        harness.join(memberId: members[1])
        let formed = harness.group()?.transitionView
        #expect(
            GroupTransitionLog.lines(groupId: "g", before: preparing, after: formed, cause: "JoinGroup from x") == [
                "group g: generation \(generation + 1) formed with 1 member, leader \(members[1]); "
                    + "waiting for the leader's assignment"
            ])

        harness.sync(memberId: members[1], generationId: generation + 1)
        let stableAgain = harness.group()?.transitionView
        #expect(
            GroupTransitionLog.lines(groupId: "g", before: formed, after: stableAgain, cause: "SyncGroup")
                == ["group g: stable at generation \(generation + 1) with 1 member"])
    }

    @Test func anEventThatChangesNothingLogsNothing() {
        let view = View(state: .stable, generationId: 3, memberIds: ["a", "b"], leaderId: "a")
        #expect(GroupTransitionLog.lines(groupId: "g", before: view, after: view, cause: "Heartbeat").isEmpty)
        #expect(GroupTransitionLog.lines(groupId: "g", before: nil, after: nil, cause: "JoinGroup").isEmpty)
    }

    @Test func aGroupThatIsForgottenReadsAsEmptiedWithItsMembersRemoved() {
        let before = View(state: .preparingRebalance, generationId: 4, memberIds: ["a"], leaderId: "a")
        #expect(
            GroupTransitionLog.lines(groupId: "g", before: before, after: nil, cause: "session or join deadline passed")
                == [
                    "group g: member a removed (session or join deadline passed)",
                    "group g: empty at generation 4 (session or join deadline passed)",
                ])
    }
}
