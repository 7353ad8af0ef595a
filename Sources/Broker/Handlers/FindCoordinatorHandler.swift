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
        var snapshot = broker.watcher.current
        if snapshot.topics[GroupsService.offsetsTopic] == nil {
            let live = Array(snapshot.brokers.keys)
            let replication = min(broker.config.offsetsTopicReplicationFactor, Int16(max(1, live.count)))
            try? await broker.topicAdmin.create(
                name: GroupsService.offsetsTopic, partitions: broker.config.offsetsTopicNumPartitions,
                replicationFactor: replication, assignment: nil, configs: [:], liveBrokers: live)
            broker.watcher.invalidate(.topicList)
            await broker.waitForLeaders([GroupsService.offsetsTopic], timeout: .seconds(5))
            snapshot = broker.watcher.current
        }
        guard let topic = snapshot.topics[GroupsService.offsetsTopic], topic.partitionCount > 0 else {
            response.errorCode = .coordinatorNotAvailable
            return response
        }
        let partition = GroupCoordinator.partition(forGroup: request.key, partitionCount: topic.partitionCount)
        guard let leader = topic.partitions[partition]?.leader, let endpoint = snapshot.brokers[leader] else {
            response.errorCode = .coordinatorNotAvailable
            return response
        }
        response.nodeId = endpoint.id
        response.host = endpoint.host
        response.port = endpoint.port
        return response
    }
}
