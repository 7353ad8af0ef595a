import KafkaWire

extension RequestHandlers {
    /// AlterPartitionReassignments v0: each valid target is added to `/admin/reassign_partitions` for the controller;
    /// the answer comes once the request is recorded (the move itself is followed with ListPartitionReassignments).
    /// Cancelling (a null replica list) is not served: the move can be undone by reassigning to the old replicas.
    func alterPartitionReassignments(_ request: AlterPartitionReassignmentsRequest, _ context: RequestContext)
        async throws -> AlterPartitionReassignmentsResponse
    {
        typealias Result = AlterPartitionReassignmentsResponse.PartitionResult
        let metadata = broker.watcher.latest
        var accepted: [ClusterMetadata.PartitionKey: [Int32]] = [:]
        var seen: Set<ClusterMetadata.PartitionKey> = []
        var topics: [(name: String, results: [Result])] = []
        for topic in request.topics {
            var results: [Result] = []
            for wanted in topic.partitions {
                let key = ClusterMetadata.PartitionKey(topic: topic.name, partition: wanted.partitionIndex)
                var result = Result(partitionIndex: wanted.partitionIndex)
                if !seen.insert(key).inserted {
                    result.errorCode = .invalidRequest
                    result.errorMessage = "the partition is listed more than once"
                } else if let replicas = wanted.replicas {
                    if let rejection = PartitionAdminChecks.reassignment(
                        topic: topic.name, partition: wanted.partitionIndex, replicas: replicas, metadata: metadata)
                    {
                        result.errorCode = rejection.code
                        result.errorMessage = rejection.message
                    } else {
                        accepted[key] = replicas
                    }
                } else if metadata.reassignments[key] == nil {
                    result.errorCode = .noReassignmentInProgress
                    result.errorMessage = "no reassignment of \(topic.name)-\(wanted.partitionIndex) is in progress"
                } else {
                    result.errorCode = .invalidRequest
                    result.errorMessage = "cancelling is not supported; reassign to the original replicas instead"
                }
                results.append(result)
            }
            topics.append((topic.name, results))
        }
        if !accepted.isEmpty {
            do {
                try await broker.topicAdmin.requestReassignments(accepted)
                broker.watcher.invalidate(.reassignments)
            } catch {
                for index in topics.indices {
                    for (position, result) in topics[index].results.enumerated()
                    where accepted[.init(topic: topics[index].name, partition: result.partitionIndex)] != nil {
                        topics[index].results[position].errorCode = .unknownServerError
                        topics[index].results[position].errorMessage = "ZooKeeper write failed: \(error)"
                    }
                }
            }
        }
        return AlterPartitionReassignmentsResponse(
            responses: topics.map { .init(name: $0.name, partitions: $0.results) })
    }
}
