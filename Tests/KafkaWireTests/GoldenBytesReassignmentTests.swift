import KafkaWire
import NIOCore
import Testing

/// Byte-exact bodies of the partition administration APIs, computed by hand from the message specs: all of
/// AlterPartitionReassignments and ListPartitionReassignments is flexible, ElectLeaders from v2.
@Suite("Golden bytes: reassignment and elections")
struct GoldenBytesReassignmentTests {
    @Test("AlterPartitionReassignments v0 request: compact arrays, a null replica list, tags everywhere")
    func alterPartitionReassignmentsV0() throws {
        let request = AlterPartitionReassignmentsRequest(
            timeoutMs: 1000,
            topics: [
                .init(name: "t", partitions: [.init(partitionIndex: 0, replicas: [2, 1]), .init(partitionIndex: 1)])
            ])
        let expected: [UInt8] = [
            0x00, 0x00, 0x03, 0xe8,  // timeout 1000
            0x02,  // topics: 1 + 1
            0x02, 0x74,  // compact string "t"
            0x03,  // partitions: 2 + 1
            0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00,  // 0 -> [2, 1]
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00,  // 1 -> null (cancel), no tags
            0x00,  // topic tags
            0x00,  // request tags
        ]
        #expect(array(encode(request, version: 0)) == expected)
        var reader = WireReader(encode(request, version: 0))
        #expect(try AlterPartitionReassignmentsRequest(from: &reader, version: 0) == request)
    }

    @Test("ElectLeaders v1 request is classic, v2 is compact")
    func electLeadersClassicAndFlexible() {
        let request = ElectLeadersRequest(
            electionType: ElectLeadersRequest.preferred, topicPartitions: [.init(topic: "t", partitions: [3])],
            timeoutMs: 1)
        #expect(
            array(encode(request, version: 1)) == [
                0x00,  // election type
                0x00, 0x00, 0x00, 0x01,  // one topic
                0x00, 0x01, 0x74,  // "t"
                0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03,  // [3]
                0x00, 0x00, 0x00, 0x01,  // timeout
            ])
        #expect(
            array(encode(request, version: 2)) == [
                0x00, 0x02, 0x02, 0x74, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
            ])
        // v0 has no election type at all.
        #expect(array(encode(request, version: 0)).count == 19)
    }
}
