import Testing

@testable import Broker

@Suite struct ReplicaAssignmentTests {
    @Test func spreadsLeadersAndKeepsReplicasDistinct() throws {
        let assignment = try ReplicaAssignment.assign(
            partitions: 6, replicationFactor: 3, brokers: [3, 1, 2], startIndex: 0)
        #expect(assignment.count == 6)
        for replicas in assignment.values {
            #expect(replicas.count == 3)
            #expect(Set(replicas).count == 3)
        }
        let leaders = assignment.values.map { $0[0] }
        #expect(Set(leaders) == [1, 2, 3])
        for broker: Int32 in [1, 2, 3] { #expect(leaders.filter { $0 == broker }.count == 2) }
    }

    @Test func refusesMoreReplicasThanBrokers() {
        #expect(throws: ReplicaAssignment.Failure.replicationFactorTooLarge(requested: 3, available: 2)) {
            try ReplicaAssignment.assign(partitions: 1, replicationFactor: 3, brokers: [0, 1])
        }
        #expect(throws: ReplicaAssignment.Failure.noBrokers) {
            try ReplicaAssignment.assign(partitions: 1, replicationFactor: 1, brokers: [])
        }
    }

    @Test func numbersAddedPartitionsFromTheFirstNewOne() throws {
        let assignment = try ReplicaAssignment.assign(partitions: 2, replicationFactor: 1, brokers: [0], firstPartition: 6)
        #expect(assignment.keys.sorted() == [6, 7])
    }
}

@Suite struct ExplicitAssignmentValidationTests {
    @Test func acceptsAWellFormedAssignment() {
        #expect(TopicAdmin.validateAssignment([0: [1, 2], 1: [2, 1]], liveBrokers: [1, 2]) == nil)
        #expect(TopicAdmin.validateAssignment([6: [1]], firstPartition: 6, liveBrokers: [1]) == nil)
    }

    @Test(arguments: [
        [-1: [0]] as [Int32: [Int32]],
        [1_000_000: [0]],
        [0: []],
        [0: [7]],
        [0: [0, 0]],
        [0: [0], 1: [0, 1]],
        [0: [0], 2: [0]],
    ])
    func refusesMalformedAssignments(_ assignment: [Int32: [Int32]]) {
        #expect(TopicAdmin.validateAssignment(assignment, liveBrokers: [0, 1])?.code == .invalidReplicaAssignment)
    }
}
