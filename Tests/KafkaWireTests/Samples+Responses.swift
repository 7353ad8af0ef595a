import KafkaWire
import NIOCore

/// Response values shaped like `RequestSamples`: fields the version lacks stay at their defaults.
enum ResponseSamples {
    static func produce(_ v: Int16) -> ProduceResponse {
        ProduceResponse(
            responses: [
                .init(name: "orders", partitionResponses: [
                    .init(index: 0, errorCode: .none, baseOffset: 1000,
                          logAppendTimeMs: v >= 2 ? 1_700_000_000_000 : -1, logStartOffset: v >= 5 ? 10 : -1,
                          recordErrors: v >= 8 ? [.init(batchIndex: 1, batchIndexErrorMessage: "bad")] : [],
                          errorMessage: v >= 8 ? "partial" : nil),
                    .init(index: 1, errorCode: .notLeaderOrFollower, baseOffset: -1),
                ])
            ],
            throttleTimeMs: v >= 1 ? 5 : 0)
    }

    static func fetch(_ v: Int16) -> FetchResponse {
        FetchResponse(
            throttleTimeMs: v >= 1 ? 1 : 0, errorCode: v >= 7 ? .fetchSessionIdNotFound : .none,
            sessionId: v >= 7 ? 42 : 0,
            responses: [
                .init(topic: "orders", partitions: [
                    .init(partitionIndex: 0, errorCode: .none, highWatermark: 120,
                          lastStableOffset: v >= 4 ? 120 : -1, logStartOffset: v >= 5 ? 3 : -1,
                          abortedTransactions: v >= 4 ? [.init(producerId: 9, firstOffset: 50)] : nil,
                          preferredReadReplica: v >= 11 ? 2 : -1, records: bytes("records")),
                    .init(partitionIndex: 1, errorCode: .offsetOutOfRange, highWatermark: 0, records: nil),
                ])
            ])
    }

    static func listOffsets(_ v: Int16) -> ListOffsetsResponse {
        ListOffsetsResponse(
            throttleTimeMs: v >= 2 ? 7 : 0,
            topics: [
                .init(name: "orders", partitions: [
                    .init(partitionIndex: 2, errorCode: .none, oldStyleOffsets: v == 0 ? [100, 0] : [],
                          timestamp: v >= 1 ? 1_700_000_000_000 : -1, offset: v >= 1 ? 100 : -1,
                          leaderEpoch: v >= 4 ? 6 : -1)
                ])
            ])
    }

    static func metadata(_ v: Int16) -> MetadataResponse {
        MetadataResponse(
            throttleTimeMs: v >= 3 ? 2 : 0,
            brokers: [
                .init(nodeId: 1, host: "127.0.0.1", port: 9092, rack: v >= 1 ? "r1" : nil),
                .init(nodeId: 2, host: "127.0.0.1", port: 9093),
            ],
            clusterId: v >= 2 ? "lab-cluster" : nil, controllerId: v >= 1 ? 1 : -1,
            topics: [
                .init(errorCode: .none, name: "orders", isInternal: false,
                      partitions: [
                        .init(errorCode: .none, partitionIndex: 0, leaderId: 1, leaderEpoch: v >= 7 ? 4 : -1,
                              replicaNodes: [1, 2], isrNodes: [1], offlineReplicas: v >= 5 ? [2] : [])
                      ],
                      topicAuthorizedOperations: v >= 8 ? 0x0f : Int32.min),
                .init(errorCode: .unknownTopicOrPartition, name: "missing", isInternal: v >= 1),
            ],
            clusterAuthorizedOperations: v >= 8 ? 0 : Int32.min)
    }

    static func offsetCommit(_ v: Int16) -> OffsetCommitResponse {
        OffsetCommitResponse(
            throttleTimeMs: v >= 3 ? 1 : 0,
            topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, errorCode: .illegalGeneration)])])
    }

    static func offsetFetch(_ v: Int16) -> OffsetFetchResponse {
        OffsetFetchResponse(
            throttleTimeMs: v >= 3 ? 1 : 0,
            topics: [
                .init(name: "orders", partitions: [
                    .init(partitionIndex: 0, committedOffset: 77, committedLeaderEpoch: v >= 5 ? 2 : -1,
                          metadata: "meta", errorCode: .none),
                    .init(partitionIndex: 1, committedOffset: -1, metadata: nil, errorCode: .none),
                ])
            ],
            errorCode: v >= 2 ? .coordinatorLoadInProgress : .none)
    }

    static func findCoordinator(_ v: Int16) -> FindCoordinatorResponse {
        FindCoordinatorResponse(
            throttleTimeMs: v >= 1 ? 3 : 0, errorCode: .none, errorMessage: v >= 1 ? "ok" : nil, nodeId: 2,
            host: "127.0.0.1", port: 9093)
    }

    static func joinGroup(_ v: Int16) -> JoinGroupResponse {
        JoinGroupResponse(
            throttleTimeMs: v >= 2 ? 1 : 0, errorCode: .none, generationId: 5, protocolName: "range", leader: "m-1",
            memberId: "m-1",
            members: [
                .init(memberId: "m-1", groupInstanceId: v >= 5 ? "s" : nil, metadata: bytes("sub")),
                .init(memberId: "m-2", metadata: bytes("")),
            ])
    }

    static func heartbeat(_ v: Int16) -> HeartbeatResponse {
        HeartbeatResponse(throttleTimeMs: v >= 1 ? 1 : 0, errorCode: .rebalanceInProgress)
    }

    static func leaveGroup(_ v: Int16) -> LeaveGroupResponse {
        LeaveGroupResponse(
            throttleTimeMs: v >= 1 ? 1 : 0, errorCode: .none,
            members: v >= 3 ? [.init(memberId: "m-1", groupInstanceId: "s", errorCode: .unknownMemberId)] : [])
    }

    static func syncGroup(_ v: Int16) -> SyncGroupResponse {
        SyncGroupResponse(throttleTimeMs: v >= 1 ? 1 : 0, errorCode: .none, assignment: bytes("assign"))
    }

    static func describeGroups(_ v: Int16) -> DescribeGroupsResponse {
        DescribeGroupsResponse(
            throttleTimeMs: v >= 1 ? 1 : 0,
            groups: [
                .init(errorCode: .none, groupId: "g", groupState: "Stable", protocolType: "consumer",
                      protocolData: "range",
                      members: [
                        .init(memberId: "m-1", groupInstanceId: v >= 4 ? "s" : nil, clientId: "c",
                              clientHost: "/127.0.0.1", memberMetadata: bytes("md"), memberAssignment: bytes("as"))
                      ],
                      authorizedOperations: v >= 3 ? 8 : Int32.min)
            ])
    }

    static func listGroups(_ v: Int16) -> ListGroupsResponse {
        ListGroupsResponse(
            throttleTimeMs: v >= 1 ? 1 : 0, errorCode: .none,
            groups: [.init(groupId: "g", protocolType: "consumer"), .init(groupId: "h", protocolType: "")])
    }

    static func apiVersions(_ v: Int16) -> ApiVersionsResponse {
        ApiVersionsResponse(
            errorCode: .none,
            apiKeys: [.init(apiKey: 0, minVersion: 0, maxVersion: 8), .init(apiKey: 18, minVersion: 0, maxVersion: 3)],
            throttleTimeMs: v >= 1 ? 4 : 0)
    }

    static func createTopics(_ v: Int16) -> CreateTopicsResponse {
        CreateTopicsResponse(
            throttleTimeMs: v >= 2 ? 1 : 0,
            topics: [
                .init(name: "orders", errorCode: .none, errorMessage: nil),
                .init(name: "dup", errorCode: .topicAlreadyExists, errorMessage: v >= 1 ? "exists" : nil),
            ])
    }

    static func deleteTopics(_ v: Int16) -> DeleteTopicsResponse {
        DeleteTopicsResponse(
            throttleTimeMs: v >= 1 ? 1 : 0,
            responses: [.init(name: "orders", errorCode: .none), .init(name: "x", errorCode: .unknownTopicOrPartition)])
    }

    static func deleteRecords(_ v: Int16) -> DeleteRecordsResponse {
        DeleteRecordsResponse(
            throttleTimeMs: 1,
            topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, lowWatermark: 9, errorCode: .none)])])
    }

    static func initProducerId(_ v: Int16) -> InitProducerIdResponse {
        InitProducerIdResponse(throttleTimeMs: 0, errorCode: .none, producerId: 4000, producerEpoch: 1)
    }

    static func describeConfigs(_ v: Int16) -> DescribeConfigsResponse {
        DescribeConfigsResponse(
            throttleTimeMs: 1,
            results: [
                .init(errorCode: .none, errorMessage: nil, resourceType: 2, resourceName: "orders",
                      configs: [
                        .init(name: "retention.ms", value: "1000", readOnly: false, isDefault: v == 0,
                              configSource: v >= 1 ? 1 : -1, isSensitive: false,
                              synonyms: v >= 1 ? [.init(name: "log.retention.ms", value: "1000", source: 5)] : [],
                              configType: v >= 3 ? 5 : 0, documentation: v >= 3 ? "How long" : nil)
                      ])
            ])
    }

    static func createPartitions(_ v: Int16) -> CreatePartitionsResponse {
        CreatePartitionsResponse(
            throttleTimeMs: 1,
            results: [
                .init(name: "orders", errorCode: .none),
                .init(name: "x", errorCode: .invalidPartitions, errorMessage: "no"),
            ])
    }

    static func offsetForLeaderEpoch(_ v: Int16) -> OffsetForLeaderEpochResponse {
        OffsetForLeaderEpochResponse(
            throttleTimeMs: v >= 2 ? 1 : 0,
            topics: [
                .init(topic: "orders", partitions: [
                    .init(errorCode: .none, partition: 0, leaderEpoch: v >= 1 ? 4 : -1, endOffset: 120)
                ])
            ])
    }
}
