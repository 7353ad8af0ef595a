import Mirror
import Testing

@Suite struct TopicPlanTests {
    let all: TopicFilter

    init() throws {
        all = try TopicFilter(include: ".*")
    }

    @Test func missingDestinationTopicsAreCreatedWithTheSourceShape() throws {
        let plan = TopicPlan.make(
            source: ["orders": TopicShape(partitions: 6, replicationFactor: 3)], destination: [:],
            destinationBrokers: 1, filter: all)
        #expect(plan.creations == [TopicCreation(source: "orders", destination: "orders", partitions: 6, replicationFactor: 1)])
        #expect(plan.mirrored == ["orders": "orders"])
        #expect(plan.ready.isEmpty)
    }

    @Test func renamePrefixNamesTheDestination() throws {
        let plan = TopicPlan.make(
            source: ["a": TopicShape(partitions: 2), "b": TopicShape(partitions: 1)],
            destination: ["dc1.a": TopicShape(partitions: 2)], destinationBrokers: 3, filter: all,
            renamePrefix: "dc1.")
        #expect(plan.mirrored == ["a": "dc1.a", "b": "dc1.b"])
        #expect(plan.creations.map(\.destination) == ["dc1.b"])
        #expect(plan.ready == ["a"])
    }

    @Test func includeAndExcludeMatchWholeNamesAndSkipInternalTopics() throws {
        let filter = try TopicFilter(include: "orders.*", exclude: ".*-tmp")
        let plan = TopicPlan.make(
            source: [
                "orders": TopicShape(partitions: 1), "orders-eu": TopicShape(partitions: 1),
                "orders-tmp": TopicShape(partitions: 1), "old-orders": TopicShape(partitions: 1),
                "__consumer_offsets": TopicShape(partitions: 50),
            ], destination: [:], destinationBrokers: 1, filter: filter)
        #expect(Set(plan.mirrored.keys) == ["orders", "orders-eu"])
        #expect(!all.matches("__consumer_offsets"))
    }

    @Test func grownSourcesGrowTheirDestinations() {
        let plan = TopicPlan.make(
            source: ["t": TopicShape(partitions: 8)], destination: ["t": TopicShape(partitions: 3)],
            destinationBrokers: 1, filter: all)
        #expect(plan.growths == [PartitionGrowth(destination: "t", from: 3, to: 8)])
        #expect(plan.creations.isEmpty)
        #expect(plan.ready == ["t"])
    }

    @Test func largerDestinationsAreWarnedAboutNotShrunk() {
        let plan = TopicPlan.make(
            source: ["t": TopicShape(partitions: 2)], destination: ["t": TopicShape(partitions: 4)],
            destinationBrokers: 1, filter: all)
        #expect(plan.growths.isEmpty)
        #expect(plan.warnings.count == 1)
        #expect(plan.ready == ["t"])
    }

    @Test func onOneClusterTheMirrorNeverCopiesItsOwnCopies() {
        let plan = TopicPlan.make(
            source: ["t": TopicShape(partitions: 1), "m.t": TopicShape(partitions: 1)],
            destination: ["t": TopicShape(partitions: 1), "m.t": TopicShape(partitions: 1)],
            destinationBrokers: 1, filter: all, renamePrefix: "m.", sameCluster: true)
        #expect(plan.mirrored == ["t": "m.t"])
    }

    @Test func topicsWithoutPartitionsWaitForALaterRound() {
        let plan = TopicPlan.make(
            source: ["broken": TopicShape(partitions: 0)], destination: [:], destinationBrokers: 1, filter: all)
        #expect(plan.mirrored.isEmpty && plan.creations.isEmpty)
    }

    @Test func malformedPatternsAreClearErrors() {
        #expect(throws: MirrorError.self) { try TopicFilter(include: "orders[") }
        #expect(throws: MirrorError.self) { try TopicFilter(include: "ok", exclude: "(unclosed") }
        #expect(throws: MirrorError.self) { try TopicFilter(include: "") }
    }
}
