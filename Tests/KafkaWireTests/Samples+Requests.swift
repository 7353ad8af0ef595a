import KafkaWire
import NIOCore

/// Request values with every field the given version carries set to a non-default value, and every
/// field it lacks left at its default, so that decode(encode(x)) == x at that version.
enum RequestSamples {
    static func produce(_ v: Int16) -> ProduceRequest {
        ProduceRequest(
            transactionalId: v >= 3 ? "tx-1" : nil, acks: -1, timeoutMs: 1500,
            topicData: [
                .init(name: "orders", partitionData: [.init(index: 0, records: bytes("batch")), .init(index: 3)])
            ])
    }

    static func fetch(_ v: Int16) -> FetchRequest {
        FetchRequest(
            replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: v >= 3 ? 52_428_800 : 0x7fff_ffff,
            isolationLevel: v >= 4 ? 1 : 0, sessionId: v >= 7 ? 42 : 0, sessionEpoch: v >= 7 ? 3 : -1,
            topics: [
                .init(topic: "orders", partitions: [
                    .init(partition: 1, currentLeaderEpoch: v >= 9 ? 7 : -1, fetchOffset: 100,
                          logStartOffset: v >= 5 ? 10 : -1, partitionMaxBytes: 1_048_576)
                ])
            ],
            forgottenTopicsData: v >= 7 ? [.init(topic: "old", partitions: [0, 2])] : [],
            rackId: v >= 11 ? "rack-a" : "")
    }

    static func listOffsets(_ v: Int16) -> ListOffsetsRequest {
        ListOffsetsRequest(
            replicaId: -1, isolationLevel: v >= 2 ? 1 : 0,
            topics: [
                .init(name: "orders", partitions: [
                    .init(partitionIndex: 2, currentLeaderEpoch: v >= 4 ? 5 : -1, timestamp: -2,
                          maxNumOffsets: v == 0 ? 3 : 1)
                ])
            ])
    }

    static func metadata(_ v: Int16) -> MetadataRequest {
        MetadataRequest(
            topics: [.init(name: "orders"), .init(name: "audit")], allowAutoTopicCreation: v >= 4 ? false : true,
            includeClusterAuthorizedOperations: v >= 8, includeTopicAuthorizedOperations: v >= 8)
    }

    static func offsetCommit(_ v: Int16) -> OffsetCommitRequest {
        OffsetCommitRequest(
            groupId: "g", generationIdOrMemberEpoch: v >= 1 ? 4 : -1, memberId: v >= 1 ? "m-1" : "",
            groupInstanceId: v >= 7 ? "static-1" : nil, retentionTimeMs: (2...4).contains(v) ? 60_000 : -1,
            topics: [
                .init(name: "orders", partitions: [
                    .init(partitionIndex: 0, committedOffset: 77, committedLeaderEpoch: v >= 6 ? 2 : -1,
                          commitTimestamp: v == 1 ? 1_700_000_000_000 : -1, committedMetadata: "meta"),
                    .init(partitionIndex: 1, committedOffset: 5, committedMetadata: nil),
                ])
            ])
    }

    static func offsetFetch(_ v: Int16) -> OffsetFetchRequest {
        OffsetFetchRequest(groupId: "g", topics: [.init(name: "orders", partitionIndexes: [0, 1, 2])])
    }

    static func findCoordinator(_ v: Int16) -> FindCoordinatorRequest {
        FindCoordinatorRequest(key: "g", keyType: v >= 1 ? 1 : 0)
    }

    static func joinGroup(_ v: Int16) -> JoinGroupRequest {
        JoinGroupRequest(
            groupId: "g", sessionTimeoutMs: 10_000, rebalanceTimeoutMs: v >= 1 ? 30_000 : -1, memberId: "",
            groupInstanceId: v >= 5 ? "static-1" : nil, protocolType: "consumer",
            protocols: [.init(name: "range", metadata: bytes("sub")), .init(name: "roundrobin", metadata: bytes(""))])
    }

    static func heartbeat(_ v: Int16) -> HeartbeatRequest {
        HeartbeatRequest(groupId: "g", generationId: 3, memberId: "m-1", groupInstanceId: v >= 3 ? "s" : nil)
    }

    static func leaveGroup(_ v: Int16) -> LeaveGroupRequest {
        v <= 2
            ? LeaveGroupRequest(groupId: "g", memberId: "m-1")
            : LeaveGroupRequest(groupId: "g", members: [.init(memberId: "m-1", groupInstanceId: "s"), .init()])
    }

    static func syncGroup(_ v: Int16) -> SyncGroupRequest {
        SyncGroupRequest(
            groupId: "g", generationId: 3, memberId: "m-1", groupInstanceId: v >= 3 ? "s" : nil,
            assignments: [.init(memberId: "m-1", assignment: bytes("assign"))])
    }

    static func describeGroups(_ v: Int16) -> DescribeGroupsRequest {
        DescribeGroupsRequest(groups: ["g", "h"], includeAuthorizedOperations: v >= 3)
    }

    static func apiVersions(_ v: Int16) -> ApiVersionsRequest {
        v >= 3 ? ApiVersionsRequest(clientSoftwareName: "kcat", clientSoftwareVersion: "1.7.1") : ApiVersionsRequest()
    }

    static func createTopics(_ v: Int16) -> CreateTopicsRequest {
        CreateTopicsRequest(
            topics: [
                .init(name: "orders", numPartitions: 3, replicationFactor: 2,
                      configs: [.init(name: "retention.ms", value: "1000"), .init(name: "x", value: nil)]),
                .init(name: "manual", assignments: [.init(partitionIndex: 0, brokerIds: [1, 2])]),
            ],
            timeoutMs: 5000, validateOnly: v >= 1)
    }

    static func deleteTopics(_ v: Int16) -> DeleteTopicsRequest {
        DeleteTopicsRequest(topicNames: ["orders", "audit"], timeoutMs: 5000)
    }

    static func deleteRecords(_ v: Int16) -> DeleteRecordsRequest {
        DeleteRecordsRequest(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, offset: 9)])])
    }

    static func initProducerId(_ v: Int16) -> InitProducerIdRequest {
        InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: 10_000)
    }

    static func describeConfigs(_ v: Int16) -> DescribeConfigsRequest {
        DescribeConfigsRequest(
            resources: [
                .init(resourceType: 2, resourceName: "orders", configurationKeys: ["retention.ms"]),
                .init(resourceType: 4, resourceName: "1", configurationKeys: nil),
            ],
            includeSynonyms: v >= 1, includeDocumentation: v >= 3)
    }

    static func createPartitions(_ v: Int16) -> CreatePartitionsRequest {
        CreatePartitionsRequest(
            topics: [
                .init(name: "orders", count: 6, assignments: [.init(brokerIds: [1, 2]), .init(brokerIds: [2, 3])]),
                .init(name: "audit", count: 2, assignments: nil),
            ],
            timeoutMs: 5000, validateOnly: true)
    }

    static func offsetForLeaderEpoch(_ v: Int16) -> OffsetForLeaderEpochRequest {
        OffsetForLeaderEpochRequest(
            replicaId: v >= 3 ? 2 : -2,
            topics: [
                .init(topic: "orders", partitions: [
                    .init(partition: 0, currentLeaderEpoch: v >= 2 ? 5 : -1, leaderEpoch: 4)
                ])
            ])
    }
}
