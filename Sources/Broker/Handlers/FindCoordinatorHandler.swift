import KafkaWire

extension RequestHandlers {
    static let groupKeyType: Int8 = 0

    /// Points a group at the leader of its `__consumer_offsets` partition, creating the topic on first use as Kafka
    /// does (with at most as many replicas as there are live brokers, so a small lab works out of the box).
    func findCoordinator(_ request: FindCoordinatorRequest, _ context: RequestContext) async throws -> FindCoordinatorResponse {
        var response = FindCoordinatorResponse(nodeId: -1, host: "", port: -1)
        guard context.header.apiVersion == 0 || request.keyType == Self.groupKeyType else {
            response.errorCode = .coordinatorNotAvailable
            response.errorMessage = "transaction coordinators are not supported"
            return response
        }
        let latest = broker.watcher.latest
        if latest.topics[GroupsService.offsetsTopic] == nil {
            let live = Array(latest.brokers.keys)
            let replication = min(broker.config.offsetsTopicReplicationFactor, Int16(max(1, live.count)))
            try? await broker.topicAdmin.create(
                name: GroupsService.offsetsTopic, partitions: broker.config.offsetsTopicNumPartitions,
                replicationFactor: replication, assignment: nil, configs: [:], liveBrokers: live)
            broker.watcher.invalidate(.topicList)
            await broker.waitForLeaders([GroupsService.offsetsTopic], timeout: .seconds(5))
        }
        guard
            let endpoint = Self.coordinator(
                forGroup: request.key, applied: broker.applied.snapshot, live: broker.watcher.latest.brokers)
        else {
            response.errorCode = .coordinatorNotAvailable
            return response
        }
        response.nodeId = endpoint.id
        response.host = endpoint.host
        response.port = endpoint.port
        return response
    }

    /// The broker to name coordinator of `group`: the leader of its offsets partition in the applied metadata, so
    /// when that is this broker, the group coordinator has already loaded the partition (it did so while the snapshot
    /// was being applied). Nil while there is no such partition or its leader is not among the live brokers.
    static func coordinator(
        forGroup group: String, applied: ClusterMetadata, live: [Int32: ClusterMetadata.BrokerEndpoint]
    ) -> ClusterMetadata.BrokerEndpoint? {
        guard let topic = applied.topics[GroupsService.offsetsTopic], topic.partitionCount > 0 else { return nil }
        let partition = GroupCoordinator.partition(forGroup: group, partitionCount: topic.partitionCount)
        guard let leader = topic.partitions[partition]?.leader else { return nil }
        return live[leader]
    }
}
