import Testing

@testable import Broker

/// The controller's reassignment decisions, as plain values: each step from the state it would see.
struct ReassignmentStepTests {
    private typealias State = ZooKeeperRecords.PartitionState

    private func state(leader: Int32, epoch: Int32 = 4, isr: [Int32]) -> State {
        State(controllerEpoch: 1, leader: leader, leaderEpoch: epoch, isr: isr)
    }

    private func next(_ target: [Int32], _ replicas: [Int32], _ current: State?, live: Set<Int32> = [0, 1, 2, 3])
        -> ReassignmentStep
    {
        ReassignmentStep.next(target: target, replicas: replicas, state: current, live: live, controllerEpoch: 7)
    }

    @Test func aWholeMoveGoesThroughEveryStepInOrder() {
        // RS = [0, 1] led by 0; TRS = [2, 3].
        var replicas: [Int32] = [0, 1]
        var current = state(leader: 0, isr: [0, 1])
        #expect(next([2, 3], replicas, current) == .expandAssignment([2, 3, 0, 1]))
        replicas = [2, 3, 0, 1]
        #expect(next([2, 3], replicas, current) == .waitForInSync([2, 3]))
        current.isr = [0, 1, 2]
        #expect(next([2, 3], replicas, current) == .waitForInSync([3]))
        current.isr = [0, 1, 2, 3]
        guard case .moveLeader(let moved) = next([2, 3], replicas, current) else {
            Issue.record("expected a leader move")
            return
        }
        #expect(moved.leader == 2 && moved.leaderEpoch == 5 && moved.controllerEpoch == 7 && moved.isr == [0, 1, 2, 3])
        current = moved
        guard case .shrink(let assignment, let shrunk) = next([2, 3], replicas, current) else {
            Issue.record("expected the shrink")
            return
        }
        // Shrinking keeps the leader epoch: acks=all produces in flight are not failed by it.
        #expect(assignment == [2, 3] && shrunk.isr == [2, 3] && shrunk.leader == 2 && shrunk.leaderEpoch == 5)
        replicas = [2, 3]
        current = shrunk
        #expect(next([2, 3], replicas, current) == .done)
    }

    @Test func aLeaderInsideTheTargetKeepsLeadingAndItsEpoch() {
        let current = state(leader: 1, isr: [0, 1, 2])
        #expect(
            next([1, 2], [1, 2, 0], current)
                == .shrink(
                    assignment: [1, 2], state: State(controllerEpoch: 7, leader: 1, leaderEpoch: 4, isr: [1, 2])))
    }

    @Test func anAssignmentAlreadyShrunkOnlyCleansTheIsr() {
        // The assignment write landed but the state write lost a race (or a late ISR expansion re-added 0).
        let current = state(leader: 1, isr: [1, 2, 0])
        #expect(
            next([1, 2], [1, 2], current)
                == .shrinkIsr(State(controllerEpoch: 7, leader: 1, leaderEpoch: 4, isr: [1, 2])))
    }

    @Test func aDeadTargetKeepsTheMoveWaiting() {
        // Broker 3 is dead: the controller took it out of the ISR, and it cannot come back until it returns.
        let current = state(leader: 0, isr: [0, 1, 2])
        #expect(next([2, 3], [2, 3, 0, 1], current, live: [0, 1, 2]) == .waitForInSync([3]))
    }

    @Test func aDeadLeaderIsLeftToTheFailover() {
        let current = state(leader: 0, isr: [0, 1, 2, 3])
        #expect(next([2, 3], [2, 3, 0, 1], current, live: [1, 2, 3]) == .waitForLeader)
        #expect(next([2, 3], [2, 3, 0, 1], state(leader: -1, isr: [0])) == .waitForInSync([2, 3]))
    }

    @Test func aPartitionWithoutStateWaits() {
        #expect(next([1], [1, 0], nil) == .waitForInSync([1]))
    }

    @Test func reorderingOnlyRewritesTheAssignment() {
        // The same brokers in another order: a new preferred leader, no data to copy.
        let current = state(leader: 0, isr: [0, 1])
        #expect(
            next([1, 0], [0, 1], current)
                == .shrink(
                    assignment: [1, 0], state: State(controllerEpoch: 7, leader: 0, leaderEpoch: 4, isr: [0, 1])))
        #expect(next([0, 1], [0, 1], current) == .done)
    }

    @Test func badTargetsAreDropped() {
        let current = state(leader: 0, isr: [0, 1])
        for target: [Int32] in [[], [1, 1], [2, -1]] {
            guard case .invalid = next(target, [0, 1], current) else {
                Issue.record("target \(target) was accepted")
                continue
            }
        }
    }
}
