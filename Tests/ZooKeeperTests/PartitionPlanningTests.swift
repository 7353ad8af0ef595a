import Testing

@testable import Lab

/// `cluster remove-broker`'s plan, `cluster status`'s partition health and the reassignment request checks, as
/// plain values.
struct PartitionPlanningTests {
    private func view(
        _ topic: String, _ partition: Int32, _ replicas: [Int32], leader: Int32? = nil, isr: [Int32]? = nil
    )
        -> PartitionView
    {
        PartitionView(
            topic: topic, partition: partition, replicas: replicas, leader: leader ?? replicas[0], isr: isr ?? replicas)
    }

    @Test func removingABrokerMovesOnlyItsReplicasKeepingTheFactorAndSpreadingThem() throws {
        // 6 partitions, RF 2, over brokers 0-2, as CreateTopics would place them.
        let partitions = [
            view("t", 0, [0, 1]), view("t", 1, [1, 2]), view("t", 2, [2, 0]),
            view("t", 3, [0, 2]), view("t", 4, [1, 0]), view("t", 5, [2, 1]),
        ]
        let moves = try ReplicaMovePlan.removing(broker: 1, from: partitions, brokers: [0, 1, 2, 3])
        #expect(Set(moves.map(\.partition)) == [0, 1, 4, 5])
        for move in moves {
            let before = partitions[Int(move.partition)].replicas
            #expect(!move.replicas.contains(1) && move.replicas.count == 2 && Set(move.replicas).count == 2)
            // Replicas that stay keep their slot (the preferred leader stays unless it is the one removed).
            for (slot, replica) in before.enumerated() where replica != 1 { #expect(move.replicas[slot] == replica) }
        }
        // Afterwards replicas and preferred leaderships are even over 0, 2 and 3 (broker 3 joined empty).
        var after = partitions.map(\.replicas)
        for move in moves { after[Int(move.partition)] = move.replicas }
        let replicaCounts = [0, 2, 3].map { id in after.filter { $0.contains(id) }.count }
        let leaderCounts = [0, 2, 3].map { id in after.filter { $0[0] == id }.count }
        #expect((replicaCounts.max() ?? 0) - (replicaCounts.min() ?? 0) <= 1, "\(replicaCounts)")
        #expect(leaderCounts == [2, 2, 2], "\(leaderCounts)")
    }

    @Test func removingABrokerThatHoldsNothingPlansNothing() throws {
        #expect(try ReplicaMovePlan.removing(broker: 3, from: [view("t", 0, [0, 1])], brokers: [0, 1, 3]).isEmpty)
    }

    @Test func tooFewRemainingBrokersForTheReplicationFactorIsRefused() {
        #expect(throws: ReplicaMovePlan.Failure.notEnoughBrokers(partition: "t-0", replicationFactor: 3, remaining: 2))
        {
            try ReplicaMovePlan.removing(broker: 2, from: [view("t", 0, [0, 1, 2])], brokers: [0, 1, 2])
        }
    }

    @Test func rebalancingOntoANewBrokerGivesItItsShareAndNoMore() {
        // 6 partitions, RF 2, on brokers 0-2 (4 replicas and 2 preferred leaderships each); broker 3 joins empty.
        let partitions = [
            view("t", 0, [0, 1]), view("t", 1, [1, 2]), view("t", 2, [2, 0]),
            view("t", 3, [0, 2]), view("t", 4, [1, 0]), view("t", 5, [2, 1]),
        ]
        let moves = ReplicaMovePlan.rebalancing(onto: 3, from: partitions, brokers: [0, 1, 2, 3])
        var after = partitions.map(\.replicas)
        for move in moves { after[Int(move.partition)] = move.replicas }
        let replicaCounts = [0, 1, 2, 3].map { id in after.filter { $0.contains(id) }.count }
        let leaderCounts = [0, 1, 2, 3].map { id in after.filter { $0[0] == id }.count }
        #expect(replicaCounts == [3, 3, 3, 3], "\(replicaCounts)")
        #expect(leaderCounts.allSatisfy { $0 >= 1 && $0 <= 2 }, "\(leaderCounts)")
        #expect(after.allSatisfy { $0.count == 2 && Set($0).count == 2 })
        // One replica per partition moves, the rest stays in its slot.
        for move in moves {
            let before = partitions[Int(move.partition)].replicas
            #expect(zip(before, move.replicas).filter { $0 != $1 }.count == 1)
        }
        // A broker that already has its share gets nothing more.
        #expect(ReplicaMovePlan.rebalancing(onto: 0, from: partitions, brokers: [0, 1, 2]).isEmpty)
    }

    @Test func healthCountsOfflineAndUnderReplicatedPartitions() {
        let health = PartitionHealth(
            partitions: [
                view("a", 0, [0, 1]),
                view("a", 1, [1, 2], leader: 1, isr: [1]),
                view("b", 0, [2], leader: -1, isr: [2]),
                // Its leader is not registered any more: as good as offline.
                view("b", 1, [2, 0], leader: 2, isr: [2, 0]),
            ], liveBrokers: [0, 1], reassigning: [])
        #expect(health.total == 4)
        #expect(health.offline.map(\.name) == ["b-0", "b-1"])
        #expect(health.underReplicated.map(\.name) == ["a-1"])
        #expect(!health.isHealthy)
    }

    @Test func reassignmentRequestsAreCheckedBeforeTheyAreWritten() {
        let partitions: Set<Int32> = [0, 1]
        let live: Set<Int32> = [0, 1, 2]
        func problem(_ partition: Int32, _ replicas: [Int32], partitions known: Set<Int32> = partitions) -> String? {
            PartitionAdmin.problem(
                with: PartitionReassignment(topic: "t", partition: partition, replicas: replicas), partitions: known,
                live: live)
        }
        #expect(problem(0, [2, 1]) == nil)
        #expect(problem(0, [2, 1], partitions: [])?.contains("does not exist") == true)
        #expect(problem(5, [2, 1])?.contains("no partition 5") == true)
        #expect(problem(-1, [2, 1])?.contains("no partition -1") == true)
        #expect(problem(0, [])?.contains("empty") == true)
        #expect(problem(0, [1, 1])?.contains("twice") == true)
        #expect(problem(0, [1, 7])?.contains("broker 7 is not registered") == true)
    }
}
