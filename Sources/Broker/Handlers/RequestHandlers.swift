import KafkaWire

/// The broker's handler table: one entry per API key, each in its own file. ApiVersions is answered from this same
/// table, so what is advertised is exactly what is served.
struct RequestHandlers: Sendable {
    let broker: Broker

    var all: [RegisteredHandler] {
        [
            .pipelined(ProduceRequest.self) { try await produce($0, $1) },
            .typed(FetchRequest.self) { try await fetch($0, $1) },
            .typed(ListOffsetsRequest.self) { try await listOffsets($0, $1) },
            .typed(MetadataRequest.self) { try await metadata($0, $1) },
            .typed(OffsetCommitRequest.self) { try await offsetCommit($0, $1) },
            .typed(OffsetFetchRequest.self) { try await offsetFetch($0, $1) },
            .typed(FindCoordinatorRequest.self) { try await findCoordinator($0, $1) },
            .typed(JoinGroupRequest.self) { try await joinGroup($0, $1) },
            .typed(HeartbeatRequest.self) { try await heartbeat($0, $1) },
            .typed(LeaveGroupRequest.self) { try await leaveGroup($0, $1) },
            .typed(SyncGroupRequest.self) { try await syncGroup($0, $1) },
            .typed(DescribeGroupsRequest.self) { try await describeGroups($0, $1) },
            .typed(ListGroupsRequest.self) { try await listGroups($0, $1) },
            .typed(ApiVersionsRequest.self) { apiVersions($0, $1) },
            .typed(CreateTopicsRequest.self) { try await createTopics($0, $1) },
            .typed(DeleteTopicsRequest.self) { try await deleteTopics($0, $1) },
            .typed(DeleteRecordsRequest.self) { deleteRecords($0, $1) },
            .typed(InitProducerIdRequest.self) { try await initProducerId($0, $1) },
            .typed(OffsetForLeaderEpochRequest.self) { offsetForLeaderEpoch($0, $1) },
            .typed(DescribeConfigsRequest.self) { describeConfigs($0, $1) },
            .typed(CreatePartitionsRequest.self) { try await createPartitions($0, $1) },
            .typed(ElectLeadersRequest.self) { try await electLeaders($0, $1) },
            .typed(AlterPartitionReassignmentsRequest.self) { try await alterPartitionReassignments($0, $1) },
            .typed(ListPartitionReassignmentsRequest.self) { listPartitionReassignments($0, $1) },
        ]
    }

    /// The advertised table, derived from `all` without running anything.
    static func advertised(_ handlers: [RegisteredHandler]) -> [ApiVersionsResponse.ApiVersion] {
        handlers.sorted { $0.apiKey.rawValue < $1.apiKey.rawValue }.map {
            ApiVersionsResponse.ApiVersion(apiKey: $0.apiKey.rawValue, minVersion: $0.versions.lowerBound, maxVersion: $0.versions.upperBound)
        }
    }
}
