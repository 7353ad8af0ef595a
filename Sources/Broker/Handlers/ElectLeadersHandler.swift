import KafkaWire

extension RequestHandlers {
    /// ElectLeaders v0-2, preferred elections: partitions whose preferred replica is alive, in sync and not yet
    /// leading are written to `/admin/preferred_replica_election`; the answer waits (up to the request's timeout,
    /// at most 30 s) until this broker's applied metadata shows them led by it. Unclean elections (type 1) are not
    /// served.
    func electLeaders(_ request: ElectLeadersRequest, _ context: RequestContext) async throws -> ElectLeadersResponse {
        typealias Result = ElectLeadersResponse.PartitionResult
        let metadata = broker.watcher.latest
        // A null list means every partition; repeats are answered once.
        var asked: [ClusterMetadata.PartitionKey] = []
        if let topics = request.topicPartitions {
            var seen: Set<ClusterMetadata.PartitionKey> = []
            for topic in topics {
                for partition in topic.partitions
                where seen.insert(.init(topic: topic.topic, partition: partition)).inserted {
                    asked.append(.init(topic: topic.topic, partition: partition))
                }
            }
        } else {
            for topic in metadata.topics.values where !topic.markedForDeletion {
                asked += topic.partitions.keys.map { .init(topic: topic.name, partition: $0) }
            }
            asked.sort()
        }
        var outcome: [ClusterMetadata.PartitionKey: (ErrorCode, String?)] = [:]
        var toElect: [ClusterMetadata.PartitionKey] = []
        for key in asked {
            if request.electionType != ElectLeadersRequest.preferred {
                outcome[key] = (.invalidRequest, "only preferred leader elections (type 0) are served")
            } else if let rejection = PartitionAdminChecks.preferredElection(
                topic: key.topic, partition: key.partition, metadata: metadata)
            {
                outcome[key] = (rejection.code, rejection.message)
            } else {
                toElect.append(key)
            }
        }
        if !toElect.isEmpty {
            let timeout = Duration.milliseconds(Int(max(0, min(request.timeoutMs, 30_000))))
            for (key, result) in await elect(toElect, timeout: timeout) { outcome[key] = result }
        }
        var byTopic: [String: [Result]] = [:]
        var order: [String] = []
        for key in asked {
            if byTopic[key.topic] == nil { order.append(key.topic) }
            let (code, message) = outcome[key] ?? (.unknownServerError, nil)
            byTopic[key.topic, default: []].append(
                Result(partitionId: key.partition, errorCode: code, errorMessage: message))
        }
        return ElectLeadersResponse(
            replicaElectionResults: order.map { .init(topic: $0, partitionResult: byTopic[$0] ?? []) })
    }

    private func elect(_ keys: [ClusterMetadata.PartitionKey], timeout: Duration) async
        -> [ClusterMetadata.PartitionKey: (ErrorCode, String?)]
    {
        let deadline = ContinuousClock.now + timeout
        let failed = { (code: ErrorCode, message: String) in
            Dictionary(uniqueKeysWithValues: keys.map { ($0, (code, Optional(message))) })
        }
        do {
            guard try await broker.topicAdmin.requestPreferredElection(keys, deadline: deadline) else {
                return failed(.requestTimedOut, "another preferred leader election is still in progress")
            }
        } catch {
            return failed(.unknownServerError, "ZooKeeper write failed: \(error)")
        }
        broker.watcher.invalidate(.preferredElection)
        let led = { (metadata: ClusterMetadata, key: ClusterMetadata.PartitionKey) -> Bool in
            guard let info = metadata.partition(key.topic, key.partition) else { return false }
            return info.leader >= 0 && info.leader == info.replicas.first
        }
        // Waited for in the applied metadata: once answered, Metadata here names the new leaders.
        while ContinuousClock.now < deadline {
            let metadata = broker.applied.snapshot
            if keys.allSatisfy({ led(metadata, $0) }) { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let metadata = broker.applied.snapshot
        return Dictionary(
            uniqueKeysWithValues: keys.map { key in
                led(metadata, key)
                    ? (key, (ErrorCode.none, nil))
                    : (key, (.requestTimedOut, "not led by its preferred replica in time"))
            })
    }
}
