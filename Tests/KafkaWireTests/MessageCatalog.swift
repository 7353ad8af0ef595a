import KafkaWire
import NIOCore
import Testing

/// One message type (request or response body) with its versions, a sample maker and a type-erased decoder,
/// so round-trip, truncation and fuzz tests can run over every message alike.
struct MessageCase: Sendable, CustomStringConvertible {
    let description: String
    let versions: ClosedRange<Int16>
    let sampleBytes: @Sendable (Int16) -> ByteBuffer
    let roundTrip: @Sendable (Int16) throws -> Void
    let decode: @Sendable (ByteBuffer, Int16) throws -> Void

    static func of<M: KafkaMessage & Equatable>(
        _ type: M.Type,
        _ versions: ClosedRange<Int16>,
        _ sample: @escaping @Sendable (Int16) -> M
    ) -> MessageCase {
        MessageCase(
            description: "\(M.self)",
            versions: versions,
            sampleBytes: { version in encode(sample(version), version: version) },
            roundTrip: { version in try expectRoundTrip(sample(version), version: version) },
            decode: { buffer, version in
                var reader = WireReader(buffer)
                _ = try M(from: &reader, version: version)
                try reader.expectEnd()
            })
    }

    static func pair<R: KafkaRequest & Equatable>(
        _ type: R.Type,
        _ request: @escaping @Sendable (Int16) -> R,
        _ response: @escaping @Sendable (Int16) -> R.Response
    ) -> [MessageCase] where R.Response: Equatable {
        [of(R.self, R.supportedVersions, request), of(R.Response.self, R.supportedVersions, response)]
    }
}

enum MessageCatalog {
    static let all: [MessageCase] =
        MessageCase.pair(ProduceRequest.self, RequestSamples.produce, ResponseSamples.produce)
        + MessageCase.pair(FetchRequest.self, RequestSamples.fetch, ResponseSamples.fetch)
        + MessageCase.pair(ListOffsetsRequest.self, RequestSamples.listOffsets, ResponseSamples.listOffsets)
        + MessageCase.pair(MetadataRequest.self, RequestSamples.metadata, ResponseSamples.metadata)
        + MessageCase.pair(OffsetCommitRequest.self, RequestSamples.offsetCommit, ResponseSamples.offsetCommit)
        + MessageCase.pair(OffsetFetchRequest.self, RequestSamples.offsetFetch, ResponseSamples.offsetFetch)
        + MessageCase.pair(FindCoordinatorRequest.self, RequestSamples.findCoordinator, ResponseSamples.findCoordinator)
        + MessageCase.pair(JoinGroupRequest.self, RequestSamples.joinGroup, ResponseSamples.joinGroup)
        + MessageCase.pair(HeartbeatRequest.self, RequestSamples.heartbeat, ResponseSamples.heartbeat)
        + MessageCase.pair(LeaveGroupRequest.self, RequestSamples.leaveGroup, ResponseSamples.leaveGroup)
        + MessageCase.pair(SyncGroupRequest.self, RequestSamples.syncGroup, ResponseSamples.syncGroup)
        + MessageCase.pair(DescribeGroupsRequest.self, RequestSamples.describeGroups, ResponseSamples.describeGroups)
        + MessageCase.pair(ListGroupsRequest.self, { _ in ListGroupsRequest() }, ResponseSamples.listGroups)
        + MessageCase.pair(ApiVersionsRequest.self, RequestSamples.apiVersions, ResponseSamples.apiVersions)
        + MessageCase.pair(CreateTopicsRequest.self, RequestSamples.createTopics, ResponseSamples.createTopics)
        + MessageCase.pair(DeleteTopicsRequest.self, RequestSamples.deleteTopics, ResponseSamples.deleteTopics)
        + MessageCase.pair(DeleteRecordsRequest.self, RequestSamples.deleteRecords, ResponseSamples.deleteRecords)
        + MessageCase.pair(InitProducerIdRequest.self, RequestSamples.initProducerId, ResponseSamples.initProducerId)
        + MessageCase.pair(
            DescribeConfigsRequest.self, RequestSamples.describeConfigs, ResponseSamples.describeConfigs)
        + MessageCase.pair(
            CreatePartitionsRequest.self, RequestSamples.createPartitions, ResponseSamples.createPartitions)
        + MessageCase.pair(
            OffsetForLeaderEpochRequest.self, RequestSamples.offsetForLeaderEpoch,
            ResponseSamples.offsetForLeaderEpoch)
        + MessageCase.pair(
            AlterPartitionReassignmentsRequest.self, RequestSamples.alterPartitionReassignments,
            ResponseSamples.alterPartitionReassignments)
        + MessageCase.pair(
            ListPartitionReassignmentsRequest.self, RequestSamples.listPartitionReassignments,
            ResponseSamples.listPartitionReassignments)
        + MessageCase.pair(ElectLeadersRequest.self, RequestSamples.electLeaders, ResponseSamples.electLeaders)
}
