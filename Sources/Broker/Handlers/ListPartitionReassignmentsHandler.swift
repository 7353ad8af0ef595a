import KafkaWire

extension RequestHandlers {
    /// ListPartitionReassignments v0: the moves in `/admin/reassign_partitions`, with the current assignment and
    /// which replicas are being added and removed. Partitions asked for that are not moving are left out.
    func listPartitionReassignments(_ request: ListPartitionReassignmentsRequest, _ context: RequestContext)
        -> ListPartitionReassignmentsResponse
    {
        let metadata = broker.watcher.latest
        let wanted: Set<ClusterMetadata.PartitionKey>? = request.topics.map { topics in
            Set(topics.flatMap { topic in topic.partitionIndexes.map { .init(topic: topic.name, partition: $0) } })
        }
        var byTopic: [String: [ListPartitionReassignmentsResponse.OngoingPartition]] = [:]
        for (key, target) in metadata.reassignments.sorted(by: { $0.key < $1.key }) {
            guard wanted?.contains(key) ?? true, let current = metadata.partition(key.topic, key.partition)?.replicas
            else { continue }
            byTopic[key.topic, default: []].append(
                .init(
                    partitionIndex: key.partition, replicas: current,
                    addingReplicas: target.filter { !current.contains($0) },
                    removingReplicas: current.filter { !target.contains($0) }))
        }
        return ListPartitionReassignmentsResponse(
            topics: byTopic.sorted { $0.key < $1.key }.map { .init(name: $0.key, partitions: $0.value) })
    }
}
