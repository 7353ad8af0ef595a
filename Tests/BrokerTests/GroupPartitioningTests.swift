import Testing

@testable import Broker

@Suite struct GroupPartitioningTests {
    @Test func javaHashCodeKnownValues() {
        #expect(GroupPartitioning.javaStringHashCode("") == 0)
        #expect(GroupPartitioning.javaStringHashCode("abc") == 96354)
        #expect(GroupPartitioning.javaStringHashCode("hello") == 99_162_322)
        #expect(GroupPartitioning.javaStringHashCode("Aa") == GroupPartitioning.javaStringHashCode("BB"))
        #expect(GroupPartitioning.javaStringHashCode("consumer-group-test") == -82_798_249, "wraps as Java does")
        // Outside the BMP Java hashes the two UTF-16 surrogates: 0xD83D * 31 + 0xDE00.
        #expect(GroupPartitioning.javaStringHashCode("😀") == 0xD83D * 31 + 0xDE00)
    }

    @Test func int32MinHashIsSafe() {
        #expect(GroupPartitioning.javaStringHashCode("polygenelubricants") == Int32.min)
        #expect(GroupCoordinator.partition(forGroup: "polygenelubricants", partitionCount: 50) == 0)
    }

    @Test func partitionsFollowKafkasFormula() {
        #expect(GroupCoordinator.partition(forGroup: "abc", partitionCount: 50) == 96354 % 50)
        #expect(GroupCoordinator.partition(forGroup: "", partitionCount: 50) == 0)
        #expect(GroupCoordinator.partition(forGroup: "consumer-group-test", partitionCount: 50) == 49)
        #expect(GroupCoordinator.partition(forGroup: "my-application-consumers", partitionCount: 50) == 39)
        for id in ["a", "group-1", "my-consumer-group", "ünïcode"] {
            let partition = GroupCoordinator.partition(forGroup: id, partitionCount: 7)
            #expect((0..<7).contains(partition))
        }
        #expect(GroupCoordinator.partition(forGroup: "abc", partitionCount: 0) == 0, "no division by zero")
    }
}
