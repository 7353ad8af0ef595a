import Foundation
import KafkaWire
import NIOCore
import SeededRandom

/// Valid requests of every API the broker serves, with randomised contents. Everything targets the fuzz topic,
/// random names, or groups of its own: never the topic whose data the fuzz test checks afterwards.
struct FrameCorpus {
    let topic: String

    func validFrame(correlationId: Int32, using rng: inout SeededGenerator) -> FuzzFrame {
        let clientId: String? = rng.chance(0.8) ? "fuzz-\(Int.random(in: 0..<100, using: &rng))" : nil
        func make<R: KafkaRequest>(_ request: R, expectsResponse: Bool = true, using rng: inout SeededGenerator)
            -> FuzzFrame
        {
            let version = Int16.random(in: R.supportedVersions, using: &rng)
            return .valid(
                request, version: version, correlationId: correlationId, clientId: clientId,
                expectsResponse: expectsResponse)
        }
        let partition = Int32.random(in: -1...3, using: &rng)
        let group = "fz-group-\(Int.random(in: 0..<8, using: &rng))"
        let someTopic = rng.chance(0.7) ? topic : "fz-\(Int.random(in: 0..<1000, using: &rng))"
        switch Int.random(in: 0..<22, using: &rng) {
        case 0, 1:
            let acks: Int16 = [1, -1, 0, 1, 2].randomElement(using: &rng) ?? 1
            var request = ProduceRequest(
                acks: acks, timeoutMs: 1000,
                topicData: [
                    .init(name: someTopic, partitionData: [.init(index: partition, records: batch(using: &rng))])
                ])
            if rng.chance(0.05) { request.transactionalId = "fz-txn" }
            // An acks=0 request that the broker accepts gets no answer; with a bad acks value it still answers.
            return make(request, expectsResponse: acks != 0, using: &rng)
        case 2:
            let request = FetchRequest(
                maxWaitMs: 0, minBytes: 0, maxBytes: Int32.random(in: 0...65536, using: &rng),
                topics: [
                    .init(
                        topic: someTopic,
                        partitions: [
                            .init(
                                partition: partition,
                                fetchOffset: Int64.random(in: -2...50, using: &rng),
                                partitionMaxBytes: Int32.random(in: 0...65536, using: &rng))
                        ])
                ])
            return make(request, using: &rng)
        case 3:
            let request = ListOffsetsRequest(topics: [
                .init(
                    name: someTopic,
                    partitions: [
                        .init(
                            partitionIndex: partition,
                            timestamp: [-1, -2, 0, Int64.max].randomElement(using: &rng) ?? -1)
                    ])
            ])
            return make(request, using: &rng)
        case 4:
            let topics: [MetadataRequest.MetadataRequestTopic]? = rng.chance(0.3) ? nil : [.init(name: someTopic)]
            return make(MetadataRequest(topics: topics, allowAutoTopicCreation: rng.chance(0.1)), using: &rng)
        case 5:
            let request = OffsetCommitRequest(
                groupId: group, generationIdOrMemberEpoch: -1, memberId: "",
                topics: [
                    .init(
                        name: topic,
                        partitions: [
                            .init(
                                partitionIndex: partition,
                                committedOffset: Int64.random(in: -1...100, using: &rng), committedMetadata: "m")
                        ])
                ])
            return make(request, using: &rng)
        case 6:
            return make(
                OffsetFetchRequest(groupId: group, topics: [.init(name: topic, partitionIndexes: [0, 1])]),
                using: &rng)
        case 7:
            return make(FindCoordinatorRequest(key: group, keyType: rng.chance(0.9) ? 0 : 1), using: &rng)
        case 8:
            // A group of its own: a join waits (legitimately) for every known member of its group to rejoin.
            let request = JoinGroupRequest(
                groupId: "fz-join-\(UInt32.random(in: .min ... .max, using: &rng))", sessionTimeoutMs: 6000,
                rebalanceTimeoutMs: 200,
                memberId: rng.chance(0.5) ? "" : "fz-member", protocolType: "consumer",
                protocols: [.init(name: "range", metadata: ByteBuffer(bytes: rng.bytes(8)))])
            return make(request, using: &rng)
        case 9:
            return make(HeartbeatRequest(groupId: group, generationId: 1, memberId: "fz-member"), using: &rng)
        case 10:
            return make(
                LeaveGroupRequest(
                    groupId: group, memberId: "fz-member",
                    members: [.init(memberId: "fz-member")]), using: &rng)
        case 11:
            return make(
                SyncGroupRequest(
                    groupId: group, generationId: 1, memberId: "fz-member",
                    assignments: [.init(memberId: "fz-member", assignment: ByteBuffer(bytes: rng.bytes(6)))]),
                using: &rng)
        case 12:
            return make(DescribeGroupsRequest(groups: [group, "fz-none"]), using: &rng)
        case 13:
            return make(ListGroupsRequest(), using: &rng)
        case 14:
            return make(ApiVersionsRequest(clientSoftwareName: "fuzz", clientSoftwareVersion: "1"), using: &rng)
        case 15:
            let request = CreateTopicsRequest(
                topics: [
                    .init(
                        name: "fz-new-\(Int.random(in: 0..<50, using: &rng))",
                        numPartitions: Int32.random(in: -1...2, using: &rng),
                        replicationFactor: Int16.random(in: -1...2, using: &rng), assignments: [], configs: [])
                ],
                timeoutMs: 2000, validateOnly: rng.chance(0.5))
            return make(request, using: &rng)
        case 16:
            // Names that do not exist: deleting must answer, never touch other topics.
            return make(
                DeleteTopicsRequest(
                    topicNames: ["fz-del-\(Int.random(in: 0..<1000, using: &rng))"],
                    timeoutMs: 1000), using: &rng)
        case 17:
            return make(
                DeleteRecordsRequest(
                    topics: [
                        .init(
                            name: topic,
                            partitions: [
                                .init(partitionIndex: partition, offset: Int64.random(in: -1...3, using: &rng))
                            ])
                    ], timeoutMs: 1000), using: &rng)
        case 18:
            return make(InitProducerIdRequest(), using: &rng)
        case 19:
            return make(
                OffsetForLeaderEpochRequest(
                    replicaId: -1,
                    topics: [
                        .init(
                            topic: topic,
                            partitions: [
                                .init(partition: partition, leaderEpoch: Int32.random(in: -1...3, using: &rng))
                            ])
                    ]), using: &rng)
        case 20:
            if rng.chance(0.5) {
                return make(
                    DescribeConfigsRequest(resources: [
                        .init(
                            resourceType: rng.chance(0.5) ? 2 : 4, resourceName: rng.chance(0.5) ? topic : "0")
                    ]), using: &rng)
            }
            return make(
                CreatePartitionsRequest(
                    topics: [
                        .init(
                            name: someTopic,
                            count: Int32.random(in: 1...3, using: &rng))
                    ], timeoutMs: 1000, validateOnly: true), using: &rng)
        default:
            // Partition administration: on the single-broker fuzz cluster the only valid target, [0], is where every
            // partition already is, so even a valid reassignment or election moves nothing.
            let replicas: [Int32]? =
                rng.chance(0.2)
                ? nil : (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int32.random(in: -1...2, using: &rng) }
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                let request = AlterPartitionReassignmentsRequest(
                    timeoutMs: 1000,
                    topics: [
                        .init(name: someTopic, partitions: [.init(partitionIndex: partition, replicas: replicas)])
                    ])
                return make(request, using: &rng)
            case 1:
                let topics: [ListPartitionReassignmentsRequest.TopicPartitions]? =
                    rng.chance(0.5) ? nil : [.init(name: someTopic, partitionIndexes: [partition])]
                return make(ListPartitionReassignmentsRequest(timeoutMs: 1000, topics: topics), using: &rng)
            default:
                let topics: [ElectLeadersRequest.TopicPartitions]? =
                    rng.chance(0.2) ? nil : [.init(topic: someTopic, partitions: [partition, partition])]
                let request = ElectLeadersRequest(
                    electionType: Int8.random(in: -1...2, using: &rng), topicPartitions: topics, timeoutMs: 1000)
                return make(request, using: &rng)
            }
        }
    }

    /// A valid batch of 1-5 small records.
    func batch(using rng: inout SeededGenerator) -> ByteBuffer {
        var builder = RecordBatchBuilder()
        for index in 0..<Int.random(in: 1...5, using: &rng) {
            builder.append(
                key: rng.chance(0.5) ? ByteBuffer(bytes: rng.bytes(Int.random(in: 0...8, using: &rng))) : nil,
                value: ByteBuffer(bytes: rng.bytes(Int.random(in: 0...64, using: &rng))),
                headers: rng.chance(0.2) ? [RecordHeader(key: "h\(index)", value: nil)] : [],
                timestamp: 1_700_000_000_000 + Int64(index))
        }
        return builder.build() ?? ByteBuffer()
    }

    /// Produce v3-v8 (the versions that carry v2 batches) of a damaged batch to the fuzz topic.
    func corruptBatchFrame(correlationId: Int32, using rng: inout SeededGenerator) -> FuzzFrame {
        var bytes = Array(batch(using: &rng).readableBytesView)
        let damage = BatchCorruptor.Damage.allCases.randomElement(using: &rng) ?? .badCRC
        BatchCorruptor.damage(&bytes, damage, using: &rng)
        let request = ProduceRequest(
            acks: rng.chance(0.5) ? 1 : -1, timeoutMs: 1000,
            topicData: [
                .init(
                    name: topic,
                    partitionData: [
                        .init(
                            index: Int32.random(in: 0...1, using: &rng),
                            records: ByteBuffer(bytes: bytes))
                    ])
            ])
        let version = Int16.random(in: 3...8, using: &rng)
        var frame = FuzzFrame.valid(request, version: version, correlationId: correlationId, clientId: "fuzz")
        frame.label += " [batch: \(damage)]"
        if damage.mustBeRejected {
            let label = frame.label
            frame.checkResponse = { payload in
                let response = try decodeResponseBody(ProduceRequest.self, version: version, from: payload).response
                let codes = response.responses.flatMap(\.partitionResponses).map(\.errorCode)
                guard !codes.isEmpty, !codes.contains(.none) else {
                    throw FuzzFinding(description: "damaged batch accepted (\(label)): \(codes)")
                }
            }
        }
        return frame
    }
}
